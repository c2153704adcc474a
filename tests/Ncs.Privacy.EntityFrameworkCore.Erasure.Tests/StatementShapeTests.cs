using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Performance;
using Ncs.Privacy.Testing.Shapes;
using Xunit.Abstractions;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>
/// The cost of erasure and retention as a shape, not a time (issue 18): how many statements an erasure sends, whatever
/// the subject's number of rows, and whether any statement of a sweep batch reads a whole table where an index exists.
/// Timings are in the BenchmarkDotNet suite (benchmarks/), never here.
/// </summary>
public class StatementShapeTests(ITestOutputHelper output)
{
    private static readonly DataSubjectReference AliceRef = new("customer", Harness.Alice);

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_erasure_sends_the_same_statements_for_10_rows_as_for_1000_and_plans_in_two_round_trips(DatabaseProvider provider)
    {
        async Task<(int Plan, int Execute, long Rows)> EraseAsync(int lines)
        {
            await using var harness = await Harness.CreateAsync(provider);
            await using (var context = harness.Context())
            {
                // Alice's order 10 gets `lines` more lines: the rows the erasure deletes or anonymises grow, the model does not.
                for (var i = 0; i < lines; i++)
                {
                    context.OrderLines.Add(new OrderLine { Id = 10_000 + i, OrderId = 10, Product = "P", GiftMessage = "gift-" + i });
                }

                await context.SaveChangesAsync();
            }

            harness.Counter.Reset();
            var plan = await harness.Planner.PlanAsync(AliceRef, "REQ-18");
            var planned = harness.Counter.Count;
            Assert.Empty(harness.Counter.Writes);
            harness.Counter.Reset();
            var result = await harness.Executor.ExecuteAsync(plan);
            Assert.Equal(result.Statements, harness.Counter.Writes.Count);
            return (planned, harness.Counter.Count, result.RowsDeleted + result.RowsAnonymised);
        }

        var small = await EraseAsync(10);
        var large = await EraseAsync(1_000);
        output.WriteLine($"{provider}: 10 lines: {small.Rows} rows, plan {small.Plan} + execute {small.Execute} statements; 1,000 lines: {large.Rows} rows, plan {large.Plan} + execute {large.Execute} statements");

        Assert.True(large.Rows >= small.Rows + 990, $"{large.Rows} vs {small.Rows}");
        Assert.Equal(small.Plan, large.Plan);
        Assert.Equal(small.Execute, large.Execute);

        // Planning reads in at most two round trips (docs/performance.md): the existence check, every step's count and the
        // held rows' anchor ranges in one statement; what surviving rows refer to in a second.
        Assert.InRange(small.Plan, 1, 2);

        // Execution (docs/performance.md): one statement per step that has rows (10 here: of the harness's 13 steps that
        // change rows, 3 have none for Alice and send nothing; the first also asks whether the plan was applied before and
        // whether those 3 still select nothing), and the audit record. Before issue 18's change: 15, a statement for every
        // step; round 2: 12, with a read before the writes.
        Assert.Equal(11, small.Execute);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_erasure_whose_every_step_has_rows_sends_one_read_and_one_write_per_step_and_a_second_run_changes_nothing(DatabaseProvider provider)
    {
        // The hand-written minimum (docs/performance.md): one read (the plan's), one statement per step that has rows, the
        // audit record. The executor reads before writing only to check the steps the plan counted at zero; a plan without
        // such steps, run again, is refused by its own statements (a deleting step finds its rows gone, the audit record's
        // plan id is unique), rolled back, and answered from the audit trail. A subject with one row of its own, anonymised
        // (a shape of the catalogue), has such a plan; run again, its step finds the row again and only the audit record's
        // unique plan id stops it.
        var database = await TestDatabase.CreateAsync(provider);
        await using var _ = database;
        var captured = new CapturedCommands();
        var shape = new PostalCodeShape();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(new FixedTime(new DateTimeOffset(Shape.Today)));
        shape.Register(collection, o => database.Configure(o).AddInterceptors(captured)).AddErasure(o => o.AuditKey = Harness.AuditKey);
        await using var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<PostalCodeContext>();
            await context.Database.EnsureCreatedAsync();
            await shape.SeedAsync(context);
        }

        captured.Clear();
        var plan = await services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-18-MIN");
        var planned = captured.Commands.Count;
        var changing = plan.Steps.Where(s => s.Action != ErasureRowAction.Retain).ToArray();
        Assert.NotEmpty(changing);
        Assert.All(changing, s => Assert.True(s.RowCount > 0, $"{s.EntityType} ({s.Rows}) counted at zero: this test needs a plan whose every step has rows"));

        captured.Clear();
        var result = await services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan);
        var executed = captured.Commands.Select(c => c.Text.TrimStart()).ToArray();
        output.WriteLine($"{provider}: plan {planned} + execute {executed.Length} statements, steps {string.Join(", ", changing.Select(s => s.Action + " " + s.Entity))}");
        Assert.Equal(ErasureStatus.Applied, result.Status);
        Assert.Equal(1, planned);
        Assert.Equal(changing.Length, result.Statements);
        Assert.Equal(changing.Length + 1, executed.Length); // the steps' statements and the audit record, no read
        Assert.DoesNotContain(executed, t => t.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));

        async Task<string> DumpAsync()
        {
            await using var scope = services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<PostalCodeContext>();
            var customers = (await context.Set<PostalCustomer>().AsNoTracking().ToListAsync()).OrderBy(c => c.Id).Select(c => c.Id + ":" + c.PostalCode);
            var audit = await context.Set<PrivacyAuditRecord>().CountAsync();
            return string.Join("|", customers.Append("audit:" + audit));
        }

        var after = await DumpAsync();
        Assert.Contains("audit:1", after, StringComparison.Ordinal);
        var again = await services.GetRequiredService<IErasureExecutor>().ExecuteAsync(ErasurePlan.FromJson(plan.ToJson()));
        Assert.Equal(ErasureStatus.AlreadyApplied, again.Status);
        Assert.Equal(after, await DumpAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_second_erasure_of_the_same_shape_builds_no_query_and_runs_its_statements_compiled(DatabaseProvider provider)
    {
        // Issue 18: a plan's read and each step's statement are built once per model and shape of the plan, compiled with the
        // subject's key, the plan's time and its id as parameters (StatementCache), and run compiled afterwards: EF Core's
        // parameter extraction and query-cache hashing of the large trees no longer run per call. Two databases, the same
        // model and data, the same subject: the second erasure builds no tree and compiles nothing, and does what the first did.
        async Task<(ErasureResult Result, StatementCache.Counts Counts, int Commands, int Writes, string Tables)> EraseAsync()
        {
            await using var harness = await Harness.CreateAsync(provider);
            var counts = StatementCache.Observe();
            harness.Counter.Reset();
            var plan = await harness.Planner.PlanAsync(AliceRef, "REQ-18-cache");
            var result = await harness.Executor.ExecuteAsync(plan);
            var commands = harness.Counter.Count;
            var writes = harness.Counter.Writes.Count;
            await using var context = harness.Context();
            // Which rows are left, and the other subjects' values (anonymised values are random, and left out).
            var customers = await context.Customers.IgnoreQueryFilters().OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync();
            var orders = await context.Orders.IgnoreQueryFilters().OrderBy(o => o.Id).Select(o => new { o.Id, o.CustomerId, o.DeliveryNote }).ToListAsync();
            var lines = await context.OrderLines.IgnoreQueryFilters().OrderBy(l => l.Id).Select(l => l.Id).ToListAsync();
            var tables = string.Join(" ", customers.Select(c => c.Id == Harness.Alice ? $"c{c.Id}" : $"c{c.Id}:{c.Name}")
                .Concat(orders.Select(o => o.CustomerId == Harness.Alice ? $"o{o.Id}" : $"o{o.Id}:{o.CustomerId}:{o.DeliveryNote}"))
                .Concat(lines.Select(l => $"l{l}")));
            return (result, counts, commands, writes, tables);
        }

        var first = await EraseAsync();
        var second = await EraseAsync();
        output.WriteLine($"{provider}: first: built {first.Counts.Built}, compiled {first.Counts.Compiled}, ran compiled {first.Counts.RanCompiled} of {first.Commands} commands; "
            + $"second: built {second.Counts.Built}, compiled {second.Counts.Compiled}, ran compiled {second.Counts.RanCompiled} of {second.Commands}; refused: {string.Join(" | ", first.Counts.Refusals.Concat(second.Counts.Refusals))}");

        Assert.Equal(ErasureStatus.Applied, second.Result.Status);
        Assert.Equal((first.Result.RowsDeleted, first.Result.RowsAnonymised, first.Result.Statements), (second.Result.RowsDeleted, second.Result.RowsAnonymised, second.Result.Statements));
        Assert.Equal(first.Commands, second.Commands);
        Assert.Equal(first.Tables, second.Tables);
        Assert.Contains("Bob Bee", second.Tables, StringComparison.Ordinal);
        Assert.Empty(second.Counts.Refusals);
        Assert.Equal(0, second.Counts.Built);
        Assert.Equal(0, second.Counts.Compiled);

        // Every statement but the audit record's insert (SaveChanges) ran compiled: the plan's read and each step's write.
        Assert.Equal(second.Commands - 1, second.Counts.RanCompiled);
    }

    [Fact]
    public async Task No_statement_of_a_sweep_batch_scans_a_table_on_sqlite()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var _ = database;
        var captured = new CapturedCommands();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FixedTime(new DateTimeOffset(Shape.Today)));
        services.AddDbContext<SweepContext>(o => database.Configure(o).AddInterceptors(captured));
        services.AddPrivacy(p => p.UsePolicy(typeof(ShapePolicy)).Configure(o => o.ModelNamespaces.Add(typeof(SweepContext).Namespace!)))
            .AddEntityFrameworkCore<SweepContext>()
            .AddErasure(o =>
            {
                o.AuditKey = Harness.AuditKey;
                o.RetentionBatchSize = 5; // several batches per task
            });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        await using (var scope = provider.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SweepContext>();
            await context.Database.EnsureCreatedAsync();
            context.Customers.AddRange(new SweepCustomer { Id = 1, Name = "s1-name" }, new SweepCustomer { Id = 2, Name = "s2-name" });
            for (var i = 1; i <= 40; i++)
            {
                var at = i % 2 == 0 ? Shape.Old : Shape.Recent;
                context.Events.Add(new SweepEvent { Id = i, CustomerId = 1 + (i % 2), At = at, Signature = "sig-" + i });
                context.Visits.Add(new SweepVisit { Id = i, CustomerId = 1 + (i % 2), At = at, Referrer = "ref-" + i });
            }

            // Two old events stay because a recent receipt refers to them; an old receipt goes.
            context.Receipts.AddRange(
                new SweepReceipt { Id = 1, EventId = 2, IssuedAt = Shape.Recent, Text = "r1" },
                new SweepReceipt { Id = 2, EventId = 4, IssuedAt = Shape.Recent, Text = "r2" },
                new SweepReceipt { Id = 3, EventId = 6, IssuedAt = Shape.Old, Text = "old-r3" });
            await context.SaveChangesAsync();
        }

        captured.Clear();
        var result = await provider.GetRequiredService<IRetentionEnforcer>().SweepAsync();

        // The sweep did its job in several batches: deleted, the 20 old events less the two a recent receipt keeps and the old
        // receipt; anonymised, the 20 old visits and the signatures of the two kept events.
        Assert.Equal(19, result.RowsDeleted);
        Assert.Equal(22, result.RowsAnonymised);
        Assert.True(result.Batches >= 8, $"{result.Batches} batches");

        var scans = new List<string>();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var command in captured.Commands.Where(c => !c.Text.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)))
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.Text;
            foreach (var (name, value) in command.Parameters)
            {
                explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            output.WriteLine(command.Text + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", plan) + Environment.NewLine);

            // Every table of this model is indexed on what the sweep filters by (anchor, foreign keys, primary key): a plan
            // line "SCAN t" (or "SCAN t USING [COVERING] INDEX i", a whole index) reads the table whatever the batch size.
            scans.AddRange(plan.Where(l => l.StartsWith("SCAN ", StringComparison.Ordinal) && !l.StartsWith("SCAN CONSTANT ROW", StringComparison.Ordinal))
                .Select(l => $"{l}  <=  {command.Text}"));
        }

        Assert.True(captured.Commands.Count > 0);
        Assert.True(scans.Count == 0, "Full scans in a sweep batch:" + Environment.NewLine + string.Join(Environment.NewLine, scans));
    }

    /// <summary>Every command EF Core sends, with its parameters, to explain afterwards.</summary>
    private sealed class CapturedCommands : DbCommandInterceptor
    {
        private readonly Lock _gate = new();

        public List<(string Text, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        public void Clear()
        {
            lock (_gate)
            {
                Commands.Clear();
            }
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
            => Record(command, result);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Record(command, result));

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
            => Record(command, result);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Record(command, result));

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
            => Record(command, result);

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Record(command, result));

        private T Record<T>(DbCommand command, T result)
        {
            lock (_gate)
            {
                Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
            }

            return result;
        }
    }
}
