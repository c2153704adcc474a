using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>
/// The generated worlds' delivery slips and billing addresses on one fixed world, so that the shapes the properties sample
/// are known to occur: rows the subject points to from a row below its root (an order's slip, an invoice's address), shared
/// by two customers' rows (one of them soft-deleted), kept for the subject's own held invoice, and slips numbered per
/// tenant, so that tenant 1's slip 1 and tenant 2's slip 1 both exist.
/// </summary>
public sealed class DeliverySlipTests
{
    // Customers 1 and 3 are tenant 2's, customer 2 is tenant 1's (World.TenantOf). Customer 1's two orders use tenant 2's
    // slip 1; customer 3's soft-deleted order reuses it; customer 2's order has tenant 1's slip 1. Billing addresses (single
    // key): customer 1's held and ended invoices share address 1 (kept anonymised for the held one when customer 1 is
    // erased); customer 2's ended invoice has address 2, which customer 3's held invoice reuses (kept as it is).
    private static WorldSpec Spec(int target) => new(
        [
            new CustomerSpec(false, false, false, [new OrderSpec(false, true, 1, Slip: 1), new OrderSpec(false, false, 0, Slip: 2)], [new InvoiceSpec(3, false, false, 1, Address: 1), new InvoiceSpec(0, false, false, 0, Address: 2)], []),
            new CustomerSpec(false, false, false, [new OrderSpec(false, true, 1, Slip: 1)], [new InvoiceSpec(0, false, true, 1, Address: 1)], []),
            new CustomerSpec(false, false, false, [new OrderSpec(true, false, 0, Slip: 2)], [new InvoiceSpec(3, true, false, 0, Address: 2)], []),
        ],
        1,
        [],
        target);

    [Fact]
    public void The_world_has_colliding_slip_numbers_and_a_shared_slip()
    {
        var world = new World(Spec(0));
        Assert.Equal(new[] { (1, 1), (2, 1) }, world.DeliverySlips.Select(s => (s.TenantId, s.Number)).Order());
        Assert.Equal(new[] { World.Customer(1), World.Customer(3) }, world.RowSubjects[World.Row("DeliverySlips", World.SlipKey(2, 1))]);
        Assert.Equal(new[] { World.Customer(2) }, world.RowSubjects[World.Row("DeliverySlips", World.SlipKey(1, 1))]);
        Assert.Equal(new[] { World.Customer(1) }, world.RowSubjects[World.Row("BillingAddresses", 1)]);
        Assert.Equal(new[] { World.Customer(2), World.Customer(3) }, world.RowSubjects[World.Row("BillingAddresses", 2)]);
    }

    // Isolation and completeness of every subject's export (and of each tenant's services), then the erasure of each
    // customer in turn: the slip only the erased customer's orders use is erased, the same-numbered slip of the other
    // tenant and the slip another customer's order still uses are untouched.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Exports_and_erasures_keep_same_numbered_slips_of_two_tenants_apart(DatabaseProvider provider)
    {
        await using var shop = await Shop.CreateAsync(provider);
        var tally = new Properties.Tally();
        await Properties.ExportCaseAsync(shop, Spec(0), tally);
        foreach (var target in new[] { 1, 2, 3 })
        {
            var spec = Spec(target);
            Assert.Equal(World.Customer(target), new World(spec).Target);
            await Properties.ErasureCaseAsync(shop, spec, tally);
        }

        Assert.Equal(4, tally.Cases);
    }

    // The isolation check sees a slip of the other tenant with the same number: an export that also showed it (what a
    // join on the number alone would do) is reported.
    [Fact]
    public async Task Isolation_detects_the_other_tenants_slip_with_the_same_number()
    {
        await using var shop = await Shop.CreateAsync(DatabaseProvider.Sqlite);
        var plant = new Plant
        {
            Export = (world, subject, export) => subject == World.Customer(2) && export is not null
                ? export + world.DeliverySlips.Single(s => s is { TenantId: 2, Number: 1 }).Recipient
                : export,
        };
        var error = await Assert.ThrowsAsync<ViolationException>(() => Properties.ExportCaseAsync(shop, Spec(0), new Properties.Tally(), plant));
        Assert.Contains("holds values of others", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeliverySlips#2.1.Recipient", error.Message, StringComparison.Ordinal);
    }
}
