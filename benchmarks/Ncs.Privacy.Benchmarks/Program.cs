using BenchmarkDotNet.Running;
using Ncs.Privacy.Testing;

// Full run:  dotnet run -c Release --project benchmarks/Ncs.Privacy.Benchmarks -- --filter '*'   (docs/performance.md)
// Short run: benchmarks/run-short.sh (what CI runs: every benchmark once, in process, small data sets)
//
// The database benchmarks run on a real PostgreSQL 15 server: the one NCS_PRIVACY_POSTGRES names, or else a private
// cluster the test fixture starts here, in the host process, and names in NCS_PRIVACY_POSTGRES so that every
// benchmark process BenchmarkDotNet launches uses the same server. It stops when this process ends.
if (args.Length > 0 && args[0] is "--analyzer-profile" or "--analyzer-cost")
{
    await Ncs.Privacy.Benchmarks.AnalyzerProfile.RunAsync(args.Length > 1 ? args.Skip(1).Select(int.Parse) : [250, 500, 1000, 2000], telemetry: args[0] == "--analyzer-profile");
    return 0;
}

if (args.Length > 3 && args[0] == "--allocation-report")
{
    Ncs.Privacy.Benchmarks.AllocationTraceReport.Run(args[1], args[2], args[3], args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 40);
    return 0;
}

if (args.Length > 0 && args[0] == "--startup-profile")
{
    await Ncs.Privacy.Benchmarks.StartupProfile.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return 0;
}

if (args.Length > 0 && args[0] == "--erasure-profile")
{
    await Ncs.Privacy.Benchmarks.ErasureProfile.RunAsync(
        args.Length > 1 ? Enum.Parse<DatabaseProvider>(args[1]) : DatabaseProvider.Sqlite, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50,
        args.Length > 3 ? args[3].Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : null);
    return 0;
}

if (args.Length > 0 && args[0] == "--erasure-statements")
{
    await Ncs.Privacy.Benchmarks.ErasureStatements.RunAsync(
        args.Length > 1 ? Enum.Parse<DatabaseProvider>(args[1]) : DatabaseProvider.Sqlite, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 2);
    return 0;
}

if (args.Length > 0 && args[0] == "--export-profile")
{
    await Ncs.Privacy.Benchmarks.ExportProfile.RunAsync(
        args.Length > 1 ? Enum.Parse<DatabaseProvider>(args[1]) : DatabaseProvider.Sqlite, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50);
    return 0;
}

if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresServer.EnvironmentVariable))
    && !args.Contains("--list", StringComparer.Ordinal) && !args.Contains("--help", StringComparer.Ordinal))
{
    var server = await PostgresServer.GetAsync();
    Environment.SetEnvironmentVariable(PostgresServer.EnvironmentVariable, server.AdminConnectionString);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToArray();

// A benchmark that throws (a setup check failed, a baseline no longer does the same job) fails the run, so CI notices.
var failed = summaries.Where(s => s.HasCriticalValidationErrors || s.Reports.Length < s.BenchmarksCases.Length || s.Reports.Any(r => !r.Success)).ToArray();
foreach (var summary in failed)
{
    Console.Error.WriteLine($"Benchmark run '{summary.Title}' failed: see {summary.LogFilePath}");
}

return failed.Length == 0 ? 0 : 1;

/// <summary>Entry point; public for BenchmarkSwitcher.</summary>
public partial class Program;
