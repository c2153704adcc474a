using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// What the planner reads, in one statement (issue 18): whether the subject exists, every step's row count, the anchor
/// range of every held step, and for every step that deletes, whether rows this plan leaves refer to its rows. Read from
/// the subject's own row, as scalar subqueries:
/// <c>SELECT (SELECT COUNT(*) ...), (SELECT MIN(anchor) ...), (SELECT MAX(anchor) ...), EXISTS (...) ... FROM subject WHERE key = @id</c>.
/// No row back means no subject. Each value is what the planner's separate query would have read.
/// </summary>
internal sealed class PlanningReads
{
    private readonly Dictionary<StepDraft, long> _counts = [];
    private readonly Dictionary<(StepDraft, RetentionRule), (DateTime? Min, DateTime? Max)> _ranges = [];
    private readonly Dictionary<(StepDraft, IForeignKey), bool> _referenced = [];

    private PlanningReads(bool exists) => Exists = exists;

    /// <summary>Whether the subject's row exists.</summary>
    public bool Exists { get; }

    public long Count(StepDraft draft) => _counts[draft];

    public (DateTime? Min, DateTime? Max) Range(StepDraft draft, RetentionRule rule) => _ranges[(draft, rule)];

    /// <summary>Whether surviving rows refer to the draft's rows through the foreign key, as read before any step was kept; null when not read.</summary>
    public bool? Referenced(StepDraft draft, IForeignKey foreignKey) => _referenced.TryGetValue((draft, foreignKey), out var value) ? value : null;

    /// <summary>The foreign keys whose rows may refer to a deleting step's rows: the principal's and its derived types', ownerships aside.</summary>
    public static IForeignKey[] ReferencingForeignKeys(IEntityType principal)
        => principal.GetReferencingForeignKeys()
            .Concat(principal.GetDerivedTypes().SelectMany(t => t.GetDeclaredReferencingForeignKeys()))
            .Where(fk => !fk.IsOwnership && !SubjectGraph.IsTableLink(fk))
            .Distinct()
            .ToArray();

