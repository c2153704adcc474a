using System.Globalization;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>How much a test tried, written to the test output and appended to <c>reliability-counts.txt</c> next to the test assembly.</summary>
public static class Counts
{
    private static readonly Lock Gate = new();

    /// <summary>NCS_PRIVACY_LONG=1: the long run (thousands of cases).</summary>
    public static bool Long => Environment.GetEnvironmentVariable("NCS_PRIVACY_LONG") == "1";

    /// <summary>NCS_PRIVACY_SEED: a CsCheck seed to replay (printed by a failing property).</summary>
    public static string? Seed => Environment.GetEnvironmentVariable("NCS_PRIVACY_SEED") is { Length: > 0 } seed ? seed : null;

    public static long Cases(Ncs.Privacy.Testing.DatabaseProvider provider, long sqlite, long postgres)
        => (provider == Ncs.Privacy.Testing.DatabaseProvider.Sqlite ? sqlite : postgres) * (Long ? 10 : 1);

    public static void Report(ITestOutputHelper output, string test, string what)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} {test}: {what}");
        output.WriteLine(line);
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "reliability-counts.txt"), line + Environment.NewLine);
        }
    }
}
