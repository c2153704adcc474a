using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>The mappings of the third fresh tester (tests/Ncs.Privacy.Testing/Shapes/Break3Shapes.cs), held to the rule of the rounds (<see cref="BreakRun"/>).</summary>
public class Break3ShapeTests
{
    /// <summary>Shapes of this round that held (<see cref="BreakRun.Held"/>).</summary>
    public static TheoryData<string, DatabaseProvider> Held()
        => BreakRun.Held(new NumbersShape(), new OptionalJsonB3Shape(), new OptionalSplitShape(), new NestedRowShape(), new VersionedShape(), new AdultShape(), new OptionalValuesShape(), new HistoryShape(), new MoodShape(), new PgMoreShape());

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
        => BreakRun.AssertWorksOrRefusedAsync(BreakRun.Create(shape), provider);

    /// <summary>An implicit many-to-many join table (a Dictionary&lt;string, object&gt; property bag) whose personal note has a two-year rule: the sweep throws 'Incorrect number of arguments supplied for call to method get_Item' building its predicate over the indexer property.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_personal_indexer_property_of_a_join_table_is_swept(DatabaseProvider provider)
        => BreakRun.AssertWorksOrRefusedAsync(new TagShape(), provider);

    /// <summary>A personal column a database trigger fills ([DatabaseGenerated(Computed)], no computed SQL in the model): start-up takes it for a computed column, erasure never writes it, and the kept row still holds the name (s1-name-search).</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_personal_column_the_database_generates_without_computed_SQL_is_anonymised(DatabaseProvider provider)
        => BreakRun.AssertWorksOrRefusedAsync(new TriggerShape(), provider);

    /// <summary>A complex type mapped to JSON with a DateTime, an int, a bool and a DateOnly, the row kept and swept: on SQLite the UPDATE throws EF Core's "ExecuteUpdate cannot currently set a property in a JSON column to arbitrary expressions" (the NULL guard around a non-text value); PostgreSQL runs it.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Values_that_are_not_text_in_a_JSON_complex_type_are_anonymised_and_swept(DatabaseProvider provider)
        => BreakRun.AssertWorksOrRefusedAsync(new JsonValuesShape(), provider);

    /// <summary>A NOT NULL DateTime in a "timestamp without time zone" column (PostgreSQL), the row kept: Zero writes DateTime.UnixEpoch with Kind UTC, and Npgsql refuses it ("timestamp without time zone literal cannot be generated for a UTC DateTime").</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_DateTime_in_a_timestamp_without_time_zone_column_is_anonymised(DatabaseProvider provider)
        => BreakRun.AssertWorksOrRefusedAsync(new LocalTimeShape(), provider);

    /// <summary>A nullable IPAddress (inet on PostgreSQL, text through a converter on SQLite): the export throws SocketException (System.Text.Json reads IPAddress.ScopeId of an IPv4 address), so no subject of this model can be exported.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task An_inet_address_is_exported_erased_and_swept(DatabaseProvider provider)
        => BreakRun.AssertWorksOrRefusedAsync(new PgTypesShape(), provider);

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

        await BreakRun.AssertWorksOrRefusedAsync(new JsonPhonesTableShape(), provider);
    }
}
