using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Benchmarks.Data;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Every statement an erasure sends, with its time, for the library (plan, execute) and the hand-written erasure, on one
/// engine and subject size (issue 18: where an erasure of 100,000 rows spends its time in the database):
/// <c>dotnet run -c Release --project benchmarks/Ncs.Privacy.Benchmarks -- --erasure-statements [Sqlite|PostgreSql] [rows] [repeats]</c>.
/// Not a benchmark: one erasure per repeat, each statement timed by the command interceptor around the database call.
/// </summary>
internal static class ErasureStatements
{
    public static async Task RunAsync(DatabaseProvider provider, int rows, int repeats)
    {
        var sizes = BenchSettings.ErasureSizes;
        var layout = SubjectGroup.Layout(sizes, BenchSettings.OtherSubjects);
        var group = layout[sizes.ToList().IndexOf(rows)];
        var database = await ShopDatabase.OpenAsync(provider, ShopServices.Name("erasure", layout), d => ShopServices.InsertAllAsync(d, layout));
        var timer = new StatementTimer();
        await using var services = ShopServices.Build(database, interceptor: timer);
        var planner = services.GetRequiredService<IErasurePlanner>();
        var executor = services.GetRequiredService<IErasureExecutor>();
        var plain = (DbContextOptions<ShopContext>)database.Configure(new DbContextOptionsBuilder<ShopContext>()).AddInterceptors(timer).Options;
        var subject = new DataSubjectReference(BenchmarkPolicy.Customer, group.CustomerBase + 1);

        async Task RestoreAsync()
        {
            await group.DeleteAsync(database);
            await group.InsertAsync(database);
            await database.ExecuteAsync("DELETE FROM \"PrivacyAudit\"");
        }

        for (var i = 0; i < repeats; i++)
        {
            await RestoreAsync();
            timer.Phase = "plan";
            var total = Stopwatch.StartNew();
            var plan = await planner.PlanAsync(subject, "STATEMENTS-" + i);
            var planned = total.Elapsed;
            timer.Phase = "execute";
            await executor.ExecuteAsync(plan);
            var executed = total.Elapsed - planned;
            await RestoreAsync();
            timer.Phase = "hand-written";
            total.Restart();
            await HandWrittenErasure.EraseAsync(plain, group.CustomerBase + 1, "STATEMENTS-H" + i);
            var handWritten = total.Elapsed;
            timer.Phase = null;
            Console.WriteLine($"== {provider}, {rows} rows, repeat {i + 1}: plan {planned.TotalMilliseconds:F1} ms, execute {executed.TotalMilliseconds:F1} ms, hand-written {handWritten.TotalMilliseconds:F1} ms");
            foreach (var (phase, sql, ms) in timer.Drain())
            {
                Console.WriteLine($"   {phase,-12} {ms,9:F1} ms  {sql.ReplaceLineEndings(" ")}");
            }
        }
    }

    private sealed class StatementTimer : DbCommandInterceptor
    {
        private readonly ConcurrentDictionary<DbCommand, long> _started = new();
        private readonly ConcurrentQueue<(string Phase, string Sql, double Ms)> _done = new();

        public volatile string? Phase;

        public IEnumerable<(string Phase, string Sql, double Ms)> Drain()
        {
            while (_done.TryDequeue(out var item))
            {
                yield return item;
            }
        }

        private void Start(DbCommand command) => _started[command] = Stopwatch.GetTimestamp();

        private void Stop(DbCommand command)
        {
            if (Phase is { } phase && _started.TryRemove(command, out var started))
            {
                _done.Enqueue((phase, command.CommandText, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Start(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Stop(command);
            return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Start(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Stop(command);
            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Start(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Stop(command);
            return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
        }
    }
}
