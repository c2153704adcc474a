using System.Diagnostics.Tracing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Benchmarks.Data;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Where an erasure's allocations go (issue 18), without BenchmarkDotNet: plan and execute the benchmark subject's erasure
/// many times, the bytes each phase allocates (all threads, <see cref="GC.GetTotalAllocatedBytes(bool)"/>) and the types
/// the runtime's allocation sampling (one event per about 100 KB) names, most sampled first.
/// <c>dotnet run -c Release --project benchmarks/Ncs.Privacy.Benchmarks -- --erasure-profile [Sqlite|PostgreSql] [iterations] [rows, e.g. 10,1000]</c>:
/// the subject with the given number of rows (default: the benchmark's sizes; each size a subject of the data set).
/// </summary>
internal static class ErasureProfile
{
    public static async Task RunAsync(DatabaseProvider provider, int iterations, IReadOnlyList<int>? sizes = null)
    {
        sizes ??= BenchSettings.ErasureSizes;
        var layout = SubjectGroup.Layout(sizes, BenchSettings.OtherSubjects);
        var database = await ShopDatabase.OpenAsync(provider, ShopServices.Name("erasure", layout), d => ShopServices.InsertAllAsync(d, layout));
        for (var index = 0; index < sizes.Count; index++)
        {
            await RunAsync(database, layout[index], provider, iterations);
        }
    }

    private static async Task RunAsync(ShopDatabase database, SubjectGroup group, DatabaseProvider provider, int iterations)
    {
        var subject = new DataSubjectReference(BenchmarkPolicy.Customer, group.CustomerBase + 1);
        await using var services = ShopServices.Build(database);
        var planner = services.GetRequiredService<IErasurePlanner>();
        var executor = services.GetRequiredService<IErasureExecutor>();
        var plain = database.PlainOptions();

        async Task RestoreAsync()
        {
            await group.DeleteAsync(database);
            await group.InsertAsync(database);
            await database.ExecuteAsync("DELETE FROM \"PrivacyAudit\"");
        }

        // Warm up: every query compiled, every cache filled.
        for (var i = 0; i < 3; i++)
        {
            await RestoreAsync();
            await executor.ExecuteAsync(await planner.PlanAsync(subject, "WARM-" + i));
            await RestoreAsync();
            await HandWrittenErasure.EraseAsync(plain, group.CustomerBase + 1, "WARM-H" + i);
        }

        long plan = 0, execute = 0, handWritten = 0;
        using var sampler = new AllocationSampler();
        for (var i = 0; i < iterations; i++)
        {
            await RestoreAsync();
            sampler.Phase = "plan";
            var before = GC.GetTotalAllocatedBytes(true);
            var made = await planner.PlanAsync(subject, "PROFILE-" + i);
            var planned = GC.GetTotalAllocatedBytes(true);
            sampler.Phase = "execute";
            await executor.ExecuteAsync(made);
            var executed = GC.GetTotalAllocatedBytes(true);
            sampler.Phase = null;
            plan += planned - before;
            execute += executed - planned;

            await RestoreAsync();
            sampler.Phase = "hand-written";
            before = GC.GetTotalAllocatedBytes(true);
            await HandWrittenErasure.EraseAsync(plain, group.CustomerBase + 1, "PROFILE-H" + i);
            handWritten += GC.GetTotalAllocatedBytes(true) - before;
            sampler.Phase = null;
        }

        Console.WriteLine($"{provider}, {group.Orders} orders ({group.RowsPerCustomer} rows): per erasure, plan {plan / iterations / 1024.0:F1} KB, execute {execute / iterations / 1024.0:F1} KB, hand-written {handWritten / iterations / 1024.0:F1} KB");
        sampler.Print(30);
        await PiecesAsync(services, plain, group.CustomerBase + 1, iterations);
        await StatementsAsync(database, group, subject, iterations);
    }

