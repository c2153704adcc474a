using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// The analyzer's share of compile time (issues 7 and 14). A generated project of N entity types with 20 members each (every
/// member classified) is compiled in process, in two layouts (<see cref="ModelLayout"/>): baseline is the compiler's own
/// diagnostics (binding every method body), then the same with an analyzer that does nothing (the analyzer driver's own
/// cost), then with every Ncs.Privacy analyzer through <see cref="CompilationWithAnalyzers"/>. 250, 500, 1,000 and 2,000
/// types in one run show whether the cost grows linearly with the model.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LongOperationConfig))]
public class AnalyzerBenchmarks
{
    /// <summary>
    /// The full-run job with an in-process timeout of 10 minutes: at 2,000 types on a loaded machine one operation can exceed
    /// the in-process toolchain's default of one minute, which aborts the whole run. Nothing in the CI short mode.
    /// </summary>
    public sealed class LongOperationConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public LongOperationConfig()
        {
            if (!Data.BenchSettings.Short)
            {
                AddJob(Job.Default.WithWarmupCount(1).WithIterationCount(5).WithId("Full")
                    .WithToolchain(new BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: true)));
            }
        }
    }

    private ImmutableArray<SyntaxTree> _trees;
    private MetadataReference[] _references = [];
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;

    [ParamsSource(nameof(Sizes))]
    public int EntityTypes { get; set; }

    [ParamsAllValues]
    public ModelLayout Layout { get; set; }

    /// <summary>
    /// 250 to 2,000 entity types; 100 in the CI short mode; or the sizes <c>NCS_PRIVACY_BENCH_ANALYZER_TYPES</c> lists
    /// (<c>1000</c>, <c>250,1000</c>), so that a short (<c>--job Dry</c>) run measures allocations at the goal's size.
    /// </summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("NCS_PRIVACY_BENCH_ANALYZER_TYPES") is { Length: > 0 } listed
            ? listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray()
            : Data.BenchSettings.Short ? [100] : [250, 500, 1000, 2000];

    [GlobalSetup]
    public void Setup()
    {
        (_trees, _references) = GeneratedAnalyzerModel.Project(Layout, EntityTypes, 20);
        _analyzers = AllAnalyzers();
        var errors = Compile().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generated project does not compile: " + errors[0]);
        }
    }

    [Benchmark(Baseline = true, Description = "Compiler only")]
    public int CompilerOnly() => Compile().GetDiagnostics().Length;

    /// <summary>The analyzer driver with an analyzer that does nothing: what any build with any analyzer pays.</summary>
    [Benchmark(Description = "Compiler + an empty analyzer")]
    public async Task<int> WithEmptyAnalyzer()
    {
        var diagnostics = await Compile().WithAnalyzers([new EmptyAnalyzer()], Options).GetAllDiagnosticsAsync().ConfigureAwait(false);
        return diagnostics.Length;
    }

    [Benchmark(Description = "Compiler + Ncs.Privacy analyzers")]
    public async Task<int> WithAnalyzers()
    {
        var diagnostics = await Compile().WithAnalyzers(_analyzers, Options).GetAllDiagnosticsAsync().ConfigureAwait(false);
        var unexpected = diagnostics.FirstOrDefault(d => d.Id.StartsWith("NCSP", StringComparison.Ordinal) || d.Id == "AD0001");
        return unexpected is null ? diagnostics.Length : throw new InvalidOperationException("Every member is classified, yet: " + unexpected);
    }

    internal static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers()
    {
        var analyzers = typeof(Analyzers.RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        return analyzers.IsEmpty ? throw new InvalidOperationException("No analyzer found in Ncs.Privacy.Analyzers.") : analyzers;
    }

    internal static CompilationWithAnalyzersOptions Options => new(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);

    private CSharpCompilation Compile() => Compile(_trees, _references);

    internal static CSharpCompilation Compile(ImmutableArray<SyntaxTree> trees, MetadataReference[] references) => CSharpCompilation.Create(
        "Generated", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Ncs.Privacy.Benchmarks -- --analyzer-profile [types...]</c>: the CPU time each
/// analyzer spends (the driver's own telemetry), per layout and size; where to look before optimising, not a measurement.
/// </summary>
internal static class AnalyzerProfile
{
    /// <param name="sizes">Entity types per generated project.</param>
    /// <param name="telemetry">False for <c>--analyzer-cost</c>: only the one pass of each method, timed and with its allocations.</param>
    public static async Task RunAsync(IEnumerable<int> sizes, bool telemetry = true)
    {
        // Every method once on a small model first, so that JIT compilation is not counted in the first case's allocations.
        {
            var (trees, references) = GeneratedAnalyzerModel.Project(ModelLayout.Layered, 20, 20);
            _ = AnalyzerBenchmarks.Compile(trees, references).GetDiagnostics();
            _ = await AnalyzerBenchmarks.Compile(trees, references).WithAnalyzers([new EmptyAnalyzer()], AnalyzerBenchmarks.Options).GetAllDiagnosticsAsync().ConfigureAwait(false);
            _ = await AnalyzerBenchmarks.Compile(trees, references).WithAnalyzers(AnalyzerBenchmarks.AllAnalyzers(), AnalyzerBenchmarks.Options).GetAllDiagnosticsAsync().ConfigureAwait(false);
        }

        // NCS_PRIVACY_BENCH_ANALYZER_LAYOUT=SingleProject (or Layered): one layout only, e.g. under an allocation trace.
        var layouts = Environment.GetEnvironmentVariable("NCS_PRIVACY_BENCH_ANALYZER_LAYOUT") is { Length: > 0 } only
            ? new[] { Enum.Parse<ModelLayout>(only) }
            : Enum.GetValues<ModelLayout>();
        foreach (var layout in layouts)
        {
            foreach (var size in sizes)
            {
                var (trees, references) = GeneratedAnalyzerModel.Project(layout, size, 20);

                // One pass of each method in the same run, so that the ratios compare like with like on a shared machine. Allocated
                // bytes (every thread's, GC.GetTotalAllocatedBytes) depend little on the load; time depends on it entirely.
                var (compilerOnly, compilerBytes) = await Measure(() => Task.FromResult(AnalyzerBenchmarks.Compile(trees, references).GetDiagnostics().Length)).ConfigureAwait(false);
                var (emptyAnalyzer, emptyBytes) = await Measure(async () => (await AnalyzerBenchmarks.Compile(trees, references).WithAnalyzers([new EmptyAnalyzer()], AnalyzerBenchmarks.Options).GetAllDiagnosticsAsync().ConfigureAwait(false)).Length).ConfigureAwait(false);
                var (allAnalyzers, allBytes) = await Measure(async () => (await AnalyzerBenchmarks.Compile(trees, references).WithAnalyzers(AnalyzerBenchmarks.AllAnalyzers(), AnalyzerBenchmarks.Options).GetAllDiagnosticsAsync().ConfigureAwait(false)).Length).ConfigureAwait(false);
                Console.WriteLine($"{layout} {size} types, one pass each (load {Load()}): compiler {compilerOnly} ms {Mb(compilerBytes)}, + empty analyzer {emptyAnalyzer} ms {Mb(emptyBytes)}, "
                    + $"+ Ncs.Privacy analyzers {allAnalyzers} ms {Mb(allBytes)}: time {(double)allAnalyzers / compilerOnly:F2}x the compiler, "
                    + $"{(double)allAnalyzers / emptyAnalyzer:F2}x the empty analyzer; allocations {(double)allBytes / compilerBytes:F2}x the compiler, {(double)allBytes / emptyBytes:F2}x the empty analyzer");
                if (Environment.GetEnvironmentVariable("NCS_PRIVACY_BENCH_ANALYZER_SKELETON") == "1")
                {
                    // The driver's own cost for the kind of action the rules need to report live in the editor (a semantic-model
                    // action per file), with an action that does nothing: what no rule's code can remove.
                    var (skeleton, skeletonBytes) = await Measure(async () => (await AnalyzerBenchmarks.Compile(trees, references).WithAnalyzers([new SkeletonAnalyzer()], AnalyzerBenchmarks.Options).GetAllDiagnosticsAsync().ConfigureAwait(false)).Length).ConfigureAwait(false);
                    Console.WriteLine($"    + an analyzer with a semantic-model action that does nothing: {skeleton} ms {Mb(skeletonBytes)} ({(double)skeletonBytes / compilerBytes:F2}x the compiler); "
                        + $"Ncs.Privacy analyzers {(double)allBytes / skeletonBytes:F2}x it");
                }

                if (Environment.GetEnvironmentVariable("NCS_PRIVACY_BENCH_ANALYZER_EACH") == "1")
                {
                    // Each rule alone, to find which one allocates (the shared domain model is paid by whichever rule asks first).
                    foreach (var analyzer in AnalyzerBenchmarks.AllAnalyzers())
                    {
                        var (alone, aloneBytes) = await Measure(async () => (await AnalyzerBenchmarks.Compile(trees, references).WithAnalyzers([analyzer], AnalyzerBenchmarks.Options).GetAllDiagnosticsAsync().ConfigureAwait(false)).Length).ConfigureAwait(false);
                        Console.WriteLine($"    alone: {analyzer.GetType().Name,-45} {alone,6} ms {Mb(aloneBytes),10}, {Mb(aloneBytes - emptyBytes),10} over the empty analyzer");
                    }
                }

                if (!telemetry)
                {
                    continue;
                }

                var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
                var started = System.Diagnostics.Stopwatch.StartNew();
                var compilation = AnalyzerBenchmarks.Compile(trees, references).WithAnalyzers(AnalyzerBenchmarks.AllAnalyzers(), options);
                var result = await compilation.GetAnalysisResultAsync(CancellationToken.None).ConfigureAwait(false);
                var diagnostics = result.GetAllDiagnostics();
                Console.WriteLine($"{layout} {size} types: {started.ElapsedMilliseconds} ms, {diagnostics.Count(d => d.Id.StartsWith("NCSP", StringComparison.Ordinal) || d.Id == "AD0001")} analyzer diagnostics"
                    + (GeneratedAnalyzerModel.WithFindings ? " (the model has findings)" : " (unexpected: every member is classified)") + $", {diagnostics.Length} diagnostics in all; by rule: "
                    + string.Join(", ", diagnostics.Where(d => d.Id.StartsWith("NCSP", StringComparison.Ordinal) || d.Id == "AD0001").GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
                foreach (var diagnostic in diagnostics.Where(d => d.Id.StartsWith("NCSP", StringComparison.Ordinal) || d.Id == "AD0001").Take(3))
                {
                    Console.WriteLine("    " + diagnostic);
                }

                foreach (var (analyzer, info) in result.AnalyzerTelemetryInfo)
                {
                    Console.WriteLine($"    {analyzer.GetType().Name,-45} {info.ExecutionTime.TotalMilliseconds,8:F0} ms, {info.SymbolActionsCount} symbol, {info.OperationActionsCount} operation actions");
                }
            }
        }
    }

    private static async Task<(long Milliseconds, long Bytes)> Measure(Func<Task<int>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var started = DateTime.UtcNow;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _ = await run().ConfigureAwait(false);
        clock.Stop();
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;

        // The process's CPU time over the pass (every thread: compiler, driver, rules, GC, JIT), which a shared machine's load
        // disturbs much less than the wall time, and the garbage collections the pass triggered.
        Console.WriteLine($"    pass: {clock.ElapsedMilliseconds} ms wall, {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms CPU, "
            + $"{Mb(bytes)}, GCs gen0/1/2 {GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}");
        if (Environment.GetEnvironmentVariable("NCS_PRIVACY_BENCH_ANALYZER_MARKS") == "1")
        {
            // The pass's window in UTC, to cut an allocation trace (dotnet-trace, docs/performance.md section 4) to this pass.
            Console.WriteLine($"    pass {started:O} {DateTime.UtcNow:O} {Mb(bytes)}");
        }

        return (clock.ElapsedMilliseconds, bytes);
    }

    private static string Mb(long bytes) => $"{bytes / 1048576.0:F1} MB";

    /// <summary>The 1-minute load average (Linux), printed beside every case: time figures mean little above the core count.</summary>
    private static string Load()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

#pragma warning disable RS1001, RS1025, RS1026, RS1036, RS1041 // deliberately empty, loaded only in process: it measures the analyzer driver alone
internal sealed class EmptyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [];

    public override void Initialize(AnalysisContext context)
    {
    }
}

/// <summary>
/// A semantic-model action that does nothing: the driver's cost for the only kind of action the rules register. (No symbol action:
/// a type action makes the driver allocate for every field and method of the compilation, once per analyzer.)
/// </summary>
internal sealed class SkeletonAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            start.RegisterSemanticModelAction(_ => { });
        });
    }
}
#pragma warning restore RS1001, RS1025, RS1026, RS1036, RS1041
