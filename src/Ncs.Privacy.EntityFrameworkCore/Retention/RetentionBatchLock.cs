using System.Data.Common;
using System.Text.RegularExpressions;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// A retention batch chosen with <c>SELECT key ... LIMIT n FOR UPDATE SKIP LOCKED</c> on PostgreSQL (issue 18): several
/// instances sweeping one database each lock a different batch and work in parallel, where an advisory lock per task
/// made them take turns. EF Core has no LINQ operator for a locking clause: the batch's key query is built by EF Core
/// (the same predicate, translated the same way), and the clause is appended to the command it creates, which runs in
/// the sweep's transaction.
/// </summary>
internal static partial class RetentionBatchLock
{
    /// <summary>
    /// Whether the entity type's rows can be locked and found again by key: a single-column key read back as its own CLR
    /// type (no value converter), in a table of its own type's rows.
    /// </summary>
    public static bool CanSkipLocked(IEntityType entityType)
        => entityType.FindPrimaryKey() is { Properties: [var key] }
           && key.GetTypeMapping().Converter is null
           && (key.ClrType == typeof(int) || key.ClrType == typeof(long) || key.ClrType == typeof(short) || key.ClrType == typeof(Guid) || key.ClrType == typeof(string));

    /// <summary>Locks at most <paramref name="count"/> rows of <paramref name="query"/> that no other transaction holds, and returns their keys.</summary>
    public static Task<Array> LockAsync(DbContext context, IQueryable query, IEntityType entityType, int count, CancellationToken cancellationToken)
    {
        var key = entityType.FindPrimaryKey()!.Properties[0];
        if (context.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A retention batch locks its rows inside the sweep's transaction.");
        }

        // The key query as EF Core translates it, then run through EF Core again (SqlQueryRaw), so that logging, interceptors
        // and the execution strategy see it like every other statement. Only the batch's own table is locked (OF its alias,
        // the first FROM of the statement: the projection is the key alone), never a table the predicate joins, which
        // PostgreSQL refuses on the nullable side of an outer join.
        string sql;
        DbParameter[] parameters;
        using (var command = EntityStatements.BatchKeys(query, key, count).CreateDbCommand())
        {
            var locking = LockingClause(command.CommandText);
            // EF Core reads raw SQL as a composite format string ({0} for its arguments), so the braces the translated
            // query holds itself (a JSON path such as '{Contact,Name}') are escaped, or the format fails to parse them.
            var translated = command.CommandText.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
            sql = $"SELECT b.k AS \"Value\" FROM ({translated}{Environment.NewLine}{locking}) AS b(k)";
            parameters = command.Parameters.Cast<DbParameter>().ToArray();
            command.Parameters.Clear(); // a parameter belongs to one command at a time
        }

        return (Task<Array>)ClosedMethods.Private1(typeof(RetentionBatchLock), nameof(KeysCore), key.ClrType)
            .Invoke(null, System.Reflection.BindingFlags.DoNotWrapExceptions, null, [context, sql, parameters, cancellationToken], null)!;
    }

    /// <summary>
    /// The locking clause for a translated key query: <c>FOR UPDATE OF &lt;alias&gt; SKIP LOCKED</c>, the alias of its first
    /// FROM (the batch's own table, never a table the predicate joins, which PostgreSQL refuses on the nullable side of an
    /// outer join), or without OF when none is found.
    /// </summary>
    public static string LockingClause(string keyQuery)
    {
        var table = FirstFrom().Match(keyQuery);
        return table.Success ? $"FOR UPDATE OF {table.Groups["alias"].Value} SKIP LOCKED" : "FOR UPDATE SKIP LOCKED";
    }

    private static async Task<Array> KeysCore<TKey>(DbContext context, string sql, DbParameter[] parameters, CancellationToken cancellationToken)
        => (await context.Database.SqlQueryRaw<TKey>(sql, parameters).ToListAsync(cancellationToken).ConfigureAwait(false)).ToArray();

    /// <summary>
    /// The first <c>FROM table AS alias</c>: the schema, table and alias each quoted (<c>"Members"</c>) or not (Npgsql leaves
    /// a lower-case name that is no keyword unquoted: <c>members</c> from a snake-case naming convention or <c>ToTable("members")</c>).
    /// </summary>
    [GeneratedRegex(@"\bFROM\s+(?:(?:""[^""]+""|\w+)\.)?(?:""[^""]+""|\w+)\s+AS\s+(?<alias>""[^""]+""|\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex FirstFrom();
}
