using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Ncs.Privacy.Benchmarks.Data;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// The job of a full run, sized per benchmark (database benchmarks take seconds per operation), run in process: on a
/// 2-core machine that other builds share, BenchmarkDotNet's per-benchmark child builds exceed their timeout, and every
/// operation measured here is long (milliseconds to seconds) next to what in-process hosting changes. In the short mode
/// (<see cref="BenchSettings.ShortVariable"/>) it adds no job, so that run-short.sh's <c>--job Dry</c> is the only one.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class FullRunJobAttribute : Attribute, IConfigSource
{
    /// <param name="warmupCount">Warm-up iterations.</param>
    /// <param name="iterationCount">Measured iterations.</param>
    /// <param name="oneOperationPerIteration">One operation per iteration (benchmarks with an [IterationSetup] that restores the data).</param>
    public FullRunJobAttribute(int warmupCount, int iterationCount, bool oneOperationPerIteration = false)
    {
        var job = Job.Default.WithWarmupCount(warmupCount).WithIterationCount(iterationCount).WithToolchain(InProcessEmitToolchain.Instance).WithId("Full");
        if (oneOperationPerIteration)
        {
            job = job.WithStrategy(RunStrategy.Monitoring).WithInvocationCount(1).WithUnrollFactor(1);
        }

        Config = BenchSettings.Short ? ManualConfig.CreateEmpty() : ManualConfig.CreateEmpty().AddJob(job);
    }

    public IConfig Config { get; }
}
