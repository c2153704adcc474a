using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// Issue 18, round 4: streamed export rows are value tuples written by a compiled writer, the subject's own row an
/// <c>object[]</c> written value by value. Both must write the same bytes for every mapping the catalogue holds, before
/// and after an erasure (a history changes the fields' uses, not the rows). Observed from outside the export's path
/// (round 5): every block of the subject's graph is written twice, from its rows read boxed (what the export does with
/// the subject's own row) and streamed typed (what it does with every other block), and the two must be the same bytes.
/// </summary>
public class ExportShapeTests
{
    [Theory]
    [MemberData(nameof(ShapeTests.Accepted), MemberType = typeof(ShapeTests))]
    public async Task Typed_rows_write_the_bytes_boxed_rows_write(string feature, DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(ShapeTests.Find(feature), provider);
        var before = await AssertSameAsync(run);
        Assert.True(before > 0, $"{feature}: no block of the subjects' graph has a row to compare");

        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, run.Shape.Subjects[0]), "REQ-EXPORT-SHAPE");
        await run.Executor.ExecuteAsync(plan);
        await AssertSameAsync(run);
    }

    /// <summary>Writes every block of every subject both ways and compares the bytes; returns the number of rows compared.</summary>
    private static async Task<int> AssertSameAsync(ShapeRun run)
    {
        var compared = 0;
        var description = RawProperties.Capture(0, static (_, _) => { });
        foreach (var subject in run.Shape.Subjects)
        {
            await using var scope = run.Services.CreateAsyncScope();
            var context = run.Context(scope);
            var root = context.GetSubjectGraph().FindRoot(ShapePolicy.Subjects.Customer)!;
            var id = root.ConvertId(subject);
            foreach (var block in root.Entities.Where(e => !e.IsOwned).SelectMany(e => e.Shares).Select(RowBlock.For).OfType<RowBlock>())
            {
                var (rows, _) = await block.ReadSubjectRowAsync(context, id, erasureRecorded: null, CancellationToken.None);
                var (boxed, boxedCount) = await WriteAsync(block, context, id, description, rows);
                var (typed, typedCount) = await WriteAsync(block, context, id, description, rowsRead: null);
                Assert.Equal(rows.Count, boxedCount);
                Assert.Equal(boxedCount, typedCount);
                Assert.Equal(boxed, typed);
                compared += typedCount;
            }
        }

        return compared;
    }

    private static async Task<(string Json, int Rows)> WriteAsync(RowBlock block, DbContext context, object id, RawProperties description, List<object?[]>? rowsRead)
    {
        using var stream = new MemoryStream();
        int rows;
        await using (var writer = new Utf8JsonWriter(stream, RawProperties.WriterOptions))
        {
            rows = await block.WriteAsync(writer, context, id, flushThreshold: 1, description, rowsRead, CancellationToken.None);
        }

        return (System.Text.Encoding.UTF8.GetString(stream.ToArray()), rows);
    }
}
