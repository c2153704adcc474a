using System.Linq.Expressions;
using System.Reflection;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Turns an <see cref="AnonymisationStrategy"/> into a value EF Core computes in the database, row by row, inside one
/// UPDATE: nothing is read into memory, the replacement never depends on the original, and tokens are random per row
/// (the database's random function) plus the row's own key, so that unique indexes stay satisfied and no two rows share
/// a token that would link them. See docs/anonymisation.md.
/// </summary>
internal static class Anonymiser
{
    /// <summary>Every random token starts with this: the sweep recognises values it already replaced.</summary>
    public const string TokenPrefix = "erased-";

    /// <summary>The placeholder of <see cref="AnonymisationStrategy.Redact"/>.</summary>
    public const string Placeholder = "[erased]";

    /// <summary>The domain of <see cref="AnonymisationStrategy.RandomEmail"/> (RFC 2606 reserves <c>.invalid</c>).</summary>
    public const string EmailDomain = "@erased.invalid";

    private const int RandomDigits = 15;

    private static readonly MethodInfo ConcatMethod = typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo RandomMethod = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Random), [typeof(DbFunctions)])!;
    private static readonly MethodInfo StartsWithMethod = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;

    /// <summary>
    /// The strategy that applies to a property: the first explicit one among its uses, else <see cref="AnonymisationStrategy.Default"/>
    /// resolved against the column (NULL when nullable, a random token for text, the zero value otherwise). Throws when the
    /// strategy cannot keep the column's constraints valid, naming the property and the fix.
    /// </summary>
    public static AnonymisationStrategy Resolve(ClassifiedProperty classified)
    {
        var property = classified.Property;
        var what = $"{property.DeclaringType.DisplayName()}.{property.Name}";
        var declared = classified.Uses.Select(u => u.Anonymisation).FirstOrDefault(s => s != AnonymisationStrategy.Default);
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var unique = property.GetContainingIndexes().Any(i => i.IsUnique);
        if (property.IsKey() || property.IsForeignKey())
        {
            throw new InvalidOperationException(
                $"{what} is personal data and part of a key or foreign key: erasure cannot replace it. Use a surrogate key, or make erasure delete the row (ErasureAction.Delete).");
        }

        var strategy = declared switch
        {
            AnonymisationStrategy.Default when property.IsNullable => AnonymisationStrategy.Null,
            AnonymisationStrategy.Default when type == typeof(string) => AnonymisationStrategy.RandomToken,
            AnonymisationStrategy.Default => AnonymisationStrategy.Zero,
            _ => declared,
        };

        string? problem = strategy switch
        {
            AnonymisationStrategy.Null when !property.IsNullable => "is NOT NULL, so it cannot be anonymised to NULL; choose RandomToken, Redact or Zero",
            AnonymisationStrategy.Redact when type != typeof(string) => "is not text; Redact needs a text column",
            AnonymisationStrategy.Redact or AnonymisationStrategy.Zero or AnonymisationStrategy.TruncateToYear when unique
                => $"has a unique index, and {strategy} would give every erased row the same value; choose RandomToken or RandomEmail",
            AnonymisationStrategy.RandomToken or AnonymisationStrategy.RandomEmail when type != typeof(string) => $"is not text; {strategy} needs a text column",
            AnonymisationStrategy.RandomToken or AnonymisationStrategy.RandomEmail when property.GetMaxLength() is { } max && max < TokenLength(property, strategy)
                => $"holds at most {property.GetMaxLength()} characters but a {strategy} value needs {TokenLength(property, strategy)}; widen the column or choose Null or Redact",
            AnonymisationStrategy.Redact when property.GetMaxLength() is { } max && max < Placeholder.Length => $"holds fewer than {Placeholder.Length} characters; choose Null or Zero",
            AnonymisationStrategy.Zero when ZeroOf(type) is null => $"is a {type.Name}, which has no zero value Ncs.Privacy knows; choose Null or a text strategy",
            AnonymisationStrategy.TruncateToYear when type != typeof(DateTime) => "is not a DateTime; TruncateToYear needs a date column",
            AnonymisationStrategy.Pseudonymise => "asks for Pseudonymise, which set-based erasure does not support (a keyed pseudonym must be computed per value outside the database); choose RandomToken",
            _ => null,
        };
        if (problem is not null)
        {
            throw new InvalidOperationException($"{what} {problem}.");
        }

        return strategy;
    }

    /// <summary>The new value, as <c>Expression&lt;Func&lt;TEntity, TProperty&gt;&gt;</c>.</summary>
    public static LambdaExpression Value(IEntityType entityType, FieldPath field, AnonymisationStrategy strategy)
    {
        var property = field.Property;
        var row = Expression.Parameter(entityType.ClrType, "e");
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        Expression value = strategy switch
        {
            AnonymisationStrategy.Null => Expression.Constant(null, property.ClrType),
            AnonymisationStrategy.Redact => Expression.Constant(Placeholder),
            AnonymisationStrategy.Zero => Expression.Constant(ZeroOf(type), type),
            AnonymisationStrategy.RandomToken => Token(row, entityType),
            AnonymisationStrategy.RandomEmail => Concat(Token(row, entityType), Expression.Constant(EmailDomain)),
            AnonymisationStrategy.TruncateToYear => TruncateToYear(Expression.Convert(field.Access(row), typeof(DateTime))),
            _ => throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name}: {strategy} is not a strategy set-based erasure applies."),
        };
        if (value.Type != property.ClrType)
        {
            value = Expression.Convert(value, property.ClrType);
        }

        return Expression.Lambda(typeof(Func<,>).MakeGenericType(entityType.ClrType, property.ClrType), value, row);
    }

    /// <summary>A predicate that is true when the value is already what the strategy leaves behind (or NULL): the sweep skips such rows.</summary>
    public static Expression IsAnonymised(Expression row, FieldPath field, AnonymisationStrategy strategy)
    {
        var property = field.Property;
        var value = field.Access(row);
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        Expression isNull = property.IsNullable || !property.ClrType.IsValueType
            ? Expression.Equal(value, Expression.Constant(null, property.ClrType))
            : Expression.Constant(false);
        Expression replaced = strategy switch
        {
            AnonymisationStrategy.Null => Expression.Constant(false),
            AnonymisationStrategy.Redact => Expression.Equal(value, Expression.Constant(Placeholder)),
            AnonymisationStrategy.Zero => Expression.Equal(value, Expression.Convert(Expression.Constant(ZeroOf(type), type), property.ClrType)),
            AnonymisationStrategy.RandomToken or AnonymisationStrategy.RandomEmail => Expression.Call(value, StartsWithMethod, Expression.Constant(TokenPrefix)),
            AnonymisationStrategy.TruncateToYear => Expression.Equal(
                Expression.Convert(value, typeof(DateTime)),
                TruncateToYear(Expression.Convert(value, typeof(DateTime)))),
            _ => Expression.Constant(false),
        };
        return Expression.OrElse(isNull, replaced);
    }

    /// <summary>The zero value of <see cref="AnonymisationStrategy.Zero"/>, or null when the type has none we know.</summary>
    public static object? ZeroOf(Type type)
    {
        if (type == typeof(string))
        {
            return string.Empty;
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

    private static int TokenLength(IProperty property, AnonymisationStrategy strategy)
    {
        var key = property.DeclaringType.ContainingEntityType.FindPrimaryKey()?.Properties ?? [];
        var keyLength = key.Sum(k => (Nullable.GetUnderlyingType(k.ClrType) ?? k.ClrType) switch
        {
            var t when t == typeof(int) || t == typeof(uint) => 11,
            var t when t == typeof(short) || t == typeof(ushort) || t == typeof(byte) => 6,
            var t when t == typeof(Guid) => 36,
            var t when t == typeof(string) => k.GetMaxLength() ?? 64,
            _ => 20,
        }) + Math.Max(0, key.Count - 1);
        return TokenPrefix.Length + RandomDigits + 1 + keyLength + (strategy == AnonymisationStrategy.RandomEmail ? EmailDomain.Length : 0);
    }

    private static Expression Token(ParameterExpression row, IEntityType entityType)
    {
        // A random number per row from the database's own generator, then the row's key: unique (the key is), unrelated
        // to the original value, and no token is shared between rows, so anonymised rows cannot be linked to each other.
        var random = Expression.Call(RandomMethod, Expression.Constant(EF.Functions));
        var scaled = Expression.Convert(Expression.Multiply(random, Expression.Constant(Math.Pow(10, RandomDigits))), typeof(long));
        Expression token = Concat(Expression.Constant(TokenPrefix), Expression.Call(scaled, typeof(long).GetMethod(nameof(long.ToString), Type.EmptyTypes)!));
        foreach (var key in entityType.FindPrimaryKey()!.Properties)
        {
            Expression keyValue = EntityStatements.Property(row, key);
            if (keyValue.Type != typeof(string))
            {
                keyValue = Expression.Call(keyValue, keyValue.Type.GetMethod(nameof(ToString), Type.EmptyTypes)!);
            }

            token = Concat(Concat(token, Expression.Constant("-")), keyValue);
        }

        return token;
    }

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
