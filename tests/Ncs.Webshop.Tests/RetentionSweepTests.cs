using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Webshop.Policy;

namespace Ncs.Webshop.Tests;

/// <summary>The sample's own bug (issue 13, fixed in the retention sweep's choice, issue 12).</summary>
public sealed class RetentionSweepTests
{
    // A minute after start the sweep anonymised Anna's paid 2017 invoice (Amount 0, PaidAt NULL) and the unpaid-invoice
    // guard then refused her erasure. A record whose hold ended and that nothing refers to is deleted instead.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_sweep_does_not_turn_a_paid_invoice_into_a_debt_that_refuses_erasure(DatabaseProvider db)
    {
        var (database, app) = await WebshopHosts.StartAsync(db);
        await using var _ = database;
        await using var __ = app;

        var sweep = await app.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
        Assert.Contains(sweep.Entries, e => e.EntityType.EndsWith(".Invoice", StringComparison.Ordinal) && e.Action == Ncs.Privacy.EntityFrameworkCore.ErasureRowAction.Delete);
        Assert.DoesNotContain(sweep.Entries, e => e.EntityType.EndsWith(".Invoice", StringComparison.Ordinal) && e.Action == Ncs.Privacy.EntityFrameworkCore.ErasureRowAction.Anonymise);

        var plan = await app.Services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(NcsPolicy.Subjects.Customer, 1), "REQ-13");
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
    }
}