    /// <summary>
    /// Each statement of a plan + execute and of the hand-written erasure: its length and EF Core's measured duration
    /// (median of the iterations, in microseconds). Durations on a shared machine are indicative only: the load is the
    /// caller's to record.
    /// </summary>
    private static async Task StatementsAsync(ShopDatabase database, SubjectGroup group, DataSubjectReference subject, int iterations)
    {
        var timer = new StatementTimer();
        await using var services = ShopServices.Build(database, interceptor: timer);
        var planner = services.GetRequiredService<IErasurePlanner>();
        var executor = services.GetRequiredService<IErasureExecutor>();
        var timedPlain = (Microsoft.EntityFrameworkCore.DbContextOptions<ShopContext>)database.Configure(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<ShopContext>()).AddInterceptors(timer).Options;
        for (var i = 0; i < iterations + 3; i++)
        {
            timer.Recording = i >= 3;
            await group.DeleteAsync(database);
            await group.InsertAsync(database);
            await database.ExecuteAsync("DELETE FROM \"PrivacyAudit\"");
            timer.Start("plan");
            var made = await planner.PlanAsync(subject, "TIMED-" + i);
            timer.Start("execute");
            await executor.ExecuteAsync(made);
            timer.Start(null);
            await group.DeleteAsync(database);
            await group.InsertAsync(database);
            await database.ExecuteAsync("DELETE FROM \"PrivacyAudit\"");
            timer.Start("hand-written");
            await HandWrittenErasure.EraseAsync(timedPlain, group.CustomerBase + 1, "TIMED-H" + i);
            timer.Start(null);
        }

        timer.Print();
    }

    /// <summary>Records each command's duration as EF Core measured it, by phase and position in the phase.</summary>
    private sealed class StatementTimer : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private readonly Dictionary<(string Phase, int Index), (string Text, List<double> Micros)> _seen = [];
        private string? _phase;
        private int _index;

        public bool Recording { get; set; }

        public void Start(string? phase)
        {
            _phase = phase;
            _index = 0;
        }

        public void Print()
        {
            Console.WriteLine("-- statements: phase #, SQL length, median duration (us), text start");
            foreach (var ((phase, index), (text, micros)) in _seen.OrderBy(s => s.Key.Phase, StringComparer.Ordinal).ThenBy(s => s.Key.Index))
            {
                micros.Sort();
                var start = text.Replace('\n', ' ');
                Console.WriteLine($"   {phase} {index}: {text.Length} chars, {micros[micros.Count / 2]:F0} us, {start[..Math.Min(70, start.Length)]}");
            }
        }

        public override ValueTask<System.Data.Common.DbDataReader> ReaderExecutedAsync(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData eventData, System.Data.Common.DbDataReader result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<int> NonQueryExecutedAsync(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<object?> ScalarExecutedAsync(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData);
            return ValueTask.FromResult(result);
        }

        private void Record(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData eventData)
        {
            if (_phase is not { } phase || !Recording)
            {
                return;
            }

            var key = (phase, _index++);
            if (!_seen.TryGetValue(key, out var seen))
            {
                _seen[key] = seen = (command.CommandText, []);
            }

            seen.Micros.Add(eventData.Duration.TotalMicroseconds);
        }
    }

