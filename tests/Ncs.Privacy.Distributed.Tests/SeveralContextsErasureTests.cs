using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>A modular monolith: the root in one context, references by value in two others, three databases, one process.</summary>
public sealed class SeveralContextsErasureTests
{
    private static readonly DataSubjectReference Alice = new(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice);

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task One_export_gathers_every_context(DatabaseProvider provider)
    {
        await using var shop = await LocalShop.CreateAsync(provider);
        await shop.StartAsync();

        var json = await SubjectReferenceTests.ExportAsync(shop.Services, DistributedSeed.Alice);
        var contexts = JsonDocument.Parse(json).RootElement.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("context").GetString()).Distinct().Order();

        Assert.Equal(["BasketContext", "IdentityServiceContext", "OrderingContext"], contexts);
        foreach (var value in DistributedSeed.AliceValues)
        {
            Assert.Contains(value, json, StringComparison.Ordinal);
        }

        foreach (var value in DistributedSeed.BobValues)
        {
            Assert.DoesNotContain(value, json, StringComparison.Ordinal);
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task One_erasure_plans_every_context_and_runs_each_in_its_own_transaction_root_last(DatabaseProvider provider)
    {
        await using var shop = await LocalShop.CreateAsync(provider);
        await shop.StartAsync();
        var coordinator = shop.Services.GetRequiredService<IErasureCoordinator>();

        // A single-context planner refuses, and says where to go.
        var single = await Assert.ThrowsAsync<NotSupportedException>(() => shop.Services.GetRequiredService<IErasurePlanner>().PlanAsync(Alice, "DSR-1"));
        Assert.Contains("IErasureCoordinator", single.Message, StringComparison.Ordinal);

        var plan = await coordinator.PlanAsync(Alice, "DSR-17-3");
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        Assert.Equal(
            [typeof(BasketContext).FullName, typeof(OrderingContext).FullName, typeof(IdentityServiceContext).FullName],
            plan.Parts.Select(p => p.Context));
        Assert.Contains("Each part runs atomically", plan.ToMarkdown(), StringComparison.Ordinal);

        var result = await coordinator.ExecuteAsync(plan);
        Assert.All(result.Parts, r => Assert.Equal(ErasureStatus.Applied, r.Status));
        Assert.All((await coordinator.ExecuteAsync(plan)).Parts, r => Assert.Equal(ErasureStatus.AlreadyApplied, r.Status));

        await AssertOnlyAliceErasedAsync(shop);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_failure_in_the_second_context_after_the_first_committed_is_recorded_and_the_same_plan_finishes(DatabaseProvider provider)
    {
        await using var shop = await LocalShop.CreateAsync(provider);
        await shop.StartAsync();
        var coordinator = shop.Services.GetRequiredService<IErasureCoordinator>();
        var requests = shop.Services.GetRequiredService<IDataSubjectRequestService>();
        var requestId = await shop.VerifiedRequestAsync(DataSubjectRight.Erasure, DistributedSeed.Alice);
        var plan = await coordinator.PlanAsync(requestId, Alice);

        // The ordering database refuses deletes of order lines (a real failure of that database, not of the library).
        await SqlAsync(shop.Ordering, provider == DatabaseProvider.Sqlite
            ? ["CREATE TRIGGER refuse BEFORE DELETE ON \"OrderLine\" BEGIN SELECT RAISE(ABORT, 'maintenance'); END"]
            : ["CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'maintenance'; END $$ LANGUAGE plpgsql", "CREATE TRIGGER refuse BEFORE DELETE ON \"OrderLine\" FOR EACH ROW EXECUTE FUNCTION refuse()"]);

        var failure = await Assert.ThrowsAsync<ErasureIncompleteException>(() => coordinator.EraseAsync(requestId, plan));
        Assert.Equal(typeof(OrderingContext).FullName, failure.FailedContext);
        Assert.Equal(ErasureStatus.Applied, Assert.Single(failure.Completed).Status);
        Assert.DoesNotContain("alice-basket-note", await shop.DumpAsync<BasketContext>(), StringComparison.Ordinal);
        Assert.Contains("Happy birthday Alice", await shop.DumpAsync<OrderingContext>(), StringComparison.Ordinal); // rolled back whole
        Assert.Contains("alice@example.se", await shop.DumpAsync<IdentityServiceContext>(), StringComparison.Ordinal); // the root, last, not reached

        var request = await requests.FindAsync(requestId);
        Assert.Equal(DataSubjectRequestState.InProgress, request!.State);
        var history = await requests.HistoryAsync(requestId);
        Assert.Contains(history, e => e.Kind == "part-erased" && e.Detail!.StartsWith("BasketContext:", StringComparison.Ordinal));
        Assert.Contains(history, e => e.Kind == "part-failed" && e.Detail!.StartsWith("OrderingContext:", StringComparison.Ordinal));

        // The database is back: the same plan finishes the request; the basket's part is not done twice.
        await SqlAsync(shop.Ordering, ["DROP TRIGGER refuse" + (provider == DatabaseProvider.PostgreSql ? " ON \"OrderLine\"" : string.Empty)]);
        var done = await coordinator.EraseAsync(requestId, plan);
        Assert.Equal(DataSubjectRequestState.Completed, done.State);
        history = await requests.HistoryAsync(requestId);
        Assert.Contains(history, e => e.Kind == "part-erased" && e.Detail!.StartsWith("BasketContext:", StringComparison.Ordinal) && e.Detail.Contains("AlreadyApplied", StringComparison.Ordinal));
        Assert.Contains(history, e => e.Kind == "part-erased" && e.Detail!.StartsWith("OrderingContext:", StringComparison.Ordinal) && e.Detail.Contains(" Applied", StringComparison.Ordinal));

        await AssertOnlyAliceErasedAsync(shop);
        // The request log holds none of Alice's values.
        var log = JsonSerializer.Serialize(history) + JsonSerializer.Serialize(done);
        foreach (var value in DistributedSeed.AliceValues.Append(DistributedSeed.Alice))
        {
            Assert.DoesNotContain(value, log, StringComparison.Ordinal);
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_restored_backup_of_a_context_without_the_root_is_erased_again(DatabaseProvider provider)
    {
        await using var shop = await LocalShop.CreateAsync(provider);
        await shop.StartAsync();
        var coordinator = shop.Services.GetRequiredService<IErasureCoordinator>();
        await coordinator.ExecuteAsync(await coordinator.PlanAsync(Alice, "DSR-17-5"));

        // The ordering database is restored from a backup taken before the erasure: an order of Alice's is back.
        await using (var scope = shop.Services.CreateAsyncScope())
        {
            var ordering = scope.ServiceProvider.GetRequiredService<OrderingContext>();
            ordering.Orders.Add(new Order
            {
                Id = 10, BuyerId = DistributedSeed.Alice, PlacedAt = LocalShop.Now.AddDays(-3), DeliveryAddress = "Storgatan 1, Umeå", BillingName = "Alice A.",
                Lines = [new OrderLine { Id = 10, Product = "NCS S 0502-Y", GiftMessage = "Happy birthday Alice" }],
            });
            await ordering.SaveChangesAsync();
        }

        var reapplied = await shop.Services.GetRequiredService<IErasureExecutor>().ReapplyAsync();

        Assert.Contains(reapplied, r => r.Status == ErasureStatus.Applied && r.RequestId.StartsWith("DSR-17-5", StringComparison.Ordinal));
        var dump = await shop.DumpAsync<OrderingContext>();
        Assert.DoesNotContain("Happy birthday Alice", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("Storgatan 1, Umeå", dump, StringComparison.Ordinal);
        foreach (var value in DistributedSeed.BobOrderingValues)
        {
            Assert.Contains(value, dump, StringComparison.Ordinal);
        }
    }

    internal static async Task AssertOnlyAliceErasedAsync(LocalShop shop)
    {
        var all = await shop.DumpAsync<IdentityServiceContext>() + await shop.DumpAsync<OrderingContext>() + await shop.DumpAsync<BasketContext>();
        foreach (var value in DistributedSeed.AliceValues.Where(v => v != "Alice Andersson"))
        {
            Assert.DoesNotContain(value, all, StringComparison.Ordinal);
        }

        // Alice's name stays only as the billing name of last year's order (Bokföringslagen).
        Assert.Single(all.Split('\n'), l => l.Contains("Alice Andersson", StringComparison.Ordinal));
        foreach (var value in DistributedSeed.BobValues)
        {
            Assert.Contains(value, all, StringComparison.Ordinal);
        }
    }

    private static async Task SqlAsync(TestDatabase database, IEnumerable<string> statements)
    {
        var options = database.Configure(new DbContextOptionsBuilder<DbContext>()).Options;
        await using var context = new DbContext(options);
        foreach (var statement in statements)
        {
            await context.Database.ExecuteSqlRawAsync(statement);
        }
    }
}
