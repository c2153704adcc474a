using System.Linq.Expressions;
using System.Reflection;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Turns an <see cref="AnonymisationStrategy"/> into a value EF Core computes in the database, row by row, inside one
/// UPDATE: nothing is read into memory, the replacement never depends on the original, a NULL stays NULL, and tokens are
/// random per row (the database's random function, two 15-digit draws where the column is wide enough) and embed nothing
/// of the row, not even its key. Fixed values (Redact, Zero) are constants that EF Core passes through the column's value
/// converter; values computed in the database are refused at start-up for converted columns. See docs/anonymisation.md.
/// </summary>
internal static class Anonymiser
{
    /// <summary>Every random token starts with this: the sweep recognises values it already replaced.</summary>
    public const string TokenPrefix = "erased-";

    /// <summary>The placeholder of <see cref="AnonymisationStrategy.Redact"/>.</summary>
    public const string Placeholder = "[erased]";

    /// <summary>The domain of <see cref="AnonymisationStrategy.RandomEmail"/> (RFC 2606 reserves <c>.invalid</c>).</summary>
    public const string EmailDomain = "@erased.invalid";

    /// <summary>What <see cref="AnonymisationStrategy.Zero"/> writes into a <see cref="char"/> column: PostgreSQL text cannot hold U+0000.</summary>
    public const char ZeroChar = '*';

    private const int RandomDigits = 15;

