using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;
using Ncs.Privacy.Wolverine;
using Wolverine;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>
/// One service of the shop as its own host (its own service provider, Wolverine runtime and database): identity (the
/// coordinator, with the request store), ordering or basket. All three share one messaging database on the server.
/// </summary>
public static class ServiceHost
{
    public const string Identity = "identity";
    public const string Ordering = "ordering";
    public const string Basket = "basket";

    public static IHost Build(string service, TestDatabase data, TestDatabase messaging, string exportDirectory, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor? interceptor = null)
    {
        var builder = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders().SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices(services =>
            {
                var privacy = services.AddPrivacy(p => p.UsePolicy(typeof(DistributedPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(DistributedPolicy).Namespace!)));
                switch (service)
                {
                    case Identity:
                        services.AddDbContext<IdentityServiceContext>(o => Configure(o, data, interceptor));
                        privacy.AddEntityFrameworkCore<IdentityServiceContext>().AddErasure(o => o.AuditKey = LocalShop.AuditKey)
                            .AddPrivacyRequests<IdentityServiceContext>().AddRequestVerifier<OperatorCheck>();
                        break;
                    case Ordering:
                        services.AddDbContext<OrderingContext>(o => Configure(o, data, interceptor));
                        privacy.AddEntityFrameworkCore<OrderingContext>().AddErasure(o => o.AuditKey = LocalShop.AuditKey);
                        break;
                    case Basket:
                        services.AddDbContext<BasketContext>(o => Configure(o, data, interceptor));
                        privacy.AddEntityFrameworkCore<BasketContext>().AddErasure(o => o.AuditKey = LocalShop.AuditKey);
                        break;
                }
            })
            .UseWolverine(o =>
            {
                o.ServiceName = service;
                o.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(500);
                o.UsePrivacyMessaging(messaging.ConnectionString, m =>
                {
                    m.ServiceName = service;
                    m.ExportDirectory = exportDirectory;
                    m.RetryDelays.Clear();
                    m.RetryDelays.Add(TimeSpan.FromSeconds(1));
                    if (service == Identity)
                    {
                        m.IsCoordinator = true;
                        m.AddService(Identity, DistributedPolicy.Subjects.Customer)
                            .AddService(Ordering, DistributedPolicy.Subjects.Customer)
                            .AddService(Basket, DistributedPolicy.Subjects.Customer);
                    }
                });
            });
        return builder.Build();
    }

    /// <summary>Creates and seeds the service's database through its own context.</summary>
    public static async Task SeedAsync(string service, TestDatabase data)
    {
        switch (service)
        {
            case Identity:
                await using (var context = new IdentityServiceContext(Options<IdentityServiceContext>(data)))
                {
                    await DistributedSeed.SeedIdentityAsync(context);
                }

                break;
            case Ordering:
                await using (var context = new OrderingContext(Options<OrderingContext>(data)))
                {
                    await DistributedSeed.SeedOrderingAsync(context, LocalShop.Now);
                }

                break;
            default:
                await using (var context = new BasketContext(Options<BasketContext>(data)))
                {
                    await DistributedSeed.SeedBasketAsync(context, LocalShop.Now);
                }

                break;
        }
    }

    public static async Task<string> DumpAsync<TContext>(IHost host)
        where TContext : DbContext
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await DistributedSeed.DumpAsync(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public static async Task<int> ErasureRecordsAsync<TContext>(IHost host, Guid requestId)
        where TContext : DbContext
    {
        await using var scope = host.Services.CreateAsyncScope();
        var id = "request-" + requestId.ToString("N");
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<PrivacyAuditRecord>()
            .CountAsync(a => a.Kind == PrivacyAuditRecord.ErasureKind && a.RequestId == id);
    }

    private static void Configure(DbContextOptionsBuilder options, TestDatabase data, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor? interceptor)
    {
        data.Configure(options);
        if (interceptor is not null)
        {
            options.AddInterceptors(interceptor);
        }
    }

    private static DbContextOptions<TContext> Options<TContext>(TestDatabase data)
        where TContext : DbContext
        => (DbContextOptions<TContext>)data.Configure(new DbContextOptionsBuilder<TContext>()).Options;
}
