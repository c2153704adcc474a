using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakLongKeyRestrictionTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_subject_whose_key_is_a_long_valid_address_can_be_restricted(DatabaseProvider provider)
    {
        // An e-mail address may be 254 characters; the mailing list's key column holds 320. The restriction must hold it too.
        await using var h = await BreakHarness.CreateAsync(provider);
        var address = new string('a', 60) + "." + new string('b', 60) + "." + new string('c', 60) + "@" + new string('d', 50) + ".example";
        await using (var context = h.Context())
        {
            context.Subscribers.Add(new BreakSubscriber { Email = address, Name = "Long Address" });
            await context.SaveChangesAsync();
        }

        var subject = new DataSubjectReference(BreakPolicy.Subjects.Subscriber, address);
        var request = await h.VerifiedAsync(DataSubjectRight.Restriction, subject);
        var done = await h.Requests.RestrictAsync(request.Id, subject, null);
        Assert.Equal(DataSubjectRequestState.Completed, done.State);

        await using var after = h.Context();
        var stored = await after.Set<PrivacyRestriction>().AsNoTracking().SingleAsync();
        Assert.Equal(address, stored.SubjectKey);
    }
}
