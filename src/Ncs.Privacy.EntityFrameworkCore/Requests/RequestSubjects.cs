using System.Globalization;
using System.Linq.Expressions;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// How requests and restrictions name a subject: the key as invariant text (restrictions, while the subject exists) or its
/// keyed hash (requests; restrictions once the subject is erased).
/// </summary>
internal static class RequestSubjects
{
    public static SubjectRoot Root(DbContext context, DataSubjectReference subject) =>
        context.GetSubjectGraph().FindRoot(subject.Category)
        ?? throw new ArgumentException($"{context.GetType().Name} has no data-subject root for category '{subject.Category}'.", nameof(subject));

    /// <summary>The subject's key in the text form objections and the audit use, after converting it to the key's type.</summary>
    public static string KeyText(DbContext context, DataSubjectReference subject) =>
        Convert.ToString(Root(context, subject).ConvertId(subject.Id), CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>The key's text, after checking that the subject exists.</summary>
    /// <exception cref="DataSubjectNotFoundException">It does not.</exception>
    public static async Task<string> ExistingKeyAsync(DbContext context, DataSubjectReference subject, CancellationToken cancellationToken)
    {
        var root = Root(context, subject);
        var id = root.ConvertId(subject.Id);
        var exists = await root.Entities[0].Query(context, id).Cast<object>().AnyAsync(cancellationToken).ConfigureAwait(false);
        return exists ? Convert.ToString(id, CultureInfo.InvariantCulture) ?? string.Empty : throw new DataSubjectNotFoundException(subject);
    }

    /// <summary>The keyed hash the audit trail uses for this subject.</summary>
    public static string Hash(byte[] auditKey, string category, string keyText) => PrivacyAuditRecord.Hash(auditKey, category, keyText);

    /// <summary>An expression for the root row's key as text (<c>ToString()</c> translates on every provider).</summary>
    public static Expression KeyTextExpression(SubjectRoot root, ParameterExpression subject, Type clrType)
    {
        Expression key = root.Key.PropertyInfo is { } clrKey && clrKey.DeclaringType!.IsAssignableFrom(clrType)
            ? Expression.Property(subject, clrKey)
            : Expression.Call(typeof(EF), nameof(EF.Property), [root.Key.ClrType], subject, Expression.Constant(root.Key.Name));
        return CanonicalText(key);
    }

    /// <summary>
    /// A key column as the text <see cref="KeyText"/> gives in .NET (the invariant form the restrictions and objections
    /// store), in SQL: <c>ToString()</c>, and for a Guid also <c>ToLower()</c>, because SQLite stores Guids as upper-case
    /// text while .NET (and PostgreSQL's uuid) write them in lower case. A nullable key (a foreign key) is unwrapped;
    /// compare it only where it is not null.
    /// </summary>
    public static Expression CanonicalText(Expression key)
    {
        if (Nullable.GetUnderlyingType(key.Type) is { } core)
        {
            key = Expression.Convert(key, core);
        }

        if (key.Type == typeof(string))
        {
            return key;
        }

        var text = Expression.Call(key, key.Type.GetMethod(nameof(ToString), Type.EmptyTypes)!);
        return key.Type == typeof(Guid) ? Expression.Call(text, typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!) : text;
    }
}

/// <summary>Times as the request tables store them: UTC, whole microseconds (PostgreSQL keeps no finer precision).</summary>
internal static class RequestTime
{
    public static DateTime Now(TimeProvider time) => Truncate(time.GetUtcNow().UtcDateTime);

    public static DateTime Truncate(DateTime value) => new(value.Ticks - (value.Ticks % 10), DateTimeKind.Utc);
}
