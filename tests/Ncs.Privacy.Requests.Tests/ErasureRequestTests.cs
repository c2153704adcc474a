using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Erasure and objection requests run through the library; the request log holds no personal value afterwards.</summary>
public class ErasureRequestTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task After_an_erasure_the_request_log_holds_none_of_the_subjects_values(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);

        // A history with every kind of entry: an objection, a rectification, a restriction, a refused request, then the erasure.
        var objection = await h.VerifiedAsync(DataSubjectRight.Objection, Harness.Alice, RequestPolicy.Purposes.Marketing);
        await h.Requests.ObjectAsync(objection.Id, Harness.Alice);
        var rectification = await h.VerifiedAsync(DataSubjectRight.Rectification, Harness.Alice);
        await h.Requests.RectifyAsync(rectification.Id, Harness.Alice, new RectificationChange(nameof(RequestCustomer), nameof(RequestCustomer.Phone), "+46-333-ALICE"));
        await h.Requests.CompleteAsync(rectification.Id, "Phone corrected.");
        var restriction = await h.VerifiedAsync(DataSubjectRight.Restriction, Harness.Alice, RequestPolicy.Purposes.Analytics);
        await h.Requests.RestrictAsync(restriction.Id, Harness.Alice, null);
        await h.Requests.RefuseAsync((await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice)).Id, "A copy was sent last week (Art. 12(5)).");

        var erasure = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Erasure, RequestChannel.Email) { Reference = "MAIL-2026-0316-7" });
        await h.Requests.VerifyAsync(erasure.Id, Harness.Alice, EmailCodeVerifier.MethodName, EmailCodeVerifier.CodeFor(erasure.Id));
        var plan = await h.Requests.PlanErasureAsync(erasure.Id, Harness.Alice);
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        var done = await h.Requests.EraseAsync(erasure.Id, plan);
        Assert.Equal(DataSubjectRequestState.Completed, done.State);
        Assert.Contains("mailer", done.RecipientsToNotify);
        Assert.Contains(await h.Requests.HistoryAsync(erasure.Id), e => e.Kind == "erased");

        await using (var context = h.Context())
        {
            // Deleted or anonymised, as the plan decided: her values are gone from the data.
            Assert.DoesNotContain("alice@requests.example", await context.Customers.IgnoreQueryFilters().Select(c => c.Email).ToListAsync());
            Assert.DoesNotContain("Alice Ann", await context.Customers.IgnoreQueryFilters().Select(c => c.Name).ToListAsync());
        }

        var log = await h.LogTextAsync();
        foreach (var value in RequestContext.PersonalValues.Where(v => v.Contains("lice", StringComparison.Ordinal)).Append("+46-333-ALICE"))
        {
            Assert.DoesNotContain(value, log, StringComparison.OrdinalIgnoreCase);
        }

        // The subject is in the log only as the audit trail's keyed hash, the same in every table.
        await using (var context = h.Context())
        {
            var hashes = await context.Set<PrivacyRequest>().Where(r => r.SubjectKeyHash != null).Select(r => r.SubjectKeyHash!).Distinct().ToListAsync();
            var hash = Assert.Single(hashes);
            Assert.Matches("^[0-9a-f]{64}$", hash);
            Assert.Equal(hash, (await context.Set<PrivacyAuditRecord>().SingleAsync(a => a.Kind == PrivacyAuditRecord.ErasureKind)).SubjectKeyHash);
        }

        // The requests still show what was asked and answered, for the accountability Art. 5(2) asks.
        Assert.Equal(5, (await h.Requests.ListAsync(new DataSubjectRequestFilter())).Count);
        Assert.DoesNotContain(h.Logs.Entries, e => RequestContext.PersonalValues.Any(v => e.Message.Contains(v, StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_objection_request_records_the_objection_and_queries_honour_it(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Objection, Harness.Bob, RequestPolicy.Purposes.Marketing);
        var done = await h.Requests.ObjectAsync(request.Id, Harness.Bob);
        Assert.Equal(DataSubjectRequestState.Completed, done.State);
        await using var context = h.Context();
        Assert.Equal([RequestContext.Alice], await context.Customers.WhereNotObjectedTo(context, RequestPolicy.Purposes.Marketing).Select(c => c.Id).ToListAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_plan_of_another_request_is_not_run(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var alice = await h.VerifiedAsync(DataSubjectRight.Erasure, Harness.Alice);
        var bob = await h.VerifiedAsync(DataSubjectRight.Erasure, Harness.Bob);
        var bobsPlan = await h.Requests.PlanErasureAsync(bob.Id, Harness.Bob);
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.EraseAsync(alice.Id, bobsPlan));
        await using var context = h.Context();
        Assert.Equal(2, await context.Customers.CountAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_monitor_reports_requests_near_and_past_due(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var old = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email) { ReceivedAtUtc = new DateTime(2026, 2, 10, 8, 0, 0, DateTimeKind.Utc) });
        var soon = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Erasure, RequestChannel.Letter) { ReceivedAtUtc = new DateTime(2026, 2, 20, 8, 0, 0, DateTimeKind.Utc) });
        var fresh = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email));
        var answered = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email) { ReceivedAtUtc = new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc) });
        await h.Requests.WithdrawAsync(answered.Id);

        var monitor = h.Services.GetRequiredService<RequestDeadlineMonitor>();
        RequestDeadlineReport? raised = null;
        monitor.RequestsDue += (_, report) => raised = report;
        var measurements = new Dictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RequestDeadlineMonitor.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) => measurements[(string)tags[0].Value!] = value);
        listener.Start();

        // 16 March: the one received 10 February was due 10 March; the one of 20 February is due 20 March, within the week.
        var report = await monitor.CheckAsync();
        Assert.Equal([old.Id], report.PastDue.Select(r => r.Id));
        Assert.Equal([soon.Id], report.NearDue.Select(r => r.Id));
        Assert.Same(report, raised);
        listener.RecordObservableInstruments();
        Assert.Equal(1, measurements["past_due"]);
        Assert.Equal(1, measurements["near_due"]);
        Assert.Contains(h.Logs.Entries, e => e.Level == LogLevel.Warning && e.EventId == 510 && e.Message.Contains(old.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains(h.Logs.Entries, e => e.Level == LogLevel.Information && e.EventId == 511 && e.Message.Contains(soon.Id.ToString(), StringComparison.Ordinal));

        // Completing and extending take requests off the report.
        await h.Requests.RefuseAsync(old.Id, "Late, but refused: the requester could not be identified (Art. 12(2)).");
        await h.Requests.ExtendAsync(soon.Id, 2, "The archive must be searched by hand.");
        raised = null;
        var later = await monitor.CheckAsync();
        Assert.Empty(later.PastDue);
        Assert.Empty(later.NearDue);
        Assert.Null(raised);

        // The fresh one, received 16 March and due 16 April, is past due at 23:00 Stockholm time on 16 April... not before.
        h.Time.Now = new DateTimeOffset(2026, 4, 16, 21, 59, 0, TimeSpan.Zero);
        Assert.Equal([fresh.Id], (await monitor.CheckAsync()).NearDue.Select(r => r.Id));
        h.Time.Now = new DateTimeOffset(2026, 4, 16, 22, 0, 0, TimeSpan.Zero);
        Assert.Equal([fresh.Id], (await monitor.CheckAsync()).PastDue.Select(r => r.Id));
    }
}
