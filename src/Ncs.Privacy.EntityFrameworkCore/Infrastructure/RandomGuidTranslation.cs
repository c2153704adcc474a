using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// A random Guid computed by the database in an UPDATE, on providers that do not translate <see cref="Guid.NewGuid"/>
/// (SQLite): every column type needs one strategy that fits it, and a NOT NULL unique Guid column has no other one than a
/// random value (issue 11). The anonymiser calls <see cref="RandomGuid"/> only on such providers; elsewhere it uses
/// <see cref="Guid.NewGuid"/>, which EF Core translates itself.
/// </summary>
internal static class StoreRandomGuid
{
    public static readonly MethodInfo RandomGuidMethod = typeof(StoreRandomGuid).GetMethod(nameof(RandomGuid))!;

    /// <summary>Whether the provider (by assembly name, as the model's provider annotation holds it) needs <see cref="RandomGuid"/>.</summary>
    public static bool Needed(string? provider) => provider?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Only meaningful inside a query; translated by <see cref="RandomGuidTranslatorPlugin"/>.</summary>
    /// <returns>Never returns.</returns>
    /// <exception cref="InvalidOperationException">Always: the function runs only in the database.</exception>
    public static Guid RandomGuid() => throw new InvalidOperationException("StoreRandomGuid.RandomGuid runs only in the database, inside a query.");
}

/// <summary>Keeps EF Core from evaluating <see cref="StoreRandomGuid.RandomGuid"/> once on the client (it must run per row).</summary>
internal sealed class RandomGuidEvaluatableFilter : IEvaluatableExpressionFilterPlugin
{
    public bool IsEvaluatableExpression(Expression expression)
        => expression is not MethodCallExpression call || call.Method != StoreRandomGuid.RandomGuidMethod;
}

/// <summary>Translates <see cref="StoreRandomGuid.RandomGuid"/> on SQLite.</summary>
internal sealed class RandomGuidTranslatorPlugin(ISqlExpressionFactory sql, IRelationalTypeMappingSource typeMappings, IDbContextOptions options) : IMethodCallTranslatorPlugin
{
    public IEnumerable<IMethodCallTranslator> Translators { get; } =
    [
        new RandomGuidTranslator(sql, typeMappings, StoreRandomGuid.Needed(options.Extensions.FirstOrDefault(e => e.Info.IsDatabaseProvider)?.GetType().Assembly.GetName().Name)),
    ];

    private sealed class RandomGuidTranslator(ISqlExpressionFactory sql, IRelationalTypeMappingSource typeMappings, bool sqlite) : IMethodCallTranslator
    {
        public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
        {
            if (method != StoreRandomGuid.RandomGuidMethod || !sqlite)
            {
                return null;
            }

            // A version-4 UUID in the text form EF Core's SQLite provider stores (upper-case hex with dashes), made of
            // randomblob() draws: xxxxxxxx-xxxx-4xxx-[89AB]xxx-xxxxxxxxxxxx. Nothing of the row goes into it.
            var text = typeMappings.FindMapping(typeof(string))!;
            SqlExpression Hex(int bytes) => sql.Function("hex", [sql.Function("randomblob", [sql.Constant(bytes)], nullable: false, [false], typeof(byte[]))], nullable: false, [false], typeof(string), text);
            SqlExpression Tail(SqlExpression hex) => sql.Function("substr", [hex, sql.Constant(2)], nullable: false, [false, false], typeof(string), text);
            var variant = sql.Function(
                "substr",
                [sql.Constant("89AB", text), sql.Add(sql.Constant(1), sql.Modulo(sql.Function("abs", [sql.Function("random", [], nullable: false, [], typeof(long))], nullable: false, [false], typeof(long)), sql.Constant(4L))), sql.Constant(1)],
                nullable: false,
                [false, false, false],
                typeof(string),
                text);
            SqlExpression[] parts = [Hex(4), sql.Constant("-", text), Hex(2), sql.Constant("-4", text), Tail(Hex(2)), sql.Constant("-", text), variant, Tail(Hex(2)), sql.Constant("-", text), Hex(6)];
            var uuid = parts.Aggregate((left, right) => sql.Add(left, right, text));
            return sql.Convert(uuid, typeof(Guid), typeMappings.FindMapping(typeof(Guid)));
        }
    }
}
