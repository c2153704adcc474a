namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Enforces retention: finds the rows each retention rule no longer keeps (from the rule's <see cref="RetentionAnchorAttribute"/>
/// date, with <see cref="RetentionRule.LatestExpiredAnchor"/>) and deletes or anonymises them in batches, one transaction and
/// one audit record per batch. Legal holds are retention rules too: a row stays while any of its fields' rules keeps it, and
/// goes when the last hold ends. Several instances may sweep one database at once. See docs/retention-enforcement.md.
/// </summary>
public interface IRetentionEnforcer
{
    /// <summary>Sweeps every registered context once.</summary>
    /// <param name="cancellationToken">Cancels between batches; a batch in progress is rolled back.</param>
    /// <returns>What the sweep did.</returns>
    /// <exception cref="InvalidOperationException">A field's anonymisation cannot keep its column valid, or the audit table or key is missing; nothing was written.</exception>
    Task<RetentionSweepResult> SweepAsync(CancellationToken cancellationToken = default);
}

/// <summary>The result of one sweep.</summary>
/// <param name="StartedAt">The moment retention was evaluated at.</param>
/// <param name="Entries">What was done per entity type and action (only where rows changed).</param>
public sealed record RetentionSweepResult(DateTimeOffset StartedAt, IReadOnlyList<RetentionSweepEntry> Entries)
{
    /// <summary>Rows deleted.</summary>
    public long RowsDeleted => Entries.Where(e => e.Action == ErasureRowAction.Delete).Sum(e => e.Rows);

    /// <summary>Rows anonymised.</summary>
    public long RowsAnonymised => Entries.Where(e => e.Action == ErasureRowAction.Anonymise).Sum(e => e.Rows);

    /// <summary>Batches (transactions) that changed rows.</summary>
    public int Batches => Entries.Sum(e => e.Batches);
}

/// <summary>What a sweep did to one entity type.</summary>
/// <param name="EntityType">The entity type.</param>
/// <param name="Action">Delete or anonymise.</param>
/// <param name="Fields">The fields deleted or anonymised.</param>
/// <param name="Rules">The expired rules.</param>
/// <param name="Rows">Rows changed.</param>
/// <param name="Batches">Batches that changed rows.</param>
public sealed record RetentionSweepEntry(string EntityType, ErasureRowAction Action, IReadOnlyList<string> Fields, IReadOnlyList<string> Rules, long Rows, int Batches);
