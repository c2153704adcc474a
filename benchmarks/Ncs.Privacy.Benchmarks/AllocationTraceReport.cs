using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// <c>--allocation-report trace.nettrace fromUtc toUtc [stacks]</c>: where the bytes of one pass went, from the runtime's allocation
/// sampling (GC AllocationTick, one sample per ~100 KB, with its stack) in a trace that <c>dotnet-trace collect --profile gc-verbose</c>
/// wrote around <c>--analyzer-cost</c> with <c>NCS_PRIVACY_BENCH_ANALYZER_MARKS=1</c> (which prints each pass's UTC window).
/// Prints the sampled bytes by type, by the innermost Ncs.Privacy.Analyzers frame, and by stack (docs/performance.md, section 4).
/// Compare the window of the analyzers' pass with the empty analyzer's: what one has and the other does not is the analyzers'.
/// </summary>
internal static class AllocationTraceReport
{
    public static void Run(string path, string from, string to, int stacks)
    {
        var start = DateTime.Parse(from, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var end = DateTime.Parse(to, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(path));
        var sessionStart = log.SessionStartTime.ToUniversalTime();
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        var byOurFrame = new Dictionary<string, long>(StringComparer.Ordinal);
        var byStack = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0, ours = 0, samples = 0;
        foreach (var data in log.Events)
        {
            if (data is not GCAllocationTickTraceData tick)
            {
                continue;
            }

            var at = sessionStart.AddMilliseconds(data.TimeStampRelativeMSec);
            if (at < start || at > end)
            {
                continue;
            }

            samples++;
            var bytes = tick.AllocationAmount64;
            total += bytes;
            var type = tick.TypeName ?? "?";
            byType[type] = byType.GetValueOrDefault(type) + bytes;
            var frames = new List<string>();
            for (var frame = data.CallStack(); frame is not null; frame = frame.Caller)
            {
                frames.Add(frame.CodeAddress.FullMethodName is { Length: > 0 } name ? Short(name) : frame.CodeAddress.ModuleName + "!?");
            }

            var ourFrame = frames.FindIndex(f => f.StartsWith("Ncs.Privacy.Analyzers.", StringComparison.Ordinal));
            if (ourFrame >= 0)
            {
                ours += bytes;
                byOurFrame[frames[ourFrame]] = byOurFrame.GetValueOrDefault(frames[ourFrame]) + bytes;
            }

            // The allocating frames up to (and including) the first of ours, or the eight innermost when none of ours is on the stack.
            var key = type + " <= " + string.Join(" <= ", frames.Take(ourFrame >= 0 ? Math.Min(ourFrame + 2, 10) : 8));
            byStack[key] = byStack.GetValueOrDefault(key) + bytes;
        }

        Console.WriteLine($"{samples} samples between {start:O} and {end:O}: {Mb(total)} sampled, {Mb(ours)} with an Ncs.Privacy.Analyzers frame on the stack");
        Print("By type", byType, 30);
        Print("By the innermost Ncs.Privacy.Analyzers frame", byOurFrame, 30);
        Print("By stack", byStack, stacks);
    }

    private static void Print(string title, Dictionary<string, long> bytes, int count)
    {
        Console.WriteLine("== " + title);
        foreach (var (key, value) in bytes.OrderByDescending(p => p.Value).Take(count))
        {
            Console.WriteLine($"{Mb(value),10}  {key}");
        }
    }

    private static string Short(string method)
    {
        var parameters = method.IndexOf('(', StringComparison.Ordinal);
        return parameters > 0 ? method[..parameters] : method;
    }

    private static string Mb(long bytes) => $"{bytes / 1048576.0:F1} MB";
}