    private static readonly MethodInfo ConcatMethod = typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo RandomMethod = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Random), [typeof(DbFunctions)])!;
    private static readonly MethodInfo ParameterMethod = typeof(EF).GetMethod(nameof(EF.Parameter))!;
    private static readonly MethodInfo StartsWithMethod = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;

    private static readonly MethodInfo SubstringMethod = typeof(string).GetMethod(nameof(string.Substring), [typeof(int), typeof(int)])!;

    /// <summary>
    /// Whether the column has a collation of its own or the model's (UseCollation), which may be nondeterministic: recorded by
    /// the start-up check (<see cref="ExecutionCheck.CollatedAnnotation"/>), since a runtime model keeps no collation.
    /// </summary>
    public static bool IsCollated(IReadOnlyProperty property)
    {
        if (property.FindAnnotation(ExecutionCheck.CollatedAnnotation)?.Value is string decided)
        {
            return decided == "true";
        }

        try
        {
            return (property.GetCollation() ?? property.DeclaringType.Model.GetCollation()) is not null;
        }
        catch (InvalidOperationException)
        {
            return false; // a runtime model without the start-up record
        }
    }

    /// <summary>
    /// The strategy that applies to a property, as the start-up check decided it (the model's annotation); for a model
    /// the check did not annotate, the same rules decided now. Throws when no strategy can run, naming the property and
    /// the strategies that fit.
    /// </summary>
    public static AnonymisationStrategy Resolve(ClassifiedProperty classified)
    {
        var property = classified.Property;
        var what = $"{property.DeclaringType.DisplayName()}.{property.Name}";
        if (property.IsKey() || property.IsForeignKey())
        {
            throw new InvalidOperationException(
                $"{what} is personal data and part of a key or foreign key: erasure cannot replace it. Use a surrogate key, or make erasure delete the row (ErasureAction.Delete).");
        }

        if (property.FindAnnotation(ExecutionCheck.StrategyAnnotation)?.Value is string decided
            && Enum.TryParse<AnonymisationStrategy>(decided, out var strategy))
        {
            return strategy;
        }

        var declared = classified.Uses.Select(u => u.Anonymisation).FirstOrDefault(s => s != AnonymisationStrategy.Default);
        var (resolved, problem) = AnonymisationRules.Resolve(Facts(classified), declared);
        return problem is null ? resolved : throw new InvalidOperationException($"{what} {problem}.");
    }

    /// <summary>The column facts of a property at run time (check constraints from the start-up annotation).</summary>
    public static ColumnFacts Facts(ClassifiedProperty classified)
        => ColumnFacts.Of(classified.Property, classified.Uses, classified.Property.FindAnnotation(ExecutionCheck.CheckConstraintAnnotation)?.Value as string);

    /// <summary>Whether the database computes the column: it is never written, and follows the columns it reads.</summary>
    /// <remarks>
    /// Only a column with computed SQL (<c>HasComputedColumnSql</c>) follows its sources. A column the database fills in some
    /// other way on every update (<c>[DatabaseGenerated(Computed)]</c> filled by a trigger) holds what it was given, so it is
    /// anonymised like any other. The start-up check decides it on the design-time model (a runtime model has no computed
    /// SQL) and records it on the property.
    /// </remarks>
    public static bool IsComputed(IReadOnlyProperty property)
    {
        if (property.ValueGenerated != ValueGenerated.OnAddOrUpdate)
        {
            return false;
        }

        if (property.FindAnnotation(ExecutionCheck.ComputedAnnotation)?.Value is string decided)
        {
            return decided == "true";
        }

        try
        {
            return property.GetComputedColumnSql() is not null;
        }
        catch (InvalidOperationException)
        {
            return true; // a runtime model the check did not annotate: it has no computed SQL to read
        }
    }

    /// <summary>The new value, as <c>Expression&lt;Func&lt;TEntity, TProperty&gt;&gt;</c>; a NULL (an optional owned type's column included) stays NULL.</summary>
    public static LambdaExpression Value(IEntityType entityType, FieldPath field, AnonymisationStrategy strategy)
    {
        // A field of owned rows in another table: the value is computed over those rows (see FieldPath.SeparateRows).
        entityType = field.TargetEntityType(entityType);
        field = field.Target;
        var property = field.Property;
        var row = Expression.Parameter(entityType.ClrType, "e");
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var access = field.Access(row);
        Expression value = strategy switch
        {
            AnonymisationStrategy.Null => Expression.Constant(null, property.ClrType),
            AnonymisationStrategy.Redact => Fixed(property, Placeholder, typeof(string)),
            AnonymisationStrategy.Zero => Fixed(property, ZeroOf(property, type), type),
            AnonymisationStrategy.RandomToken when type == typeof(Guid) => StoreRandomGuid.Needed(entityType.Model.FindAnnotation(ExecutionCheck.ProviderAnnotation)?.Value as string)
                ? Expression.Call(StoreRandomGuid.RandomGuidMethod)
                : Expression.Call(typeof(Guid).GetMethod(nameof(Guid.NewGuid))!),
            // A random integer up to what both the CLR type and the column hold (an int in a smallint column: 32,767).
            AnonymisationStrategy.RandomToken when AnonymisationRules.IsRandomValueType(type)
                => Expression.Convert(Expression.Multiply(Random(), Expression.Constant((double)StoreTypes.RandomMaximum(property))), type),
            AnonymisationStrategy.RandomToken => Token(AnonymisationRules.TokenDigits(FactsOf(property), strategy)),
            AnonymisationStrategy.RandomEmail => Concat(Token(AnonymisationRules.TokenDigits(FactsOf(property), strategy)), Expression.Constant(EmailDomain)),
            AnonymisationStrategy.TruncateToYear => TruncateToYear(Expression.Convert(access, typeof(DateTime))),
            _ => throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name}: {strategy} is not a strategy set-based erasure applies."),
        };
        if (value.Type != property.ClrType)
        {
            value = Expression.Convert(value, property.ClrType);
        }

        // Anonymising invents nothing: a column that holds NULL keeps it (an optional owned type stays absent). A NOT NULL value
        // inside a JSON document needs no guard: setting a field of a NULL document (an optional complex type never given)
        // leaves it NULL (json_set, jsonb_set), and EF Core sets a non-text JSON field only to a constant, not to a CASE.
        var valueInJson = property.DeclaringType.IsMappedToJson() && property.ClrType.IsValueType && Nullable.GetUnderlyingType(property.ClrType) is null;
        if (strategy != AnonymisationStrategy.Null && !valueInJson
            && (field.Path.Count > 0 || !property.ClrType.IsValueType || Nullable.GetUnderlyingType(property.ClrType) is not null))
        {
            value = Expression.Condition(IsNull(access), access, value);
        }

        return Expression.Lambda(typeof(Func<,>).MakeGenericType(entityType.ClrType, property.ClrType), value, row);
    }

    private static ColumnFacts FactsOf(IProperty property) => ColumnFacts.Of(property, [], null);

    /// <summary>
    /// A fixed value (Redact's placeholder, a zero value). Inside a JSON document a text value is passed as a parameter
    /// (<see cref="EF.Parameter{T}(T)"/>), which the provider sends with its type: as a literal, PostgreSQL receives
    /// <c>to_jsonb('')</c> of type unknown and refuses it (42804, "could not determine polymorphic type"). Numbers, bools
    /// and dates are typed literals already, and stay constants (EF Core sets such a JSON field to a constant).
    /// </summary>
    private static Expression Fixed(IReadOnlyProperty property, object? value, Type type)
    {
        var constant = Expression.Constant(value, type);
        return property.DeclaringType.IsMappedToJson() && (type == typeof(string) || type == typeof(char))
            ? Expression.Call(ParameterMethod.MakeGenericMethod(type), constant)
            : constant;
    }

    private static Expression IsNull(Expression access)
    {
        if (access.Type.IsValueType && Nullable.GetUnderlyingType(access.Type) is null)
        {
            access = Expression.Convert(access, typeof(Nullable<>).MakeGenericType(access.Type));
        }

        return Expression.Equal(access, Expression.Constant(null, access.Type));
    }

    /// <summary>A predicate that is true when the value is already what the strategy leaves behind (or NULL): the sweep skips such rows.</summary>
    public static Expression IsAnonymised(Expression row, FieldPath field, AnonymisationStrategy strategy)
    {
        var property = field.Property;
        var value = field.Access(row);
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (IsComputed(property))
        {
            return Expression.Constant(true); // never written: it follows the columns it is computed from
        }

        Expression isNull = property.IsNullable || !property.ClrType.IsValueType || field.Path.Count > 0
            ? IsNull(value)
            : Expression.Constant(false);
        Expression replaced = strategy switch
        {
            _ when !RecognisedInDatabase(property, strategy) => Expression.Constant(false), // read back through the converter instead
            AnonymisationStrategy.RandomToken when type != typeof(string) => Expression.Constant(false),
            AnonymisationStrategy.Null => Expression.Constant(false),
            AnonymisationStrategy.Redact => Expression.Equal(value, Expression.Constant(Placeholder)),
            AnonymisationStrategy.Zero => Expression.Equal(value, Expression.Convert(Expression.Constant(ZeroOf(property, type), type), property.ClrType)),
            // A column under a collation of its own may be nondeterministic (PostgreSQL ICU, deterministic: false), where LIKE,
            // which StartsWith translates to, is refused (0A000): the prefix is compared with = instead, which every collation allows.
            AnonymisationStrategy.RandomToken or AnonymisationStrategy.RandomEmail when IsCollated(property)
                => Expression.Equal(Expression.Call(value, SubstringMethod, Expression.Constant(0), Expression.Constant(TokenPrefix.Length)), Expression.Constant(TokenPrefix)),
            AnonymisationStrategy.RandomToken or AnonymisationStrategy.RandomEmail => Expression.Call(value, StartsWithMethod, Expression.Constant(TokenPrefix)),
            AnonymisationStrategy.TruncateToYear => Expression.Equal(
                Expression.Convert(value, typeof(DateTime)),
                TruncateToYear(Expression.Convert(value, typeof(DateTime)))),
            _ => Expression.Constant(false),
        };
        return Expression.OrElse(isNull, replaced);
    }

    /// <summary>
    /// Whether SQL can recognise the value the strategy leaves in the column. Not so for a fixed value (Redact, Zero)
    /// written through a value converter that stores the same value differently each time (encryption with a random IV):
    /// comparing ciphertexts never matches, so the sweep reads such a column back through the converter instead
    /// (see <see cref="IsAnonymisedValue"/> and docs/anonymisation.md). Decided by converting the fixed value twice.
    /// </summary>
    public static bool RecognisedInDatabase(IReadOnlyProperty property, AnonymisationStrategy strategy)
    {
        // Inside a JSON document a value is compared as the JSON text the provider wrote, and a provider writes a time, a
        // date or a Guid in its own format (SQLite stores TimeSpan.Zero as "0:00:00" or "00:00:00.0000000" while the
        // comparison's parameter reads "00:00:00"): only text, numbers and bools compare reliably. Other types are read
        // back through EF Core, which parses what it wrote, so a row anonymised once is not anonymised again. The same for
        // Null: PostgreSQL leaves a JSON null ('null'::jsonb) in the document, which a test for SQL NULL on an array or
        // list field does not see.
        if (strategy is AnonymisationStrategy.Zero or AnonymisationStrategy.Null && property.DeclaringType.IsMappedToJson())
        {
            var valueType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (!(valueType == typeof(string) || valueType == typeof(bool) || valueType == typeof(int) || valueType == typeof(long) || valueType == typeof(short)
                || valueType == typeof(byte) || valueType == typeof(decimal) || valueType == typeof(double) || valueType == typeof(float)))
            {
                return false;
            }
        }

        if (strategy is not (AnonymisationStrategy.Redact or AnonymisationStrategy.Zero)
            || (property.GetValueConverter() ?? property.FindTypeMapping()?.Converter) is not { } converter)
        {
            return true;
        }

        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var value = strategy == AnonymisationStrategy.Redact ? Placeholder : ZeroOf(type);
        if (value is null || !converter.ModelClrType.IsInstanceOfType(value))
        {
            return true;
        }

        try
        {
            var first = converter.ConvertToProvider(value);
            var second = converter.ConvertToProvider(value);
            return first is byte[] a && second is byte[] b ? a.AsSpan().SequenceEqual(b) : Equals(first, second);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or InvalidCastException or NotSupportedException)
        {
            return true; // the converter refuses the value; the start-up rules decide about the strategy
        }
    }

    /// <summary>Whether a value read back through the column's converter is what the strategy leaves (or NULL).</summary>
    public static bool IsAnonymisedValue(object? value, IReadOnlyProperty property, AnonymisationStrategy strategy)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        return value is null || strategy switch
        {
            AnonymisationStrategy.Redact => Equals(value, Placeholder),
            AnonymisationStrategy.Zero => ZeroOf(type) is byte[] && value is byte[] bytes ? bytes.Length == 0 : Equals(value, ZeroOf(type)),
            _ => false,
        };
    }

    /// <summary>
    /// The zero value of a property's column: as <see cref="ZeroOf(Type)"/>, but 1970-01-01 without a kind for a
    /// <c>timestamp without time zone</c> column, to which Npgsql writes no UTC <see cref="DateTime"/>.
    /// </summary>
    public static object? ZeroOf(IReadOnlyProperty property, Type type)
    {
        var zero = ZeroOf(type);
        return zero is DateTime epoch && !property.DeclaringType.IsMappedToJson()
            && StoreTypes.IsTimestampWithoutTimeZone(property)
            ? DateTime.SpecifyKind(epoch, DateTimeKind.Unspecified)
            : zero;
    }

    /// <summary>The zero value of <see cref="AnonymisationStrategy.Zero"/>, or null when the type has none we know.</summary>
    public static object? ZeroOf(Type type)
    {
        if (type == typeof(string))
        {
            return string.Empty;
        }

        if (type == typeof(char))
        {
            return ZeroChar;
        }

        if (type == typeof(byte[]))
        {
            return Array.Empty<byte>();
        }

        if (type == typeof(DateTime))
        {
            return DateTime.UnixEpoch;
        }

        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffset.UnixEpoch;
        }

        if (type == typeof(DateOnly))
        {
            return DateOnly.FromDateTime(DateTime.UnixEpoch);
        }

        return type.IsPrimitive || type == typeof(decimal) || type == typeof(Guid) || type == typeof(TimeOnly) || type == typeof(TimeSpan) || type.IsEnum
            ? Activator.CreateInstance(type)
            : null;
    }

    /// <summary><c>erased-</c> and one or two 15-digit draws of the database's random function: nothing of the row is in it.</summary>
    private static Expression Token(int draws)
    {
        Expression token = Expression.Constant(TokenPrefix);
        for (var i = 0; i < draws; i++)
        {
            var scaled = Expression.Convert(Expression.Multiply(Random(), Expression.Constant(Math.Pow(10, RandomDigits))), typeof(long));
            token = Concat(token, Expression.Call(scaled, typeof(long).GetMethod(nameof(long.ToString), Type.EmptyTypes)!));
        }

        return token;
    }

    private static Expression Random() => Expression.Call(RandomMethod, Expression.Constant(EF.Functions));

    private static Expression TruncateToYear(Expression date)
    {
        // date.AddMonths(1 - date.Month).AddDays(1 - date.Day).Date: 1 January of the same year, 00:00.
        var month = Expression.Property(date, nameof(DateTime.Month));
        var firstMonth = Expression.Call(date, typeof(DateTime).GetMethod(nameof(DateTime.AddMonths), [typeof(int)])!, Expression.Subtract(Expression.Constant(1), month));
        var day = Expression.Property(date, nameof(DateTime.Day));
        var firstDay = Expression.Call(firstMonth, typeof(DateTime).GetMethod(nameof(DateTime.AddDays), [typeof(double)])!, Expression.Convert(Expression.Subtract(Expression.Constant(1), day), typeof(double)));
        return Expression.Property(firstDay, nameof(DateTime.Date));
    }

    private static Expression Concat(Expression left, Expression right) => Expression.Call(ConcatMethod, left, right);
}
