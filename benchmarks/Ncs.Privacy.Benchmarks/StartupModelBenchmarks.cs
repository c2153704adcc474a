using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.Benchmarks.Data;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Issue 7, benchmark 5, the whole start-up: an application's host starting with a DbContext of 500 generated entity
/// types (20 classified auto-properties each). The library's side is what <c>AddPrivacy(...).AddEntityFrameworkCore&lt;T&gt;()</c>
/// adds to a host start: policy discovery (the model assembly scanned, every member read), the EF model built with the
/// classification conventions and the model check, the check again on the runtime model, and the subject graph.
/// Baseline: the same context's EF Core model built without the library, which every application pays anyway. The
/// difference of the two is the library's start-up cost. Every operation builds a new model (no EF service-provider cache).
/// </summary>
[MemoryDiagnoser]
[FullRunJob(warmupCount: 2, iterationCount: 10)]
public class StartupModelBenchmarks
{
    [ParamsSource(nameof(Sizes))]
    public int EntityTypes { get; set; }

    public static IEnumerable<int> Sizes => BenchSettings.Short ? [100] : [500];

    [GlobalSetup]
    public void Setup() => GeneratedContext.Types = GeneratedModel.Emit(EntityTypes, 20);

    [Benchmark(Description = "Ncs.Privacy: host start (policy + model check + subject graph)")]
    public async Task<int> Library()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<GeneratedContext>(Configure);
        services.AddPrivacy(p => p.UsePolicy(typeof(BenchmarkPolicy)).AddModelAssembly(GeneratedContext.Types[0].Assembly))
            .AddEntityFrameworkCore<GeneratedContext>();
        await using var provider = services.BuildServiceProvider();
        var started = 0;
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            // The start-up check builds the context's model (so it is not built twice here: with the EF service-provider
            // cache off, every context instance would build its own).
            await hosted.StartAsync(CancellationToken.None);
            started++;
        }

        return started;
    }

    [Benchmark(Baseline = true, Description = "EF Core model build alone")]
    public async Task<int> EfCoreAlone()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<GeneratedContext>(Configure);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<GeneratedContext>().Model.GetEntityTypes().Count();
    }

    // A new EF Core service provider per host, so that every operation builds its model.
    private static void Configure(DbContextOptionsBuilder options) => options.UseSqlite("Data Source=:memory:").EnableServiceProviderCaching(false);
}

/// <summary>A context over the generated entity types (keyed by their first int member).</summary>
public sealed class GeneratedContext(DbContextOptions<GeneratedContext> options) : DbContext(options)
{
    public static IReadOnlyList<Type> Types { get; set; } = [];

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        foreach (var type in Types)
        {
            modelBuilder.Entity(type).HasKey("Member01");
        }
    }
}
