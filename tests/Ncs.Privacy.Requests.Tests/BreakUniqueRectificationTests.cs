using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakUniqueRectificationTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_rectification_to_a_value_a_unique_index_forbids_is_a_clear_error(DatabaseProvider provider)
    {
        await using var h = await BreakHarness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Rectification, BreakHarness.Anna);

        // Ben already has this address: the model (a unique index) forbids it. Bad input is an ArgumentException naming the field.
        var e = await Assert.ThrowsAsync<ArgumentException>(() => h.Requests.RectifyAsync(request.Id, BreakHarness.Anna, new RectificationChange("BreakMember", "Email", "ben@break.example")));
        Assert.Contains("BreakMember.Email", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ben@break.example", e.ToString(), StringComparison.Ordinal);
    }
}
