using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

/// <summary>What the ownership break rounds share: the ownership policy, its fixed day, and a model start-up refuses.</summary>
internal static class OwnershipModels
{
    public static readonly Lazy<PrivacyPolicy> Policy = new(() => PrivacyPolicy.Load(new PrivacyOptions
    {
        PolicyType = typeof(OwnershipPolicy),
        ModelAssemblies = { typeof(OwnershipPolicy).Assembly },
        ModelNamespaces = { typeof(OwnershipPolicy).Namespace! },
    }));

    public static DateTimeOffset Today => new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A context of the model on an in-memory SQLite connection, with the ownership policy (its model not yet built).</summary>
    public static TContext Open<TContext>(Func<DbContextOptions<TContext>, TContext> create)
        where TContext : DbContext
        => create(new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=:memory:").UsePrivacy(Policy.Value).Options);

    public static PrivacyModelException Refused<TContext>(Func<DbContextOptions<TContext>, TContext> create)
        where TContext : DbContext
    {
        using var context = Open(create);
        return Assert.Throws<PrivacyModelException>(() => context.Model);
    }
}

/// <summary>
/// One ownership model on a fresh database with the library registered as an app would (a fixed clock, an optional
/// guard, optional <see cref="PrivacyDbContextOptions"/>): seed it, export, plan, erase and dump its tables. The context
/// may take the tenant its services are resolved for (<see cref="ForTenant"/>); the seeding world's is null (every tenant).
/// </summary>
internal sealed class OwnershipWorld<TContext> : IAsyncDisposable
    where TContext : BreakContext<TContext>
{
    private readonly Func<DbContextOptions<TContext>, int?, TContext> _create;
    private readonly Action<PrivacyDbContextOptions>? _options;
    private readonly IErasureGuard? _guard;
    private readonly bool _ownsDatabase;

    private OwnershipWorld(TestDatabase database, Func<DbContextOptions<TContext>, int?, TContext> create, int? tenant, Action<PrivacyDbContextOptions>? options, IErasureGuard? guard, bool ownsDatabase)
    {
        Database = database;
        _create = create;
        _options = options;
        _guard = guard;
        _ownsDatabase = ownsDatabase;
        Services = Build(tenant);
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    /// <summary>A world whose context ignores the tenant.</summary>
    public static Task<OwnershipWorld<TContext>> CreateAsync(DatabaseProvider provider, Func<DbContextOptions<TContext>, TContext> create, Func<TContext, Task> seed, IErasureGuard? guard = null, Action<PrivacyDbContextOptions>? options = null)
        => CreateAsync(provider, (o, _) => create(o), seed, guard, options);

    /// <summary>A world whose context is created for a tenant (null when seeding, and for services of every tenant).</summary>
    public static async Task<OwnershipWorld<TContext>> CreateAsync(DatabaseProvider provider, Func<DbContextOptions<TContext>, int?, TContext> create, Func<TContext, Task> seed, IErasureGuard? guard = null, Action<PrivacyDbContextOptions>? options = null)
    {
        var world = new OwnershipWorld<TContext>(await TestDatabase.CreateAsync(provider), create, null, options, guard, ownsDatabase: true);
        try
        {
            await using var scope = world.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            await context.Database.EnsureCreatedAsync();
            await seed(context);
            return world;
        }
        catch
        {
            await world.DisposeAsync(); // a model start-up refuses: the database goes with the world
            throw;
        }
    }

    /// <summary>The services of one tenant on the same database (same options and guard); disposing it leaves the database.</summary>
    public OwnershipWorld<TContext> ForTenant(int tenant) => new(Database, _create, tenant, _options, _guard, ownsDatabase: false);

    private ServiceProvider Build(int? tenant)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (_guard is not null)
        {
            services.AddSingleton(_guard);
        }

        services.AddSingleton<TimeProvider>(new FixedTime(OwnershipModels.Today));
        services.AddDbContext<TContext>(o => Database.Configure(o));
        services.AddScoped(sp => _create(sp.GetRequiredService<DbContextOptions<TContext>>(), tenant));
        services.AddPrivacy(p => p.UsePolicy(typeof(OwnershipPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(OwnershipPolicy).Namespace!)))
            .AddEntityFrameworkCore<TContext>(_options)
            .AddErasure(o => o.AuditKey = Harness.AuditKey);
        return services.BuildServiceProvider();
    }

    public async Task<string> DumpAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await TableDump.OfAsync(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public async Task<string> ExportAsync(int id)
    {
        using var stream = new MemoryStream();
        await Services.GetRequiredService<IDataSubjectExporter>().ExportAsync(new DataSubjectReference(OwnershipPolicy.Customer, id), stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public Task<ErasurePlan> PlanAsync(int id) => Services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(OwnershipPolicy.Customer, id), "REQ-" + id);

    /// <summary>Plans and runs the erasure; an accepted plan that throws fails the test with the exception.</summary>
    public async Task<ErasureResult> EraseAsync(int id)
    {
        var plan = await PlanAsync(id);
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        return await Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
