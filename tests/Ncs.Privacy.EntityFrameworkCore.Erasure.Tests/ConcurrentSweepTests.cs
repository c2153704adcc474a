using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Performance;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>
/// Hard case 10 on PostgreSQL, with batches chosen by <c>FOR UPDATE SKIP LOCKED</c> (issue 18): two instances sweeping
/// one database at the same time each handle a share of the expired rows, and together every expired row exactly once,
/// deleted or anonymised. Correctness only; how fast they are together is measured in the benchmarks.
/// </summary>
public partial class ConcurrentSweepTests
{
    [Fact]
    public async Task Two_sweepers_on_postgresql_handle_every_expired_row_exactly_once()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var _ = database;
        await using var first = Services(database);
        await using var second = Services(database);

        const int Rows = 600;
        await using (var scope = first.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SweepContext>();
            await context.Database.EnsureCreatedAsync();
            context.Customers.AddRange(new SweepCustomer { Id = 1, Name = "s1-name" }, new SweepCustomer { Id = 2, Name = "s2-name" });
            for (var i = 1; i <= Rows; i++)
            {
                var at = i % 3 == 0 ? Shape.Recent : Shape.Old;
                context.Events.Add(new SweepEvent { Id = i, CustomerId = 1 + (i % 2), At = at, Signature = "sig-" + i });
                context.Visits.Add(new SweepVisit { Id = i, CustomerId = 1 + (i % 2), At = at, Referrer = "ref-" + i });
            }

            await context.SaveChangesAsync();
        }

        var expired = Rows - (Rows / 3);
        var sweeps = await Task.WhenAll(
            Task.Run(() => first.GetRequiredService<IRetentionEnforcer>().SweepAsync()),
            Task.Run(() => second.GetRequiredService<IRetentionEnforcer>().SweepAsync()));

        // Each expired event deleted once, each expired visit anonymised once: the two results add up to the rows, and
        // so do the audit records of their batches (a row handled twice would count twice; one missed, not at all).
        Assert.Equal(expired, sweeps.Sum(s => s.RowsDeleted));
        Assert.Equal(expired, sweeps.Sum(s => s.RowsAnonymised));
        await using var check = first.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<SweepContext>();
        Assert.Equal(Rows / 3, await db.Events.CountAsync());
        Assert.Equal(Rows / 3, await db.Visits.CountAsync(v => v.Referrer != null && v.Referrer.StartsWith("ref-")));
        var audited = await db.Set<PrivacyAuditRecord>().Where(a => a.Kind == PrivacyAuditRecord.RetentionKind).SumAsync(a => a.Rows);
        Assert.Equal(2L * expired, audited);

