using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Benchmarks.Data;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Where an export's fixed cost goes (issue 18, round 4), without BenchmarkDotNet: the bytes (all threads,
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/>) of the library's export of the smallest benchmark subject, of the
/// hand-written one, and of the part of the library's export that is the application's registration, not the export:
/// a DI scope and the context it resolves (options built per scope, as <c>AddDbContext</c> does) against the baseline's
/// <c>new ShopContext(options)</c>; then the types the runtime's allocation sampling names in the library's export.
/// <c>dotnet run -c Release --project benchmarks/Ncs.Privacy.Benchmarks -- --export-profile [Sqlite|PostgreSql] [iterations]</c>.
/// </summary>
internal static class ExportProfile
{
    public static async Task RunAsync(DatabaseProvider provider, int iterations)
    {
        var database = await ShopServices.ExportDatabaseAsync(provider);
        await using var services = ShopServices.Build(database, new FixedTime(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
        var exporter = services.GetRequiredService<IDataSubjectExporter>();
        var plain = database.PlainOptions();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        const int subject = 1; // the benchmark's 10-row subject
        var reference = new DataSubjectReference(BenchmarkPolicy.Customer, subject);

        for (var i = 0; i < 5; i++)
        {
            await exporter.ExportAsync(reference, new CountingStream());
            await HandWrittenExport.WriteAsync(plain, subject, DateTimeOffset.UnixEpoch, new CountingStream());
        }

        long library = 0, handWritten = 0, scoped = 0, plainContext = 0;
        using var sampler = new ErasureProfile.AllocationSampler();
        for (var i = 0; i < iterations; i++)
        {
            sampler.Phase = "library";
            var before = GC.GetTotalAllocatedBytes(true);
            await exporter.ExportAsync(reference, new CountingStream());
            library += GC.GetTotalAllocatedBytes(true) - before;
            sampler.Phase = "hand-written";
            before = GC.GetTotalAllocatedBytes(true);
            await HandWrittenExport.WriteAsync(plain, subject, DateTimeOffset.UnixEpoch, new CountingStream());
            handWritten += GC.GetTotalAllocatedBytes(true) - before;
            sampler.Phase = null;

            before = GC.GetTotalAllocatedBytes(true);
            await using (var scope = scopes.CreateAsyncScope())
            {
                var context = scope.ServiceProvider.GetRequiredService<ShopContext>();
                _ = context.GetSubjectGraph();
            }

            scoped += GC.GetTotalAllocatedBytes(true) - before;
            before = GC.GetTotalAllocatedBytes(true);
            await using (var context = new ShopContext(plain))
            {
                _ = context.Model;
            }

            plainContext += GC.GetTotalAllocatedBytes(true) - before;
        }

        Console.WriteLine($"{provider}, {subject} (10 rows): per export, library {library / iterations / 1024.0:F1} KB, hand-written {handWritten / iterations / 1024.0:F1} KB; "
            + $"a DI scope and its context {scoped / iterations / 1024.0:F1} KB against new ShopContext(options) {plainContext / iterations / 1024.0:F1} KB");
        sampler.Print(25);
    }
}
