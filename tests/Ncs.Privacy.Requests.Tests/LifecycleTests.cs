using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Every state transition of a request, allowed and refused, on both engines.</summary>
public class LifecycleTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Received_verified_in_progress_completed(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var received = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email)
        {
            ReceivedAtUtc = Harness.Start.UtcDateTime.AddHours(-2),
            Reference = "MAIL-4711",
        });
        Assert.Equal(DataSubjectRequestState.Received, received.State);
        Assert.False(received.SubjectKnown);
        Assert.Equal(new DateOnly(2026, 3, 16), received.ReceivedOn);
        Assert.Equal(new DateOnly(2026, 4, 16), received.DueOn);
        Assert.Equal(new DateTimeOffset(2026, 4, 16, 22, 0, 0, TimeSpan.Zero), received.DueAtUtc);

        var verified = await h.Requests.VerifyAsync(received.Id, Harness.Alice, EmailCodeVerifier.MethodName, EmailCodeVerifier.CodeFor(received.Id));
        Assert.Equal(DataSubjectRequestState.Verified, verified.State);
        Assert.Equal(EmailCodeVerifier.MethodName, verified.VerificationMethod);
        Assert.True(verified.SubjectKnown);

        using var export = new MemoryStream();
        var summary = await h.Requests.ExportAsync(received.Id, Harness.Alice, export);
        Assert.True(summary.Rows > 0);
        Assert.Contains("alice@requests.example", System.Text.Encoding.UTF8.GetString(export.ToArray()));

        var done = await h.Requests.FindAsync(received.Id);
        Assert.Equal(DataSubjectRequestState.Completed, done!.State);
        Assert.NotNull(done.ClosedAtUtc);
        var history = await h.Requests.HistoryAsync(received.Id);
        Assert.Equal(["received", "verified", "started", "exported", "completed"], history.Select(e => e.Kind));
        Assert.Equal(
            [DataSubjectRequestState.Received, DataSubjectRequestState.Verified, DataSubjectRequestState.InProgress, DataSubjectRequestState.InProgress, DataSubjectRequestState.Completed],
            history.Select(e => e.State));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Open_requests_can_be_refused_with_reasons_and_the_right_to_complain(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var received = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Erasure, RequestChannel.Letter));
        var verified = await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice);
        var inProgress = await h.VerifiedAsync(DataSubjectRight.Rectification, Harness.Alice);
        await h.Requests.RectifyAsync(inProgress.Id, Harness.Alice, new RectificationChange(nameof(RequestCustomer), nameof(RequestCustomer.Phone), "+46-999"));
        Assert.Equal(DataSubjectRequestState.InProgress, (await h.Requests.FindAsync(inProgress.Id))!.State);

        foreach (var id in new[] { received.Id, verified.Id, inProgress.Id })
        {
            var refused = await h.Requests.RefuseAsync(id, "The requester could not be identified (Art. 12(2)).");
            Assert.Equal(DataSubjectRequestState.Refused, refused.State);
            Assert.Contains("Art. 12(2)", refused.Outcome);
            Assert.Contains("Integritetsskyddsmyndigheten (IMY)", refused.Outcome);
            Assert.Contains("Art. 77", refused.Outcome);
        }

        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.RefuseAsync(Guid.NewGuid(), " "));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Open_requests_can_be_withdrawn(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var received = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Portability, RequestChannel.Other));
        var verified = await h.VerifiedAsync(DataSubjectRight.Access, Harness.Bob);
        foreach (var id in new[] { received.Id, verified.Id })
        {
            Assert.Equal(DataSubjectRequestState.Withdrawn, (await h.Requests.WithdrawAsync(id)).State);
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Closed_requests_change_no_more(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var completed = await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice);
        await h.Requests.CompleteAsync(completed.Id, "Answered by post.");
        var refused = await h.Requests.RefuseAsync((await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice)).Id, "Manifestly unfounded (Art. 12(5)).");
        var withdrawn = await h.Requests.WithdrawAsync((await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice)).Id);
        foreach (var id in new[] { completed.Id, refused.Id, withdrawn.Id })
        {
            var before = await h.Requests.FindAsync(id);
            await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.CompleteAsync(id, "again"));
            await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.RefuseAsync(id, "again"));
            await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.WithdrawAsync(id));
            await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.ExtendAsync(id, 1, "busy"));
            await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.VerifyAsync(id, Harness.Alice, EmailCodeVerifier.MethodName, EmailCodeVerifier.CodeFor(id)));
            await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.ExportAsync(id, Harness.Alice, Stream.Null));
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before), System.Text.Json.JsonSerializer.Serialize(await h.Requests.FindAsync(id)));
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Unverified_requests_do_not_run(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var access = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email) { Subject = Harness.Alice });
        var erasure = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Erasure, RequestChannel.Email) { Subject = Harness.Alice });
        var objection = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Objection, RequestChannel.Email) { Subject = Harness.Alice, Purpose = RequestPolicy.Purposes.Marketing });
        var restriction = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Restriction, RequestChannel.Email) { Subject = Harness.Alice });
        var rectification = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Rectification, RequestChannel.Email) { Subject = Harness.Alice });

        using var export = new MemoryStream();
        var refusal = await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.ExportAsync(access.Id, Harness.Alice, export));
        Assert.Contains("not verified", refusal.Message);
        Assert.Equal(0, export.Length);
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.PlanErasureAsync(erasure.Id, Harness.Alice));
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.ObjectAsync(objection.Id, Harness.Alice));
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.RestrictAsync(restriction.Id, Harness.Alice, null));
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.RectifyAsync(rectification.Id, Harness.Alice, new RectificationChange(nameof(RequestCustomer), nameof(RequestCustomer.Name), "Mallory")));
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.CompleteAsync(access.Id, "done"));

        await using var context = h.Context();
        Assert.Equal("Alice Ann", (await context.Customers.SingleAsync(c => c.Id == RequestContext.Alice)).Name);
        Assert.Empty(await context.Set<PrivacyObjection>().ToListAsync());
        Assert.Empty(await context.Set<PrivacyRestriction>().ToListAsync());
        Assert.Empty(await context.Set<PrivacyAuditRecord>().ToListAsync());
        Assert.All(await h.Requests.ListAsync(new DataSubjectRequestFilter()), r => Assert.Equal(DataSubjectRequestState.Received, r.State));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_failed_verification_is_recorded_and_the_request_stays_received(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var received = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Erasure, RequestChannel.Email));
        var failure = await Assert.ThrowsAsync<RequestVerificationException>(() =>
            h.Requests.VerifyAsync(received.Id, Harness.Alice, EmailCodeVerifier.MethodName, EmailCodeVerifier.CodeFor(Guid.NewGuid())));
        Assert.Contains("code does not match", failure.Message);
        var after = await h.Requests.FindAsync(received.Id);
        Assert.Equal(DataSubjectRequestState.Received, after!.State);
        Assert.False(after.SubjectKnown);
        Assert.Contains(await h.Requests.HistoryAsync(received.Id), e => e.Kind == "verification-failed" && e.Detail == EmailCodeVerifier.MethodName);

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.VerifyAsync(received.Id, Harness.Alice, "passport", "x"));
        Assert.Contains("email-code", unknown.Message);
        await Assert.ThrowsAsync<DataSubjectNotFoundException>(() =>
            h.Requests.VerifyAsync(received.Id, new DataSubjectReference(RequestPolicy.Subjects.Customer, 999), EmailCodeVerifier.MethodName, EmailCodeVerifier.CodeFor(received.Id)));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => h.Requests.VerifyAsync(Guid.NewGuid(), Harness.Alice, EmailCodeVerifier.MethodName, "x"));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_request_runs_only_for_the_subject_it_was_verified_for(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var aliceAccess = await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice);
        using var export = new MemoryStream();
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.ExportAsync(aliceAccess.Id, Harness.Bob, export));
        Assert.Equal(0, export.Length);

        // A request received for Alice cannot be verified as Bob's.
        var forAlice = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Http) { Subject = Harness.Alice });
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.VerifyAsync(forAlice.Id, Harness.Bob, EmailCodeVerifier.MethodName, EmailCodeVerifier.CodeFor(forAlice.Id)));

        // Nor does a request of one right run another.
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.PlanErasureAsync(aliceAccess.Id, Harness.Alice));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Extensions_need_a_reason_and_come_within_the_first_month(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email) { ReceivedAtUtc = new DateTime(2026, 1, 31, 10, 0, 0, DateTimeKind.Utc) });
        h.Time.Now = new DateTimeOffset(2026, 2, 20, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 2, 28), request.DueOn);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.ExtendAsync(request.Id, 1, " "));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.ExtendAsync(request.Id, 3, "very busy"));

        var once = await h.Requests.ExtendAsync(request.Id, 1, "Many requests after the product recall.");
        Assert.Equal(new DateOnly(2026, 3, 31), once.DueOn);
        Assert.Equal(DataSubjectRequestState.Received, once.State);
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.ExtendAsync(request.Id, 1, "again"));
        var twice = await h.Requests.ExtendAsync(request.Id, 2, "The archive must be searched by hand.");
        Assert.Equal(new DateOnly(2026, 4, 30), twice.DueOn);
        Assert.Equal("The archive must be searched by hand.", twice.ExtensionReason);

        var late = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email) { ReceivedAtUtc = new DateTime(2026, 1, 20, 10, 0, 0, DateTimeKind.Utc) });

        // The first month of a request received on 20 January ends at the end of 20 February, Stockholm time (23:00 UTC).
        h.Time.Now = new DateTimeOffset(2026, 2, 20, 22, 59, 0, TimeSpan.Zero);
        var justInTime = await h.Requests.ExtendAsync(late.Id, 1, "Complex request.");
        Assert.Equal(new DateOnly(2026, 3, 20), justInTime.DueOn);
        h.Time.Now = new DateTimeOffset(2026, 2, 20, 23, 0, 0, TimeSpan.Zero);
        var tooLate = await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.ExtendAsync(late.Id, 2, "Still complex."));
        Assert.Contains("within one month of receipt", tooLate.Message);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Bad_submissions_are_refused_and_write_nothing(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email) { ReceivedAtUtc = Harness.Start.UtcDateTime.AddMinutes(5) }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email) { ReceivedAtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local) }));
        var email = await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email) { Reference = "alice@requests.example" }));
        Assert.Contains("never an e-mail address", email.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Objection, RequestChannel.Email)));
        var contract = await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Objection, RequestChannel.Email) { Purpose = RequestPolicy.Purposes.Account }));
        Assert.Contains("Art. 21", contract.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Restriction, RequestChannel.Email) { Purpose = "nope" }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email) { Purpose = RequestPolicy.Purposes.Marketing }));
        await Assert.ThrowsAsync<DataSubjectNotFoundException>(() => h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email) { Subject = new DataSubjectReference(RequestPolicy.Subjects.Customer, 404) }));
        Assert.Empty(await h.Requests.ListAsync(new DataSubjectRequestFilter()));
        await using var context = h.Context();
        Assert.Empty(await context.Set<PrivacyRequestEvent>().ToListAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Operators_filter_by_state_due_day_right_and_subject(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var early = await h.Requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Erasure, RequestChannel.Email) { ReceivedAtUtc = new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc) });
        var aliceAccess = await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice);
        var bobAccess = await h.VerifiedAsync(DataSubjectRight.Access, Harness.Bob);

        Assert.Equal([early.Id], (await h.Requests.ListAsync(new DataSubjectRequestFilter { States = [DataSubjectRequestState.Received] })).Select(r => r.Id));
        Assert.Equal([early.Id], (await h.Requests.ListAsync(new DataSubjectRequestFilter { DueOnOrBefore = new DateOnly(2026, 3, 1) })).Select(r => r.Id));
        Assert.Equal(3, (await h.Requests.ListAsync(new DataSubjectRequestFilter { DueOnOrBefore = new DateOnly(2026, 4, 16) })).Count);
        Assert.Equal([early.Id], (await h.Requests.ListAsync(new DataSubjectRequestFilter { Right = DataSubjectRight.Erasure })).Select(r => r.Id));
        Assert.Equal([aliceAccess.Id], (await h.Requests.ListAsync(new DataSubjectRequestFilter { Subject = Harness.Alice })).Select(r => r.Id));
        Assert.Equal([bobAccess.Id], (await h.Requests.ListAsync(new DataSubjectRequestFilter { Subject = Harness.Bob, States = [DataSubjectRequestState.Verified] })).Select(r => r.Id));
    }
}
