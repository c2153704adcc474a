using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore.Identity.Tests;

/// <summary>
/// The plan endpoint's ETag: two plans that would erase different rows never share it (a step over the rows the subject
/// points to, issue 12, is not the same step as one over the rows it owns, though entity, action and count agree).
/// </summary>
public sealed class ErasurePlanFingerprintTests
{
    private static ErasurePlan Plan(bool pointedTo) => new()
    {
        RequestId = "r1",
        SubjectCategory = "customer",
        SubjectId = "1",
        Policy = "ncs",
        Context = "ShopContext",
        Outcome = ErasureOutcome.Erase,
        Steps =
        [
            new ErasureStep
            {
                Order = 1,
                EntityType = "Address",
                Action = ErasureRowAction.Delete,
                RowCount = 1,
                PointedTo = pointedTo,
            },
        ],
    };

    [Fact]
    public void A_step_over_the_rows_the_subject_points_to_differs_from_one_over_the_rows_it_owns()
    {
        Assert.NotEqual(ErasurePlanFingerprint.Of(Plan(pointedTo: false)), ErasurePlanFingerprint.Of(Plan(pointedTo: true)));
    }

    [Fact]
    public void The_same_plan_made_twice_has_one_fingerprint()
    {
        Assert.Equal(ErasurePlanFingerprint.Of(Plan(pointedTo: true)), ErasurePlanFingerprint.Of(Plan(pointedTo: true)));
    }
}
