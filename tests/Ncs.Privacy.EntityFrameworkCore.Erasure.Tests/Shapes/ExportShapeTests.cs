using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// Issue 18, round 4: streamed export rows are value tuples written by a compiled writer, the subject's own row an
/// <c>object[]</c> written value by value. Both must write the same bytes for every mapping the catalogue holds, before
/// and after an erasure (a history changes the fields' uses, not the rows).
/// </summary>
public class ExportShapeTests
{
    [Theory]
    [MemberData(nameof(ShapeTests.Accepted), MemberType = typeof(ShapeTests))]
    public async Task Typed_rows_write_the_bytes_boxed_rows_write(string feature, DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(ShapeTests.Find(feature), provider);
        await AssertSameAsync(run);

        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, run.Shape.Subjects[0]), "REQ-EXPORT-SHAPE");
        await run.Executor.ExecuteAsync(plan);
        await AssertSameAsync(run);
    }

    private static async Task AssertSameAsync(ShapeRun run)
    {
        var exporter = run.Services.GetRequiredService<IDataSubjectExporter>();
        foreach (var subject in run.Shape.Subjects)
        {
            var reference = new DataSubjectReference(ShapePolicy.Subjects.Customer, subject);
            var typed = await ExportAsync(exporter, reference, boxed: false);
            var boxed = await ExportAsync(exporter, reference, boxed: true);
            Assert.Equal(boxed is null, typed is null);
            if (typed is not null)
            {
                Assert.Equal(System.Text.Encoding.UTF8.GetString(boxed!), System.Text.Encoding.UTF8.GetString(typed));
            }
        }
    }

    private static async Task<byte[]?> ExportAsync(IDataSubjectExporter exporter, DataSubjectReference subject, bool boxed)
    {
        RowBlock.BoxedRows.Value = boxed;
        try
        {
            using var stream = new MemoryStream();
            await exporter.ExportAsync(subject, stream);
            return stream.ToArray();
        }
        catch (DataSubjectNotFoundException)
        {
            return null; // an erased subject whose row was deleted
        }
        finally
        {
            RowBlock.BoxedRows.Value = false;
        }
    }
}
