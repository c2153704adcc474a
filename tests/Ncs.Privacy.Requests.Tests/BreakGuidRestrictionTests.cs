using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakGuidRestrictionTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_restricted_subject_with_a_guid_key_is_left_out_of_the_purposes_queries(DatabaseProvider provider)
    {
        await using var h = await BreakHarness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Restriction, BreakHarness.Anna);
        await h.Requests.RestrictAsync(request.Id, BreakHarness.Anna, null);

        await using var context = h.Context();
        var now = Harness.Start.UtcDateTime;
        Assert.Equal([BreakContext.Ben], await context.Members.WhereNotRestricted(context, BreakPolicy.Purposes.Account, now).Select(m => m.Id).ToListAsync());
    }
}
