using System.Text.RegularExpressions;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>A broken promise, with what was expected and found.</summary>
public sealed class ViolationException(string message) : Exception(message);

/// <summary>The properties, as checks of one generated case against the world's reference answers.</summary>
public static partial class Checks
{
    [GeneratedRegex(@"erased-\d+")]
    private static partial Regex Token();

    /// <summary>Anonymised values with their random part blanked, for comparing two erasures.</summary>
    public static string? Normalise(string? value) => value is null ? null : Token().Replace(value, "erased-#");

    public static IReadOnlyList<string> Found(World world, string? text)
        => text is null ? [] : world.Markers.Keys.Where(m => text.Contains(m, StringComparison.Ordinal)).ToList();

    /// <summary>Isolation: the export holds no marker that is not about the subject.</summary>
    public static void Isolation(World world, string subject, string? export)
    {
        var leaked = Found(world, export).Where(m => !world.Markers[m].Contains(subject)).ToList();
        if (leaked.Count > 0)
        {
            throw new ViolationException($"Export of {subject} holds values of others: {string.Join(", ", leaked.Select(m => Describe(world, m)))}");
        }
    }

    /// <summary>Completeness: every marker about the subject is in its export.</summary>
    public static void Completeness(World world, string subject, string? export)
    {
        var missing = world.MarkersOf(subject).Where(m => export is null || !export.Contains(m, StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new ViolationException($"Export of {subject} misses: {string.Join(", ", missing.Select(m => Describe(world, m)))}");
        }
    }

    public static string Describe(World world, string marker)
    {
        var (entity, field, row) = world.Where[marker];
        return $"{marker} ({entity}#{row}.{field}, about [{string.Join(",", world.Markers[marker])}])";
    }

    /// <summary>
    /// The erasure of <paramref name="subject"/> took <paramref name="before"/> to <paramref name="after"/>: every cell about someone
    /// else (or nobody, or shared) is byte-identical; every non-personal cell of a surviving row is identical; only rows about the
    /// subject alone disappeared; the subject's own values are gone unless a hold keeps them, and held ones are identical;
    /// exactly one audit row was added.
    /// </summary>
    public static void ErasureEffect(World world, string subject, Dump before, Dump after)
    {
        foreach (var (table, rows) in before.Tables)
        {
            if (table == "PrivacyAudit")
            {
                continue;
            }

            var afterRows = after.Tables[table];
            foreach (var (key, row) in rows)
            {
                var rowKey = table == "CustomerHousehold" ? $"CustomerHousehold#{row["HouseholdsId"]}|{row["MembersId"]}" : World.Row(table, key);
                var subjects = world.RowSubjects[rowKey];
                if (!afterRows.TryGetValue(key, out var now))
                {
                    if (!(subjects.Length == 1 && subjects[0] == subject))
                    {
                        throw new ViolationException($"Erasing {subject} deleted {rowKey}, which concerns [{string.Join(",", subjects)}]");
                    }

                    var kept = row.Values.Where(v => v is not null && world.Held.Any(h => v.Contains(h, StringComparison.Ordinal))).ToList();
                    if (kept.Count > 0)
                    {
                        throw new ViolationException($"Erasing {subject} deleted {rowKey}, whose values a legal hold keeps: {string.Join(", ", kept)}");
                    }

                    continue;
                }

                foreach (var (column, value) in row)
                {
                    var current = now.GetValueOrDefault(column);
                    if (!world.CellOwners.TryGetValue($"{rowKey}#{column}", out var owners))
                    {
                        if (current != value)
                        {
                            throw new ViolationException($"Erasing {subject} changed the non-personal {rowKey}.{column}: '{value}' → '{current}'");
                        }

                        continue;
                    }

                    var marker = value is null ? null : world.Markers.Keys.FirstOrDefault(m => value.Contains(m, StringComparison.Ordinal));
                    var mine = owners.Length == 1 && owners[0] == subject;
                    if (!mine || (marker is not null && world.Held.Contains(marker)))
                    {
                        if (current != value)
                        {
                            throw new ViolationException($"Erasing {subject} changed {rowKey}.{column} (about [{string.Join(",", owners)}]{(mine ? ", held" : "")}): '{value}' → '{current}'");
                        }
                    }
                    else if (current is not null && (marker is not null && current.Contains(marker, StringComparison.Ordinal)))
                    {
                        throw new ViolationException($"Erasing {subject} kept {rowKey}.{column} = '{current}'");
                    }
                    else if (current is not null && world.Markers.Keys.Any(m => current.Contains(m, StringComparison.Ordinal)))
                    {
                        throw new ViolationException($"Erasing {subject} wrote another value into {rowKey}.{column}: '{current}'");
                    }
                }
            }

            foreach (var key in afterRows.Keys.Where(k => !rows.ContainsKey(k)))
            {
                throw new ViolationException($"Erasing {subject} added {table} row {key}");
            }
        }

        var audit = after.Tables["PrivacyAudit"].Count - before.Tables["PrivacyAudit"].Count;
        if (audit != 1)
        {
            throw new ViolationException($"Erasing {subject} added {audit} audit records instead of 1");
        }
    }

    /// <summary>
    /// Completeness after erasure: the subject's fresh export shows exactly the held values (the world's answer), and the
    /// entity types and fields that hold them are exactly those the plan retains, with the plan's row counts.
    /// </summary>
    public static void RetainedAsPlanned(World world, string subject, ErasurePlan plan, string? export)
    {
        var expected = world.ExclusiveMarkersOf(subject).Where(world.Held.Contains).ToHashSet(StringComparer.Ordinal);
        var found = Found(world, export).ToHashSet(StringComparer.Ordinal);

        // Rows the plan keeps because others share them (a photo another customer uses too, issue 12) may still be
        // reached from the subject's kept row: shared values of such tables are allowed, never required.
        var sharedTables = plan.Steps.Where(s => s.Rows == ErasureRowSelection.SharedWithOthers && s.RowCount > 0 && s.Action == ErasureRowAction.Retain)
            .Select(s => TableOf(s.Entity ?? s.EntityType[(s.EntityType.LastIndexOf('.') + 1)..])).ToHashSet(StringComparer.Ordinal);
        found.RemoveWhere(m => !expected.Contains(m) && world.Markers[m].Length > 1 && world.Markers[m].Contains(subject) && sharedTables.Contains(world.Where[m].Entity));
        if (!found.SetEquals(expected))
        {
            throw new ViolationException(
                $"After erasing {subject} its export holds [{string.Join(", ", found.Order().Select(m => Describe(world, m)))}] but the held values are [{string.Join(", ", expected.Order().Select(m => Describe(world, m)))}]");
        }

        var planned = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var step in plan.Steps.Where(s => s.RowCount > 0 && s.Rows != ErasureRowSelection.SharedWithOthers))
        {
            foreach (var field in step.Fields.Where(f => f.Action == ErasureFieldAction.Retain || step.Action == ErasureRowAction.Retain))
            {
                var name = $"{step.EntityType[(step.EntityType.LastIndexOf('.') + 1)..]}.{field.Name}";
                planned[name] = planned.GetValueOrDefault(name) + step.RowCount;
            }
        }

        var table = new Dictionary<string, string> { ["Invoices"] = "Invoice", ["InvoiceLines"] = "InvoiceLine" };
        var actual = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var marker in expected)
        {
            var (entity, field, _) = world.Where[marker];
            var name = $"{table.GetValueOrDefault(entity, entity)}.{field}";
            actual[name] = actual.GetValueOrDefault(name) + 1;
        }

        if (!planned.SequenceEqual(actual))
        {
            throw new ViolationException($"Erasing {subject}: the plan retains [{string.Join(", ", planned)}] but the held values are [{string.Join(", ", actual)}]");
        }
    }

    /// <summary>The table of an entity type of the shop model (its DbSet's name).</summary>
    private static string TableOf(string entity) => entity switch
    {
        "BillingAddress" => "BillingAddresses",
        "SupportTicket" => "Tickets",
        "PrivacyAuditRecord" => "PrivacyAudit",
        _ => entity + "s",
    };

    /// <summary>No leak: none of the subject's values (held ones included) is in the text (audit trail, logs).</summary>
    public static void NoneOf(World world, string subject, string what, string text)
    {
        var hits = world.MarkersOf(subject).Where(m => text.Contains(m, StringComparison.Ordinal)).ToList();
        if (hits.Count > 0)
        {
            throw new ViolationException($"{what} holds values of {subject}: {string.Join(", ", hits.Select(m => Describe(world, m)))}");
        }
    }
}
