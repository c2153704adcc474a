using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakSweepScaleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task The_sweep_runs_with_many_restrictions_in_force(DatabaseProvider provider)
    {
        // Restrictions "until lifted" accumulate for years (an erasure leaves them): a shop with 1,200 of them in force.
        await using var h = await Harness.CreateAsync(provider);
        await using (var context = h.Context())
        {
            for (var i = 0; i < 1200; i++)
            {
                context.Add(new PrivacyRestriction { SubjectCategory = RequestPolicy.Subjects.Customer, SubjectKey = (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), RestrictedAtUtc = Harness.Start.UtcDateTime.AddDays(-30) });
            }

            await context.SaveChangesAsync();
        }

        // Alice's and Bob's visits of three years ago are due; neither is restricted.
        var result = await h.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
        Assert.Equal(2, result.RowsDeleted);
        await using var after = h.Context();
        Assert.Equal([12, 22], await after.Visits.OrderBy(v => v.Id).Select(v => v.Id).ToListAsync());
    }
}
