using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Art. 16 through the library: personal, the subject's own, validated by the model, logged without values.</summary>
public class RectificationTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_field_is_corrected_and_logged_without_its_values_with_the_recipients_to_notify(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Rectification, Harness.Alice);
        var result = await h.Requests.RectifyAsync(request.Id, Harness.Alice, new RectificationChange(nameof(RequestCustomer), nameof(RequestCustomer.Email), "alice.ann@new.example"));
        Assert.True(result.Changed);
        Assert.Equal(["mailer"], result.RecipientsToNotify);

        // A row that is not the root: named by its key, and it must be the subject's.
        var ticket = await h.Requests.RectifyAsync(request.Id, Harness.Alice, new RectificationChange(nameof(RequestTicket), nameof(RequestTicket.Question), "Where is my parcel?") { RowKey = "100" });
        Assert.Empty(ticket.RecipientsToNotify);

        await using (var context = h.Context())
        {
            Assert.Equal("alice.ann@new.example", (await context.Customers.SingleAsync(c => c.Id == RequestContext.Alice)).Email);
            Assert.Equal("Where is my parcel?", (await context.Tickets.SingleAsync()).Question);
        }

        var info = await h.Requests.CompleteAsync(request.Id, "Your e-mail address and your question were corrected.");
        Assert.Equal(["mailer"], info.RecipientsToNotify);
        var notified = await h.Requests.RecordRecipientNotifiedAsync(request.Id, "mailer");
        Assert.True(notified.RecipientsNotified.ContainsKey("mailer"));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.RecordRecipientNotifiedAsync(request.Id, "analytics"));

        var history = await h.Requests.HistoryAsync(request.Id);
        Assert.Contains(history, e => e.Kind == "rectified" && e.Detail!.StartsWith("RequestCustomer.Email;", StringComparison.Ordinal) && e.Detail.Contains("mailer", StringComparison.Ordinal));
        var log = await h.LogTextAsync();
        foreach (var value in new[] { "alice.ann@new.example", "alice@requests.example", "Where is my parcel?", RequestContext.PersonalValues[8] })
        {
            Assert.DoesNotContain(value, log, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(h.Logs.Entries, e => e.Message.Contains("alice.ann@new.example", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_model_validates_the_value_and_nothing_is_written_when_it_fails(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Rectification, Harness.Alice);
        var cases = new (RectificationChange Change, string Expected)[]
        {
            (new(nameof(RequestCustomer), nameof(RequestCustomer.Email), "not an address"), "EmailAddress"),
            (new(nameof(RequestCustomer), nameof(RequestCustomer.Name), new string('x', 61)), "at most 60"),
            (new(nameof(RequestCustomer), nameof(RequestCustomer.Name), null), "required"),
            (new(nameof(RequestVisit), nameof(RequestVisit.Page), "/p") { RowKey = "not-a-number" }, "not a valid Int32"),
        };
        foreach (var (change, expected) in cases)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.RectifyAsync(request.Id, Harness.Alice, change));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("not an address", error.Message, StringComparison.Ordinal);
        }

        await using var context = h.Context();
        var alice = await context.Customers.SingleAsync(c => c.Id == RequestContext.Alice);
        Assert.Equal(("Alice Ann", "alice@requests.example"), (alice.Name, alice.Email));
        Assert.DoesNotContain(await h.Requests.HistoryAsync(request.Id), e => e.Kind == "rectified");
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Only_the_subjects_own_personal_fields_can_be_rectified(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var alice = await h.VerifiedAsync(DataSubjectRight.Rectification, Harness.Alice);
        var bob = await h.VerifiedAsync(DataSubjectRight.Rectification, Harness.Bob);
        var cases = new (Guid Request, DataSubjectReference Subject, RectificationChange Change, string Expected)[]
        {
            (alice.Id, Harness.Alice, new(nameof(RequestCustomer), nameof(RequestCustomer.Number), "C-9"), "is not personal data"),
            (alice.Id, Harness.Alice, new(nameof(RequestCustomer), nameof(RequestCustomer.Id), 5), "is not personal data"),
            (alice.Id, Harness.Alice, new(nameof(RequestTicket), nameof(RequestTicket.AgentNote), "rewritten") { RowKey = 100 }, "about the subject of 'Agent'"),
            (alice.Id, Harness.Alice, new(nameof(RequestAgent), nameof(RequestAgent.Name), "Mallory") { RowKey = RequestContext.Eve }, "holds no data of a 'customer' subject"),
            (alice.Id, Harness.Alice, new(nameof(RequestVisit), nameof(RequestVisit.Page), "/x") { RowKey = 21 }, "has no RequestVisit row with Id = 21"),
            (alice.Id, Harness.Alice, new(nameof(RequestVisit), nameof(RequestVisit.Page), "/x"), "Name the RequestVisit row"),
            (alice.Id, Harness.Alice, new("Invoice", "Amount", 1), "No entity type 'Invoice'"),
            (alice.Id, Harness.Alice, new(nameof(RequestCustomer), "Nickname", "Al"), "has no mapped property 'Nickname'"),
            (bob.Id, Harness.Bob, new(nameof(RequestTicket), nameof(RequestTicket.Question), "Bob rewrites Alice's question") { RowKey = 100 }, "has no RequestTicket row"),
        };
        foreach (var (request, subject, change, expected) in cases)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.RectifyAsync(request, subject, change));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }

        await using var context = h.Context();
        Assert.Equal("Agent Eve's note on Alice", (await context.Tickets.SingleAsync()).AgentNote);
        Assert.Equal("Why is my parcel late, Alice asks", (await context.Tickets.SingleAsync()).Question);
        Assert.Equal("Eve Agent", (await context.Agents.SingleAsync()).Name);
        Assert.All(await context.Visits.ToListAsync(), v => Assert.StartsWith("/", v.Page, StringComparison.Ordinal));
        Assert.Equal(2, await context.Visits.CountAsync(v => v.Page == "/bob/page"));
    }
}
