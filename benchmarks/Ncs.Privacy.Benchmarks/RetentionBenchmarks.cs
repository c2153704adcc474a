using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Benchmarks.Data;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Issue 7, benchmark 3: a retention sweep over 1,000,000 expired rows. 100,000 customers with an order and 3 lines
/// each; the lines carry 1,000,000 delivery events signed more than two years ago (the "two-years" rule, anchored on
/// <see cref="ShopLineEvent.At"/>, has expired: the rows go) and 100,000 recent ones that stay. Baseline:
/// <see cref="HandWrittenRetention"/>, batched ExecuteDelete of the expired events, 1,000 rows per batch like the
/// library's default. Every iteration sweeps once; the expired rows are re-inserted (set-based) before each.
/// Throughput is rows per second: the ratio of the times is the inverse of the throughput ratio.
/// </summary>
[MemoryDiagnoser]
[FullRunJob(warmupCount: 0, iterationCount: 3, oneOperationPerIteration: true)]
public class RetentionBenchmarks
{
    private const int BatchSize = 1000;

    /// <summary>Events before this are past the two-year rule on any run date after 2022.</summary>
    private static readonly DateTime ExpiredAt = new(2020, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private ShopDatabase? _database;
    private ServiceProvider? _services;
    private IRetentionEnforcer? _enforcer;
    private ServiceProvider? _secondServices;
    private IRetentionEnforcer? _second;
    private DbContextOptions<ShopContext>? _plain;
    private int _lines;

    [ParamsAllValues]
    public DatabaseProvider Provider { get; set; }

    [ParamsSource(nameof(Sizes))]
    public int ExpiredRows { get; set; }

    public static IEnumerable<int> Sizes => [BenchSettings.ExpiredRows];

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services?.Dispose();
        _secondServices?.Dispose();
    }

    [IterationSetup]
    public void Restore() => RestoreAsync().GetAwaiter().GetResult();

    [Benchmark(Description = "Ncs.Privacy: IRetentionEnforcer.SweepAsync")]
    public async Task<long> Library()
    {
        var result = await _enforcer!.SweepAsync();
        return result.RowsDeleted + result.RowsAnonymised;
    }

    /// <summary>
    /// Two application instances sweeping the same database at once (hard case 10; issue 18: together at least as fast
    /// as one). On PostgreSQL their batches skip each other's locked rows; SQLite has one writer at a time.
    /// </summary>
    [Benchmark(Description = "Ncs.Privacy: two instances sweeping together")]
    public async Task<long> LibraryTwoInstances()
    {
        var results = await Task.WhenAll(Task.Run(() => _enforcer!.SweepAsync()), Task.Run(() => _second!.SweepAsync()));
        return results.Sum(r => r.RowsDeleted + r.RowsAnonymised);
    }

    [Benchmark(Baseline = true, Description = "Hand-written batched ExecuteDelete")]
    public Task<long> HandWritten() => HandWrittenRetention.SweepAsync(_plain!, DateTime.UtcNow.AddYears(-2), BatchSize);

    private async Task RestoreAsync()
    {
        await _database!.ExecuteAsync($"DELETE FROM events WHERE id > {ExpiredBase}");
        await _database.InsertNumberedAsync(
            "events (id, line_id, at, signed_by)",
            $"{ExpiredBase} + i, 1 + (i - 1) % {_lines}, {_database.Timestamp(ExpiredAt)}, 'Signed by recipient ' || ({ExpiredBase} + i)",
            ExpiredRows);
        await _database.ExecuteAsync("DELETE FROM \"PrivacyAudit\"");
        if (Provider == DatabaseProvider.PostgreSql)
        {
            // As autovacuum would after a bulk load: the planner sees the rows and the visibility map is fresh.
            await _database.ExecuteAsync("VACUUM ANALYZE events");
        }
    }

    private const int ExpiredBase = 100_000_000;

    private static readonly HashSet<DatabaseProvider> Checked = [];

    private async Task SetupAsync()
    {
        // The other subjects with an order of 3 lines, 2 recent events per line... trimmed: one recent event per customer.
        var others = BenchSettings.OtherSubjects;
        _database = await ShopDatabase.OpenAsync(Provider, $"retention-v1-{others}", async database =>
        {
            var group = new SubjectGroup(0, others, 1, 0, 0, 0);
            await group.InsertAsync(database);
            await database.ExecuteAsync($"DELETE FROM events WHERE id > {others}"); // keep one recent event per customer
        });
        _lines = others * SubjectGroup.LinesPerOrder;
        _services = ShopServices.Build(_database, retentionBatchSize: BatchSize);
        _enforcer = _services.GetRequiredService<IRetentionEnforcer>();
        _secondServices = ShopServices.Build(_database, retentionBatchSize: BatchSize);
        _second = _secondServices.GetRequiredService<IRetentionEnforcer>();
        _plain = _database.PlainOptions();

        // Same job: both remove exactly the expired rows and keep the rest (once per engine and process: two sweeps of a
        // million rows are not repeated for every benchmark of the class).
        if (!Checked.Add(Provider))
        {
            return;
        }

        await RestoreAsync();
        var library = await _enforcer.SweepAsync();
        await CheckAsync("library", library.RowsDeleted + library.RowsAnonymised, others);
        await RestoreAsync();
        var together = await LibraryTwoInstances();
        await CheckAsync("two-instance", together, others);
        await RestoreAsync();
        var handWritten = await HandWrittenRetention.SweepAsync(_plain, DateTime.UtcNow.AddYears(-2), BatchSize);
        await CheckAsync("hand-written", handWritten, others);
        Console.WriteLine($"// Retention ({Provider}): {ExpiredRows} expired rows; library {library.Batches} batches ({string.Join("; ", library.Entries.Select(e => $"{e.EntityType} {e.Action} {e.Rows}"))})");
    }

    private async Task CheckAsync(string who, long changed, int others)
    {
        await using var context = new ShopContext(_plain!);
        var remaining = await context.Events.CountAsync();
        var customers = await context.Customers.CountAsync(c => c.Name.StartsWith("Customer"));
        if (changed != ExpiredRows || remaining != others || customers != others)
        {
            throw new InvalidOperationException($"The {who} sweep changed {changed} rows (expected {ExpiredRows}); {remaining} events remain (expected {others}); {customers} customers untouched.");
        }
    }
}

/// <summary>What an application would write by hand: delete expired rows 1,000 at a time, each batch its own statement (and transaction), until none is left.</summary>
public static class HandWrittenRetention
{
    public static async Task<long> SweepAsync(DbContextOptions<ShopContext> options, DateTime cutoff, int batchSize, CancellationToken cancellationToken = default)
    {
        await using var context = new ShopContext(options);
        long total = 0;
        int deleted;
        do
        {
            deleted = await context.Events.Where(e => e.At < cutoff).OrderBy(e => e.Id).Take(batchSize).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }
}
