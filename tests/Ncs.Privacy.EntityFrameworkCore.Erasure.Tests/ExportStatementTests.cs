using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>
/// The statements an export sends, counted (issue 18, round 4; not timed): one per entity block, as the hand-written
/// export. Whether the subject exists is answered by the first block's read of the subject's own row, and whether it was
/// erased before by a condition of that read; the erasure history is read only for a subject erased before.
/// </summary>
public class ExportStatementTests
{
    private static readonly DataSubjectReference AliceRef = new("customer", Harness.Alice);

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_export_sends_one_statement_per_block_and_reads_the_history_only_after_an_erasure(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        var exporter = harness.Services.GetRequiredService<IDataSubjectExporter>();

        harness.Counter.Reset();
        var summary = await exporter.ExportAsync(AliceRef, Stream.Null);
        Assert.Empty(summary.Sections);
        Assert.True(summary.EntityTypes > 3, $"{summary.EntityTypes} blocks");
        Assert.Equal(summary.EntityTypes, harness.Counter.Count);
        Assert.Single(harness.Counter.Commands, c => c.Contains("PrivacyAudit", StringComparison.Ordinal));

        await harness.Executor.ExecuteAsync(await harness.Planner.PlanAsync(AliceRef, "REQ-EXPORT-STATEMENTS"));
        harness.Counter.Reset();
        var after = await exporter.ExportAsync(AliceRef, Stream.Null);
        Assert.Equal(after.EntityTypes + 1, harness.Counter.Count);
        Assert.Equal(2, harness.Counter.Commands.Count(c => c.Contains("PrivacyAudit", StringComparison.Ordinal)));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_unknown_subject_costs_the_subject_row_read_and_one_existence_check_and_writes_nothing(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider);
        var exporter = harness.Services.GetRequiredService<IDataSubjectExporter>();
        using var stream = new MemoryStream();

        harness.Counter.Reset();
        await Assert.ThrowsAsync<DataSubjectNotFoundException>(() => exporter.ExportAsync(new DataSubjectReference("customer", 999), stream));
        Assert.Equal(0, stream.Length);
        Assert.Equal(2, harness.Counter.Count);
    }
}
