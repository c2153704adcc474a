using System.Text.RegularExpressions;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Facts of a property's COLUMN rather than of the property: a table holds one column for every property mapped to it (TPH
/// siblings, table splitting, TPC leaves of one base), and the constraints on the column, wherever they are declared, bind
/// every one of them. Read from the design-time model at start-up (<see cref="ExecutionCheck"/>) and recorded on the
/// property, because a runtime model keeps neither check constraints nor computed SQL.
/// </summary>
internal static class StoreColumns
{
    /// <summary>On a personal property: "no", "unique", or "nulls-not-distinct" (a unique index in which NULL is a value like any other).</summary>
    public const string UniqueAnnotation = PrivacyAnnotationNames.Prefix + "UniqueColumn";

    /// <summary>Npgsql's annotation for <c>AreNullsDistinct</c> on an index.</summary>
    private const string NullsDistinctAnnotation = "Npgsql:NullsDistinct";

    /// <summary>The tables whose column the property is: one, or each leaf table of a TPC hierarchy.</summary>
    public static IReadOnlyList<StoreObjectIdentifier> TablesOf(IReadOnlyProperty property)
    {
        var entityType = property.DeclaringType switch
        {
            IReadOnlyEntityType e => e,
            IReadOnlyComplexType c => c.ContainingEntityType,
            _ => null,
        };
        if (entityType is null || property.DeclaringType.IsMappedToJson())
        {
            return [];
        }

        var tables = new List<StoreObjectIdentifier>();
        foreach (var type in entityType.GetDerivedTypesInclusive())
        {
            if (StoreObjectIdentifier.Create(type, StoreObjectType.Table) is { } table && !tables.Contains(table) && property.GetColumnName(table) is not null)
            {
                tables.Add(table);
            }
        }

        return tables;
    }

    /// <summary>
    /// Whether a unique index or key binds the property's column, from whichever entity type of the table declares it (a
    /// sibling in TPH, the other type of a split table, an abstract TPC base), or binds a stored computed column derived from
    /// it (an index on <c>lower("Email")</c> constrains what Email may become); and whether such an index treats NULLs as
    /// equal (PostgreSQL 15 <c>NULLS NOT DISTINCT</c>, <c>AreNullsDistinct(false)</c>), so that NULL is no way out of it.
    /// </summary>
    public static (bool Unique, bool NullsNotDistinct) Uniqueness(IReadOnlyProperty property)
    {
        if (property.FindAnnotation(UniqueAnnotation)?.Value is string recorded)
        {
            return (recorded != "no", recorded == "nulls-not-distinct");
        }

        var unique = property.IsKey() || property.GetContainingIndexes().Any(i => i.IsUnique);
        var nullsNotDistinct = property.GetContainingIndexes().Any(i => i.IsUnique && NullsNotDistinct(i));
        if (property.DeclaringType.Model is IModel and not IMutableModel)
        {
            return (unique, nullsNotDistinct); // a runtime model without the start-up record: the property's own indexes
        }

        foreach (var table in TablesOf(property))
        {
            var column = property.GetColumnName(table)!;
            foreach (var entityType in property.DeclaringType.Model.GetEntityTypes())
            {
                foreach (var index in entityType.GetDeclaredIndexes().Where(i => i.IsUnique))
                {
                    if (Binds(index.Properties, table, column))
                    {
                        unique = true;
                        nullsNotDistinct |= NullsNotDistinct(index);
                    }
                }

                foreach (var key in entityType.GetDeclaredKeys())
                {
                    unique |= Binds(key.Properties, table, column);
                }
            }
        }

        return (unique, nullsNotDistinct);
    }

    /// <summary>The annotation value <see cref="Uniqueness"/> reads back.</summary>
    public static string Record((bool Unique, bool NullsNotDistinct) uniqueness)
        => !uniqueness.Unique ? "no" : uniqueness.NullsNotDistinct ? "nulls-not-distinct" : "unique";

    private static bool NullsNotDistinct(IReadOnlyIndex index) => index.FindAnnotation(NullsDistinctAnnotation)?.Value is false;

    /// <summary>Whether the properties, all mapped to <paramref name="table"/>, include the column or a computed column derived from it.</summary>
    private static bool Binds(IReadOnlyList<IReadOnlyProperty> properties, StoreObjectIdentifier table, string column)
    {
        var columns = properties.Select(p => (Property: p, Column: p.GetColumnName(table))).ToArray();
        if (columns.Any(c => c.Column is null))
        {
            return false; // not an index of this table
        }

        return columns.Any(c => string.Equals(c.Column, column, StringComparison.Ordinal) || DerivedFrom(c.Property, table, column));
    }

    /// <summary>Whether the property is a computed column whose SQL reads <paramref name="column"/>.</summary>
    private static bool DerivedFrom(IReadOnlyProperty property, StoreObjectIdentifier table, string column)
        => property.GetComputedColumnSql(table) is { } sql && Names(column).IsMatch(sql);

    /// <summary>A column name as SQL names it, quoted or not, not part of a longer identifier.</summary>
    public static Regex Names(string column)
        => new(@"(?<![A-Za-z0-9_])" + Regex.Escape(column) + @"(?![A-Za-z0-9_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
