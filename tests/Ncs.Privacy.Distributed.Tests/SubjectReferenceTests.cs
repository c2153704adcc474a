using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>Subject references by value: a context without the subject's root takes part in export, erasure and retention.</summary>
public sealed class SubjectReferenceTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_context_without_the_root_exports_what_refers_to_the_subject(DatabaseProvider provider)
    {
        await using var shop = await LocalShop.CreateAsync(provider, identity: false);
        await shop.StartAsync();

        var json = await ExportAsync(shop.Services, DistributedSeed.Alice);
        var data = JsonDocument.Parse(json).RootElement.GetProperty("data").EnumerateArray().ToArray();

        Assert.Equal(["BasketContext", "OrderingContext"], data.Select(b => b.GetProperty("context").GetString()).Distinct().Order());
        Assert.Contains("Happy birthday Alice", json, StringComparison.Ordinal);
        Assert.Contains("Storgatan 1, Umeå", json, StringComparison.Ordinal);
        Assert.Contains("alice-basket-note", json, StringComparison.Ordinal);
        Assert.DoesNotContain("SubjectReference<", json, StringComparison.Ordinal);
        foreach (var value in DistributedSeed.BobValues)
        {
            Assert.DoesNotContain(value, json, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<DataSubjectNotFoundException>(() => ExportAsync(shop.Services, "nobody-0000"));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasure_in_a_context_without_the_root_follows_the_reference(DatabaseProvider provider)
    {
        await using var shop = await LocalShop.CreateAsync(provider, identity: false, basket: false);
        await shop.StartAsync();
        var planner = shop.Services.GetRequiredService<IErasurePlanner>();
        var executor = shop.Services.GetRequiredService<IErasureExecutor>();

        var plan = await planner.PlanAsync(new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice), "DSR-17-1");

        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        Assert.DoesNotContain(plan.Steps, s => s.EntityType.Contains("SubjectReference", StringComparison.Ordinal));
        // Last year's order is held for its billing name (Bokföringslagen); the 2017 order's hold has ended.
        var held = Assert.Single(plan.Steps, s => s.Entity == "Order" && s.Rows == ErasureRowSelection.LegalHoldInForce);
        Assert.Equal(1, held.RowCount);
        Assert.Equal(ErasureRowAction.Anonymise, held.Action);
        Assert.Contains(plan.Steps, s => s.Entity == "Order" && s.Rows == ErasureRowSelection.LegalHoldEnded && s.Action == ErasureRowAction.Delete && s.RowCount == 1);

        var result = await executor.ExecuteAsync(plan);
        Assert.Equal(ErasureStatus.Applied, result.Status);
        Assert.Equal(ErasureStatus.AlreadyApplied, (await executor.ExecuteAsync(plan)).Status);

        var dump = await shop.DumpAsync<OrderingContext>();
        Assert.DoesNotContain("Storgatan 1, Umeå", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("Happy birthday Alice", dump, StringComparison.Ordinal);
        Assert.Contains("Alice Andersson", dump, StringComparison.Ordinal); // the held billing name, until 7 years after the year ends
        foreach (var value in DistributedSeed.BobOrderingValues)
        {
            Assert.Contains(value, dump, StringComparison.Ordinal);
        }

        // A fresh export shows only what the plan said it retains.
        var after = await ExportAsync(shop.Services, DistributedSeed.Alice);
        Assert.Contains("Alice Andersson", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Storgatan", after, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_basket_keyed_by_the_subject_is_erased_and_swept(DatabaseProvider provider)
    {
        await using var shop = await LocalShop.CreateAsync(provider, identity: false, ordering: false);
        await shop.StartAsync();
        var planner = shop.Services.GetRequiredService<IErasurePlanner>();
        var executor = shop.Services.GetRequiredService<IErasureExecutor>();

        var plan = await planner.PlanAsync(new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice), "DSR-17-2");
        Assert.Equal(ErasureStatus.Applied, (await executor.ExecuteAsync(plan)).Status);
        var dump = await shop.DumpAsync<BasketContext>();
        Assert.DoesNotContain("alice-basket-note", dump, StringComparison.Ordinal);
        Assert.DoesNotContain(DistributedSeed.Alice, dump.Split('\n').Where(l => !l.StartsWith("PrivacyAudit", StringComparison.Ordinal)).Aggregate(string.Empty, string.Concat), StringComparison.Ordinal);
        Assert.Contains("bob-basket-note", dump, StringComparison.Ordinal);

        // Retention in the same context: Bob's basket note (30 days after the basket changed) expires; Bob is found by reference.
        await using (var scope = shop.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<BasketContext>();
            await context.Baskets.Where(b => b.UserId == DistributedSeed.Bob).ExecuteUpdateAsync(s => s.SetProperty(b => b.UpdatedAt, LocalShop.Now.AddDays(-40)));
        }

        var sweep = await shop.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
        Assert.True(sweep.RowsDeleted + sweep.RowsAnonymised >= 1);
        Assert.DoesNotContain("bob-basket-note", await shop.DumpAsync<BasketContext>(), StringComparison.Ordinal);
    }

    internal static async Task<string> ExportAsync(IServiceProvider services, string id)
    {
        using var stream = new MemoryStream();
        await services.GetRequiredService<IDataSubjectExporter>().ExportAsync(new DataSubjectReference(DistributedPolicy.Subjects.Customer, id), stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
