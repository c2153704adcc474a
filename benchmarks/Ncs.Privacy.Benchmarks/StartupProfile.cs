using System.Diagnostics;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Where the library's start-up allocations go (issue 18), without BenchmarkDotNet: the host start of
/// <see cref="StartupModelBenchmarks"/> and its EF Core baseline, each repeated, with the bytes and time per start and
/// the types the runtime's allocation sampling names for the library's start.
/// <c>dotnet run -c Release --project benchmarks/Ncs.Privacy.Benchmarks -- --startup-profile [entity types] [starts]</c>.
/// </summary>
internal static class StartupProfile
{
    public static async Task RunAsync(int entityTypes, int starts)
    {
        GeneratedContext.Types = GeneratedModel.Emit(entityTypes, 20);
        var benchmarks = new StartupModelBenchmarks { EntityTypes = entityTypes };
        await benchmarks.Library();
        await benchmarks.EfCoreAlone();

        using var sampler = new ErasureProfile.AllocationSampler();
        long libraryBytes = 0, baselineBytes = 0;
        var library = new Stopwatch();
        var baseline = new Stopwatch();
        for (var i = 0; i < starts; i++)
        {
            var before = GC.GetTotalAllocatedBytes(true);
            sampler.Phase = "EF Core alone";
            baseline.Start();
            await benchmarks.EfCoreAlone();
            baseline.Stop();
            sampler.Phase = null;
            var middle = GC.GetTotalAllocatedBytes(true);
            sampler.Phase = "library host start";
            library.Start();
            await benchmarks.Library();
            library.Stop();
            sampler.Phase = null;
            libraryBytes += GC.GetTotalAllocatedBytes(true) - middle;
            baselineBytes += middle - before;
        }

        Console.WriteLine($"{entityTypes} entity types, {starts} starts: library {library.Elapsed.TotalMilliseconds / starts:F0} ms, {libraryBytes / starts / 1048576.0:F1} MB; "
            + $"EF Core alone {baseline.Elapsed.TotalMilliseconds / starts:F0} ms, {baselineBytes / starts / 1048576.0:F1} MB per start");
        sampler.Print(40);

        // The library's addition per type: what its host start sampled beyond the EF Core model build alone (the library's
        // phase includes EF Core's own model build, so its raw list is led by EF Core's work).
        Console.WriteLine("-- library host start minus EF Core alone: sampled types (samples)");
        var alone = sampler.Samples.Where(s => s.Key.Phase == "EF Core alone").ToDictionary(s => s.Key.Type, s => s.Value);
        foreach (var (type, extra) in sampler.Samples.Where(s => s.Key.Phase == "library host start")
                     .Select(s => (s.Key.Type, Extra: s.Value - alone.GetValueOrDefault(s.Key.Type)))
                     .OrderByDescending(s => s.Extra)
                     .Take(40))
        {
            Console.WriteLine($"   {extra,6}  {type}");
        }
    }
}