        // A second sweep by both finds nothing left.
        var again = await Task.WhenAll(first.GetRequiredService<IRetentionEnforcer>().SweepAsync(), second.GetRequiredService<IRetentionEnforcer>().SweepAsync());
        Assert.All(again, s => Assert.Equal(0, s.RowsDeleted + s.RowsAnonymised));
    }

    [Fact]
    public async Task A_sweep_on_postgresql_passes_over_rows_another_transaction_holds_instead_of_waiting_for_them()
    {
        // What lets sweepers work side by side: a batch skips rows another transaction has locked (SKIP LOCKED). With the
        // advisory lock per task, this sweep waited for the other transaction and never finished while it stayed open.
        var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var _ = database;
        await using var services = Services(database);
        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SweepContext>();
            await context.Database.EnsureCreatedAsync();
            context.Customers.Add(new SweepCustomer { Id = 1, Name = "s1-name" });
            for (var i = 1; i <= 40; i++)
            {
                context.Events.Add(new SweepEvent { Id = i, CustomerId = 1, At = Shape.Old, Signature = "sig-" + i });
            }

            await context.SaveChangesAsync();
        }

        await using var holderScope = services.CreateAsyncScope();
        var holder = holderScope.ServiceProvider.GetRequiredService<SweepContext>();
        await using (var held = await holder.Database.BeginTransactionAsync())
        {
            var locked = await holder.Events.FromSqlRaw("SELECT * FROM \"Events\" WHERE \"Id\" <= 10 FOR UPDATE").AsNoTracking().ToListAsync();
            Assert.Equal(10, locked.Count);

            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a guard against a hang, not a measurement
            var first = await services.GetRequiredService<IRetentionEnforcer>().SweepAsync(timeout.Token);
            Assert.Equal(30, first.RowsDeleted);
            await held.RollbackAsync();
        }

        var second = await services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
        Assert.Equal(10, second.RowsDeleted);
        await using var check = services.CreateAsyncScope();
        Assert.Equal(0, await check.ServiceProvider.GetRequiredService<SweepContext>().Events.CountAsync());
    }

    [Fact]
    public async Task A_sweeper_does_not_anonymise_rows_that_another_sweeper_is_about_to_let_go_by_deleting_their_referrers()
    {
        // The cause of the flaky Reliability.ConcurrencyTests.Four_sweepers_at_once_handle_every_expired_row_exactly_once
        // (reproduced: "expired values are still there: ... Invoices#77.Note"): an expired row stays while a row that stays
        // refers to it, and is then anonymised instead. A sweeper that had finished the referrers (another sweeper held the
        // rest, locked, about to delete them) took rows whose referrers were all going for such rows, and anonymised them.
        // Either the other sweeper then deleted them too (handled twice, counted twice in the audit trail), or its deleting
        // batch passed over them while the first held them locked (SKIP LOCKED) and nobody deleted them in that sweep: an
        // anonymised invoice whose other fields had to go with it. Here the other sweeper's batch is a transaction that
        // holds the old receipts locked, as a sweeper's batch holds them, and deletes them afterwards.
        var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var _ = database;
        await using var services = Services(database);
        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SweepContext>();
            await context.Database.EnsureCreatedAsync();
            context.Customers.Add(new SweepCustomer { Id = 1, Name = "s1-name" });
            for (var i = 1; i <= 12; i++)
            {
                context.Events.Add(new SweepEvent { Id = i, CustomerId = 1, At = Shape.Old, Signature = "sig-" + i });
            }

            // Events 1-10: old receipts (expired, going). Events 11-12: recent receipts (staying): those events are kept and
            // anonymised, by any sweeper, as before.
            for (var i = 1; i <= 12; i++)
            {
                context.Receipts.Add(new SweepReceipt { Id = i, EventId = i, IssuedAt = i <= 10 ? Shape.Old : Shape.Recent, Text = "text-" + i });
            }

            await context.SaveChangesAsync();
        }

        RetentionSweepResult during;
        await using (var holderScope = services.CreateAsyncScope())
        {
            var holder = holderScope.ServiceProvider.GetRequiredService<SweepContext>();
            await using var batch = await holder.Database.BeginTransactionAsync();
            var locked = await holder.Receipts.FromSqlRaw("SELECT * FROM \"Receipts\" WHERE \"Id\" <= 10 FOR UPDATE").AsNoTracking().ToListAsync();
            Assert.Equal(10, locked.Count);

            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a guard against a hang, not a measurement
            during = await services.GetRequiredService<IRetentionEnforcer>().SweepAsync(timeout.Token);
            await holder.Receipts.Where(r => r.Id <= 10).ExecuteDeleteAsync();
            await batch.CommitAsync();
        }

        var after = await services.GetRequiredService<IRetentionEnforcer>().SweepAsync();

        // The sweep beside the held batch anonymised only the events that rows which stay refer to (11 and 12); events 1-10
        // were left for whoever deletes their receipts, and were then deleted once, never anonymised first.
        Assert.Equal(2, Anonymised(during, nameof(SweepEvent)));
        Assert.Equal(0, Deleted(during, nameof(SweepEvent)));
        Assert.Equal(0, Anonymised(after, nameof(SweepEvent)));
        Assert.Equal(10, Deleted(after, nameof(SweepEvent)));
        await using var check = services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<SweepContext>();
        Assert.Equal([11, 12], await db.Events.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
        Assert.DoesNotContain(await db.Events.Select(e => e.Signature).ToListAsync(), s => s.StartsWith("sig-", StringComparison.Ordinal));
    }

    private static long Anonymised(RetentionSweepResult result, string entity)
        => result.Entries.Where(e => e.EntityType.EndsWith(entity, StringComparison.Ordinal) && e.Action == ErasureRowAction.Anonymise).Sum(e => e.Rows);

    private static long Deleted(RetentionSweepResult result, string entity)
        => result.Entries.Where(e => e.EntityType.EndsWith(entity, StringComparison.Ordinal) && e.Action == ErasureRowAction.Delete).Sum(e => e.Rows);

    [Fact]
    public async Task Without_the_row_locks_two_sweepers_anonymise_the_same_rows_twice_and_the_count_shows_it()
    {
        // The check above can fail: the locking clause stripped from both sweepers' batch queries, and each sweeper's first
        // write held until both have chosen their first batch, they choose the same rows and both anonymise them.
        var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var _ = database;
        var gate = new BothChose();
        await using var first = Services(database, new WithoutRowLocks(gate));
        await using var second = Services(database, new WithoutRowLocks(gate));
        await using (var scope = first.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SweepContext>();
            await context.Database.EnsureCreatedAsync();
            context.Customers.Add(new SweepCustomer { Id = 1, Name = "s1-name" });
            for (var i = 1; i <= 70; i++)
            {
                context.Visits.Add(new SweepVisit { Id = i, CustomerId = 1, At = Shape.Old, Referrer = "ref-" + i });
            }

            await context.SaveChangesAsync();
        }

        var sweeps = await Task.WhenAll(
            Task.Run(() => first.GetRequiredService<IRetentionEnforcer>().SweepAsync()),
            Task.Run(() => second.GetRequiredService<IRetentionEnforcer>().SweepAsync()));

        Assert.True(sweeps.Sum(s => s.RowsAnonymised) > 70, $"{sweeps.Sum(s => s.RowsAnonymised)} rows anonymised for 70 expired");
    }

    /// <summary>Each sweeper's first write waits (at most a minute) until two sweepers have reached theirs.</summary>
    private sealed class BothChose
    {
        private int _arrived;
        private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ArriveAsync()
        {
            if (Interlocked.Increment(ref _arrived) == 2)
            {
                _both.TrySetResult();
            }

            return _both.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>A planted defect: batches chosen without FOR UPDATE ... SKIP LOCKED; the first write waits for the other sweeper.</summary>
    private sealed partial class WithoutRowLocks(BothChose gate) : DbCommandInterceptor
    {
        private int _writes;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            command.CommandText = Locking().Replace(command.CommandText, string.Empty);
            return ValueTask.FromResult(result);
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) && Interlocked.Increment(ref _writes) == 1)
            {
                await gate.ArriveAsync();
            }

            return result;
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"FOR UPDATE( OF \S+)? SKIP LOCKED")]
        private static partial System.Text.RegularExpressions.Regex Locking();
    }

    private static ServiceProvider Services(TestDatabase database, DbCommandInterceptor? interceptor = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FixedTime(new DateTimeOffset(Shape.Today)));
        services.AddDbContext<SweepContext>(o =>
        {
            database.Configure(o);
            if (interceptor is not null)
            {
                o.AddInterceptors(interceptor);
            }
        });
        services.AddPrivacy(p => p.UsePolicy(typeof(ShapePolicy)).Configure(o => o.ModelNamespaces.Add(typeof(SweepContext).Namespace!)))
            .AddEntityFrameworkCore<SweepContext>()
            .AddErasure(o =>
            {
                o.AuditKey = Harness.AuditKey;
                o.RetentionBatchSize = 7; // many batches each, interleaved
            });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