    /// <param name="context">The context of the subject.</param>
    /// <param name="root">The subject's root.</param>
    /// <param name="id">The subject's key, converted.</param>
    /// <param name="drafts">The steps, before any is kept for what refers to it.</param>
    /// <param name="referenced">For a step that deletes and a foreign key: <c>p =&gt; survivors.Any(d =&gt; d.FK == p.Key)</c>.</param>
    /// <param name="inputs">The values of this call (the subject's key, the plan's time), for a statement from <see cref="StatementCache"/>.</param>
    /// <param name="key">What the statement's tree depends on besides <paramref name="inputs"/> (the drafts, their actions, the filter settings, which rules have expired); null: not cached.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<PlanningReads> ReadAsync(
        DbContext context,
        SubjectRoot root,
        object id,
        IReadOnlyList<StepDraft> drafts,
        Func<StepDraft, IForeignKey, LambdaExpression> referenced,
        CallInputs inputs,
        (string Shape, string Statement)? key,
        CancellationToken cancellationToken)
    {
        var (row, layout) = await StatementCache.RunAsync(context, key, inputs, () => Build(context, root, id, drafts, referenced), cancellationToken).ConfigureAwait(false);
        var result = new PlanningReads(row is not null);
        if (row is not null)
        {
            foreach (var read in (Reader[])layout!)
            {
                var draft = drafts[read.Draft];
                switch (read.Kind)
                {
                    case ReadKind.Count:
                        result._counts[draft] = Convert.ToInt64(row[read.At], System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case ReadKind.Range:
                        result._ranges[(draft, draft.Holds[read.Hold].Rule)] = (AsDateTime(row[read.At]), AsDateTime(row[read.At + 1]));
                        break;
                    default:
                        result._referenced[(draft, read.ForeignKey!)] = (bool)row[read.At]!;
                        break;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The one statement, and where each value is in its row: by the draft's index (and its hold's, its foreign key), so
    /// that a statement cached for the model reads the drafts of a later call.
    /// </summary>
    private static StatementCache.Built<object?[]?> Build(DbContext context, SubjectRoot root, object id, IReadOnlyList<StepDraft> drafts, Func<StepDraft, IForeignKey, LambdaExpression> referenced)
    {
        var rootQuery = root.Entities.First(e => e.EntityType == root.EntityType).Query(context, id); // as SubjectRoot.ExistsAsync
        var values = new List<Expression>();
        var readers = new List<Reader>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var query = draft.Query(context, id);
            readers.Add(new Reader(ReadKind.Count, i, values.Count));
            values.Add(Box(Expression.Call(ClosedMethods.Count(query.ElementType), query.Expression)));

            if (draft.Selection == ErasureRowSelection.LegalHoldInForce)
            {
                for (var hold = 0; hold < draft.Holds.Count; hold++)
                {
                    if (draft.Holds[hold].Anchor is not { } anchor)
                    {
                        continue;
                    }

                    var selected = Expression.Call(ClosedMethods.Select(query.ElementType, anchor.ReturnType), query.Expression, Expression.Quote(anchor));
                    readers.Add(new Reader(ReadKind.Range, i, values.Count, hold));
                    values.Add(Box(Expression.Call(ClosedMethods.Min(anchor.ReturnType), selected)));
                    values.Add(Box(Expression.Call(ClosedMethods.Max(anchor.ReturnType), selected)));
                }
            }

            if (draft.Action == ErasureRowAction.Delete)
            {
                foreach (var foreignKey in ReferencingForeignKeys(draft.Entity.EntityType))
                {
                    if (ErasureDrafts.NeverReferencedBySurvivors(drafts, draft, foreignKey))
                    {
                        continue; // false by the model: not read
                    }

                    var kept = EntityStatements.Where(query, referenced(draft, foreignKey));
                    readers.Add(new Reader(ReadKind.Referenced, i, values.Count, ForeignKey: foreignKey));
                    values.Add(Box(Expression.Call(ClosedMethods.Any(kept.ElementType), kept.Expression)));
                }
            }
        }

        var subject = Expression.Parameter(root.EntityType.ClrType, "s");
        var projection = Expression.Lambda(Expression.NewArrayInit(typeof(object), values), subject);
        var projected = rootQuery.Provider.CreateQuery<object?[]>(
            Expression.Call(ClosedMethods.Select(root.EntityType.ClrType, typeof(object?[])), rootQuery.Expression, Expression.Quote(projection)));
        var terminal = Expression.Call(ClosedMethods.Of(QueryableMethods.FirstOrDefaultWithoutPredicate, typeof(object?[])), projected.Expression);
        return new(terminal, cancellationToken => FirstOrDefaultCore(projected, cancellationToken), readers.ToArray());
    }

    private enum ReadKind
    {
        Count,
        Range,
        Referenced,
    }

    /// <summary>One value of the row: a draft's count, a hold's anchor range (two values), or whether surviving rows refer to a draft's rows.</summary>
    private sealed record Reader(ReadKind Kind, int Draft, int At, int Hold = -1, IForeignKey? ForeignKey = null);

    private static Task<object?[]?> FirstOrDefaultCore(IQueryable<object?[]> query, CancellationToken cancellationToken)
        => query.FirstOrDefaultAsync(cancellationToken)!;

    private static UnaryExpression Box(Expression value) => Expression.Convert(value, typeof(object));

    /// <summary>A <c>DateOnly</c> anchor counts from its midnight (UTC), as <see cref="EntityStatements.RangeAsync"/> reads it.</summary>
    private static DateTime? AsDateTime(object? value) => value switch
    {
        null => null,
        DateOnly date => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        DateTime time => time,
        _ => throw new InvalidOperationException($"An anchor read as {value.GetType().Name}, where a DateTime or DateOnly was expected."),
    };
}
