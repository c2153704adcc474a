using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>The shapes above, through the same run as the catalogue's (ShapeTests): start-up, export, plan, execute, sweep.</summary>
public class NewUserShapeTests
{
    public static IReadOnlyList<Shape> All { get; } =
    [
        new RandomIvShape(),
        new TypedIdShape(),
        new NestedOwnedShape(),
        new ReferralShape(),
        new ConvertersShape(),
    ];

    public static TheoryData<string, DatabaseProvider> Cases()
    {
        var data = new TheoryData<string, DatabaseProvider>();
        foreach (var shape in All)
        {
            data.Add(shape.Feature, DatabaseProvider.Sqlite);
            data.Add(shape.Feature, DatabaseProvider.PostgreSql);
        }

        return data;
    }

    private static Shape Find(string feature) => All.Single(s => s.Feature == feature);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Accepted_shape_erases_exactly_the_subject_and_the_sweep_terminates(string feature, DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(Find(feature), provider);
        await run.ReadEverythingAsync();
        var before = await run.DumpAsync();

        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, run.Shape.Subjects[0]), "REQ-NEW-1");
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        var result = await run.Executor.ExecuteAsync(plan);
        Assert.Equal(ErasureStatus.Applied, result.Status);
        var after = await run.DumpAsync();

        ShapeTests.AssertErased(before, after, "s1-", "s2-");
        await run.ReadEverythingAsync();

        var sweep = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var swept = await run.DumpAsync();
        Assert.DoesNotContain(swept.Cells, c => c.Value?.Contains("old-", StringComparison.Ordinal) == true);
        ShapeTests.AssertUntouched(after, swept, "s2-");
        ShapeTests.AssertNullsStay(after, swept);
        await run.ReadEverythingAsync();
        Assert.Equal(sweep.Batches, await run.AuditCountAsync(PrivacyAuditRecord.RetentionKind));

        var again = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, again.RowsDeleted + again.RowsAnonymised);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Accepted_shape_a_plan_for_any_subject_executes(string feature, DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(Find(feature), provider);
        foreach (var subject in run.Shape.Subjects.Reverse())
        {
            var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, subject), $"REQ-ANY-{subject}");
            var result = await run.Executor.ExecuteAsync(plan);
            Assert.Equal(ErasureStatus.Applied, result.Status);
        }

        await run.ReadEverythingAsync();
    }
}

/// <summary>What the shape run above found, each reduced to the rule it breaks.</summary>
public class NewUserInputTests
{
    /// <summary>
    /// A strongly typed id (<c>CustomerId</c> record struct through a converter, as DDD templates write keys): start-up
    /// accepts the model and the planner accepts the subject, then the executor cannot read the id back from the plan.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_accepted_plan_for_a_strongly_typed_id_subject_executes(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new TypedIdShape(), provider);
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, new CustomerId(2)), "REQ-TYPED");
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
    }

    /// <summary>
    /// An encrypting converter with a random IV (what real column encryption does): the sweep anonymises the expired
    /// secret, and the next sweep finds it "expired" again (Redact is recognised by comparing ciphertexts), anonymising
    /// and auditing it on every run.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_row_the_sweep_anonymised_is_not_expired_again_on_the_next_run_random_IV_converter(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new RandomIvShape(), provider);
        var first = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, first.RowsAnonymised);
        var audits = await run.AuditCountAsync(PrivacyAuditRecord.RetentionKind);

        var again = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, again.RowsAnonymised + again.RowsDeleted);
        Assert.Equal(audits, await run.AuditCountAsync(PrivacyAuditRecord.RetentionKind));
    }

    /// <summary>
    /// A required value object (an e-mail address type through a converter) with no unique index: start-up refuses it
    /// (right), but the fix it offers includes "remove the unique index", which the column does not have.
    /// </summary>
    [Fact]
    public async Task A_refused_value_object_names_only_fixes_that_apply_to_the_column()
    {
        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(new RequiredEmailShape(), DatabaseProvider.Sqlite));
        Assert.Contains("RequiredEmailCustomer.Email", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unique index", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A converter's mapping hints bound the column (varchar(6) on PostgreSQL): start-up does not see the length, resolves
    /// Redact ("[erased]", 8 characters), and the accepted plan fails at execution (or start-up must refuse it / choose Zero).
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_accepted_plan_fits_a_column_bounded_by_converter_mapping_hints(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new PostalCodeShape(), provider);
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-PC");
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
        var dump = await run.DumpAsync();
        Assert.All(dump["PostalCustomer"].Values, r => Assert.True(r["PostalCode"]!.Length <= 6, r["PostalCode"]));
    }
}
