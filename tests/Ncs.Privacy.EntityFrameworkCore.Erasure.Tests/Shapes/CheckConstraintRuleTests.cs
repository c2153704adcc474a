using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>CHECK constraints decide at start-up which strategies fit (issue 11, input 8), on shapes beyond the input.</summary>
public class CheckConstraintRuleTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Length_checks_choose_a_strategy_whose_values_the_database_accepts(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new CheckLengthShape(), provider);
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-CK");
        var step = Assert.Single(plan.Steps, s => s.RowCount > 0);
        Assert.Equal(AnonymisationStrategy.RandomToken, step.Fields.Single(f => f.Name == nameof(CheckLengthCustomer.Phone)).Strategy);
        Assert.Equal(AnonymisationStrategy.Redact, step.Fields.Single(f => f.Name == nameof(CheckLengthCustomer.Code)).Strategy);
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
    }

    [Theory]
    [InlineData("length(\"Phone\") >= 6", AnonymisationStrategy.RandomToken, null)]
    [InlineData("LENGTH(Phone) <= 8 AND Phone <> ''", AnonymisationStrategy.Redact, null)]
    [InlineData("char_length(\"Phone\") < 9", AnonymisationStrategy.RandomToken, "which a RandomToken value (9 to 37 characters) violates")]
    [InlineData("\"Phone\" <> ''", AnonymisationStrategy.Zero, "which a Zero value (the empty text) violates")]
    [InlineData("\"Phone\" LIKE '+%'", AnonymisationStrategy.Redact, "which a Redact value may violate")]
    [InlineData("length(\"Phone\") > 3 OR \"Other\" = 1", AnonymisationStrategy.Redact, "which a Redact value may violate")]
    [InlineData("\"Other\" > 0 AND \"Phone\" IS NOT NULL", AnonymisationStrategy.Redact, null)]
    [InlineData("length(\"Phone\") > 3", AnonymisationStrategy.Null, null)]
    [InlineData("\"Phone\" IS NOT NULL OR \"Email\" IS NOT NULL", AnonymisationStrategy.Null, "which tests for NULL itself, so a NULL may violate it")]
    [InlineData("COALESCE(\"Phone\", \"Email\") <> ''", AnonymisationStrategy.Null, "which tests for NULL itself")]
    public void A_check_is_read_exactly_and_anything_else_is_uncertain(string sql, AnonymisationStrategy strategy, string? problem)
    {
        var column = new ColumnFacts("C.Phone", typeof(string), true, null, false, null, CheckConstraintRules.Write([("CK", sql)]), false, false, true, "Phone");
        var found = CheckConstraintRules.Problem(column, strategy);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.NotNull(found);
            Assert.Contains(problem, found, StringComparison.Ordinal);
            Assert.Contains("'CK'", found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_refusal_under_a_check_offers_only_strategies_the_check_accepts()
    {
        var column = new ColumnFacts("C.Phone", typeof(string), false, null, false, null, CheckConstraintRules.Write([("CK", "length(\"Phone\") <= 12")]), false, false, true, "Phone");
        var (_, problem) = AnonymisationRules.Resolve(column, AnonymisationStrategy.RandomToken);
        Assert.NotNull(problem);
        Assert.Contains("choose Anonymisation = AnonymisationStrategy.Redact or Anonymisation = AnonymisationStrategy.Zero", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("RandomEmail", problem, StringComparison.Ordinal);
    }
}
