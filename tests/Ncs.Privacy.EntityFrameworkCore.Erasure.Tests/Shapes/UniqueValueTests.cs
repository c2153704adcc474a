using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// Every column type has a strategy that fits it (issue 11): a NOT NULL unique Guid and a NOT NULL unique integer are
/// anonymised to random values made by the database, distinct per row, on SQLite as on PostgreSQL, and the application
/// reads the rows back.
/// </summary>
public class UniqueValueTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_not_null_unique_guid_and_integer_get_random_values_read_back_by_the_application(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new UniqueGuidShape(), provider);
        var before = await RowsAsync(run);

        foreach (var subject in new[] { 1, 2 })
        {
            var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, subject), $"REQ-GUID-{subject}");
            var step = Assert.Single(plan.Steps, s => s.RowCount > 0);
            Assert.Equal(ErasureRowAction.Anonymise, step.Action);
            Assert.Equal(AnonymisationStrategy.RandomToken, step.Fields.Single(f => f.Name == nameof(GuidCustomer.DeviceId)).Strategy);
            Assert.Equal(AnonymisationStrategy.RandomToken, step.Fields.Single(f => f.Name == nameof(GuidCustomer.Badge)).Strategy);
            Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
        }

        var after = await RowsAsync(run);
        Assert.Equal((before[3].Name, before[3].DeviceId, before[3].Badge), (after[3].Name, after[3].DeviceId, after[3].Badge));
        foreach (var id in new[] { 1, 2 })
        {
            Assert.NotEqual(before[id].DeviceId, after[id].DeviceId);
            Assert.NotEqual(Guid.Empty, after[id].DeviceId);
            Assert.Equal(4, after[id].DeviceId.Version);
            Assert.NotEqual(before[id].Badge, after[id].Badge);
        }

        Assert.NotEqual(after[1].DeviceId, after[2].DeviceId);
        Assert.DoesNotContain(after.Values, r => r.Name.StartsWith("s1-", StringComparison.Ordinal) || r.Name.StartsWith("s2-", StringComparison.Ordinal));
    }

    private static async Task<Dictionary<int, GuidCustomer>> RowsAsync(ShapeRun run)
    {
        await using var scope = run.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<UniqueGuidContext>();
        return await context.Set<GuidCustomer>().AsNoTracking().ToDictionaryAsync(c => c.Id);
    }
}
