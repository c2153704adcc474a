using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// Mappings a fifth fresh tester wrote (tests/Ncs.Privacy.Testing/Shapes/Break5Shapes.cs), and shapes of the same kinds the
/// tester did not list, run as the catalogue is: a shape that declares a refusal must be refused at start-up with that
/// message, naming the member; every other shape must start, and export, plan, execute and two sweeps run with the dumps
/// saying exactly what happened (what start-up accepts, erasure and retention execute).
/// </summary>
public class Break5ShapeTests
{
    /// <summary>Every shape of the round, on both databases.</summary>
    public static TheoryData<string, DatabaseProvider> All()
        => BreakRun.Held(
            new B5GenderShape(), new B5HealthShape(), new B5UnclassifiedHealthShape(), new B5TierShape(), new B5IdentityShape(), new B5JsonTextShape(),
            new B5LengthShape(), new B5ShortCipherShape(), new B5JsonTimesShape(), new B5JsonNullablesShape(), new B5JsonListsShape(), new B5JsonListShape());

    /// <summary>
    /// (1) A personal discriminator (a CLR property Gender, a named shadow HealthStatus, an int) was accepted and erasure wrote
    /// '[erased]' into it: no row of the table could be read again. Refused now, for every strategy; an unclassified named
    /// discriminator is no longer silently technical. (2) A personal identity column GENERATED ALWAYS: every UPDATE failed
    /// with 428C9; refused on PostgreSQL, erased on SQLite. (3) Redact and Zero on text in a JSON complex type: PostgreSQL
    /// refused to_jsonb('') (42804); now erased and swept. (4) A converter's output for Zero or Redact longer than the column
    /// (enum as text, encrypted text, sealed bytes): PostgreSQL 22001; refused, or the default picks a value that fits.
    /// (6) Nullable dates, Guids, lists and arrays in JSON had no strategy at all; Null fits. (5) NOT NULL times in JSON were
    /// re-anonymised by every sweep on SQLite; a second sweep now does nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(All))]
    public Task A_shape_of_round_5_is_refused_with_its_fix_or_erased_and_swept(string name, DatabaseProvider provider)
        => BreakRun.AssertAsDeclaredAsync(BreakRun.Create(name), provider);

    /// <summary>Every field that cannot be written is in the one start-up error, each with a fix valid for its column.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Converted_fixed_values_longer_than_the_column_are_refused_with_a_strategy_that_fits(DatabaseProvider provider)
    {
        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(new B5LengthShape(), provider));
        var lines = error.Message.Split('\n');
        var plan = Assert.Single(lines, l => l.Contains("B5LengthCustomer.Plan:", StringComparison.Ordinal));
        Assert.Contains("('Unknown') as 7 characters, more than the column's 6", plan, StringComparison.Ordinal);
        Assert.Contains("make the column nullable", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("add a member", plan, StringComparison.Ordinal); // B5Plan.Unknown is 0 already
        var pin = Assert.Single(lines, l => l.Contains("B5LengthCustomer.Pin:", StringComparison.Ordinal));
        Assert.Contains("as 29 characters, more than the column's 25", pin, StringComparison.Ordinal);
        Assert.Contains("choose Anonymisation = AnonymisationStrategy.Zero", pin, StringComparison.Ordinal);
        var secret = Assert.Single(lines, l => l.Contains("B5LengthCustomer.Secret:", StringComparison.Ordinal));
        Assert.Contains("as 12 bytes, more than the column's 10", secret, StringComparison.Ordinal);
        Assert.Contains("choose Anonymisation = AnonymisationStrategy.Zero", secret, StringComparison.Ordinal);
    }

    /// <summary>A NOT NULL TimeSpan and TimeOnly in JSON on SQLite: the sweep anonymises row 3 once, and a second sweep writes no audit record.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_sweep_of_times_in_JSON_terminates_and_writes_one_audit_record(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new B5JsonTimesShape(), provider);
        var first = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, first.RowsAnonymised);
        var second = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, second.RowsAnonymised + second.RowsDeleted);
        Assert.Equal(first.Batches, await run.AuditCountAsync(PrivacyAuditRecord.RetentionKind));
        var profile = (await run.DumpAsync())["B5JsonTimesCustomer"]["3"]["Profile"];
        Assert.DoesNotContain("00:23", profile ?? "", StringComparison.Ordinal);
    }
}
