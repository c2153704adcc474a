using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// Mappings a third fresh tester wrote (tests/Ncs.Privacy.Testing/Shapes/Break3Shapes.cs), run as the catalogue is: start-up
/// refuses the mapping naming the member, or export, plan, execute and two sweeps run and the dumps say exactly what
/// happened (hard case 18: what start-up accepts, erasure and retention execute).
/// </summary>
public class Break3ShapeTests
{
    /// <summary>Shapes of this round that held: each erased, read back and swept, or refused naming the member.</summary>
    public static TheoryData<string, DatabaseProvider> Held()
    {
        var data = new TheoryData<string, DatabaseProvider>();
        foreach (var shape in new Shape[] { new NumbersShape(), new OptionalJsonB3Shape(), new OptionalSplitShape(), new NestedRowShape(), new VersionedShape(), new AdultShape(), new OptionalValuesShape(), new HistoryShape(), new MoodShape(), new PgMoreShape() })
        {
            data.Add(shape.GetType().Name, DatabaseProvider.Sqlite);
            data.Add(shape.GetType().Name, DatabaseProvider.PostgreSql);
        }

        return data;
    }

    /// <summary>
    /// Unsigned integers, decimal(5,2), DateOnly, TimeOnly and char swept; an optional JSON complex type (text, and numbers and
    /// dates with an optional complex type inside), an optional table-splitting dependent and nested optional owned types that
    /// are NULL stay NULL on a kept row; xmin, a concurrency-checked e-mail and HasData rows; a CHECK on a nullable number with
    /// TruncateToYear of a local timestamp; a history table; a PostgreSQL enum with Unknown = 0 chosen; macaddr, cidr, hstore,
    /// a range and DateTime in a 'date' column.
    /// </summary>
    [Theory]
    [MemberData(nameof(Held))]
    public Task A_shape_that_held_is_erased_and_swept(string shape, DatabaseProvider provider)
        => Break3Run.AssertWorksOrRefusedAsync((Shape)Activator.CreateInstance(typeof(Shape).Assembly.GetType("Ncs.Privacy.Testing.Shapes." + shape)!)!, provider);

    /// <summary>An implicit many-to-many join table (a Dictionary&lt;string, object&gt; property bag) whose personal note has a two-year rule: the sweep throws 'Incorrect number of arguments supplied for call to method get_Item' building its predicate over the indexer property.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_personal_indexer_property_of_a_join_table_is_swept(DatabaseProvider provider)
        => Break3Run.AssertWorksOrRefusedAsync(new TagShape(), provider);

    /// <summary>A personal column a database trigger fills ([DatabaseGenerated(Computed)], no computed SQL in the model): start-up takes it for a computed column, erasure never writes it, and the kept row still holds the name (s1-name-search).</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_personal_column_the_database_generates_without_computed_SQL_is_anonymised(DatabaseProvider provider)
        => Break3Run.AssertWorksOrRefusedAsync(new TriggerShape(), provider);

    /// <summary>A complex type mapped to JSON with a DateTime, an int, a bool and a DateOnly, the row kept and swept: on SQLite the UPDATE throws EF Core's "ExecuteUpdate cannot currently set a property in a JSON column to arbitrary expressions" (the NULL guard around a non-text value); PostgreSQL runs it.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Values_that_are_not_text_in_a_JSON_complex_type_are_anonymised_and_swept(DatabaseProvider provider)
        => Break3Run.AssertWorksOrRefusedAsync(new JsonValuesShape(), provider);

    /// <summary>A NOT NULL DateTime in a "timestamp without time zone" column (PostgreSQL), the row kept: Zero writes DateTime.UnixEpoch with Kind UTC, and Npgsql refuses it ("timestamp without time zone literal cannot be generated for a UTC DateTime").</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_DateTime_in_a_timestamp_without_time_zone_column_is_anonymised(DatabaseProvider provider)
        => Break3Run.AssertWorksOrRefusedAsync(new LocalTimeShape(), provider);

