using System.Data.Common;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Benchmarks.Data;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Issue 7, benchmark 2: the erasure of one subject with 10, 1,000 and 100,000 related rows among 100,000 others, mixed
/// actions: the customer row is anonymised (random token, random unique e-mail), its orders are retained under the
/// bookkeeping hold with the delivery note anonymised, lines and events are deleted; one audit record. Baseline:
/// <see cref="HandWrittenErasure"/>, the same changes with ExecuteDelete/ExecuteUpdate in one transaction and the same
/// audit row; both end states are checked in the setup, and the SQL statements each side sends are counted there.
/// Every iteration erases once; the subject's rows are restored (set-based) before each.
/// </summary>
[MemoryDiagnoser]
[FullRunJob(warmupCount: 1, iterationCount: 8, oneOperationPerIteration: true)]
public class ErasureBenchmarks
{
    private static readonly HashSet<(DatabaseProvider, int)> Checked = [];

    private ShopDatabase? _database;
    private SubjectGroup? _group;
    private ServiceProvider? _services;
    private IErasurePlanner? _planner;
    private IErasureExecutor? _executor;
    private DbContextOptions<ShopContext>? _plain;
    private ErasurePlan? _plan;
    private int _request;

    [ParamsAllValues]
    public DatabaseProvider Provider { get; set; }

    [ParamsSource(nameof(Sizes))]
    public int Rows { get; set; }

    public static IEnumerable<int> Sizes => BenchSettings.ErasureSizes;

    private int Subject => _group!.CustomerBase + 1;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _services?.Dispose();

    [IterationSetup(Targets = [nameof(Library), nameof(HandWritten)])]
    public void Restore() => RestoreAsync().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(LibraryExecuteOnly))]
    public void RestoreAndPlan()
    {
        RestoreAsync().GetAwaiter().GetResult();
        _plan = _planner!.PlanAsync(new DataSubjectReference(BenchmarkPolicy.Customer, Subject), NextRequest()).GetAwaiter().GetResult();
    }

    /// <summary>What an application calls: plan (reviewable, counted per step), then execute it.</summary>
    [Benchmark(Description = "Ncs.Privacy: plan + execute")]
    public async Task<long> Library()
    {
        var plan = await _planner!.PlanAsync(new DataSubjectReference(BenchmarkPolicy.Customer, Subject), NextRequest());
        var result = await _executor!.ExecuteAsync(plan);
        return result.RowsDeleted + result.RowsAnonymised;
    }

    /// <summary>Execution alone, of a plan made (and reviewed) beforehand.</summary>
    [Benchmark(Description = "Ncs.Privacy: execute a plan made before")]
    public async Task<long> LibraryExecuteOnly()
    {
        var result = await _executor!.ExecuteAsync(_plan!);
        return result.RowsDeleted + result.RowsAnonymised;
    }

    [Benchmark(Baseline = true, Description = "Hand-written ExecuteDelete/ExecuteUpdate in a transaction")]
    public Task<long> HandWritten() => HandWrittenErasure.EraseAsync(_plain!, Subject, NextRequest());

    private string NextRequest() => "BENCH-" + (++_request).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task RestoreAsync()
    {
        await _group!.DeleteAsync(_database!);
        await _group.InsertAsync(_database!);
        await _database!.ExecuteAsync("DELETE FROM \"PrivacyAudit\"");
    }

    private async Task SetupAsync()
    {
        var layout = SubjectGroup.Layout(BenchSettings.ErasureSizes, BenchSettings.OtherSubjects);
        _database = await ShopDatabase.OpenAsync(Provider, ShopServices.Name("erasure", layout), database => ShopServices.InsertAllAsync(database, layout));
        _group = layout[BenchSettings.ErasureSizes.ToList().IndexOf(Rows)];
        _services = ShopServices.Build(_database);
        _planner = _services.GetRequiredService<IErasurePlanner>();
        _executor = _services.GetRequiredService<IErasureExecutor>();
        _plain = _database.PlainOptions();
        foreach (var group in layout.Take(BenchSettings.ErasureSizes.Count))
        {
            // Subjects an interrupted run left erased.
            await group.DeleteAsync(_database);
            await group.InsertAsync(_database);
        }

        // Same job, counted: both leave the same state, and the statements each sends are printed into the run's log
        // (once per engine and size in a process).
        if (!Checked.Add((Provider, Rows)))
        {
            return;
        }

        var counter = new CommandCounter();
        await using (var counted = ShopServices.Build(_database, interceptor: counter))
        {
            await RestoreAsync();
            var plan = await counted.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(BenchmarkPolicy.Customer, Subject), NextRequest());
            var planned = counter.Reset();
            var result = await counted.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan);
            var executed = counter.Reset();
            await CheckErasedAsync("library");
            await RestoreAsync();
            var options = (DbContextOptions<ShopContext>)_database.Configure(new DbContextOptionsBuilder<ShopContext>()).AddInterceptors(counter).Options;
            await HandWrittenErasure.EraseAsync(options, Subject, NextRequest());
            var handWritten = counter.Reset();
            await CheckErasedAsync("hand-written");
            Console.WriteLine($"// Erasure statements ({Provider}, {Rows} rows): library {planned.Total + executed.Total} (plan {planned}; execute {executed}; "
                + $"{result.RowsDeleted} rows deleted, {result.RowsAnonymised} anonymised), hand-written {handWritten}");
        }
    }

    private async Task CheckErasedAsync(string who)
    {
        await using var context = new ShopContext(_plain!);
        var customer = await context.Customers.AsNoTracking().SingleAsync(c => c.Id == Subject);
        var orders = await context.Orders.AsNoTracking().Where(o => o.CustomerId == Subject).ToListAsync();
        var lines = await context.Lines.CountAsync(l => l.Order.CustomerId == Subject);
        var events = await context.Events.CountAsync(e => e.Line.Order.CustomerId == Subject);
        var others = await context.Orders.CountAsync(o => o.CustomerId != Subject && o.DeliveryNote == null);
        var audit = await context.Audit.CountAsync();
        var ok = customer.Name.StartsWith("erased-", StringComparison.Ordinal)
            && customer.Email.StartsWith("erased-", StringComparison.Ordinal) && customer.Email.EndsWith("@erased.invalid", StringComparison.Ordinal)
            && orders.Count == _group!.Orders && orders.All(o => o.DeliveryNote is null && o.BillingName.StartsWith("Billing name", StringComparison.Ordinal))
            && lines == 0 && events == 0 && others == 0 && audit == 1;
        if (!ok)
        {
            throw new InvalidOperationException(
                $"The {who} erasure did not do the job: customer '{customer.Name}' <{customer.Email}>, {orders.Count} orders (of {_group!.Orders}), {lines} lines, {events} events, {others} other orders touched, {audit} audit rows.");
        }
    }
}

