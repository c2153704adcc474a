using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>
/// One erasure over several contexts in one process, resumed the other documented way (issue 17, fresh tester): after a
/// failure in the second context, rows were added meanwhile, so the operator plans again for the same request. The new
/// plan's first part finds nothing left (it committed before the failure); the plan was accepted, so it must run.
/// </summary>
public sealed class FreshSeveralContextsTests
{
    private static readonly DataSubjectReference Alice = new(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice);

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task After_a_failure_in_the_second_context_a_new_plan_for_the_same_request_finishes_it(DatabaseProvider provider)
    {
        await using var shop = await LocalShop.CreateAsync(provider);
        await shop.StartAsync();
        var coordinator = shop.Services.GetRequiredService<IErasureCoordinator>();
        var requests = shop.Services.GetRequiredService<IDataSubjectRequestService>();
        var requestId = await shop.VerifiedRequestAsync(DataSubjectRight.Erasure, DistributedSeed.Alice);
        var plan = await coordinator.PlanAsync(requestId, Alice);
        await SqlAsync(shop.Ordering, provider == DatabaseProvider.Sqlite
            ? ["CREATE TRIGGER refuse BEFORE DELETE ON \"OrderLine\" BEGIN SELECT RAISE(ABORT, 'maintenance'); END"]
            : ["CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'maintenance'; END $$ LANGUAGE plpgsql", "CREATE TRIGGER refuse BEFORE DELETE ON \"OrderLine\" FOR EACH ROW EXECUTE FUNCTION refuse()"]);
        await Assert.ThrowsAsync<ErasureIncompleteException>(() => coordinator.EraseAsync(requestId, plan));

        // Meanwhile Alice placed another order (the old plan is stale for ordering); the database is repaired.
        await SqlAsync(shop.Ordering, ["DROP TRIGGER refuse" + (provider == DatabaseProvider.PostgreSql ? " ON \"OrderLine\"" : string.Empty)]);
        await using (var scope = shop.Services.CreateAsyncScope())
        {
            var ordering = scope.ServiceProvider.GetRequiredService<OrderingContext>();
            ordering.Orders.Add(new Order { Id = 20, BuyerId = DistributedSeed.Alice, PlacedAt = LocalShop.Now, DeliveryAddress = "Storgatan 1, Umeå", BillingName = "Alice A." });
            await ordering.SaveChangesAsync();
        }

        var again = await coordinator.PlanAsync(requestId, Alice);
        Assert.Equal(ErasureOutcome.Erase, again.Outcome);
        var done = await coordinator.EraseAsync(requestId, again);

        Assert.Equal(DataSubjectRequestState.Completed, done.State);
        Assert.DoesNotContain("Storgatan 1, Umeå", await shop.DumpAsync<OrderingContext>(), StringComparison.Ordinal);
        Assert.DoesNotContain("alice@example.se", await shop.DumpAsync<IdentityServiceContext>(), StringComparison.Ordinal);
        foreach (var value in DistributedSeed.BobOrderingValues)
        {
            Assert.Contains(value, await shop.DumpAsync<OrderingContext>(), StringComparison.Ordinal);
        }

        Assert.Contains("bob-basket-note", await shop.DumpAsync<BasketContext>(), StringComparison.Ordinal);
        Assert.Equal(DataSubjectRequestState.Completed, (await requests.FindAsync(requestId))!.State);
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
