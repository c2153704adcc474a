using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakLongTextTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_extension_reason_longer_than_the_log_holds_is_a_clear_error_and_nothing_is_written(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice);
        var reason = new string('r', 5000);

        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.ExtendAsync(request.Id, 2, reason));

        var after = (await h.Requests.FindAsync(request.Id))!;
        Assert.Equal(0, after.ExtensionMonths);
        Assert.Equal(request.DueOn, after.DueOn);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_refusal_reason_longer_than_the_log_holds_is_a_clear_error_and_the_request_stays_open(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Access, Harness.Alice);

        await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.RefuseAsync(request.Id, new string('x', 3990)));

        Assert.Equal(DataSubjectRequestState.Verified, (await h.Requests.FindAsync(request.Id))!.State);
    }
}