/// <summary>
/// What an application would write by hand for the same erasure: one transaction, dependents first, one set-based
/// statement per table, random replacements computed once, and one audit row that records counts, not values.
/// </summary>
public static class HandWrittenErasure
{
    private static readonly byte[] AuditKey = System.Text.Encoding.UTF8.GetBytes(ShopServices.AuditKey);

    public static async Task<long> EraseAsync(DbContextOptions<ShopContext> options, int customerId, string requestId, CancellationToken cancellationToken = default)
    {
        await using var context = new ShopContext(options);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        if (!await context.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            throw new InvalidOperationException("No such customer.");
        }

        long deleted = await context.Events.Where(e => e.Line.Order.CustomerId == customerId).ExecuteDeleteAsync(cancellationToken);
        deleted += await context.Lines.Where(l => l.Order.CustomerId == customerId).ExecuteDeleteAsync(cancellationToken);
        long anonymised = await context.Orders.Where(o => o.CustomerId == customerId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.DeliveryNote, (string?)null), cancellationToken);
        var name = "erased-" + RandomNumberGenerator.GetHexString(15, lowercase: true);
        var email = "erased-" + RandomNumberGenerator.GetHexString(15, lowercase: true) + "@erased.invalid";
        anonymised += await context.Customers.Where(c => c.Id == customerId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, name).SetProperty(c => c.Email, email), cancellationToken);
        context.Audit.Add(new PrivacyAuditRecord
        {
            Id = Guid.NewGuid(),
            Kind = PrivacyAuditRecord.ErasureKind,
            PlanId = Guid.NewGuid(),
            RequestId = requestId,
            SubjectCategory = BenchmarkPolicy.Customer,
            SubjectKeyHash = Convert.ToHexStringLower(HMACSHA256.HashData(AuditKey, System.Text.Encoding.UTF8.GetBytes(BenchmarkPolicy.Customer + "\n" + customerId))),
            OccurredAt = DateTimeOffset.UtcNow,
            Policy = "Benchmark policy",
            Rows = deleted + anonymised,
            Entries = $"[{{\"deleted\":{deleted},\"anonymised\":{anonymised}}}]",
        });
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted + anonymised;
    }
}

/// <summary>Counts the SQL commands EF Core sends (queries, writes, scalars), split into reads and writes.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int _reads;
    private int _writes;

    public readonly record struct Counts(int Reads, int Writes)
    {
        public int Total => Reads + Writes;

        public override string ToString() => $"{Total} statements: {Reads} reads, {Writes} writes";
    }

    public Counts Reset()
    {
        var counts = new Counts(_reads, _writes);
        _reads = 0;
        _writes = 0;
        return counts;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        var text = command.CommandText.TrimStart();
        var write = text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase);
        if (write)
        {
            Interlocked.Increment(ref _writes);
        }
        else
        {
            Interlocked.Increment(ref _reads);
        }
    }
}
