using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// What past erasures of the subject left, read from the audit trail: so that, after an erasure, the export lists for a
/// kept value only the purposes that still apply (a payment reference kept for bookkeeping is no longer processed for
/// fraud prevention) and says that an anonymised value serves no purpose any more. Without an audit trail or an audit
/// key there is no history, and every use is listed.
/// </summary>
internal sealed class ErasureHistory
{
    public static readonly ErasureHistory None = new([]);

    private readonly Dictionary<string, EntityHistory> _entities;

    private ErasureHistory(Dictionary<string, EntityHistory> entities) => _entities = entities;

    /// <summary>True when nothing was erased, so that the uses are the annotations' own.</summary>
    public bool IsEmpty => _entities.Count == 0;

    /// <summary>
    /// A condition, true when an erasure of the subject is recorded, to be read in the same statement as the subject's own
    /// row (issue 18: the history is read only for a subject erased before, not in a round trip of its own per export).
    /// Null when there is no history to read: no audit key, or no audit trail in the context's model.
    /// </summary>
    public static Expression? RecordedCondition(IServiceProvider services, DbContext context, string category, object id)
    {
        if (SubjectHash(services, context, category, id) is not { } hash)
        {
            return null;
        }

        Expression<Func<PrivacyAuditRecord, bool>> recorded = a => a.Kind == PrivacyAuditRecord.ErasureKind && a.SubjectCategory == category && a.SubjectKeyHash == hash;
        return Expression.Call(
            ClosedMethods.AnyWithPredicate(typeof(PrivacyAuditRecord)),
            context.Set<PrivacyAuditRecord>().AsQueryable().Expression,
            Expression.Quote(recorded));
    }

    private static string? SubjectHash(IServiceProvider services, DbContext context, string category, object id)
    {
        var options = services.GetService<IOptions<ErasureOptions>>()?.Value;
        if (options?.AuditKey is not { Length: >= 32 } || context.Model.FindEntityType(typeof(PrivacyAuditRecord)) is null)
        {
            return null;
        }

        return PrivacyAuditRecord.Hash(ErasureExecutor.AuditKey(options), category, Convert.ToString(id, CultureInfo.InvariantCulture)!);
    }

    public static async Task<ErasureHistory> ReadAsync(IServiceProvider services, DbContext context, string category, object id, CancellationToken cancellationToken)
    {
        if (SubjectHash(services, context, category, id) is not { } hash)
        {
            return None;
        }

        var records = await context.Set<PrivacyAuditRecord>().AsNoTracking()
            .Where(a => a.Kind == PrivacyAuditRecord.ErasureKind && a.SubjectCategory == category && a.SubjectKeyHash == hash)
            .Select(a => a.Entries)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (records.Count == 0)
        {
            return None;
        }

        var entities = new Dictionary<string, EntityHistory>(StringComparer.Ordinal);
        foreach (var entry in records.SelectMany(r => new PrivacyAuditRecord { Entries = r }.ReadEntries()))
        {
            if (entry.Action == ErasureRowAction.Delete)
            {
                continue; // the rows are gone; nothing of them is exported
            }

            if (!entities.TryGetValue(entry.EntityType, out var history))
            {
                history = new EntityHistory();
                entities.Add(entry.EntityType, history);
            }

            history.Retained.UnionWith(entry.Retained);
            history.Rules.UnionWith(entry.Rules);
            history.Anonymised.UnionWith(entry.Erased);
        }

        return new ErasureHistory(entities);
    }

    /// <summary>The uses that still apply to a field of an entity after the subject's erasure.</summary>
    public IEnumerable<PersonalDataUse> Uses(IReadOnlyTypeBase entityType, ClassifiedProperty property, out bool anonymised)
    {
        anonymised = false;
        var exported = property.Uses.Where(u => u.Export);
        if (_entities.Count == 0 || !_entities.TryGetValue(entityType.Name, out var history))
        {
            return exported;
        }

        if (history.Retained.Contains(property.Name))
        {
            // Kept for what holds it: the uses the annotation retains under a legal hold that the erasure applied.
            var held = exported.Where(u => u.Erasure == ErasureAction.Retain && u.Retention.IsLegalHold && history.Rules.Contains(u.Retention.Id)).ToArray();
            return held.Length > 0 ? held : exported.Where(u => history.Rules.Contains(u.Retention.Id));
        }

        if (history.Anonymised.Contains(property.Name))
        {
            anonymised = true;
            return [];
        }

        return exported;
    }

    private sealed class EntityHistory
    {
        public HashSet<string> Retained { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Rules { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Anonymised { get; } = new(StringComparer.Ordinal);
    }
}
