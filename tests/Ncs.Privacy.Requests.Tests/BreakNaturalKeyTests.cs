using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakNaturalKeyTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task After_an_erasure_the_restrictions_hold_no_natural_key_of_the_subject(DatabaseProvider provider)
    {
        // A mailing list keyed by the address: the restriction's SubjectKey is the e-mail address itself.
        await using var h = await BreakHarness.CreateAsync(provider);
        var restriction = await h.VerifiedAsync(DataSubjectRight.Restriction, BreakHarness.Sara);
        await h.Requests.RestrictAsync(restriction.Id, BreakHarness.Sara, null);
        var erasure = await h.VerifiedAsync(DataSubjectRight.Erasure, BreakHarness.Sara);
        var plan = await h.Requests.PlanErasureAsync(erasure.Id, BreakHarness.Sara);
        Assert.Equal(DataSubjectRequestState.Completed, (await h.Requests.EraseAsync(erasure.Id, plan)).State);

        await using var context = h.Context();
        Assert.False(await context.Subscribers.AnyAsync(s => s.Email == BreakContext.Sara));
        var log = System.Text.Json.JsonSerializer.Serialize(new object[]
        {
            await context.Set<PrivacyRequest>().AsNoTracking().ToListAsync(),
            await context.Set<PrivacyRequestEvent>().AsNoTracking().ToListAsync(),
            await context.Set<PrivacyRestriction>().AsNoTracking().ToListAsync(),
        });
        Assert.DoesNotContain(BreakContext.Sara, log, StringComparison.OrdinalIgnoreCase);
    }
}
