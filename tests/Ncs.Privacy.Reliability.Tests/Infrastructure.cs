using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>Keeps every log line (message, structured values and exception) that any logger writes.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public void Clear() => _lines.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            sink._lines.Enqueue($"{logLevel} {category} {eventId.Id} {formatter(state, exception)} [{values}] {exception}");
        }
    }
}

/// <summary>A clock the tests set.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>What the fault injector does when its statement comes.</summary>
public enum FaultKind
{
    /// <summary>Throw before the statement reaches the database.</summary>
    Throw,

    /// <summary>Cancel the caller's token, then let the statement run with it.</summary>
    Cancel,

    /// <summary>PostgreSQL: terminate the statement's server process from a second connection, then let it run.</summary>
    KillConnection,

    /// <summary>Do not send a DELETE or UPDATE at all, and report the planned row count (a planted defect).</summary>
    SkipWrite,
}

/// <summary>The injected failure.</summary>
public sealed class InjectedFaultException(int statement) : Exception($"Injected failure at statement {statement}.")
{
    public int Statement { get; } = statement;
}

/// <summary>
/// Counts every command EF Core sends (and the commit) while armed, and at the k-th one injects a fault. Commits count as
/// statements too, so "every k" includes a failure at the very end.
/// </summary>
public sealed class FaultInjector : DbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly Lock _gate = new();
    private int _count;

    public bool Armed { get; set; }

    public int? FailAt { get; set; }

    public FaultKind Kind { get; set; }

    public CancellationTokenSource? Cancellation { get; set; }

    public Func<DbConnection, Task>? Kill { get; set; }

    /// <summary>For <see cref="FaultKind.SkipWrite"/>: the table whose statements are skipped, and the row count reported.</summary>
    public string? SkipTable { get; set; }

    public int SkipRows { get; set; }

    /// <summary>For <see cref="FaultKind.SkipWrite"/>: only the statements of this verb (UPDATE or DELETE) that write <see cref="SkipTable"/> itself (not those that merely read it in a subquery); every write that names the table when null.</summary>
    public string? SkipVerb { get; set; }

    public int Count => _count;

    /// <summary>Rewrites every command's text (armed or not): a planted defect, e.g. a lock statement turned into a no-op.</summary>
    public Func<string, string>? Rewrite { get; set; }

    /// <summary>Runs (while armed) before every command, with its text: to interleave another transaction.</summary>
    public Func<string, Task>? BeforeCommand { get; set; }

    public int Injected { get; private set; }

    public List<string> Commands { get; } = [];

    public void Arm(int? failAt = null, FaultKind kind = FaultKind.Throw)
    {
        lock (_gate)
        {
            _count = 0;
            Commands.Clear();
            FailAt = failAt;
            Kind = kind;
            Armed = true;
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            Armed = false;
            FailAt = null;
        }
    }

    private async ValueTask<bool> StepAsync(string text, DbConnection? connection)
    {
        bool hit;
        lock (_gate)
        {
            if (!Armed)
            {
                return false;
            }

            Commands.Add(text);
            hit = ++_count == FailAt;
        }

        if (BeforeCommand is { } before)
        {
            await before(text);
        }

        if (!hit)
        {
            return false;
        }

        Injected++;
        switch (Kind)
        {
            case FaultKind.Throw:
                throw new InjectedFaultException(_count);
            case FaultKind.Cancel:
                await Cancellation!.CancelAsync();
                return false;
            case FaultKind.KillConnection:
                await Kill!(connection!);
                return false;
            default:
                return false;
        }
    }

    private bool Skips(DbCommand command)
        => Armed && Kind == FaultKind.SkipWrite && SkipTable is not null
           && (command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) || command.CommandText.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase))
           && (SkipVerb is null
               ? command.CommandText.Contains('"' + SkipTable + '"', StringComparison.Ordinal)
               : command.CommandText.TrimStart().StartsWith(SkipVerb == "DELETE" ? $"DELETE FROM \"{SkipTable}\"" : $"UPDATE \"{SkipTable}\"", StringComparison.OrdinalIgnoreCase));

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await StepAsync(command.CommandText, command.Connection);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Rewrite is { } rewrite)
        {
            command.CommandText = rewrite(command.CommandText);
        }

        await StepAsync(command.CommandText, command.Connection);
        return Skips(command) ? InterceptionResult<int>.SuppressWithResult(SkipRows) : result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await StepAsync(command.CommandText, command.Connection);
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        StepAsync(command.CommandText, command.Connection).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        StepAsync(command.CommandText, command.Connection).AsTask().GetAwaiter().GetResult();
        return Skips(command) ? InterceptionResult<int>.SuppressWithResult(SkipRows) : result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await StepAsync("COMMIT", transaction.Connection);
        return result;
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        StepAsync("COMMIT", transaction.Connection).AsTask().GetAwaiter().GetResult();
        return result;
    }
}

/// <summary>
/// SQLite without fsync (<c>PRAGMA synchronous = OFF</c>): durability against power loss is not under test, atomicity is
/// (the rollback journal still undoes every uncommitted change), and thousands of cases must fit in minutes.
/// </summary>
public sealed class FastSqlite : DbConnectionInterceptor
{
    public static FastSqlite Instance { get; } = new();

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous = OFF";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous = OFF";
            command.ExecuteNonQuery();
        }
    }
}
