using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// What a retention batch sends, at the cost of the hand-written job (issue 18, round 4).
/// <list type="bullet">
/// <item>A deleting batch is one statement, <c>DELETE FROM t WHERE key IN (SELECT key ... LIMIT n)</c> (on PostgreSQL with
/// <c>FOR UPDATE OF ... SKIP LOCKED</c> in the subquery), translated by EF Core once per task and sweep and sent again with
/// the same parameters for every batch: no key query before it, no keys sent back, no query tree built per batch.</item>
/// <item>An anonymising batch continues where the previous one ended (a keyset on the anchor and the key): anonymised rows
/// still match the anchor's range, and without it every batch walked the anchor's index from its start past them.</item>
/// </list>
/// </summary>
internal static class RetentionBatches
{
    /// <summary>Whether a deleting task's batches can be one statement: a single-column key in a table of the type's own.</summary>
    public static bool CanFold(RetentionTask task)
        => task.Action == ErasureRowAction.Delete
           && task.Pointers.Count == 0
           && task.ReadBack.Count == 0
           && task.EntityType.FindPrimaryKey() is { Properties.Count: 1 }
           && task.EntityType.GetTableName() is not null;

    /// <summary>
    /// The deleting batch as one statement: the batch's key query as EF Core translates it (the task's predicate over rows of
    /// exactly this type, at most <paramref name="count"/>, unordered so that the engine finds them through the anchor's
    /// index), inside <c>DELETE ... WHERE key IN (...)</c>; with <paramref name="lockRows"/> the subquery locks the rows it
    /// chooses and passes over rows another transaction holds (PostgreSQL).
    /// </summary>
    public static PreparedStatement PrepareDelete(DbContext context, IQueryable rows, IEntityType entityType, int count, bool lockRows)
    {
        var key = entityType.FindPrimaryKey()!.Properties[0];
        var table = entityType.GetTableName()!;
        var schema = entityType.GetSchema();
        var column = key.GetColumnName(StoreObjectIdentifier.Table(table, schema))
            ?? throw new InvalidOperationException($"{entityType.DisplayName()}.{key.Name} has no column in {table}.");
        var sql = context.GetService<ISqlGenerationHelper>();
        using var command = EntityStatements.BatchKeys(rows, key, count).CreateDbCommand();
        var keys = command.CommandText + (lockRows ? Environment.NewLine + RetentionBatchLock.LockingClause(command.CommandText) : string.Empty);
        var text = $"DELETE FROM {sql.DelimitIdentifier(table, schema)}{Environment.NewLine}WHERE {sql.DelimitIdentifier(column)} IN ({keys})";

        // EF Core reads raw SQL as a composite format string: the braces the translated query holds itself (a JSON path) are escaped.
        var parameters = command.Parameters.Cast<DbParameter>().ToArray();
        command.Parameters.Clear(); // a parameter belongs to one command at a time; EF Core clears its commands' after each run
        return new PreparedStatement(text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal), parameters);
    }

    /// <summary>
    /// The anchor an anonymising task's batches can continue from (a keyset), or null: the one member every rule of the task
    /// counts from, a column of the row itself (not reached through a foreign key, not a date of rows pointing to it), a
    /// <c>DateTime</c> or <c>DateOnly</c> without a converter, first column of an index (else ordering by it would read the
    /// whole table per batch), not written by the task; and a single-column integer key.
    /// </summary>
    public static IProperty? KeysetAnchor(SubjectGraph graph, IEntityType entityType, IEnumerable<string> rules, IReadOnlyList<PropertySetter> setters)
    {
        if (entityType.FindPrimaryKey() is not { Properties: [var key] }
            || key.GetTypeMapping().Converter is not null
            || (key.ClrType != typeof(int) && key.ClrType != typeof(long) && key.ClrType != typeof(short))
            || RetentionAnchors.Referrers(graph, entityType).Count > 0)
        {
            return null;
        }

        IProperty? anchor = null;
        foreach (var id in rules)
        {
            if (!graph.Policy.RetentionRules.TryGetValue(id, out var rule)
                || RetentionAnchors.Find(graph, entityType, rule) is not { ForeignKeys.Count: 0 } route
                || (anchor is not null && route.Member != anchor))
            {
                return null;
            }

            anchor = route.Member;
        }

        if (anchor is null
            || anchor.GetTypeMapping().Converter is not null
            || (Nullable.GetUnderlyingType(anchor.ClrType) ?? anchor.ClrType) is var type && type != typeof(DateTime) && type != typeof(DateOnly)
            || !entityType.GetIndexes().Any(i => i.Properties[0] == anchor)
            || setters.Any(s => s.Field.Property == anchor || s.Field.Property == key))
        {
            return null;
        }

        return anchor;
    }

    /// <summary>
    /// <paramref name="rows"/> in keyset order (anchor, then key), after the row with key <paramref name="lastKey"/> when one
    /// is given: <c>anchor &gt;= b AND (anchor &gt; b OR key &gt; last)</c>, b the anchor of that row, read in the same
    /// statement (a scalar subquery by key), so that the bound is the stored value itself, whatever its text form.
    /// </summary>
    public static IQueryable InKeysetOrder(DbContext context, IQueryable rows, IEntityType entityType, IProperty anchor, object? lastKey)
    {
        var key = entityType.FindPrimaryKey()!.Properties[0];
        var anchorType = typeof(Nullable<>).MakeGenericType(Nullable.GetUnderlyingType(anchor.ClrType) ?? anchor.ClrType);
        var row = Expression.Parameter(entityType.ClrType, "e");
        Expression Anchor(Expression of) => Expression.Convert(EntityStatements.Property(of, anchor), anchorType);
        var query = rows;
        if (lastKey is not null)
        {
            var last = SubjectQueries.Parameter(lastKey, key.ClrType);
            var other = Expression.Parameter(entityType.ClrType, "b");
            var source = EntityStatements.Root(context, entityType);
            source = Expression.Call(ClosedMethods.Where(entityType.ClrType), source, Expression.Quote(Expression.Lambda(Expression.Equal(EntityStatements.Property(other, key), last), other)));
            source = Expression.Call(ClosedMethods.Select(entityType.ClrType, anchorType), source, Expression.Quote(Expression.Lambda(Anchor(other), other)));
            var bound = Expression.Call(ClosedMethods.Of(FirstOrDefault, anchorType), source);
            var after = Expression.AndAlso(
                Expression.GreaterThanOrEqual(Anchor(row), bound),
                Expression.OrElse(Expression.GreaterThan(Anchor(row), bound), Expression.GreaterThan(EntityStatements.Property(row, key), last)));
            query = EntityStatements.Where(query, Expression.Lambda(after, row));
        }

        var byAnchor = Expression.Call(ClosedMethods.OrderBy(false, entityType.ClrType, anchorType), query.Expression, Expression.Quote(Expression.Lambda(Anchor(row), row)));
        var byKey = Expression.Call(ClosedMethods.OrderBy(true, entityType.ClrType, key.ClrType), byAnchor, Expression.Quote(Expression.Lambda(EntityStatements.Property(row, key), row)));
        return query.Provider.CreateQuery(byKey);
    }

    /// <summary>The keys of the first <paramref name="count"/> rows of an ordered query, in its order, as an array of the key's CLR type.</summary>
    public static Task<Array> FirstKeysAsync(IQueryable ordered, IEntityType entityType, int count, CancellationToken cancellationToken)
    {
        var key = entityType.FindPrimaryKey()!.Properties[0];
        return (Task<Array>)ClosedMethods.Private1(typeof(RetentionBatches), nameof(FirstKeysCore), key.ClrType)
            .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [EntityStatements.BatchKeys(ordered, key, count), cancellationToken], null)!;
    }

    private static async Task<Array> FirstKeysCore<TKey>(IQueryable keys, CancellationToken cancellationToken)
        => await ((IQueryable<TKey>)keys).ToArrayAsync(cancellationToken).ConfigureAwait(false);

    private static readonly MethodInfo FirstOrDefault = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.FirstOrDefault) && m.GetParameters().Length == 1);
}

/// <summary>A statement translated once and sent again as it is: its text (braces escaped for EF Core's raw SQL) and parameters.</summary>
internal sealed class PreparedStatement(string sql, DbParameter[] parameters)
{
    /// <summary>Runs it in the context's current transaction, through EF Core (logging, interceptors); the rows it changed.</summary>
    public Task<int> ExecuteAsync(DbContext context, CancellationToken cancellationToken)
        => context.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
}
