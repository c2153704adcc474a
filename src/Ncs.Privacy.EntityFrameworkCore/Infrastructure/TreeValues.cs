namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// What a LINQ tree may hold without reading anything that varies outside the row: the one rule behind the start-up check
/// of soft-delete filters (<see cref="QueryFilterScope.ReadOutsideTheRow"/>) and the statement cache's refusal of trees
/// with per-call values (<see cref="StatementCache"/>).
/// </summary>
internal static class TreeValues
{
    /// <summary>A value EF Core writes into SQL as a literal or a parameter of its own: primitives, enums, text, numbers, dates, times and Guids (nullable or not).</summary>
    public static bool IsLiteral(Type type)
    {
        var core = Nullable.GetUnderlyingType(type) ?? type;
        return core.IsPrimitive || core.IsEnum || core == typeof(string) || core == typeof(decimal) || core == typeof(DateTime)
            || core == typeof(DateTimeOffset) || core == typeof(DateOnly) || core == typeof(TimeOnly) || core == typeof(TimeSpan) || core == typeof(Guid);
    }

    /// <summary>.NET itself (<c>DateTime.UtcNow</c>), LINQ, and EF Core (<c>EF.Property</c>, <c>EF.Functions</c>): a static member of theirs holds no tenant and no per-call value of the application's.</summary>
    public static bool IsFramework(Type? type)
        => type is not null
            && (type.Assembly == typeof(object).Assembly
                || type.Assembly == typeof(Enumerable).Assembly
                || type.Assembly == typeof(Queryable).Assembly
                || type.Namespace?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true);
}
