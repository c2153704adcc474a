using System.Text.RegularExpressions;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// Every shape of the catalogue (tests/Ncs.Privacy.Testing/Shapes), on SQLite and PostgreSQL: start-up either refuses it
/// with the fix, or export, plan, execute and sweep run and the full table dumps before and after say exactly what
/// happened (hard case 18: what start-up accepts, erasure and retention execute).
/// </summary>
public class ShapeTests
{
    public static TheoryData<string, DatabaseProvider> Accepted()
    {
        var data = new TheoryData<string, DatabaseProvider>();
        foreach (var shape in ShapeCatalogue.All)
        {
            foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql }.Where(p => shape.RefusedOn(p) is null))
            {
                data.Add(shape.Feature, provider);
            }
        }

        return data;
    }

    public static TheoryData<string, DatabaseProvider> Refused()
    {
        var data = new TheoryData<string, DatabaseProvider>();
        foreach (var shape in ShapeCatalogue.All)
        {
            foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql }.Where(p => shape.RefusedOn(p) is not null))
            {
                data.Add(shape.Feature, provider);
            }
        }

        return data;
    }

    internal static Shape Find(string feature) => ShapeCatalogue.All.Single(s => s.Feature == feature);

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_refused_shape_fails_start_up_naming_the_member_and_the_fix(string feature, DatabaseProvider provider)
    {
        var shape = Find(feature);
        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(shape, provider));
        Assert.True(error.Message.Contains(shape.RefusedOn(provider)!, StringComparison.Ordinal), error.Message);
        Assert.Contains(error.Problems, p => p.Kind is PrivacyModelProblemKind.AnonymisationNotExecutable or PrivacyModelProblemKind.MappingNotExecutable or PrivacyModelProblemKind.PersonalKey
            or PrivacyModelProblemKind.RetentionWithoutAnchor or PrivacyModelProblemKind.RetentionAnchorNotOrdered); // retention that could not run as declared (round 6)
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task An_accepted_shape_erases_exactly_the_subject_and_the_sweep_terminates(string feature, DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(Find(feature), provider);
        await run.ReadEverythingAsync();
        var before = await run.DumpAsync();

        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, run.Shape.Subjects[0]), "REQ-SHAPE-1");
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        var result = await run.Executor.ExecuteAsync(plan);
        Assert.Equal(ErasureStatus.Applied, result.Status);
        var after = await run.DumpAsync();

        AssertErased(before, after, "s1-", "s2-");
        await run.ReadEverythingAsync();
        Assert.Equal(1, await run.AuditCountAsync(PrivacyAuditRecord.ErasureKind));

        // The sweep: terminates, removes what expired, leaves the rest, and a second run finds nothing to do.
        var sweep = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var swept = await run.DumpAsync();
        Assert.DoesNotContain(swept.Cells, c => c.Value?.Contains("old-", StringComparison.Ordinal) == true);
        AssertUntouched(after, swept, "s2-");
        AssertNullsStay(after, swept);
        await run.ReadEverythingAsync();
        Assert.Equal(sweep.Batches, await run.AuditCountAsync(PrivacyAuditRecord.RetentionKind));

        var again = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, again.RowsDeleted + again.RowsAnonymised);
        Assert.Equal(swept.ToString(), (await run.DumpAsync()).ToString());
    }

    /// <summary>The invariant: for every shape start-up accepts, a plan for any subject executes without an exception.</summary>
    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task For_an_accepted_shape_a_plan_for_any_subject_executes(string feature, DatabaseProvider provider)
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

    /// <summary>What erasure of a subject leaves: nothing of it but what a hold keeps, others untouched, NULLs NULL, tokens of nothing.</summary>
    internal static void AssertErased(TableDump before, TableDump after, string erased, string other)
    {
        var left = after.Cells.Where(c => c.Value is not null && c.Value.Replace(erased + "held-", string.Empty, StringComparison.Ordinal).Contains(erased, StringComparison.Ordinal)).ToArray();
        Assert.True(left.Length == 0, $"Left after erasure: {string.Join("; ", left.Select(c => $"{c.Table}[{c.Row}].{c.Column}={c.Value}"))}{Environment.NewLine}{after}");
        Assert.Equal(
            before.Cells.Count(c => c.Value?.Contains(erased + "held-", StringComparison.Ordinal) == true),
            after.Cells.Count(c => c.Value?.Contains(erased + "held-", StringComparison.Ordinal) == true));
        AssertUntouched(before, after, other);
        AssertNullsStay(before, after);
        foreach (var (table, row, column, value) in after.Cells.Where(c => c.Value?.StartsWith("erased-", StringComparison.Ordinal) == true))
        {
            // Nothing but the prefix and random digits (a computed column joins the tokens of its sources).
            Assert.Matches(new Regex(@"^erased-[0-9]+(@erased\.invalid)?( erased-[0-9]+)*$"), value!);
        }
    }

    /// <summary>Every row that holds a value of <paramref name="marker"/> is exactly as it was.</summary>
    internal static void AssertUntouched(TableDump before, TableDump after, string marker)
    {
        foreach (var (table, rows) in before)
        {
            foreach (var (key, row) in rows.Where(r => r.Value.Values.Any(v => v?.Contains(marker, StringComparison.Ordinal) == true)))
            {
                Assert.True(after[table].TryGetValue(key, out var now), $"{table}[{key}] of another subject is gone");
                Assert.Equal(row, now);
            }
        }
    }

    /// <summary>A NULL stays NULL in every row that is still there (anonymisation invents nothing).</summary>
    internal static void AssertNullsStay(TableDump before, TableDump after)
    {
        foreach (var (table, rows) in before)
        {
            foreach (var (key, row) in rows)
            {
                if (after[table].TryGetValue(key, out var now))
                {
                    foreach (var column in row.Where(c => c.Value is null).Select(c => c.Key))
                    {
                        Assert.True(now[column] is null, $"{table}[{key}].{column} was NULL and is now '{now[column]}'");
                    }
                }
            }
        }
    }
}
