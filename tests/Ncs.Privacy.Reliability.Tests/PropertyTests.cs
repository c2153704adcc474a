using CsCheck;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>
/// Properties over generated databases of several customers and employees (orders two levels deep, an owned address,
/// households shared through many-to-many, tickets about a customer and an agent, soft-deleted rows behind query
/// filters, invoices whose legal hold ended just before or starts just after the cutoff). Every personal value is a
/// unique marker, so a leak is a string search. One database per property run, emptied between cases. A failure prints
/// CsCheck's seed; replay it with NCS_PRIVACY_SEED=&lt;seed&gt;. NCS_PRIVACY_LONG=1 runs ten times as many cases.
/// </summary>
public sealed class PropertyTests(ITestOutputHelper output)
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Export_is_isolated_and_complete(DatabaseProvider provider)
    {
        await using var shop = await Shop.CreateAsync(provider);
        var tally = new Properties.Tally();
        await World.Gen.SampleAsync(spec => Properties.ExportCaseAsync(shop, spec, tally), seed: Counts.Seed, iter: Counts.Cases(provider, 300, 100), threads: 1, print: s => s.ToString());
        Counts.Report(output, $"{nameof(Export_is_isolated_and_complete)}({provider})", $"{tally.Cases} cases, {tally.Exports} exports checked, 0 violations");
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasure_keeps_exactly_what_the_plan_retains_and_touches_nobody_else(DatabaseProvider provider)
    {
        await using var shop = await Shop.CreateAsync(provider);
        var tally = new Properties.Tally();
        await World.Gen.SampleAsync(spec => Properties.ErasureCaseAsync(shop, spec, tally), seed: Counts.Seed, iter: Counts.Cases(provider, 300, 100), threads: 1, print: s => s.ToString());
        Counts.Report(
            output,
            $"{nameof(Erasure_keeps_exactly_what_the_plan_retains_and_touches_nobody_else)}({provider})",
            $"{tally.Cases} cases, {tally.Rows} rows compared cell by cell, {tally.Erased} values erased, {tally.Held} held values kept, {tally.Exports} exports of other subjects checked, 0 violations");
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_second_erasure_changes_nothing(DatabaseProvider provider)
    {
        await using var shop = await Shop.CreateAsync(provider);
        var tally = new Properties.Tally();
        await World.Gen.SampleAsync(spec => Properties.IdempotenceCaseAsync(shop, spec, tally), seed: Counts.Seed, iter: Counts.Cases(provider, 200, 60), threads: 1, print: s => s.ToString());
        Counts.Report(output, $"{nameof(A_second_erasure_changes_nothing)}({provider})", $"{tally.Cases} cases, {tally.Replans} re-planned erasures, 0 violations");
    }
}
