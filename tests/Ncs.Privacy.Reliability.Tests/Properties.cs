using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>What the plants may do to a case, to show that each property detects a violation.</summary>
public sealed class Plant
{
    /// <summary>Changes an export before it is checked (a leaky or lossy export filter).</summary>
    public Func<World, string, string?, string?>? Export { get; init; }

    /// <summary>Runs right after the erasure (and before anything is compared).</summary>
    public Func<Shop, World, ErasurePlan, Task>? AfterErasure { get; init; }

    /// <summary>Runs before the erasure executes.</summary>
    public Func<Shop, World, ErasurePlan, Task>? BeforeErasure { get; init; }
}

/// <summary>One generated case of each property; the tests sample them, the planted-violation tests run them with a plant.</summary>
public static class Properties
{
    public sealed class Tally
    {
        public long Cases;
        public long Exports;
        public long Rows;
        public long Erased;
        public long Held;
        public long Replans;
    }

    public static async Task ExportCaseAsync(Shop shop, WorldSpec spec, Tally tally, Plant? plant = null)
    {
        var world = await shop.LoadAsync(spec);
        foreach (var subject in world.Subjects)
        {
            var export = await shop.ExportAsync(subject);
            if (plant?.Export is { } tamper)
            {
                export = tamper(world, subject, export);
            }

            Checks.Isolation(world, subject, export);
            Checks.Completeness(world, subject, export);
            tally.Exports++;

            // Tenants: the customer's own tenant sees the same export; the other tenant does not find the customer.
            if (World.Parse(subject) is ("customer", var id))
            {
                var own = await Shop.ExportAsync(shop.ForTenant(World.TenantOf(id)), "customer", id);
                if (plant?.Export is { } tamperOwn)
                {
                    own = tamperOwn(world, subject, own);
                }

                Checks.Isolation(world, subject, own);
                Checks.Completeness(world, subject, own);
                if (await Shop.ExportAsync(shop.ForTenant(3 - World.TenantOf(id)), "customer", id) is { } crossed)
                {
                    throw new ViolationException($"Tenant {3 - World.TenantOf(id)} exported {subject} of tenant {World.TenantOf(id)}: {Checks.Found(world, crossed).Count} values");
                }

                tally.Exports += 2;
            }
        }

        tally.Cases++;
    }

    public static async Task ErasureCaseAsync(Shop shop, WorldSpec spec, Tally tally, Plant? plant = null)
    {
        var world = await shop.LoadAsync(spec);
        var before = await shop.DumpAsync();
        shop.Logs.Clear();
        if (World.Parse(world.Target) is ("customer", var targetId))
        {
            // The other tenant's services cannot plan (nor so erase) this customer.
            var crossed = await shop.ForTenant(3 - World.TenantOf(targetId)).GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference("customer", targetId), "REQ-X");
            if (crossed.Outcome != ErasureOutcome.SubjectNotFound)
            {
                throw new ViolationException($"Tenant {3 - World.TenantOf(targetId)} planned the erasure of {world.Target}: {crossed.Outcome}, {crossed.RowsDeleted} rows to delete");
            }
        }

        var plan = await shop.PlanAsync(world.Target);
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        if (plant?.BeforeErasure is { } prepare)
        {
            await prepare(shop, world, plan);
        }

        var result = await shop.Executor.ExecuteAsync(plan);
        Assert.Equal(ErasureStatus.Applied, result.Status);
        if (plant?.AfterErasure is { } afterwards)
        {
            await afterwards(shop, world, plan);
        }

        var after = await shop.DumpAsync();
        tally.Rows += before.Rows;

        // Nothing lost that must be kept, nothing kept that must go, others byte-identical.
        Checks.ErasureEffect(world, world.Target, before, after);

        // A fresh export of the erased subject holds exactly what the plan retains.
        var own = await shop.ExportAsync(world.Target);
        if (plant?.Export is { } tamperOwn)
        {
            own = tamperOwn(world, world.Target, own);
        }

        Checks.RetainedAsPlanned(world, world.Target, plan, own);

        // Other subjects' exports: still complete, still isolated (so none of the erased values in them).
        foreach (var other in world.Subjects.Where(s => s != world.Target))
        {
            var export = await shop.ExportAsync(other);
            if (plant?.Export is { } tamper)
            {
                export = tamper(world, other, export);
            }

            Checks.Isolation(world, other, export);
            Checks.Completeness(world, other, export);
            tally.Exports++;
        }

        // No leaks into the audit trail (no value of the subject, held ones included) or the logs (no value of anyone).
        Checks.NoneOf(world, world.Target, "The audit trail", JsonSerializer.Serialize(after.Tables["PrivacyAudit"]));
        var logged = Checks.Found(world, string.Join("\n", shop.Logs.Lines));
        if (logged.Count > 0)
        {
            throw new ViolationException("The logs hold personal values: " + string.Join(", ", logged.Select(m => Checks.Describe(world, m))));
        }

        tally.Erased += world.ExclusiveMarkersOf(world.Target).Count(m => !world.Held.Contains(m));
        tally.Held += world.ExclusiveMarkersOf(world.Target).Count(world.Held.Contains);
        tally.Cases++;
    }

    public static async Task IdempotenceCaseAsync(Shop shop, WorldSpec spec, Tally tally, Plant? plant = null)
    {
        var world = await shop.LoadAsync(spec);
        var plan = await shop.PlanAsync(world.Target);
        Assert.Equal(ErasureStatus.Applied, (await shop.Executor.ExecuteAsync(plan)).Status);
        var first = await shop.DumpAsync();

        // The same plan again: recognised, nothing written.
        Assert.Equal(ErasureStatus.AlreadyApplied, (await shop.Executor.ExecuteAsync(plan)).Status);
        if (first.DifferenceFrom(await shop.DumpAsync()) is { } changed)
        {
            throw new ViolationException("Running an applied plan again changed the database: " + changed);
        }

        // A new plan for the same subject deletes nothing and leaves every value as it was (fresh random tokens aside).
        var again = await shop.PlanAsync(world.Target, "REQ-2");
        if (again.Outcome == ErasureOutcome.Erase)
        {
            if (again.RowsDeleted != 0)
            {
                throw new ViolationException($"A second erasure plans to delete {again.RowsDeleted} rows");
            }

            if (plant?.BeforeErasure is { } prepare)
            {
                await prepare(shop, world, again);
            }

            Assert.Equal(ErasureStatus.Applied, (await shop.Executor.ExecuteAsync(again)).Status);
            tally.Replans++;
        }

        var second = await shop.DumpAsync();
        if (first.DifferenceFrom(second, Checks.Normalise, "PrivacyAudit") is { } difference)
        {
            throw new ViolationException("A second erasure changed the database: " + difference);
        }

        tally.Cases++;
    }
}
