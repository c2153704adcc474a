using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakUndeclaredPurposeTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_restriction_check_for_a_purpose_the_policy_does_not_declare_is_an_error_not_a_pass(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Restriction, Harness.Alice, RequestPolicy.Purposes.Analytics);
        await h.Requests.RestrictAsync(request.Id, Harness.Alice, null);

        // A typo in the purpose ("analytic") would let Alice's restricted data be processed: RestrictAsync refuses an
        // undeclared purpose; the checks that protect her must refuse it too, rather than answer "not restricted".
        await Assert.ThrowsAsync<ArgumentException>(() => h.Restrictions.IsRestrictedAsync(Harness.Alice, "analytic"));
        await using var context = h.Context();
        Assert.Throws<ArgumentException>(() => context.Customers.WhereNotRestricted(context, "analytic", Harness.Start.UtcDateTime));
    }
}
