using System.Diagnostics.Tracing;
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
