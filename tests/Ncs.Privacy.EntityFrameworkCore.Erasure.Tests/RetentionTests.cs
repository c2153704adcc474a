using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>The retention sweep: anchors, holds, batches, several instances (hard cases 3, 9, 10, 11).</summary>
public class RetentionTests
{
    private static async Task AddTicketsAsync(Harness harness, int count, DateTime openedAt, int firstId = 1000)
    {
        await using var context = harness.Context();
        for (var i = 0; i < count; i++)
        {
            context.Tickets.Add(new SupportTicket { Id = firstId + i, CustomerId = Harness.Bob, AgentId = Harness.Eve, OpenedAt = DateTime.SpecifyKind(openedAt, DateTimeKind.Unspecified), Question = $"old-question-{i}", AgentNotes = $"old-notes-{i}" });
        }

        await context.SaveChangesAsync();
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Expired_rows_are_deleted_or_anonymised_from_their_anchor_and_held_rows_stay(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        await AddTicketsAsync(harness, 3, Harness.Utc(2024, 11, 25)); // P2Y ends 2026-11-25 00:00: expired at noon
        await AddTicketsAsync(harness, 1, Harness.Utc(2024, 11, 26), 2000); // ends tomorrow

        var result = await harness.Enforcer.SweepAsync();

        await using var context = harness.Context();

        // Tickets: every personal field expired, so the rows go.
        Assert.Equal([50, 51, 2000], await context.Tickets.OrderBy(t => t.Id).Select(t => t.Id).ToListAsync());
        Assert.Equal(3, result.Entries.Single(e => e.EntityType.EndsWith(".SupportTicket", StringComparison.Ordinal) && e.Action == ErasureRowAction.Delete).Rows);

        // The 2017 invoice's Bokföringslagen period ended on 2025-01-01. Issue 13: anonymising its accounting fields made
        // it read as another business fact (a paid invoice turned unpaid); a record whose hold has ended and that nothing
        // refers to is deleted instead, its line first, its account-lifetime note with it.
        Assert.False(await context.Invoices.IgnoreQueryFilters().AnyAsync(i => i.Id == 2));
        Assert.False(await context.InvoiceLines.AnyAsync(l => l.Id == 2));

        // Held until 2032 and 2033: untouched.
        Assert.Equal("ALICE BILLING", (await context.Invoices.IgnoreQueryFilters().SingleAsync(i => i.Id == 1)).BillingName);
        Assert.Equal("BOB BILLING", (await context.Invoices.IgnoreQueryFilters().SingleAsync(i => i.Id == 3)).BillingName);
        Assert.Equal("ALICE LINE TEXT", (await context.InvoiceLines.SingleAsync(l => l.Id == 1)).Text);

        // Every batch left an audit record; the counts add up; no value is in them.
        var audit = await context.Audit.Where(a => a.Kind == PrivacyAuditRecord.RetentionKind).ToListAsync();
        Assert.Equal(result.RowsDeleted + result.RowsAnonymised, audit.Sum(a => a.Rows));
        Assert.Equal(5, audit.Sum(a => a.Rows));
        Assert.All(audit, a => Assert.DoesNotContain("ALICE", a.Entries, StringComparison.OrdinalIgnoreCase));
        Assert.All(audit, a => Assert.Null(a.SubjectKeyHash));

        // A second sweep finds nothing left to do.
        var again = await harness.Enforcer.SweepAsync();
        Assert.Empty(again.Entries);
        Assert.Equal(audit.Count, await context.Audit.CountAsync(a => a.Kind == PrivacyAuditRecord.RetentionKind));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Rows_an_erasure_kept_under_a_legal_hold_are_released_when_the_hold_ends(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        await harness.Executor.ExecuteAsync(await harness.Planner.PlanAsync(new DataSubjectReference("customer", Harness.Alice), "REQ-30"));

        harness.Time.Now = new DateTimeOffset(2031, 12, 31, 23, 59, 59, TimeSpan.Zero);
        await harness.Enforcer.SweepAsync();
        await using (var context = harness.Context())
        {
            Assert.True(await context.Invoices.IgnoreQueryFilters().AnyAsync(i => i.Id == 1));
            Assert.True(await context.InvoiceLines.AnyAsync(l => l.Id == 1));
        }

        harness.Time.Now = new DateTimeOffset(2032, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var result = await harness.Enforcer.SweepAsync();

        await using var after = harness.Context();
        Assert.False(await after.Invoices.IgnoreQueryFilters().AnyAsync(i => i.Id == 1));
        Assert.False(await after.InvoiceLines.AnyAsync(l => l.Id == 1));
        Assert.Contains(result.Entries, e => e.EntityType.EndsWith(".Invoice", StringComparison.Ordinal) && e.Action == ErasureRowAction.Delete && e.Rules.Contains("bookkeeping"));

        // Bob's 2025 invoice is held until 2033; his account is active.
        Assert.Equal("BOB BILLING", (await after.Invoices.IgnoreQueryFilters().SingleAsync(i => i.Id == 3)).BillingName);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Expired_rows_go_in_batches_of_the_configured_size_each_with_its_audit_record(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider, options: o => o.RetentionBatchSize = 3);
        await AddTicketsAsync(harness, 7, Harness.Utc(2020, 1, 1));
        harness.Counter.Reset();

        var result = await harness.Enforcer.SweepAsync();

        var tickets = result.Entries.Single(e => e.EntityType.EndsWith(".SupportTicket", StringComparison.Ordinal));
        Assert.Equal((7L, 3), (tickets.Rows, tickets.Batches));
        await using var context = harness.Context();
        var rows = await context.Audit.Where(a => a.Kind == PrivacyAuditRecord.RetentionKind && a.Entries.Contains("SupportTicket")).Select(a => a.Rows).ToListAsync();
        Assert.Equal([1L, 3L, 3L], rows.Order());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Four_instances_sweeping_at_once_handle_each_expired_row_once(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider, options: o => o.RetentionBatchSize = 40);
        await AddTicketsAsync(harness, 600, Harness.Utc(2021, 3, 1));
        await using (var context = harness.Context())
        {
            for (var i = 0; i < 200; i++)
            {
                context.Invoices.Add(new Invoice { Id = 5000 + i, CustomerId = Harness.Bob, InvoiceDate = Harness.Utc(2015, 5, 1), BillingName = $"BULK {i}", Note = "kept-note" });
            }

            await context.SaveChangesAsync();
        }

        var instances = Enumerable.Range(0, 3).Select(_ => harness.AnotherInstance(o => o.RetentionBatchSize = 40)).ToList();
        try
        {
            var enforcers = instances.Select(s => s.GetRequiredService<IRetentionEnforcer>()).Prepend(harness.Enforcer).ToArray();
            var results = await Task.WhenAll(enforcers.Select(e => Task.Run(() => e.SweepAsync())));

            // Issue 13: records whose hold ended and that nothing refers to are deleted (200 bulk invoices, the 2017 one
            // and its line), not anonymised into rows that read as other business facts.
            Assert.Equal(802, results.Sum(r => r.RowsDeleted));
            Assert.Equal(0, results.Sum(r => r.RowsAnonymised));
            await using var context = harness.Context();
            Assert.Equal(2, await context.Tickets.CountAsync());
            Assert.Equal(0, await context.Invoices.IgnoreQueryFilters().CountAsync(i => i.Id >= 5000 || i.Id == 2));
            var audit = await context.Audit.Where(a => a.Kind == PrivacyAuditRecord.RetentionKind).ToListAsync();
            Assert.Equal(600 + 202, audit.Sum(a => a.Rows));
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_hosted_service_sweeps_on_its_schedule(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider, p => p.AddRetentionSweep(o =>
        {
            o.RetentionInitialDelay = TimeSpan.Zero;
            o.RetentionInterval = TimeSpan.FromHours(1);
        }));
        await AddTicketsAsync(harness, 2, Harness.Utc(2020, 1, 1));
        var service = Assert.Single(harness.Services.GetServices<IHostedService>(), s => s.GetType().Name == "RetentionSweepService");

        await service.StartAsync(CancellationToken.None);
        try
        {
            await using var context = harness.Context();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await context.Tickets.CountAsync() > 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal(2, await context.Tickets.CountAsync());
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_bad_batch_size_is_a_clear_error_and_nothing_is_written(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider, options: o => o.RetentionBatchSize = 0);
        await AddTicketsAsync(harness, 2, Harness.Utc(2020, 1, 1));
        var before = await harness.SnapshotAsync();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => harness.Enforcer.SweepAsync());

        Assert.Contains("RetentionBatchSize", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.SnapshotAsync());
    }
}
