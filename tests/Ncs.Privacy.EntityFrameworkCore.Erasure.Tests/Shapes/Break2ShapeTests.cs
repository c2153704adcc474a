using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>The mappings of the second fresh tester (tests/Ncs.Privacy.Testing/Shapes/Break2Shapes.cs), held to the rule of the rounds (<see cref="BreakRun"/>).</summary>
public class Break2ShapeTests
{
    /// <summary>The rule of the rounds (<see cref="BreakRun"/>), a refusal being a problem of a kind that says the mapping cannot be executed.</summary>
    private static Task AssertWorksOrRefusedAsync(Shape shape, DatabaseProvider provider, string? member = null)
        => BreakRun.AssertWorksOrRefusedAsync(shape, provider, member, asMappingProblem: true);

    /// <summary>A personal e-mail as alternate key (HasAlternateKey) on a kept row.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_personal_alternate_key_is_anonymised_or_refused_at_start_up(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new AltKeyShape(), provider);

    /// <summary>An optional complex type (EF Core 10) that customer 1 never gave, on a row a held invoice keeps.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task An_optional_complex_type_that_is_NULL_stays_NULL_on_a_kept_row(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new OptionalComplexShape(), provider);

    /// <summary>Skip navigations through a join entity that carries a personal note under a two-year rule.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_many_to_many_payload_is_erased_and_swept(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new ClubShape(), provider);

    /// <summary>A NOT NULL List&lt;string&gt; of phone numbers (JSON text on SQLite, text[] on PostgreSQL) of a kept row.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_primitive_collection_is_anonymised_or_refused_at_start_up(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new PhonesShape(), provider);

    /// <summary>Entity splitting (SplitToTable): a customer whose columns span two tables. Start-up accepts it; every plan that deletes the row throws EF Core's 'ExecuteDelete/ExecuteUpdate on entity types using entity splitting are not supported'.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Entity_splitting_is_erased_and_swept_or_refused_at_start_up(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new EntitySplittingShape(), provider);

    /// <summary>A NOT NULL jsonb column of preferences (text on SQLite) on a kept row: start-up resolves RandomToken, and on PostgreSQL the UPDATE fails ('column is of type jsonb but expression is of type text'); a token or '[erased]' is not JSON either.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_jsonb_column_is_anonymised_to_valid_json_or_refused_at_start_up(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new JsonbShape(), provider);

    /// <summary>A national id typed string, stored as bigint through a converter, on a kept row: start-up resolves Redact, and execution throws FormatException converting '[erased]' to long (Zero's '' fails the same way).</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_text_property_converted_to_bigint_gets_a_value_its_converter_accepts_or_is_refused(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new BigintIdShape(), provider);

    /// <summary>An entity type mapped to a view (ToView) with personal columns and a relationship to the customer: start-up accepts it, and the plan's step on it throws 'ExecuteUpdate or ExecuteDelete was called on entity type ViewCustomerCard, but that entity type is not mapped to a table'.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_view_mapped_entity_type_is_never_written_or_refused_at_start_up(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new ViewShape(), provider);

    /// <summary>Enum as text (no member 0), DateOnly, text encrypted to bytes and a precise decimal, all under a two-year rule.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Converted_values_under_a_two_year_rule_are_swept_once_and_read_back(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new SweptTypesShape(), provider);

    /// <summary>[ConcurrencyCheck] e-mail under a filtered unique index, xmin on PostgreSQL, char(24) unique, char(8) and char(5) NOT NULL, on a kept row.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Concurrency_tokens_filtered_unique_indexes_and_fixed_length_columns_are_anonymised(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new TokenShape(), provider);

    /// <summary>An optional complex type mapped to JSON that customer 1 never gave, on a row a held invoice keeps.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task An_optional_JSON_complex_type_that_is_NULL_stays_NULL_on_a_kept_row(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new OptionalJsonShape(), provider);

    /// <summary>A NOT NULL unique int filled by a database sequence (PostgreSQL), on a kept row.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_unique_member_number_from_a_sequence_is_anonymised_or_refused(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new SequenceShape(), provider);

    /// <summary>The fix start-up offers for a NOT NULL List&lt;string&gt; (make it nullable): a nullable List&lt;string&gt; and string[] (text[] on PostgreSQL), NULL for one customer, kept and swept.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task The_fix_offered_for_a_primitive_collection_works_nullable_collections_and_arrays(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new NullablePhonesShape(), provider);

    /// <summary>TruncateToYear on a NOT NULL DateTime and a nullable DateTime (NULL for customer 1) under a two-year rule, on a kept row.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Dates_truncated_to_the_year_are_swept_once_and_NULL_stays_NULL(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new TruncatedDatesShape(), provider);

    /// <summary>A photo the customer points to, keyed by (tenant, number): the customers of one tenant share the first key column.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Erasure_of_a_pointed_to_row_with_a_composite_key_touches_only_the_subjects_row(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new CompositePhotoShape(), provider);

