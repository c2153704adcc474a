using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakRectificationStateTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_refused_rectification_writes_nothing_and_leaves_the_request_verified(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Rectification, Harness.Alice);

        // Number is not personal data: the change is refused as bad input...
        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.RectifyAsync(request.Id, Harness.Alice, new RectificationChange("RequestCustomer", "Number", "C-99")));

        // ...and, as docs/requests.md promises, nothing is written: the request is as it was.
        Assert.Equal(DataSubjectRequestState.Verified, (await h.Requests.FindAsync(request.Id))!.State);
        Assert.DoesNotContain(await h.Requests.HistoryAsync(request.Id), e => e.Kind == "started");
    }
}
