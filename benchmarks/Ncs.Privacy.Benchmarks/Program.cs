using BenchmarkDotNet.Running;

// Full run:  dotnet run -c Release --project benchmarks/Ncs.Privacy.Benchmarks -- --filter '*'
// Short run: benchmarks/run-short.sh (what CI runs: every benchmark once, in process, to keep them compiling and running)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point; public for BenchmarkSwitcher.</summary>
public partial class Program;
