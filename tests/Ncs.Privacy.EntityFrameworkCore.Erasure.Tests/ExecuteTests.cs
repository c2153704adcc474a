using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>The executor: hard cases 2, 3, 4, 5, 7, 9, 11, 12, 13 on both databases.</summary>
public class ExecuteTests(ITestOutputHelper output)
{
    private static DataSubjectReference AliceRef => new("customer", Harness.Alice);

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasure_deletes_minimises_under_the_legal_hold_and_touches_only_the_subjects_share(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        var plan = await harness.Planner.PlanAsync(AliceRef, "REQ-10");

        var result = await harness.Executor.ExecuteAsync(plan);

        Assert.Equal(ErasureStatus.Applied, result.Status);
        Assert.Equal(plan.RowsDeleted, result.RowsDeleted);
        Assert.Equal(plan.RowsAnonymised, result.RowsAnonymised);
        await using var context = harness.Context();

        // Orders (the soft-deleted one too, hard case 12) and their lines are gone; Bob's stay.
        Assert.Equal([20, 30], await context.Orders.IgnoreQueryFilters().OrderBy(o => o.Id).Select(o => o.Id).ToListAsync());
        Assert.Equal([200], await context.OrderLines.Select(l => l.Id).ToListAsync());

        // Hard case 3: the 2024 invoice stays with what bookkeeping needs; the note is minimised; the 2017 one is gone.
        var invoice = await context.Invoices.IgnoreQueryFilters().SingleAsync(i => i.Id == 1);
        Assert.Equal(("ALICE BILLING", 12000L, (string?)null), (invoice.BillingName, invoice.AmountCents, invoice.Note));
        Assert.StartsWith("erased-", invoice.Contact.Name, StringComparison.Ordinal);
        Assert.False(await context.Invoices.IgnoreQueryFilters().AnyAsync(i => i.Id == 2));
        var line = await context.InvoiceLines.SingleAsync(l => l.InvoiceId == 1);
        Assert.Equal(("ALICE LINE TEXT", (string?)null), (line.Text, line.GiftWrapNote));
        Assert.False(await context.InvoiceLines.AnyAsync(l => l.Id == 2));

        // Hard case 2: the ticket keeps the agent's notes; Bob's ticket is untouched.
        var ticket = await context.Tickets.SingleAsync(t => t.Id == 50);
        Assert.StartsWith("erased-", ticket.Question, StringComparison.Ordinal);
        Assert.Equal("eve-notes-on-alice", ticket.AgentNotes);
        var bobs = await context.Tickets.SingleAsync(t => t.Id == 51);
        Assert.Equal(("bob-question", "eve-notes-on-bob"), (bobs.Question, bobs.AgentNotes));

        // Hard case 4: the kept customer row satisfies NOT NULL and the unique index.
        var alice = await context.Customers.IgnoreQueryFilters().SingleAsync(c => c.Id == Harness.Alice);
        Assert.StartsWith("erased-", alice.Name, StringComparison.Ordinal);
        Assert.EndsWith("@erased.invalid", alice.Email, StringComparison.Ordinal);
        Assert.Null(alice.Phone);
        Assert.Equal(new DateTime(1980, 1, 1), alice.BirthDate);
        Assert.StartsWith("erased-", alice.Address!.Street, StringComparison.Ordinal);
        Assert.StartsWith("erased-", alice.Address.City, StringComparison.Ordinal);
        var bob = await context.Customers.SingleAsync(c => c.Id == Harness.Bob);
        Assert.Equal(("Bob Bee", "bob@b.example", "+46-222-BOB", "Bob Road 2"), (bob.Name, bob.Email, bob.Phone, bob.Address!.Street));
        Assert.Equal("Eve Agent", (await context.Employees.SingleAsync()).Name);

        // Many-to-many: the household only Alice belonged to is anonymised; the shared one stays; her links go.
        var households = await context.Households.OrderBy(h => h.Id).ToListAsync();
        Assert.Equal("Shared Household", households[0].Name);
        Assert.StartsWith("erased-", households[1].Name, StringComparison.Ordinal);
        var links = await context.Set<Dictionary<string, object>>("CustomerHousehold").Select(l => $"{l["HouseholdsId"]}-{l["MembersId"]}").ToListAsync();
        Assert.Equal(["100-2"], links);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_soft_deleted_subject_is_found_and_erased_with_its_rows(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        var plan = await harness.Planner.PlanAsync(new DataSubjectReference("customer", Harness.Carol), "REQ-27");

        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        Assert.Equal(2L, plan.RowsDeleted);
        await harness.Executor.ExecuteAsync(plan);

        await using var context = harness.Context();
        Assert.False(await context.Customers.IgnoreQueryFilters().AnyAsync(c => c.Id == Harness.Carol));
        Assert.False(await context.Orders.IgnoreQueryFilters().AnyAsync(o => o.CustomerId == Harness.Carol));
        Assert.Equal(2, await context.Customers.CountAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Statements_grow_with_entity_types_not_rows(DatabaseProvider provider)
    {
        async Task<(int Commands, int Writes, int Steps, long Rows)> EraseAsync(int extraOrders)
        {
            await using var harness = await Harness.CreateAsync(provider);
            await using (var context = harness.Context())
            {
                for (var i = 0; i < extraOrders; i++)
                {
                    context.Orders.Add(new Order
                    {
                        Id = 1000 + i, CustomerId = Harness.Alice, OrderedAt = Harness.Utc(2025, 1, 1), DeliveryNote = "bulk",
                        Lines = [new OrderLine { Id = 10000 + (2 * i), Product = "P", GiftMessage = "g" }, new OrderLine { Id = 10001 + (2 * i), Product = "Q" }],
                    });
                }

                await context.SaveChangesAsync();
            }

            var plan = await harness.Planner.PlanAsync(AliceRef, "REQ-11");
            harness.Counter.Reset();
            var result = await harness.Executor.ExecuteAsync(plan);
            Assert.Equal(result.Statements, harness.Counter.Writes.Count);
            return (harness.Counter.Count, harness.Counter.Writes.Count, plan.Steps.Count(s => s.Action != ErasureRowAction.Retain && s.RowCount > 0), result.RowsDeleted + result.RowsAnonymised);
        }

        var small = await EraseAsync(0);
        var large = await EraseAsync(150);

        output.WriteLine($"{provider}: {small.Rows} rows in {small.Commands} commands ({small.Writes} writes); {large.Rows} rows in {large.Commands} commands ({large.Writes} writes)");
        Assert.True(large.Rows > small.Rows + 400);
        Assert.Equal(small.Commands, large.Commands);
        Assert.Equal(small.Steps, small.Writes);

        // One statement per step that has rows (the first also asks whether the plan ran before and whether the steps
        // counted at zero still select nothing), one to write the audit record (docs/performance.md).
        Assert.Equal(small.Writes + 1, small.Commands);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_failure_half_way_leaves_everything_as_before_and_a_second_run_finishes_the_job(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        var plan = await harness.Planner.PlanAsync(AliceRef, "REQ-12");
        var before = await harness.SnapshotAsync();
        var writes = plan.Steps.Count(s => s.Action != ErasureRowAction.Retain);
        Assert.True(writes >= 6);

        harness.Counter.FailOnWrite = writes / 2;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Executor.ExecuteAsync(plan));
        Assert.Contains("Injected failure", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.SnapshotAsync());

        var second = await harness.Executor.ExecuteAsync(plan);
        Assert.Equal(ErasureStatus.Applied, second.Status);
        var after = await harness.SnapshotAsync();
        Assert.NotEqual(before, after);

        // Running the same plan again is harmless: nothing is written. Its first statement is sent, with the condition that
        // the plan has no audit record, and changes no row; the transaction is rolled back.
        harness.Counter.Reset();
        var third = await harness.Executor.ExecuteAsync(ErasurePlan.FromJson(plan.ToJson()));
        Assert.Equal(ErasureStatus.AlreadyApplied, third.Status);
        Assert.True(harness.Counter.Writes.Count <= 1, string.Join(Environment.NewLine, harness.Counter.Writes));
        Assert.Equal(after, await harness.SnapshotAsync());

        // So is erasing the subject again with a new plan: only anonymised values are replaced again.
        var again = await harness.Planner.PlanAsync(AliceRef, "REQ-12b");
        Assert.Equal(0, again.RowsDeleted);
        Assert.Equal(ErasureStatus.Applied, (await harness.Executor.ExecuteAsync(again)).Status);
        await using var context = harness.Context();
        Assert.Equal("ALICE BILLING", (await context.Invoices.IgnoreQueryFilters().SingleAsync(i => i.Id == 1)).BillingName);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Two_instances_running_one_plan_at_once_apply_it_once(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        await using var other = harness.AnotherInstance();
        var plan = await harness.Planner.PlanAsync(AliceRef, "REQ-26");
        await other.GetRequiredService<IErasurePlanner>().PlanAsync(AliceRef, "warm-up: builds the other instance's model");

        var results = await Task.WhenAll(
            Task.Run(() => harness.Executor.ExecuteAsync(plan)),
            Task.Run(() => other.GetRequiredService<IErasureExecutor>().ExecuteAsync(ErasurePlan.FromJson(plan.ToJson()))));

        Assert.Equal([ErasureStatus.Applied, ErasureStatus.AlreadyApplied], results.Select(r => r.Status).Order());
        await using var context = harness.Context();
        var record = await context.Audit.SingleAsync();
        Assert.Equal(plan.RowsDeleted + plan.RowsAnonymised, record.Rows);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_row_added_to_a_step_the_plan_counted_at_zero_makes_the_plan_stale(DatabaseProvider provider)
    {
        // Issue 18: a step counted at zero sends no statement; the read before the writes must still see that it now
        // selects a row (an order Dave placed after his plan was made), or the order would survive an erasure that
        // reported success.
        await using var harness = await Harness.CreateAsync(provider);
        await using (var context = harness.Context())
        {
            context.Customers.Add(new Customer { Id = 77, Name = "Dave Dee", Email = "dave@d.example", BirthDate = new DateTime(1985, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            await context.SaveChangesAsync();
        }

        var dave = new DataSubjectReference("customer", 77);
        var plan = await harness.Planner.PlanAsync(dave, "REQ-18z");
        Assert.Contains(plan.Steps, s => s.EntityType.EndsWith(".Order", StringComparison.Ordinal) && s.Action == ErasureRowAction.Delete && s.RowCount == 0);
        await using (var context = harness.Context())
        {
            context.Orders.Add(new Order { Id = 777, CustomerId = 77, OrderedAt = Harness.Utc(2026, 11, 24), DeliveryNote = "dave-order-after-planning" });
            await context.SaveChangesAsync();
        }

        var before = await harness.SnapshotAsync();
        var stale = await Assert.ThrowsAsync<ErasurePlanStaleException>(() => harness.Executor.ExecuteAsync(plan));
        Assert.Contains("Order", stale.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.SnapshotAsync());
        await using (var context = harness.Context())
        {
            Assert.Equal("Dave Dee", (await context.Customers.SingleAsync(c => c.Id == 77)).Name);
        }

        // A fresh plan counts the order and erases it.
        Assert.Equal(ErasureStatus.Applied, (await harness.Executor.ExecuteAsync(await harness.Planner.PlanAsync(dave, "REQ-18z2"))).Status);
        await using var after = harness.Context();
        Assert.False(await after.Orders.IgnoreQueryFilters().AnyAsync(o => o.CustomerId == 77));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_plan_made_stale_by_new_or_removed_rows_is_refused_and_nothing_is_written(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        var plan = await harness.Planner.PlanAsync(AliceRef, "REQ-13");
        await using (var context = harness.Context())
        {
            context.Orders.Add(new Order { Id = 99, CustomerId = Harness.Alice, OrderedAt = Harness.Utc(2026, 11, 24), DeliveryNote = "new-order-after-planning" });
            await context.SaveChangesAsync();
        }

        var before = await harness.SnapshotAsync();
        var stale = await Assert.ThrowsAsync<ErasurePlanStaleException>(() => harness.Executor.ExecuteAsync(plan));
        Assert.Contains("Order", stale.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.SnapshotAsync());

        var removed = await harness.Planner.PlanAsync(AliceRef, "REQ-13b");
        await using (var context = harness.Context())
        {
            await context.OrderLines.Where(l => l.Id == 100).ExecuteDeleteAsync();
        }

        before = await harness.SnapshotAsync();
        await Assert.ThrowsAsync<ErasurePlanStaleException>(() => harness.Executor.ExecuteAsync(removed));
        Assert.Equal(before, await harness.SnapshotAsync());

        // A fresh plan goes through, the new order included.
        var fresh = await harness.Planner.PlanAsync(AliceRef, "REQ-13c");
        Assert.Equal(ErasureStatus.Applied, (await harness.Executor.ExecuteAsync(fresh)).Status);
        await using var after = harness.Context();
        Assert.False(await after.Orders.IgnoreQueryFilters().AnyAsync(o => o.CustomerId == Harness.Alice));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Anonymised_values_keep_constraints_and_are_random_per_row_and_per_run(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        await harness.Executor.ExecuteAsync(await harness.Planner.PlanAsync(AliceRef, "REQ-14"));
        await harness.Executor.ExecuteAsync(await harness.Planner.PlanAsync(new DataSubjectReference("customer", Harness.Bob), "REQ-15"));

        async Task<List<(string Name, string Email, string Question)>> ReadAsync()
        {
            await using var context = harness.Context();
            var customers = await context.Customers.IgnoreQueryFilters().Where(c => c.Id != Harness.Carol).OrderBy(c => c.Id).ToListAsync();
            var tickets = await context.Tickets.OrderBy(t => t.Id).ToListAsync();
            return customers.Zip(tickets, (c, t) => (c.Name, c.Email, t.Question)).ToList();
        }

        var first = await ReadAsync();
        Assert.Equal(2, first.Select(r => r.Email).Distinct().Count());
        Assert.All(first, r => Assert.Matches("^erased-[0-9]+@erased\\.invalid$", r.Email));
        Assert.All(first, r => Assert.Matches("^erased-[0-9]+$", r.Name));

        // Not linkable: the customer row and the ticket of one subject share no random part.
        Assert.All(first, r => Assert.NotEqual(r.Name.Split('-')[1], r.Question.Split('-')[1]));
        Assert.NotEqual(first[0].Name.Split('-')[1], first[1].Name.Split('-')[1]);

        // A new erasure gives new random values: nothing is derived from the original or repeated.
        await harness.Executor.ExecuteAsync(await harness.Planner.PlanAsync(AliceRef, "REQ-16"));
        var second = await ReadAsync();
        Assert.NotEqual(first[0].Email, second[0].Email);
        Assert.NotEqual(first[0].Name, second[0].Name);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_fresh_export_after_erasure_shows_only_what_the_plan_retains(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        var exporter = harness.Services.GetRequiredService<IDataSubjectExporter>();
        async Task<string> ExportAsync()
        {
            using var stream = new MemoryStream();
            await exporter.ExportAsync(AliceRef, stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        var before = await ExportAsync();
        Assert.All(Harness.AliceErased, v => Assert.Contains(v, before, StringComparison.Ordinal));

        var plan = await harness.Planner.PlanAsync(AliceRef, "REQ-17");
        await harness.Executor.ExecuteAsync(plan);
        var after = await ExportAsync();

        Assert.All(Harness.AliceErased, v => Assert.DoesNotContain(v, after, StringComparison.Ordinal));
        foreach (var field in plan.Steps.Where(s => s.RowCount > 0).SelectMany(s => s.Fields).Where(f => f.Action == ErasureFieldAction.Retain))
        {
            Assert.Contains(field.Name, after, StringComparison.Ordinal);
        }

        Assert.Contains("ALICE BILLING", after, StringComparison.Ordinal);
        Assert.Contains("ALICE LINE TEXT", after, StringComparison.Ordinal);

        // A subject deleted entirely is not found any more.
        await using (var context = harness.Context())
        {
            await context.Tickets.Where(t => t.CustomerId == Harness.Bob).ExecuteDeleteAsync();
            await context.Invoices.IgnoreQueryFilters().Where(t => t.CustomerId == Harness.Bob).ExecuteDeleteAsync();
        }

        var bob = new DataSubjectReference("customer", Harness.Bob);
        await harness.Executor.ExecuteAsync(await harness.Planner.PlanAsync(bob, "REQ-18"));
        await Assert.ThrowsAsync<DataSubjectNotFoundException>(() => exporter.ExportAsync(bob, Stream.Null));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_audit_record_says_what_and_how_many_and_never_a_personal_value(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        var plan = await harness.Planner.PlanAsync(AliceRef, "REQ-19");
        var result = await harness.Executor.ExecuteAsync(plan);

        await using var context = harness.Context();
        var record = await context.Audit.SingleAsync();
        Assert.Equal((PrivacyAuditRecord.ErasureKind, (Guid?)plan.PlanId, "REQ-19", "customer"), (record.Kind, record.PlanId, record.RequestId, record.SubjectCategory));
        Assert.Equal(Harness.Today, record.OccurredAt);
        Assert.Equal(result.RowsDeleted + result.RowsAnonymised, record.Rows);
        Assert.Equal("[\"helpdesk\",\"mailer\"]", record.Recipients);
        var expectedHash = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Harness.AuditKey), Encoding.UTF8.GetBytes("customer\n1")));
        Assert.Equal(expectedHash, record.SubjectKeyHash);

        var entries = record.ReadEntries();
        Assert.Equal(record.Rows, entries.Where(e => e.Action != ErasureRowAction.Retain).Sum(e => e.Rows));
        var held = entries.Single(e => e.EntityType.EndsWith(".Invoice", StringComparison.Ordinal) && e.Selection == ErasureRowSelection.LegalHoldInForce);
        Assert.Equal(["Note", "Contact.Name"], held.Erased);
        Assert.Equal(["BillingName"], held.Retained);
        Assert.Equal(["bookkeeping"], held.Rules);
        Assert.Equal(new DateTimeOffset(2032, 1, 1, 0, 0, 0, TimeSpan.Zero), held.RetainedUntil);

        // Hard case 11: no erased value, and no retained one either, is in the audit store.
        var audit = System.Text.Json.JsonSerializer.Serialize(await context.Audit.AsNoTracking().ToListAsync());
        foreach (var value in Harness.AliceErased.Append("ALICE BILLING").Append("ALICE LINE TEXT"))
        {
            Assert.DoesNotContain(value, audit, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Logs_never_hold_a_personal_value(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        var stale = await harness.Planner.PlanAsync(AliceRef, "REQ-23");
        await using (var context = harness.Context())
        {
            await context.OrderLines.Where(l => l.Id == 101).ExecuteDeleteAsync();
        }

        await Assert.ThrowsAsync<ErasurePlanStaleException>(() => harness.Executor.ExecuteAsync(stale));
        await harness.Executor.ExecuteAsync(await harness.Planner.PlanAsync(AliceRef, "REQ-24"));
        await harness.Planner.PlanAsync(new DataSubjectReference("customer", 4242), "REQ-25");
        harness.Time.Now = new DateTimeOffset(2032, 1, 2, 0, 0, 0, TimeSpan.Zero);
        await harness.Enforcer.SweepAsync();

        var lines = Harness.Logs.Lines.ToArray();
        Assert.Contains(lines, l => l.Contains(" 211 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" 223 ", StringComparison.Ordinal));
        foreach (var value in Harness.AliceErased.Concat(["ALICE BILLING", "ALICE LINE TEXT", "4242", "Bob Bee", "bob@b.example"]))
        {
            Assert.DoesNotContain(lines, l => l.Contains(value, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_agent_is_erased_from_the_tickets_without_touching_the_customers_questions(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        var plan = await harness.Planner.PlanAsync(new DataSubjectReference("employee", Harness.Eve), "REQ-20");
        var ticketStep = plan.Steps.Single(s => s.EntityType.EndsWith(".SupportTicket", StringComparison.Ordinal));
        Assert.Equal(("Agent", ErasureRowAction.Anonymise, 2L), (ticketStep.Share, ticketStep.Action, ticketStep.RowCount));

        await harness.Executor.ExecuteAsync(plan);

        await using var context = harness.Context();
        var tickets = await context.Tickets.OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(["alice-question", "bob-question"], tickets.Select(t => t.Question));
        Assert.All(tickets, t => Assert.Null(t.AgentNotes));
        Assert.StartsWith("erased-", (await context.Employees.SingleAsync()).Name, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Past_erasures_are_reapplied_after_a_backup_is_restored(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        await harness.Executor.ExecuteAsync(await harness.Planner.PlanAsync(AliceRef, "REQ-21"));

        // The audit trail is kept apart from the backup; the restored database has Alice's data again.
        await using (var context = harness.Context())
        {
            var trail = await context.Audit.AsNoTracking().ToListAsync();
            await context.Database.EnsureDeletedAsync();
            await context.Database.EnsureCreatedAsync();
            await Harness.SeedAsync(context);
            context.ChangeTracker.Clear();
            context.Audit.AddRange(trail);
            await context.SaveChangesAsync();
        }

        var results = await harness.Executor.ReapplyAsync();

        var reapplied = Assert.Single(results);
        Assert.Equal((ErasureStatus.Applied, "REQ-21 (restore)"), (reapplied.Status, reapplied.RequestId));
        await using var after = harness.Context();
        Assert.StartsWith("erased-", (await after.Customers.IgnoreQueryFilters().SingleAsync(c => c.Id == Harness.Alice)).Name, StringComparison.Ordinal);
        Assert.Equal("Bob Bee", (await after.Customers.SingleAsync(c => c.Id == Harness.Bob)).Name);
        Assert.False(await after.Orders.IgnoreQueryFilters().AnyAsync(o => o.CustomerId == Harness.Alice));
        Assert.Equal(2, await after.Audit.CountAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Executing_without_an_audit_key_is_a_clear_error_and_nothing_is_written(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider, options: o => o.AuditKey = "short");
        var before = await harness.SnapshotAsync();
        var plan = await harness.Planner.PlanAsync(AliceRef, "REQ-22");

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => harness.Executor.ExecuteAsync(plan));
        Assert.Contains("AuditKey", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.SnapshotAsync());
    }
}
