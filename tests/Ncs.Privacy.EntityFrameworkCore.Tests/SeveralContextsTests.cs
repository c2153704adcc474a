using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>Several DbContexts, the fluent API for types the application cannot annotate, contributors, the start-up check.</summary>
public sealed class SeveralContextsTests
{
    private static ServiceProvider Services(TestDatabase shop, TestDatabase loyalty) => Shop.Services(
        shop,
        privacy => privacy
            .Classify<ExternalProfile>(c => c
                .NotPersonalData(p => p.Id, "Surrogate key.")
                .PersonalData(p => p.Bio, ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account, a => a.Source = "Imported from the CRM"))
            .AddEntityFrameworkCore<LoyaltyContext>()
            .AddExportContributor<MailingListSection>(),
        services => services.AddDbContext<LoyaltyContext>(o => loyalty.Configure(o)));

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task One_export_covers_every_registered_context_and_contributed_sections(DatabaseProvider provider)
    {
        await using var shop = await Shop.CreateSeededAsync(provider);
        await using var loyalty = await TestDatabase.CreateAsync(provider);
        await using var services = Services(shop, loyalty);
        using (var scope = services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<LoyaltyContext>();
            await context.Database.EnsureCreatedAsync();
            context.Members.AddRange(
                new LoyaltyMember { Id = Shop.Alice, Nickname = "alice-nick", Points = [new LoyaltyPoints { Id = 1, Reason = "alice-points", Points = 10 }], Profile = new ExternalProfile { Id = 1, Bio = "alice-bio" } },
                new LoyaltyMember { Id = Shop.Bob, Nickname = "bob-nick", Points = [new LoyaltyPoints { Id = 2, Reason = "bob-points", Points = 5 }] });
            await context.SaveChangesAsync();
        }

        var alice = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Customer, Shop.Alice);

        Assert.Equal(["ShopContext", "LoyaltyContext"], alice.Root.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("context").GetString()).Distinct());
        Assert.Equal(["Alice Ann"], alice.Values("Customer", "Name"));
        Assert.Equal(["alice-nick"], alice.Values("LoyaltyMember", "Nickname"));
        Assert.Equal(["alice-points"], alice.Values("LoyaltyPoints", "Reason"));
        // Classified in code with Classify<T>(): exported with its purpose and source.
        Assert.Equal(["alice-bio"], alice.Values("ExternalProfile", "Bio"));
        var bio = alice.Blocks("ExternalProfile").Single().GetProperty("fields").GetProperty("Bio").GetProperty("uses")[0];
        Assert.Equal("marketing", bio.GetProperty("purpose").GetString());
        Assert.Equal("Imported from the CRM", bio.GetProperty("source").GetString());
        Assert.DoesNotContain("bob", alice.Json, StringComparison.OrdinalIgnoreCase);

        var section = Assert.Single(alice.Root.GetProperty("sections").EnumerateArray());
        Assert.Equal("mailing-list", section.GetProperty("name").GetString());
        Assert.Equal("""{"subscribed":true,"subject":"1","purpose":"marketing"}""", JsonSerializer.Serialize(section.GetProperty("content")));
        Assert.Equal(["mailing-list"], alice.Summary.Sections);

        // A subject that only one context knows is found there.
        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<LoyaltyContext>();
            context.Members.Add(new LoyaltyMember { Id = 77, Nickname = "only-in-loyalty" });
            await context.SaveChangesAsync();
        }

        var loyaltyOnly = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Customer, 77);
        Assert.Equal(["only-in-loyalty"], loyaltyOnly.Values("LoyaltyMember", "Nickname"));
        Assert.Empty(loyaltyOnly.Values("Customer", "Name"));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_host_checks_every_context_at_start_up(DatabaseProvider provider)
    {
        await using var shop = await TestDatabase.CreateAsync(provider);
        await using var loyalty = await TestDatabase.CreateAsync(provider);

        // Without Classify<ExternalProfile>(), ExternalProfile's columns are unclassified: start-up fails naming them.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<ShopContext>(o => shop.Configure(o));
        services.AddDbContext<LoyaltyContext>(o => loyalty.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(ShopPolicy))).AddEntityFrameworkCore<ShopContext>().AddEntityFrameworkCore<LoyaltyContext>();
        await using var provided = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<PrivacyModelException>(async () =>
        {
            foreach (var hosted in provided.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }
        });

        Assert.Equal([("ExternalProfile", "Bio")], error.Problems.Select(p => (p.EntityType, p.Property!)));
        Assert.Empty(await loyalty.TableNamesAsync());

        // With it, both contexts pass.
        await using var fixedServices = Services(shop, loyalty);
        foreach (var hosted in fixedServices.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }
}

/// <summary>A data source outside the database (a mailing-list provider) adds its section.</summary>
internal sealed class MailingListSection : IExportContributor
{
    public string Name => "mailing-list";

    public Task WriteAsync(ExportContributionContext context, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("subscribed", true);
        writer.WriteString("subject", context.Subject.Id.ToString());
        writer.WriteString("purpose", context.Policy.Purposes[ShopPolicy.Purposes.Marketing].Id);
        writer.WriteEndObject();
        return Task.CompletedTask;
    }
}
