using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>The rules behind the new-user findings (NewUserInputTests), on shapes those did not list.</summary>
public class ConverterRuleTests
{
    /// <summary>Keys through a converter to text and to a Guid: every subject's plan executes, the held one is kept.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Plans_for_strongly_typed_ids_over_text_and_guid_execute(DatabaseProvider provider)
    {
        foreach (Shape shape in new Shape[] { new HandleIdShape(), new GuidIdShape() })
        {
            await using var run = await ShapeRun.StartAsync(shape, provider);
            foreach (var subject in shape.Subjects)
            {
                var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, subject), $"REQ-{subject}");
                Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
                Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
            }

            var dump = await run.DumpAsync();
            Assert.DoesNotContain(dump.Cells, c => c.Value?.StartsWith("s2-", StringComparison.Ordinal) == true);
            Assert.DoesNotContain(dump.Cells, c => c.Value == "s1-name");
            await run.ReadEverythingAsync();
        }
    }

    /// <summary>The plan's subject id is the key's stored value, which the key's converter reads back.</summary>
    [Fact]
    public async Task A_plan_stores_a_strongly_typed_id_as_its_stored_value()
    {
        await using var run = await ShapeRun.StartAsync(new GuidIdShape(), DatabaseProvider.Sqlite);
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, GuidIdShape.Second.ToString()), "REQ-TEXT");
        Assert.Equal(GuidIdShape.Second.ToString(), plan.SubjectId);
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
    }

    /// <summary>
    /// A random-IV converter on a NOT NULL int (Zero) beside a plain nullable field in the same rule: the rows still
    /// holding something are anonymised once, the row already at zero/NULL is not touched, and the next sweep does nothing.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_random_IV_converted_zero_is_recognised_after_reading_it_back(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new RandomIvNumberShape(), provider);
        var first = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, first.RowsAnonymised);
        await run.ReadEverythingAsync();
        var dump = await run.DumpAsync();
        Assert.DoesNotContain(dump.Cells, c => c.Value == "old-nick");
        Assert.Equal("s4-nick", dump["IvNumberCustomer"].Values.Single(r => r["Nickname"] is not null)["Nickname"]);

        var again = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, again.RowsAnonymised + again.RowsDeleted);
    }
}

/// <summary>A refusal offers only the fixes that apply to the column (the rule behind NewUserInputTests' value-object case).</summary>
public class OfferedFixTests
{
    [Fact]
    public void A_unique_encrypted_string_is_told_to_remove_the_unique_index_or_the_converter()
    {
        var (_, problem) = AnonymisationRules.Resolve(new ColumnFacts("C.Ssn", typeof(string), false, null, true, "Encrypting", null, false, false, true), AnonymisationStrategy.Default);
        Assert.Contains("remove the unique index or the value converter", problem, StringComparison.Ordinal);
        Assert.Contains("make the column nullable", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unique_value_object_is_not_told_to_remove_its_converter()
    {
        var (_, problem) = AnonymisationRules.Resolve(new ColumnFacts("C.Email", typeof(Ncs.Privacy.Testing.Shapes.EmailAddress), false, null, true, "Email", null, false, false, true), AnonymisationStrategy.Default);
        Assert.Contains("remove the unique index", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("converter", problem!.Split("no strategy fits")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_object_without_unique_index_is_offered_only_a_nullable_column()
    {
        var (_, problem) = AnonymisationRules.Resolve(new ColumnFacts("C.Email", typeof(Ncs.Privacy.Testing.Shapes.EmailAddress), false, null, false, "Email", null, false, false, true), AnonymisationStrategy.Default);
        var offer = problem!.Split("no strategy fits")[1];
        Assert.Contains("make the column nullable", offer, StringComparison.Ordinal);
        Assert.DoesNotContain("unique index", offer, StringComparison.Ordinal);
        Assert.DoesNotContain("converter", offer, StringComparison.Ordinal);
    }
}