    /// <summary>Tables in schemas of their own (HasDefaultSchema, ToTable(name, schema)) on PostgreSQL, the row kept and swept.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Tables_in_schemas_are_erased_and_swept(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new SchemaShape(), provider);

    /// <summary>
    /// The refusals of the jsonb and bigint shapes name the cause and offer only a fix that works: made nullable, the same
    /// columns are accepted, anonymised to NULL on the kept row and read back (the shape run below must not be refused).
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_fix_offered_for_a_non_text_store_type_or_a_parsing_converter_works(DatabaseProvider provider)
    {
        var converted = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(new BigintIdShape(), provider));
        Assert.Contains("BigintIdCustomer.NationalId: has no anonymisation strategy", converted.Message, StringComparison.Ordinal);
        Assert.Contains("cannot convert the Redact value ('[erased]': FormatException)", converted.Message, StringComparison.Ordinal);
        Assert.Contains("make the column nullable (Null then fits)", converted.Message, StringComparison.Ordinal);
        if (provider == DatabaseProvider.PostgreSql)
        {
            var json = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(new JsonbShape(), provider));
            Assert.Contains("JsonbCustomer.Preferences: has no anonymisation strategy", json.Message, StringComparison.Ordinal);
            Assert.Contains("is stored as jsonb, not as text", json.Message, StringComparison.Ordinal);
            Assert.Contains("make the column nullable (Null then fits), or map it to a text column", json.Message, StringComparison.Ordinal);
        }

        await using var run = await ShapeRun.StartAsync(new JsonbNullableShape(), provider);
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-B2-FIX");
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
        var after = await run.DumpAsync();
        Assert.Null(after["JsonbCustomer"]["1"]["Preferences"]);
        Assert.Contains("s2-dark", after["JsonbCustomer"]["2"]["Preferences"], StringComparison.Ordinal);
        Assert.Null(after["NationalIdCard"]["1"]["NationalId"]);
        Assert.Equal("198001010002", after["NationalIdCard"]["2"]["NationalId"]);
        await run.ReadEverythingAsync();
    }

    /// <summary>The refusal of entity splitting names the tables and offers a mapping the catalogue shows working (an owned type in a table of its own).</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Entity_splitting_is_refused_naming_the_tables_and_a_mapping_that_works(DatabaseProvider provider)
    {
        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(new EntitySplittingShape(), provider));
        Assert.Contains("EntitySplitCustomer.Phone: is personal data in an entity type split over several tables (SplitToTable: SplitCustomerDetails)", error.Message, StringComparison.Ordinal);
        Assert.Contains("OwnsOne(...).ToTable(...)", error.Message, StringComparison.Ordinal);
        Assert.Contains(ShapeCatalogue.All, s => s is OwnedTableKeptShape && s.Refused is null);
    }

    /// <summary>The refusal of a related view-mapped type names the view and the relationship; its fix (no relationship, join in the query) runs.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_related_view_is_refused_naming_it_and_the_fix_offered_works(DatabaseProvider provider)
    {
        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(new ViewShape(), provider));
        Assert.Contains("ViewCustomerCard.Name: is personal data in an entity type mapped to a view, SQL query or function (ViewCustomerCards)", error.Message, StringComparison.Ordinal);
        Assert.Contains("(CustomerId -> ViewCustomer)", error.Message, StringComparison.Ordinal);

        await using var run = await ShapeRun.StartAsync(new ViewUnlinkedShape(), provider);
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-B2-VIEW");
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
        await using var scope = run.Services.CreateAsyncScope();
        var cards = await run.Context(scope).Set<ViewCustomerCard>().OrderBy(c => c.Id).Select(c => c.Name).ToListAsync();
        Assert.Equal(["s2-name", "s3-name"], cards);
        Assert.Equal(0, (await run.Enforcer.SweepAsync()).RowsDeleted);
    }

    /// <summary>Notes written to a table and read from a view that hides archived ones (ToTable(...).ToView(...)): erasure must reach the archived notes too.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Rows_a_read_view_hides_are_erased_or_the_mapping_is_refused(DatabaseProvider provider)
        => AssertWorksOrRefusedAsync(new ReadViewShape(), provider);

    /// <summary>The fix the read-view refusal offers runs: archived notes are erased with the visible ones, and the keyless view type is only read.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_fix_offered_for_a_read_view_erases_the_rows_it_hides(DatabaseProvider provider)
    {
        var shape = new ReadViewFixedShape();
        await AssertWorksOrRefusedAsync(shape, provider, "no refusal expected");

        // The keyless view type stays readable: one active note per customer, the archived ones hidden.
        await using var run = await ShapeRun.StartAsync(shape, provider);
        await using var scope = run.Services.CreateAsyncScope();
        Assert.Equal(3, await run.Context(scope).Set<ActiveNote>().CountAsync());
    }
}
