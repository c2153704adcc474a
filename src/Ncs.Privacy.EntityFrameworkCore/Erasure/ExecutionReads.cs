using System.Linq.Expressions;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// What the executor reads before it writes, in one statement (issue 18): whether this plan was applied before, and how
/// many rows each step that the plan counted at zero selects now. Read from the subject's own row, as scalar subqueries:
/// <c>SELECT EXISTS (SELECT 1 FROM audit WHERE plan = @plan), (SELECT COUNT(*) ...) ... FROM subject WHERE key = @id</c>.
/// A step counted at zero then sends no statement: a row that appeared since planning is found here (the plan is stale)
/// instead of by that step's own statement, which would have touched it and failed the count. No row back (the subject's
/// row is gone) means the executor falls back to its separate check and one statement per step.
/// </summary>
internal sealed class ExecutionReads
{
    private ExecutionReads(bool applied, Dictionary<StepDraft, long> counts)
    {
        Applied = applied;
        Counts = counts;
    }

    /// <summary>Whether the audit trail already has this plan's record.</summary>
    public bool Applied { get; }

    /// <summary>The rows each zero-count step selects now.</summary>
    public IReadOnlyDictionary<StepDraft, long> Counts { get; }

    /// <param name="context">The context of the subject, in the executor's transaction.</param>
    /// <param name="root">The subject's root.</param>
    /// <param name="id">The subject's key, converted.</param>
    /// <param name="planId">The plan's identifier, as its audit record carries it.</param>
    /// <param name="zeroSteps">The steps the plan counted at zero that would otherwise send a statement.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The values read, or null when the subject's row is not there to read them from (gone, or a context that refers to the subject by value).</returns>
    public static async Task<ExecutionReads?> ReadAsync(
        DbContext context,
        SubjectRoot root,
        object id,
        Guid planId,
        IReadOnlyList<StepDraft> zeroSteps,
        CancellationToken cancellationToken)
    {
        if (root.Find(root.EntityType) is not { } subjectRow)
        {
            // A context that refers to the subject by value (issue 17) has no row of the subject to read from: the
            // executor asks the audit trail on its own and every step sends its statement.
            return null;
        }

        var rootQuery = subjectRow.Query(context, id); // as PlanningReads
        var audit = context.Set<PrivacyAuditRecord>().Where(a => a.PlanId == planId);
        var values = new Expression[zeroSteps.Count + 1];
        values[0] = Box(Expression.Call(ClosedMethods.Any(typeof(PrivacyAuditRecord)), audit.Expression));
        for (var i = 0; i < zeroSteps.Count; i++)
        {
            var query = zeroSteps[i].Query(context, id);
            values[i + 1] = Box(Expression.Call(ClosedMethods.Count(query.ElementType), query.Expression));
        }

        var subject = Expression.Parameter(root.EntityType.ClrType, "s");
        var projection = Expression.Lambda(Expression.NewArrayInit(typeof(object), values), subject);
        var projected = rootQuery.Provider.CreateQuery<object?[]>(
            Expression.Call(ClosedMethods.Select(root.EntityType.ClrType, typeof(object?[])), rootQuery.Expression, Expression.Quote(projection)));
        var row = await projected.FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var counts = new Dictionary<StepDraft, long>(zeroSteps.Count);
        for (var i = 0; i < zeroSteps.Count; i++)
        {
            counts[zeroSteps[i]] = Convert.ToInt64(row[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ExecutionReads((bool)row[0]!, counts);
    }

    private static UnaryExpression Box(Expression value) => Expression.Convert(value, typeof(object));
}