    /// <summary>A nullable IPAddress (inet on PostgreSQL, text through a converter on SQLite): the export throws SocketException (System.Text.Json reads IPAddress.ScopeId of an IPv4 address), so no subject of this model can be exported.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task An_inet_address_is_exported_erased_and_swept(DatabaseProvider provider)
        => Break3Run.AssertWorksOrRefusedAsync(new PgTypesShape(), provider);

    /// <summary>
    /// A NOT NULL enum without a zero member (Bronze = 1, Silver, Gold), as a number and as text, under a two-year rule:
    /// Zero writes 0 ("0" as text), a tier the enum does not have, which the application then reads as a fact. Anonymising
    /// invents nothing: start-up refuses the field naming it and the fix, or the value written is one the enum declares.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_enum_is_never_anonymised_to_a_value_it_does_not_declare(DatabaseProvider provider)
    {
        ShapeRun run;
        try
        {
            run = await ShapeRun.StartAsync(new TierShape(), provider);
        }
        catch (PrivacyModelException error)
        {
            Assert.Contains("TierCustomer.Tier", error.Message, StringComparison.Ordinal);
            Assert.Contains("TierCustomer.TierAsText", error.Message, StringComparison.Ordinal);
            return;
        }

        await using (run)
        {
            var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-B3-TIER");
            Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
            await run.Enforcer.SweepAsync();
            var declared = Enum.GetValues<B3Tier>().SelectMany(t => new[] { ((int)t).ToString(System.Globalization.CultureInfo.InvariantCulture), t.ToString() }).ToHashSet();
            var invented = (await run.DumpAsync()).Cells.Where(c => c.Column is "Tier" or "TierAsText" && c.Value is not null && !declared.Contains(c.Value)).ToArray();
            Assert.True(invented.Length == 0, string.Join("; ", invented.Select(c => $"{c.Table}[{c.Row}].{c.Column}={c.Value}")));
        }
    }

    /// <summary>
    /// An owned collection mapped to JSON on a kept row is refused, rightly; but the error offers "a complex type
    /// (ComplexProperty(...), also with .ToJson()), or OwnsOne without ToJson": neither holds a list, and the complex
    /// collection in JSON that a user then writes is refused as well on a row that may be kept. The fix offered must be a
    /// mapping start-up accepts (an owned collection in a table of its own is one).
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_owned_JSON_collection_is_refused_with_a_fix_that_start_up_accepts(DatabaseProvider provider)
    {
        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(new JsonPhonesShape(), provider));
        Assert.Contains("JsonPhonesCustomer.Phones", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("OwnsOne without ToJson", error.Message, StringComparison.Ordinal);
        Assert.Contains("OwnsMany without ToJson", error.Message, StringComparison.Ordinal);
        if (error.Message.Contains("ComplexProperty", StringComparison.Ordinal) || error.Message.Contains("ComplexCollection", StringComparison.Ordinal))
        {
            await (await ShapeRun.StartAsync(new JsonPhonesComplexShape(), provider)).DisposeAsync();
        }

        await Break3Run.AssertWorksOrRefusedAsync(new JsonPhonesTableShape(), provider);
    }
}

internal static class Break3Run
{
    /// <summary>The rule: refused at start-up naming the member, or erased exactly, read back, swept to an end, and a second sweep does nothing.</summary>
    public static async Task AssertWorksOrRefusedAsync(Shape shape, DatabaseProvider provider, System.Text.StringBuilder? log = null)
    {
        var member = ((dynamic)shape).Member as string;
        ShapeRun? started;
        try
        {
            started = await ShapeRun.StartAsync(shape, provider);
        }
        catch (PrivacyModelException error)
        {
            log?.AppendLine("REFUSED: " + error.Message);
            Assert.True(error.Message.Contains(member!, StringComparison.Ordinal), error.Message);
            return;
        }

        await using var run = started;
        await run.ReadEverythingAsync();
        var before = await run.DumpAsync();
        log?.AppendLine("BEFORE").AppendLine(before.ToString());
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, run.Shape.Subjects[0]), "REQ-B3-1");
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
            var next = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, subject), $"REQ-B3-{subject}");
            Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(next)).Status);
        }

        log?.AppendLine("AFTER ALL").AppendLine((await run.DumpAsync()).ToString());
        await run.ReadEverythingAsync();
    }
}
