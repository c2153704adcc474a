using System.Text.Json;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.Reliability.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>An export contributor that writes every customer's name into every export: a planted leak.</summary>
public sealed class LeakyContributor(IServiceScopeFactory scopes) : IExportContributor
{
    public string Name => "leak";

    public async Task WriteAsync(ExportContributionContext context, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var shop = scope.ServiceProvider.GetRequiredService<ShopContext>();
        writer.WriteStartArray();
        foreach (var name in await shop.Customers.IgnoreQueryFilters().Select(c => c.Name).ToListAsync(cancellationToken))
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }
}

/// <summary>A guard that logs the customer's name while it checks: a planted log leak.</summary>
public sealed partial class ChattyGuard(ShopContext shop, ILogger<ChattyGuard> logger) : IErasureGuard
{
    public async ValueTask<IReadOnlyList<ErasureObjection>> CheckAsync(ErasureGuardContext context, CancellationToken cancellationToken)
    {
        if (context.SubjectCategory == ReliabilityPolicy.Subjects.Customer)
        {
            var id = (int)context.SubjectId;
            var name = await shop.Customers.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.Name).SingleAsync(cancellationToken);
            Checking(logger, name);
        }

        return [];
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "Checking the erasure of {Name}")]
    private static partial void Checking(ILogger logger, string name);
}

/// <summary>
/// No property that cannot fail: each one is run here with a planted violation (a leaky export, a lossy export, a
/// skipped erasure statement, a change to another subject's row, a value in the audit trail or the logs, a second
/// erasure that changes something) and must report it.
/// </summary>
public sealed class PlantedViolationTests
{
    private const int Iterations = 60;

    private static async Task ExpectViolationAsync(Func<Shop, WorldSpec, Properties.Tally, Plant?, Task> property, Plant? plant, string fragment, Action<IPrivacyBuilder>? privacy = null)
    {
        await using var shop = await Shop.CreateAsync(DatabaseProvider.Sqlite, privacy);
        var tally = new Properties.Tally();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => World.Gen.SampleAsync(spec => property(shop, spec, tally, plant), iter: Iterations, threads: 1, print: s => s.ToString()));
        Assert.Contains(nameof(ViolationException), error.ToString(), StringComparison.Ordinal);
        Assert.Contains(fragment, error.ToString(), StringComparison.Ordinal);
    }

    private static Task Export(Shop shop, WorldSpec spec, Properties.Tally tally, Plant? plant) => Properties.ExportCaseAsync(shop, spec, tally, plant);

    private static Task Erasure(Shop shop, WorldSpec spec, Properties.Tally tally, Plant? plant) => Properties.ErasureCaseAsync(shop, spec, tally, plant);

    private static Task Idempotence(Shop shop, WorldSpec spec, Properties.Tally tally, Plant? plant) => Properties.IdempotenceCaseAsync(shop, spec, tally, plant);

    [Fact]
    public Task Isolation_detects_a_contributor_that_leaks_other_customers()
        => ExpectViolationAsync(Export, null, "holds values of others", p => p.AddExportContributor<LeakyContributor>());

    [Fact]
    public Task Completeness_detects_an_export_that_drops_a_value()
        => ExpectViolationAsync(
            Export,
            new Plant { Export = (world, subject, export) => world.MarkersOf(subject).FirstOrDefault() is { } m ? export!.Replace(m, "dropped", StringComparison.Ordinal) : export },
            "misses");

    // The last delete statement with personal values is skipped: a statement after it could otherwise fail on the rows the
    // skip left behind (the customer's row skipped, the avatar it points to cannot be deleted), which the executor reports as
    // a refused plan rather than the check reporting what was kept.
    [Fact]
    public Task Erasure_check_detects_a_skipped_statement()
        => ExpectViolationAsync(
            Erasure,
            new Plant
            {
                BeforeErasure = (shop, world, plan) =>
                {
                    var step = plan.Steps.LastOrDefault(s => s.Action == ErasureRowAction.Delete && s.RowCount > 0 && s.Fields.Count > 0 && s.Table is not null);
                    shop.Faults.SkipTable = step?.Table ?? "Customers";
                    shop.Faults.SkipRows = (int)(step?.RowCount ?? 0);
                    shop.Faults.SkipVerb = "DELETE";
                    shop.Faults.Arm(kind: FaultKind.SkipWrite);
                    return Task.CompletedTask;
                },
                AfterErasure = (shop, _, _) =>
                {
                    shop.Faults.Disarm();
                    return Task.CompletedTask;
                },
            },
            "kept ");

    [Fact]
    public Task Erasure_check_detects_a_change_to_another_subjects_row()
        => ExpectViolationAsync(
            Erasure,
            new Plant { AfterErasure = (shop, _, _) => Sql(shop, "UPDATE \"Employees\" SET \"Name\" = \"Name\" || 'z'") },
            "Erasing");

    [Fact]
    public Task Post_condition_detects_an_erased_value_in_the_fresh_export()
        => ExpectViolationAsync(
            Erasure,
            new Plant
            {
                Export = (world, subject, export) => subject == world.Target && world.ExclusiveMarkersOf(subject).FirstOrDefault(m => !world.Held.Contains(m)) is { } m ? (export ?? string.Empty) + m : export,
            },
            "its export holds");

    [Fact]
    public Task No_leak_check_detects_a_value_in_the_audit_trail()
        => ExpectViolationAsync(
            Erasure,
            new Plant { AfterErasure = (shop, world, _) => Sql(shop, $"UPDATE \"PrivacyAudit\" SET \"RequestId\" = '{world.MarkersOf(world.Target).First()}'") },
            "The audit trail holds");

    [Fact]
    public Task No_leak_check_detects_a_value_in_the_logs()
        => ExpectViolationAsync(Erasure, null, "The logs hold personal values", p => p.AddErasureGuard<ChattyGuard>());

    [Fact]
    public Task Idempotence_detects_a_second_erasure_that_changes_something()
        => ExpectViolationAsync(
            Idempotence,
            new Plant { BeforeErasure = (shop, _, _) => Sql(shop, "UPDATE \"Employees\" SET \"Name\" = \"Name\" || 'z'") },
            "A second erasure changed");

    private static async Task Sql(Shop shop, string sql)
    {
        await using var context = shop.Context();
        await context.Database.ExecuteSqlRawAsync(sql);
    }
}
