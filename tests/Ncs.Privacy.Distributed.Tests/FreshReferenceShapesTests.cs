using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>
/// Subject references by value in shapes a new user writes after dotnet/eShop (issue 17, fresh tester): Guid ids, a
/// nullable reference beside a required one, and a row that names two customers by value.
/// </summary>
public sealed class FreshReferenceShapesTests
{
    private static readonly Guid Alice = Guid.Parse("6f1c0c1e-1d7a-4c57-9a51-3b0e9f5a0a11");
    private static readonly Guid Bob = Guid.Parse("0d9e2b44-8f43-4f1c-b0f4-2a7c59e1c0b2");

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Guid_references_nullable_and_required_are_followed_whether_the_id_arrives_as_a_Guid_or_as_its_text(DatabaseProvider provider)
    {
        await using var identity = await TestDatabase.CreateAsync(provider);
        await using var webhooks = await TestDatabase.CreateAsync(provider);
        await using var provided = await StartAsync(identity, webhooks);
        await using (var scope = provided.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<GuidIdentityContext>();
            await users.Database.EnsureCreatedAsync();
            users.Users.AddRange(new GuidUser { Id = Alice, Email = "alice@guid.example" }, new GuidUser { Id = Bob, Email = "bob@guid.example" });
            await users.SaveChangesAsync();
            var context = scope.ServiceProvider.GetRequiredService<GuidWebhooksContext>();
            await context.Database.EnsureCreatedAsync();
            context.Webhooks.AddRange(
                new GuidWebhook { Id = 1, UserId = Alice, DestUrl = "https://alice.example/hook" },
                new GuidWebhook { Id = 2, UserId = Bob, DestUrl = "https://bob.example/hook" },
                new GuidWebhook { Id = 3, UserId = null, DestUrl = "https://ops.example/hook" });
            context.Cards.AddRange(new GuidCard { Id = 1, BuyerId = Alice, CardHolderName = "ALICE A" }, new GuidCard { Id = 2, BuyerId = Bob, CardHolderName = "BOB B" });
            await context.SaveChangesAsync();
        }

        // The id as the messaging carries it (text) and as the application holds it (a Guid) find the same rows.
        foreach (object id in new object[] { Alice, Alice.ToString() })
        {
            var export = await ExportAsync(provided, id);
            Assert.Contains("https://alice.example/hook", export, StringComparison.Ordinal);
            Assert.Contains("ALICE A", export, StringComparison.Ordinal);
            Assert.DoesNotContain("bob", export, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("ops.example", export, StringComparison.Ordinal);
        }

        var coordinator = provided.GetRequiredService<IErasureCoordinator>();
        var plan = await coordinator.PlanAsync(new DataSubjectReference(DistributedPolicy.Subjects.Customer, Alice.ToString()), "DSR-17-F1");
        Assert.Equal([typeof(GuidWebhooksContext).FullName, typeof(GuidIdentityContext).FullName], plan.Parts.Select(p => p.Context));
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        await coordinator.ExecuteAsync(plan);

        await using (var scope = provided.CreateAsyncScope())
        {
            var dump = await DistributedSeed.DumpAsync(scope.ServiceProvider.GetRequiredService<GuidWebhooksContext>())
                       + await DistributedSeed.DumpAsync(scope.ServiceProvider.GetRequiredService<GuidIdentityContext>());
            Assert.DoesNotContain("alice.example", dump, StringComparison.Ordinal);
            Assert.DoesNotContain("ALICE A", dump, StringComparison.Ordinal);
            Assert.DoesNotContain("alice@guid.example", dump, StringComparison.Ordinal);
            Assert.Contains("https://bob.example/hook", dump, StringComparison.Ordinal);
            Assert.Contains("BOB B", dump, StringComparison.Ordinal);
            Assert.Contains("bob@guid.example", dump, StringComparison.Ordinal);
            Assert.Contains("https://ops.example/hook", dump, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_row_naming_two_customers_by_value_is_refused_with_a_fix_that_applies_to_references_by_value()
    {
        // Bob writes to Alice: the row names two customers by value. Start-up refuses it until the app decides who owns
        // it (docs/ownership.md rule 8), and the fix it offers must be one a reference by value can take: there is no
        // navigation to name and no CLR type for HasOne<...>() (the stand-in root is made by the library).
        await using var chat = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var error = await Assert.ThrowsAsync<PrivacyModelException>(async () =>
        {
            await using var provided = await StartChatAsync<ChatContext>(chat);
        });
        var problem = Assert.Single(error.Problems);
        Assert.Equal((PrivacyModelProblemKind.AmbiguousOwnership, "ChatMessage"), (problem.Kind, problem.EntityType));
        Assert.Contains("[SubjectReference(", problem.Message, StringComparison.Ordinal);
        Assert.Empty(await chat.TableNamesAsync());
    }

    [Fact]
    public async Task A_row_naming_two_customers_by_value_decided_with_the_attribute_stays_its_senders()
    {
        await using var chat = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var provided = await StartChatAsync<DecidedChatContext>(chat);
        await using (var scope = provided.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<DecidedChatContext>();
            await context.Database.EnsureCreatedAsync();
            context.Messages.AddRange(
                new DecidedChatMessage { Id = 1, SenderId = DistributedSeed.Bob, RecipientId = DistributedSeed.Alice, Body = "bob-writes-to-alice" },
                new DecidedChatMessage { Id = 2, SenderId = DistributedSeed.Alice, RecipientId = null, Body = "alice-writes-to-support" });
            await context.SaveChangesAsync();
        }

        await AssertSenderOwnsAsync<DecidedChatContext>(provided);
    }

    [Fact]
    public async Task A_row_naming_two_customers_by_value_decided_with_the_fluent_api_stays_its_senders()
    {
        await using var chat = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var provided = await StartChatAsync<FluentDecidedChatContext>(chat);
        await using (var scope = provided.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<FluentDecidedChatContext>();
            await context.Database.EnsureCreatedAsync();
            context.Messages.AddRange(
                new ChatMessage { Id = 1, SenderId = DistributedSeed.Bob, RecipientId = DistributedSeed.Alice, Body = "bob-writes-to-alice" },
                new ChatMessage { Id = 2, SenderId = DistributedSeed.Alice, RecipientId = null, Body = "alice-writes-to-support" });
            await context.SaveChangesAsync();
        }

        await AssertSenderOwnsAsync<FluentDecidedChatContext>(provided);
    }

    /// <summary>Alice's export has her own message only; her erasure removes it and leaves what Bob wrote to her.</summary>
    private static async Task AssertSenderOwnsAsync<TContext>(ServiceProvider provided)
        where TContext : DbContext
    {
        var export = await ExportAsync(provided, DistributedSeed.Alice);
        Assert.Contains("alice-writes-to-support", export, StringComparison.Ordinal);
        Assert.DoesNotContain("bob-writes-to-alice", export, StringComparison.Ordinal);
        Assert.Contains("bob-writes-to-alice", await ExportAsync(provided, DistributedSeed.Bob), StringComparison.Ordinal);

        var coordinator = provided.GetRequiredService<IErasureCoordinator>();
        var plan = await coordinator.PlanAsync(new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice), "DSR-17-F2");
        await coordinator.ExecuteAsync(plan);
        await using var scope = provided.CreateAsyncScope();
        var dump = await DistributedSeed.DumpAsync(scope.ServiceProvider.GetRequiredService<TContext>());
        Assert.DoesNotContain("alice-writes-to-support", dump, StringComparison.Ordinal);
        Assert.Contains("bob-writes-to-alice", dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_by_value_inside_an_owned_value_object_is_refused_at_start_up_naming_the_owner()
    {
        // eShop's Order owns its buyer's details; the user id inside them cannot be followed (the stand-in's foreign key
        // would sit on the owned type): start-up refuses it with the fix, and nothing is written.
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var error = await Assert.ThrowsAsync<PrivacyModelException>(async () =>
        {
            await using var provided = await StartChatAsync<OwnedBuyerContext>(database);
        });
        var problem = Assert.Single(error.Problems);
        Assert.Equal(PrivacyModelProblemKind.InvalidSubjectReference, problem.Kind);
        Assert.Equal("UserId", problem.Property);
        Assert.Contains("owned type", problem.Message, StringComparison.Ordinal);
        Assert.Empty(await database.TableNamesAsync());
    }

    internal static async Task<ServiceProvider> StartChatAsync<TContext>(TestDatabase chat)
        where TContext : DbContext
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<TContext>(o => chat.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(DistributedPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(DistributedPolicy).Namespace!)))
            .AddEntityFrameworkCore<TContext>()
            .AddErasure(o => o.AuditKey = LocalShop.AuditKey);
        var provided = services.BuildServiceProvider();
        try
        {
            foreach (var hosted in provided.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }
        }
        catch
        {
            await provided.DisposeAsync();
            throw;
        }

        return provided;
    }

    private static async Task<ServiceProvider> StartAsync(TestDatabase identity, TestDatabase webhooks)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<GuidIdentityContext>(o => identity.Configure(o));
        services.AddDbContext<GuidWebhooksContext>(o => webhooks.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(DistributedPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(DistributedPolicy).Namespace!)))
            .AddEntityFrameworkCore<GuidIdentityContext>()
            .AddEntityFrameworkCore<GuidWebhooksContext>()
            .AddErasure(o => o.AuditKey = LocalShop.AuditKey);
        var provided = services.BuildServiceProvider();
        foreach (var hosted in provided.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return provided;
    }

    private static async Task<string> ExportAsync(IServiceProvider services, object id)
    {
        using var stream = new MemoryStream();
        await services.GetRequiredService<IDataSubjectExporter>().ExportAsync(new DataSubjectReference(DistributedPolicy.Subjects.Customer, id), stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
