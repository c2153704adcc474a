using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>The mappings of the fourth fresh tester (tests/Ncs.Privacy.Testing/Shapes/Break4Shapes.cs), held to the rule of the rounds (<see cref="BreakRun"/>).</summary>
public class Break4ShapeTests
{
    /// <summary>Shapes of this round that held (<see cref="BreakRun.Held"/>).</summary>
    public static TheoryData<string, DatabaseProvider> Held()
        => BreakRun.Held(new ZeroJsonShape(), new ProviderTypeShape(), new ValueObjectShape(), new OwnedUniqueShape(), new CompositeFkShape(), new SharedColumnShape(), new ShadowFkShape(), new PgJsonShape(), new DefaultCheckShape(), new TptConvShape());

    /// <summary>
    /// Nullable values in a JSON complex type with Zero chosen (NULLs stay NULL); bool as 'Y'/'N', Guid as bytes, DateTime as
    /// ticks and a list with a ValueComparer; a NOT NULL validating value object (refused: make it nullable); an owned unique
    /// e-mail of 30 characters and NOT NULL strings of 1 and 2 characters; a personal composite alternate key (refused); a
    /// TPH column shared by two derived types with different rules; a shadow foreign key behind a named soft-delete filter
    /// with HiLo keys; jsonb as JsonDocument, numeric and bit varying; a default-valued column under CHECK(length(x) > 3); TPT
    /// with converted columns in the derived table (upper-cased text under a CHECK, encrypted bytes, a date as text).
    /// </summary>
    [Theory]
    [MemberData(nameof(Held))]
    public Task A_shape_that_held_is_erased_and_swept(string shape, DatabaseProvider provider)
        => BreakRun.AssertWorksOrRefusedAsync(BreakRun.Create(shape), provider);

    /// <summary>A TPH column shared by two derived types: the sweep anonymises the expired phone of a person, never the phone of a company kept while its account exists.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_shared_TPH_column_is_swept_only_for_the_type_whose_rule_expired(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new SharedColumnShape(), provider);
        await run.Enforcer.SweepAsync();
        var phones = (await run.DumpAsync())["Parties"].ToDictionary(r => r.Key, r => r.Value["Phone"]);
        Assert.Null(phones["3"]);
        Assert.Equal("s4-phone-kept", phones["4"]);
        Assert.Equal("s2-phone", phones["2"]);
    }

    /// <summary>
    /// A phone number normalised on write and validated on read (HasConversion(Normalise, Validate)), Redact chosen: start-up
    /// passes '[erased]' through the converter's write only, accepts it, and after erasure the application's own query and
    /// the export throw FormatException ('[erased]' is not a phone number) for the kept customer: the row can no longer be
    /// read. The fixed value must survive the converter both ways, or the strategy is refused at start-up.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_fixed_value_the_converter_cannot_read_back_is_refused_at_start_up(DatabaseProvider provider)
        => BreakRun.AssertWorksOrRefusedAsync(new PhoneShape(), provider);

    /// <summary>
    /// A NOT NULL uint in a PostgreSQL xid column (HasColumnType("xid")) under a two-year rule, the row kept: start-up resolves
    /// Zero, and the UPDATE fails ("column \"Visits\" is of type xid but expression is of type integer"): the plan was
    /// accepted and can never run. Zero must fit the store type, or start-up refuses the field with the fix.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_zero_value_the_store_type_does_not_accept_is_refused_at_start_up(DatabaseProvider provider)
        => BreakRun.AssertWorksOrRefusedAsync(new XidShape(), provider);

    /// <summary>
    /// A nullable DateTime, and a nullable enum stored as text, inside a JSON complex type with Anonymisation = Zero chosen,
    /// the row kept: start-up accepts Zero, and on SQLite the UPDATE throws EF Core's "ExecuteUpdate cannot currently set a
    /// property in a JSON column to arbitrary expressions" (the CASE that keeps a NULL NULL); PostgreSQL runs it. An accepted
    /// plan never fails: the field is anonymised with its NULLs kept, or start-up refuses Zero naming the member and the fix.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_nullable_value_in_a_JSON_complex_type_with_Zero_is_anonymised_or_refused(DatabaseProvider provider)
    {
        await BreakRun.AssertWorksOrRefusedAsync(new JsonConvCShape(), provider);
        await BreakRun.AssertWorksOrRefusedAsync(new JsonConvBShape(), provider);
    }

    /// <summary>
    /// Value converters on NOT NULL fields inside a JSON complex type (an encrypted text, a bool stored as 'Y'/'N'), the row
    /// kept: start-up accepts Redact and Zero, SQLite runs them, and on PostgreSQL the UPDATE fails ("could not determine
    /// polymorphic type because input has type unknown"): the subject can never be erased.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_converted_value_in_a_JSON_complex_type_is_anonymised_or_refused(DatabaseProvider provider)
        => BreakRun.AssertWorksOrRefusedAsync(new JsonConvAShape(), provider);
}
