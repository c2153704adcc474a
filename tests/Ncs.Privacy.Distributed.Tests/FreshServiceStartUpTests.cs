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
/// What start-up accepts, execution runs (issue 17, fresh tester): a service that takes part in privacy requests but
/// whose registered contexts hold no data subject of any category throws on every request it receives (the planner and
/// the exporter find no context for the category), and Wolverine retries it indefinitely, so every request to it stays
/// in progress until its due date. Start-up must refuse such a service, naming it and the fix.
/// </summary>
public sealed class FreshServiceStartUpTests
{
    [Fact]
    public async Task A_service_whose_contexts_hold_no_data_subject_fails_start_up_naming_the_fix()
    {
        await using var messaging = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var catalog = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        using var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .ConfigureServices(services =>
            {
                services.AddDbContext<CatalogContext>(o => catalog.Configure(o));
                services.AddPrivacy(p => p.UsePolicy(typeof(DistributedPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(DistributedPolicy).Namespace!)))
                    .AddEntityFrameworkCore<CatalogContext>()
                    .AddErasure(o => o.AuditKey = LocalShop.AuditKey);
            })
            .UseWolverine(o =>
            {
                o.ServiceName = "catalog";
                o.UsePrivacyMessaging(messaging.ConnectionString, m => m.ServiceName = "catalog");
            })
            .Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("'catalog'", error.Message, StringComparison.Ordinal);
        Assert.Contains("CatalogContext", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddService", error.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }
}
