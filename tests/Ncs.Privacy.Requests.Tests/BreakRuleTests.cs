using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>The rules behind the break tests, on shapes the break tests did not try.</summary>
public class BreakRuleTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_set_based_sweep_still_keeps_the_one_restricted_subject_among_many(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        await using (var context = h.Context())
        {
            for (var i = 0; i < 1200; i++)
            {
                context.Add(new PrivacyRestriction { SubjectCategory = RequestPolicy.Subjects.Customer, SubjectKey = (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), RestrictedAtUtc = Harness.Start.UtcDateTime.AddDays(-30) });
            }

            await context.SaveChangesAsync();
        }

        await h.Restrictions.RestrictAsync(Harness.Alice, RequestPolicy.Purposes.Marketing, null);
        var result = await h.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync();

        Assert.Equal(1, result.RowsDeleted);
        await using var after = h.Context();
        Assert.Equal([11, 12, 22], await after.Visits.OrderBy(v => v.Id).Select(v => v.Id).ToListAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_objection_check_for_an_undeclared_purpose_is_an_error_not_a_pass(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var objections = h.Services.GetRequiredService<IObjectionRegistry>();
        await objections.ObjectAsync(Harness.Alice, RequestPolicy.Purposes.Marketing);

        await Assert.ThrowsAsync<ArgumentException>(() => objections.HasObjectedAsync(Harness.Alice, "marketin"));
        await using var context = h.Context();
        var e = Assert.Throws<ArgumentException>(() => context.Customers.WhereNotObjectedTo(context, "marketin"));
        Assert.Contains("'marketin'", e.Message, StringComparison.Ordinal);
        Assert.Equal([RequestContext.Bob], await context.Customers.WhereNotObjectedTo(context, RequestPolicy.Purposes.Marketing).Select(c => c.Id).ToListAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_restriction_refused_as_bad_input_leaves_the_request_verified(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Restriction, Harness.Alice);

        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.RestrictAsync(request.Id, Harness.Alice, Harness.Start.UtcDateTime.AddDays(-1)));

        Assert.Equal(DataSubjectRequestState.Verified, (await h.Requests.FindAsync(request.Id))!.State);
        Assert.DoesNotContain(await h.Requests.HistoryAsync(request.Id), e => e.Kind == "started");
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_outcome_longer_than_the_log_holds_is_refused_and_the_request_stays_open(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.CompleteAsync(request.Id, new string('o', 4001)));

        Assert.Contains("4000", e.Message, StringComparison.Ordinal);
        Assert.Equal(DataSubjectRequestState.Verified, (await h.Requests.FindAsync(request.Id))!.State);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_completed_request_is_not_closed_again_by_a_second_action(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice);
        using (var first = new MemoryStream())
        {
            await h.Requests.ExportAsync(request.Id, Harness.Alice, first);
        }

        using var second = new MemoryStream();
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => h.Requests.ExportAsync(request.Id, Harness.Alice, second));
        Assert.Equal(DataSubjectRequestState.Completed, (await h.Requests.FindAsync(request.Id))!.State);
    }
}
