using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>A shape the issue did not list: an optional reference through a value converter (a strongly typed id) beside the root's string key.</summary>
public sealed class ConvertedReferenceTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_strongly_typed_optional_reference_is_checked_against_the_root_and_followed(DatabaseProvider provider)
    {
        await using var identity = await TestDatabase.CreateAsync(provider);
        await using var webhooks = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<IdentityServiceContext>(o => identity.Configure(o));
        services.AddDbContext<WebhooksContext>(o => webhooks.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(DistributedPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(DistributedPolicy).Namespace!)))
            .AddEntityFrameworkCore<IdentityServiceContext>()
            .AddEntityFrameworkCore<WebhooksContext>()
            .AddErasure(o => o.AuditKey = LocalShop.AuditKey);
        await using var provided = services.BuildServiceProvider();
        foreach (var hosted in provided.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None); // the stored type (string, through the converter) matches Account.Id
        }

        await using (var scope = provided.CreateAsyncScope())
        {
            await DistributedSeed.SeedIdentityAsync(scope.ServiceProvider.GetRequiredService<IdentityServiceContext>());
            var context = scope.ServiceProvider.GetRequiredService<WebhooksContext>();
            await context.Database.EnsureCreatedAsync();
            context.Subscriptions.AddRange(
                new WebhookSubscription { Id = 1, Owner = new UserRef(DistributedSeed.Alice), CallbackUrl = "https://alice.example/hook" },
                new WebhookSubscription { Id = 2, Owner = new UserRef(DistributedSeed.Bob), CallbackUrl = "https://bob.example/hook" },
                new WebhookSubscription { Id = 3, Owner = null, CallbackUrl = "https://ops.example/hook" });
            await context.SaveChangesAsync();
        }

        var export = await SubjectReferenceTests.ExportAsync(provided, DistributedSeed.Alice);
        Assert.Contains("https://alice.example/hook", export, StringComparison.Ordinal);
        Assert.DoesNotContain("bob.example", export, StringComparison.Ordinal);
        Assert.DoesNotContain("ops.example", export, StringComparison.Ordinal);

        var coordinator = provided.GetRequiredService<IErasureCoordinator>();
        var plan = await coordinator.PlanAsync(new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice), "DSR-17-6");
        Assert.Equal([typeof(WebhooksContext).FullName, typeof(IdentityServiceContext).FullName], plan.Parts.Select(p => p.Context));
        await coordinator.ExecuteAsync(plan);

        await using (var scope = provided.CreateAsyncScope())
        {
            var dump = await DistributedSeed.DumpAsync(scope.ServiceProvider.GetRequiredService<WebhooksContext>());
            Assert.DoesNotContain("alice.example", dump, StringComparison.Ordinal);
            Assert.Contains("https://bob.example/hook", dump, StringComparison.Ordinal);
            Assert.Contains("https://ops.example/hook", dump, StringComparison.Ordinal);
        }
    }
}
