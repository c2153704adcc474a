using System.Text;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// The harness of the fresh testers' rounds (tests/Ncs.Privacy.Testing/Shapes/Break*Shapes.cs), run as the catalogue is:
/// start-up refuses the mapping naming the member, or export, plan, execute and two sweeps run and the dumps say exactly
/// what happened (hard case 18: what start-up accepts, erasure and retention execute). A new round's test class lists its
/// shapes that held in <see cref="Held"/> for one theory that runs each with <see cref="AssertWorksOrRefusedAsync"/>, and
/// gives a theory of its own to a shape whose bug it tells.
/// </summary>
internal static class BreakRun
{
    /// <summary>The shapes, by type name (xUnit shows and re-runs each case), on SQLite and PostgreSQL.</summary>
    public static TheoryData<string, DatabaseProvider> Held(params Shape[] shapes)
    {
        var data = new TheoryData<string, DatabaseProvider>();
        foreach (var shape in shapes)
        {
            data.Add(shape.GetType().Name, DatabaseProvider.Sqlite);
            data.Add(shape.GetType().Name, DatabaseProvider.PostgreSql);
        }

        return data;
    }

    /// <summary>The shape of the catalogue's namespace named <paramref name="name"/> (a name <see cref="Held"/> gave).</summary>
    public static Shape Create(string name)
        => (Shape)Activator.CreateInstance(typeof(Shape).Assembly.GetType(typeof(Shape).Namespace + "." + name, throwOnError: true)!)!;

    /// <summary>
    /// The stricter rule of a round whose shapes declare their outcome (<see cref="Shape.RefusedOn"/>): a shape that declares a
    /// refusal on <paramref name="provider"/> is refused at start-up with that message, naming its member; every other shape
    /// starts, and runs as <see cref="AssertWorksOrRefusedAsync"/> says.
    /// </summary>
    public static async Task AssertAsDeclaredAsync(Shape shape, DatabaseProvider provider)
    {
        var member = ((IBreakShape)shape).Member;
        if (shape.RefusedOn(provider) is { } expected)
        {
            var error = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(shape, provider));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.Contains(member, error.Message, StringComparison.Ordinal);
            return;
        }

        await using (await ShapeRun.StartAsync(shape, provider))
        {
            // starts: the shape must not be refused (AssertWorksOrRefusedAsync would also accept a refusal)
        }

        await AssertWorksOrRefusedAsync(shape, provider);
    }

    /// <summary>
    /// The rule: start-up refuses the shape naming <paramref name="member"/> (by default the shape's
    /// <see cref="IBreakShape.Member"/>; with <paramref name="asMappingProblem"/>, as a problem of a kind that says the mapping
    /// cannot be executed), or the first customer is erased exactly and read back, the sweep ends, a second sweep does
    /// nothing, and the other customers are erased.
    /// </summary>
    public static async Task AssertWorksOrRefusedAsync(Shape shape, DatabaseProvider provider, string? member = null, bool asMappingProblem = false, StringBuilder? log = null)
    {
        member ??= ((IBreakShape)shape).Member;
        ShapeRun? started;
        try
        {
            started = await ShapeRun.StartAsync(shape, provider);
        }
        catch (PrivacyModelException error)
        {
            log?.AppendLine("REFUSED: " + error.Message);
            Assert.True(error.Message.Contains(member, StringComparison.Ordinal), error.Message);
            if (asMappingProblem)
            {
                Assert.Contains(error.Problems, p => p.Kind is PrivacyModelProblemKind.AnonymisationNotExecutable or PrivacyModelProblemKind.MappingNotExecutable or PrivacyModelProblemKind.PersonalKey);
            }

            return;
        }

        await using var run = started;
        await run.ReadEverythingAsync();
        var before = await run.DumpAsync();
        log?.AppendLine("BEFORE").AppendLine(before.ToString());
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, run.Shape.Subjects[0]), "REQ-BREAK-1");
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
        var after = await run.DumpAsync();
        log?.AppendLine("AFTER ERASURE OF 1").AppendLine(after.ToString());
        await run.ReadEverythingAsync();
        ShapeTests.AssertErased(before, after, "s1-", "s2-");

        var sweep = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var swept = await run.DumpAsync();
        log?.AppendLine($"AFTER SWEEP ({sweep.RowsDeleted} deleted, {sweep.RowsAnonymised} anonymised)").AppendLine(swept.ToString());
        await run.ReadEverythingAsync();
        Assert.DoesNotContain(swept.Cells, c => c.Value?.Contains("old-", StringComparison.Ordinal) == true);
        ShapeTests.AssertUntouched(after, swept, "s2-");
        ShapeTests.AssertNullsStay(after, swept);
        Assert.Equal(sweep.Batches, await run.AuditCountAsync(PrivacyAuditRecord.RetentionKind));
        var again = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        log?.AppendLine($"SECOND SWEEP ({again.RowsDeleted} deleted, {again.RowsAnonymised} anonymised)");
        Assert.Equal(0, again.RowsDeleted + again.RowsAnonymised);

        foreach (var subject in run.Shape.Subjects.Skip(1).Reverse())
        {
            var next = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, subject), $"REQ-BREAK-{subject}");
            Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(next)).Status);
        }

        log?.AppendLine("AFTER ALL").AppendLine((await run.DumpAsync()).ToString());
        await run.ReadEverythingAsync();
    }
}