    /// <summary>
    /// What pieces of the library's work that the hand-written erasure does not do cost, each alone, in bytes per call (issue
    /// 18, round 5): a DI scope with the context resolved and initialised as the planner and the executor initialise theirs
    /// (one per phase), the drafting of the subject's steps (plan and execution each draft), and the audit row through
    /// <c>SaveChanges</c> against the library's own insert (both rolled back). Internal members are reached by reflection:
    /// this is a diagnostic, not an API.
    /// </summary>
    private static async Task PiecesAsync(ServiceProvider services, DbContextOptions<ShopContext> plainOptions, int subject, int iterations)
    {
        var library = typeof(IErasurePlanner).Assembly;
        var create = library.GetType("Ncs.Privacy.EntityFrameworkCore.ErasureDrafts", throwOnError: true)!.GetMethod("Create")!;
        var insert = library.GetType("Ncs.Privacy.EntityFrameworkCore.AuditInsert", throwOnError: false)?.GetMethod("WriteAsync");
        var now = DateTime.UtcNow;
        object[] noObjections = [Array.Empty<(ErasureObjection, string)>()];

        async Task<long> MeasureAsync(Func<Task> piece)
        {
            for (var i = 0; i < 3; i++)
            {
                await piece();
            }

            var before = GC.GetTotalAllocatedBytes(true);
            for (var i = 0; i < iterations; i++)
            {
                await piece();
            }

            return (GC.GetTotalAllocatedBytes(true) - before) / iterations;
        }

        var scope = await MeasureAsync(async () =>
        {
            await using var scoped = services.CreateAsyncScope();
            var context = scoped.ServiceProvider.GetRequiredService<ShopContext>();
            _ = context.GetSubjectGraph().FindRoot(BenchmarkPolicy.Customer);
            _ = context.Database.GetDbConnection().DataSource;
        });

        // The scope's share that is the application's registration: AddDbContext makes the context's options per scope.
        var options = await MeasureAsync(async () =>
        {
            await using var scoped = services.CreateAsyncScope();
            _ = scoped.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.DbContextOptions<ShopContext>>();
        });
        var plainContext = await MeasureAsync(async () =>
        {
            await using var context = new ShopContext(plainOptions);
            _ = context.Model;
        });

        var drafts = await MeasureAsync(async () =>
        {
            await using var scoped = services.CreateAsyncScope();
            var context = scoped.ServiceProvider.GetRequiredService<ShopContext>();
            var root = context.GetSubjectGraph().FindRoot(BenchmarkPolicy.Customer)!;
            create.Invoke(null, [context, root, now, noObjections[0]]);
        }) - scope;

        PrivacyAuditRecord Record() => new()
        {
            Id = Guid.NewGuid(),
            Kind = PrivacyAuditRecord.ErasureKind,
            PlanId = Guid.NewGuid(),
            RequestId = "PIECES",
            SubjectCategory = BenchmarkPolicy.Customer,
            SubjectKeyHash = new string('0', 64),
            OccurredAt = DateTimeOffset.UtcNow,
            Policy = "Benchmark policy",
            Rows = subject,
            Entries = "[]",
        };

        async Task<long> AuditAsync(Func<ShopContext, Task> write)
        {
            long total = 0;
            for (var i = 0; i < iterations + 3; i++)
            {
                await using var scoped = services.CreateAsyncScope();
                var context = scoped.ServiceProvider.GetRequiredService<ShopContext>();
                await using var transaction = await context.Database.BeginTransactionAsync();
                var before = GC.GetTotalAllocatedBytes(true);
                await write(context);
                var after = GC.GetTotalAllocatedBytes(true);
                await transaction.RollbackAsync();
                total += i < 3 ? 0 : after - before;
            }

            return total / iterations;
        }

        var saveChanges = await AuditAsync(async context =>
        {
            context.Add(Record());
            await context.SaveChangesAsync();
            context.ChangeTracker.Clear();
        });
        var direct = insert is null ? -1 : await AuditAsync(context => (Task)insert.Invoke(null, [context, Record(), CancellationToken.None])!);
        Console.WriteLine($"-- pieces, bytes per call: DI scope + context {scope / 1024.0:F1} KB (of which a scope with the context's options alone {options / 1024.0:F1} KB; "
            + $"a context made from options built once, as the hand-written erasure makes it, {plainContext / 1024.0:F1} KB); drafting the steps {drafts / 1024.0:F1} KB; "
            + $"audit row via SaveChanges {saveChanges / 1024.0:F1} KB, via the library's insert {(direct < 0 ? "(none in this build)" : $"{direct / 1024.0:F1} KB")}");
    }

    /// <summary>The runtime's GCAllocationTick events (every ~100 KB allocated), counted by phase and type.</summary>
    internal sealed class AllocationSampler : EventListener
    {
        private readonly Lock _gate = new();

        public volatile string? Phase;

        public Dictionary<(string Phase, string Type), int> Samples { get; } = [];

        public void Print(int top)
        {
            foreach (var phase in Samples.GroupBy(s => s.Key.Phase))
            {
                Console.WriteLine($"-- {phase.Key}: sampled types (samples)");
                foreach (var type in phase.OrderByDescending(s => s.Value).Take(top))
                {
                    Console.WriteLine($"   {type.Value,6}  {type.Key.Type}");
                }
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick at verbose
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (Phase is not { } phase || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
            {
                return;
            }

            var index = eventData.PayloadNames?.IndexOf("TypeName") ?? -1;
            var type = index >= 0 ? eventData.Payload![index] as string ?? "?" : "?";
            lock (_gate)
            {
                Samples[(phase, type)] = Samples.GetValueOrDefault((phase, type)) + 1;
            }
        }
    }
}
