using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Performance;
using Ncs.Privacy.Testing.Shapes;
using Xunit.Abstractions;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>
/// What one retention batch sends, as a shape, not a time (issue 18, round 4): the statements inside each batch's
/// transaction, and where an anonymising batch starts reading. Timings are in the BenchmarkDotNet suite, never here.
/// </summary>
public partial class SweepBatchShapeTests(ITestOutputHelper output)
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_deleting_batch_is_one_statement_and_its_audit_row(DatabaseProvider provider)
    {
        // The hand-written job sends one DELETE per batch. The library's batch must also write its audit record, atomically,
        // so its least is a transaction of two statements: the DELETE that chooses its rows itself (no key query before it,
        // no keys sent back) and the audit row. Before round 4, PostgreSQL sent three (the keys locked by a SELECT first).
        var database = await TestDatabase.CreateAsync(provider);
        await using var _ = database;
        var log = new SweepLog();
        await using var services = Services(database, log, batchSize: 5);
        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SweepContext>();
            await context.Database.EnsureCreatedAsync();
            context.Customers.Add(new SweepCustomer { Id = 1, Name = "s1-name" });
            for (var i = 1; i <= 30; i++)
            {
                context.Events.Add(new SweepEvent { Id = i, CustomerId = 1, At = i <= 23 ? Shape.Old : Shape.Recent, Signature = "sig-" + i });
            }

            await context.SaveChangesAsync();
        }

        log.Clear();
        var result = await services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
        Assert.Equal(23, result.RowsDeleted);

        var transactions = log.ByTransaction();
        foreach (var transaction in transactions)
        {
            output.WriteLine(string.Join(Environment.NewLine, transaction.Select(c => "  " + c.Text.Split('\n')[0])) + Environment.NewLine + "--");
        }

        var deleting = transactions.Where(t => t.Any(c => c.Text.StartsWith("DELETE FROM \"Events\"", StringComparison.Ordinal))).ToList();
        Assert.Equal(5, deleting.Count(t => t.Count == 2)); // 5 + 5 + 5 + 5 + 3 rows
        Assert.All(transactions.Where(t => t.Any(c => Verb(c.Text) == "DELETE")), t =>
        {
            Assert.Equal("DELETE", Verb(t[0].Text));
            Assert.True(t.Count == 1 || (t.Count == 2 && Verb(t[1].Text) == "INSERT" && t[1].Text.Contains("PrivacyAudit", StringComparison.Ordinal)), string.Join(" | ", t.Select(c => c.Text)));
        });
        if (provider == DatabaseProvider.PostgreSql)
        {
            // Several instances still work side by side: the DELETE's subquery passes over rows another transaction holds.
            Assert.All(deleting, t => Assert.Contains("SKIP LOCKED", t[0].Text, StringComparison.Ordinal));
        }

        // The statement is translated once per task and sweep: every batch of the task sends the same text.
        Assert.Single(deleting.Select(t => t[0].Text).Distinct());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_anonymising_sweep_continues_after_the_last_row_of_the_batch_before_and_anonymises_each_row_once(DatabaseProvider provider)
    {
        // 30 expired visits whose anchors come in groups of 4 equal dates (ties the key breaks), 10 recent ones; batches of 5.
        // The anonymised rows still match the anchor's range: each batch must continue after the row the one before ended
        // with (anchor, then key), neither walking past the rows done nor skipping a row of a tie.
        var database = await TestDatabase.CreateAsync(provider);
        await using var _ = database;
        var log = new SweepLog();
        await using var services = Services(database, log, batchSize: 5);
        DateTime AnchorOf(int id) => Shape.Old.AddMinutes(-((id - 1) / 4)); // descending with the key: the key order is not the anchor order
        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SweepContext>();
            await context.Database.EnsureCreatedAsync();
            context.Customers.Add(new SweepCustomer { Id = 1, Name = "s1-name" });
            for (var i = 1; i <= 40; i++)
            {
                context.Visits.Add(new SweepVisit { Id = i, CustomerId = 1, At = i <= 30 ? AnchorOf(i) : Shape.Recent, Referrer = "ref-" + i });
            }

            await context.SaveChangesAsync();
        }

        log.Clear();
        var result = await services.GetRequiredService<IRetentionEnforcer>().SweepAsync();

        Assert.Equal(30, result.RowsAnonymised);
        Assert.Equal(6, result.Batches);
        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SweepContext>();
            var referrers = await context.Visits.OrderBy(v => v.Id).Select(v => v.Referrer).ToListAsync();
            Assert.All(referrers.Take(30), r => Assert.False(r is not null && r.StartsWith("ref-", StringComparison.Ordinal), r));
            Assert.Equal(Enumerable.Range(31, 10).Select(i => (string?)("ref-" + i)), referrers.Skip(30));
            var audit = await context.Set<PrivacyAuditRecord>().Where(a => a.Kind == PrivacyAuditRecord.RetentionKind).Select(a => a.Rows).ToListAsync();
            Assert.Equal(new long[] { 5, 5, 5, 5, 5, 5 }, audit.Order());
        }

        // Each batch: its keys read in keyset order, the UPDATE by those keys, the audit row.
        var selects = log.ByTransaction().Where(t => t.Any(c => Verb(c.Text) == "UPDATE")).Select(t => t[0]).ToList();
        Assert.Equal(6, selects.Count);
        Assert.All(selects, s => Assert.Equal("SELECT", Verb(s.Text)));
        Assert.DoesNotMatch(AfterKey(), selects[0].Text);
        Assert.All(selects.Skip(1), s => Assert.Matches(AfterKey(), s.Text));

        if (provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        // SQLite's plan of every batch's read: the anchor's index, in its order (no sort), and from the second batch on with a
        // lower bound, so that the index is not read from its start.
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        for (var i = 0; i < selects.Count; i++)
        {
            var plan = await ExplainAsync(connection, selects[i]);
            output.WriteLine(selects[i].Text + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", plan) + Environment.NewLine);
            Assert.DoesNotContain(plan, l => l.StartsWith("SCAN ", StringComparison.Ordinal) && !l.StartsWith("SCAN CONSTANT ROW", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, l => l.Contains("TEMP B-TREE", StringComparison.Ordinal));
            Assert.Contains(plan, l => l.Contains("USING INDEX IX_Visits_At (At" + (i == 0 ? "<?)" : ">? AND At<?)"), StringComparison.Ordinal));
        }

        // The third batch's read starts at the anchor of the row the second batch ended with: the index range it reads holds
        // none of the first batch's rows (the 5 first in anchor, then key, order), which every batch read before the keyset.
        var first = Enumerable.Range(1, 30).OrderBy(AnchorOf).ThenBy(i => i).Take(5).ToHashSet();
        var lastName = AfterKey().Match(selects[2].Text).Groups["key"].Value;
        var last = selects[2].Parameters.Single(p => p.Name == lastName || "@" + p.Name == lastName);
        await using var range = connection.CreateCommand();
        range.CommandText = "SELECT \"Id\" FROM \"Visits\" WHERE \"At\" >= (SELECT \"At\" FROM \"Visits\" WHERE \"Id\" = $last) AND \"Id\" <= 30";
        range.Parameters.AddWithValue("$last", last.Value);
        var read = new List<long>();
        await using (var reader = await range.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                read.Add(reader.GetInt64(0));
            }
        }

        output.WriteLine($"third batch: after key {last.Value}; its index range holds {read.Count} expired rows: {string.Join(",", read.Order())}");
        Assert.NotEmpty(read);
        Assert.DoesNotContain(read, id => first.Contains((int)id));
        Assert.True(read.Count <= 30 - 10 + 4, $"{read.Count} rows in the range"); // the rows not yet done, and the bound's tie group (4)
    }

    /// <summary>The keyset's key bound: <c>"Id" &gt; @p</c> (the anchor's bound is a subquery by that key).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"""Id"" > (?<key>[@$:]?\w+)")]
    private static partial System.Text.RegularExpressions.Regex AfterKey();

    private static string Verb(string text) => text.TrimStart().Split([' ', '\n', '\r'], 2)[0].ToUpperInvariant();

    private static async Task<List<string>> ExplainAsync(SqliteConnection connection, (string Text, List<(string Name, object? Value)> Parameters) command)
    {
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Text;
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    private static ServiceProvider Services(TestDatabase database, SweepLog log, int batchSize)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FixedTime(new DateTimeOffset(Shape.Today)));
        services.AddDbContext<SweepContext>(o => database.Configure(o).AddInterceptors(log.Commands, log.TransactionEvents));
        services.AddPrivacy(p => p.UsePolicy(typeof(ShapePolicy)).Configure(o => o.ModelNamespaces.Add(typeof(SweepContext).Namespace!)))
            .AddEntityFrameworkCore<SweepContext>()
            .AddErasure(o =>
            {
                o.AuditKey = Harness.AuditKey;
                o.RetentionBatchSize = batchSize;
            });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>Every command EF Core sends with its parameters, and where transactions begin and end, in order.</summary>
    private sealed class SweepLog
    {
        private const string Begin = "-- begin";
        private const string End = "-- end";
        private readonly Lock _gate = new();
        private readonly List<(string Text, List<(string Name, object? Value)> Parameters)> _entries = [];

        public SweepLog()
        {
            Commands = new CommandRecorder(this);
            TransactionEvents = new TransactionRecorder(this);
        }

        public IInterceptor Commands { get; }

        public IInterceptor TransactionEvents { get; }

        public void Clear()
        {
            lock (_gate)
            {
                _entries.Clear();
            }
        }

        /// <summary>The commands of each transaction, in order.</summary>
        public List<List<(string Text, List<(string Name, object? Value)> Parameters)>> ByTransaction()
        {
            lock (_gate)
            {
                var result = new List<List<(string, List<(string, object?)>)>>();
                List<(string, List<(string, object?)>)>? current = null;
                foreach (var entry in _entries)
                {
                    if (entry.Text == Begin)
                    {
                        current = [];
                    }
                    else if (entry.Text == End)
                    {
                        if (current is not null)
                        {
                            result.Add(current);
                        }

                        current = null;
                    }
                    else
                    {
                        current?.Add(entry);
                    }
                }

                return result;
            }
        }

        private void Add(string text, List<(string Name, object? Value)> parameters)
        {
            lock (_gate)
            {
                _entries.Add((text, parameters));
            }
        }

        private sealed class CommandRecorder(SweepLog log) : DbCommandInterceptor
        {
            public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
                => ValueTask.FromResult(Record(command, result));

            public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
                => ValueTask.FromResult(Record(command, result));

            public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
                => ValueTask.FromResult(Record(command, result));

            private T Record<T>(DbCommand command, T result)
            {
                log.Add(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList());
                return result;
            }
        }

        private sealed class TransactionRecorder(SweepLog log) : DbTransactionInterceptor
        {
            public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
            {
                log.Add(Begin, []);
                return ValueTask.FromResult(result);
            }

            public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
            {
                log.Add(End, []);
                return Task.CompletedTask;
            }

            public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
            {
                log.Add(End, []);
                return Task.CompletedTask;
            }
        }
    }
}
