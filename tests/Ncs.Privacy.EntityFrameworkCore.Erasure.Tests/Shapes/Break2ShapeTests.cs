using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// Mappings a second fresh tester wrote (tests/Ncs.Privacy.Testing/Shapes/Break2Shapes.cs), run as the catalogue is: start-up
/// refuses the mapping naming the member, or export, plan, execute and two sweeps run and the dumps say exactly what
/// happened (hard case 18: what start-up accepts, erasure and retention execute).
/// </summary>
public class Break2ShapeTests
{
    /// <summary>Start-up refuses the shape naming the member (true), or accepts it (false: the caller then runs it).</summary>
    private static async Task<ShapeRun?> StartOrRefusedAsync(Shape shape, string member, DatabaseProvider provider)
    {
        try
        {
            return await ShapeRun.StartAsync(shape, provider);
        }
        catch (PrivacyModelException error)
        {
            Assert.True(error.Message.Contains(member, StringComparison.Ordinal), error.Message);
            Assert.Contains(error.Problems, p => p.Kind is PrivacyModelProblemKind.AnonymisationNotExecutable or PrivacyModelProblemKind.MappingNotExecutable or PrivacyModelProblemKind.PersonalKey);
            return null;
        }
    }

    /// <summary>The rule: refused at start-up, or erased exactly, read back, swept to an end, and a second sweep does nothing.</summary>
    private static async Task AssertWorksOrRefusedAsync(Shape shape, string member, DatabaseProvider provider)
    {
        await using var run = await StartOrRefusedAsync(shape, member, provider);
        if (run is null)
        {
            return;
        }

        await run.ReadEverythingAsync();
        var before = await run.DumpAsync();
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, run.Shape.Subjects[0]), "REQ-B2-1");
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
        var after = await run.DumpAsync();
        ShapeTests.AssertErased(before, after, "s1-", "s2-");
        await run.ReadEverythingAsync();

        var sweep = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var swept = await run.DumpAsync();
        Assert.DoesNotContain(swept.Cells, c => c.Value?.Contains("old-", StringComparison.Ordinal) == true);
        ShapeTests.AssertUntouched(after, swept, "s2-");
        ShapeTests.AssertNullsStay(after, swept);
        await run.ReadEverythingAsync();
        Assert.Equal(sweep.Batches, await run.AuditCountAsync(PrivacyAuditRecord.RetentionKind));
        var again = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, again.RowsDeleted + again.RowsAnonymised);

        foreach (var subject in run.Shape.Subjects.Skip(1).Reverse())
        {
            var next = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, subject), $"REQ-B2-{subject}");
            Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(next)).Status);
        }

        await run.ReadEverythingAsync();
    }

    /// <summary>A personal e-mail as alternate key (HasAlternateKey) on a kept row.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_personal_alternate_key_is_anonymised_or_refused_at_start_up(DatabaseProvider provider)
    {
        var shape = new AltKeyShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>An optional complex type (EF Core 10) that customer 1 never gave, on a row a held invoice keeps.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task An_optional_complex_type_that_is_NULL_stays_NULL_on_a_kept_row(DatabaseProvider provider)
    {
        var shape = new OptionalComplexShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>Skip navigations through a join entity that carries a personal note under a two-year rule.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_many_to_many_payload_is_erased_and_swept(DatabaseProvider provider)
    {
        var shape = new ClubShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>A NOT NULL List&lt;string&gt; of phone numbers (JSON text on SQLite, text[] on PostgreSQL) of a kept row.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_primitive_collection_is_anonymised_or_refused_at_start_up(DatabaseProvider provider)
    {
        var shape = new PhonesShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>Entity splitting (SplitToTable): a customer whose columns span two tables. Start-up accepts it; every plan that deletes the row throws EF Core's 'ExecuteDelete/ExecuteUpdate on entity types using entity splitting are not supported'.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Entity_splitting_is_erased_and_swept_or_refused_at_start_up(DatabaseProvider provider)
    {
        var shape = new EntitySplittingShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>A NOT NULL jsonb column of preferences (text on SQLite) on a kept row: start-up resolves RandomToken, and on PostgreSQL the UPDATE fails ('column is of type jsonb but expression is of type text'); a token or '[erased]' is not JSON either.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_jsonb_column_is_anonymised_to_valid_json_or_refused_at_start_up(DatabaseProvider provider)
    {
        var shape = new JsonbShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>A national id typed string, stored as bigint through a converter, on a kept row: start-up resolves Redact, and execution throws FormatException converting '[erased]' to long (Zero's '' fails the same way).</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_text_property_converted_to_bigint_gets_a_value_its_converter_accepts_or_is_refused(DatabaseProvider provider)
    {
        var shape = new BigintIdShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>An entity type mapped to a view (ToView) with personal columns and a relationship to the customer: start-up accepts it, and the plan's step on it throws 'ExecuteUpdate or ExecuteDelete was called on entity type ViewCustomerCard, but that entity type is not mapped to a table'.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_view_mapped_entity_type_is_never_written_or_refused_at_start_up(DatabaseProvider provider)
    {
        var shape = new ViewShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>Enum as text (no member 0), DateOnly, text encrypted to bytes and a precise decimal, all under a two-year rule.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Converted_values_under_a_two_year_rule_are_swept_once_and_read_back(DatabaseProvider provider)
    {
        var shape = new SweptTypesShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>[ConcurrencyCheck] e-mail under a filtered unique index, xmin on PostgreSQL, char(24) unique, char(8) and char(5) NOT NULL, on a kept row.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Concurrency_tokens_filtered_unique_indexes_and_fixed_length_columns_are_anonymised(DatabaseProvider provider)
    {
        var shape = new TokenShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>An optional complex type mapped to JSON that customer 1 never gave, on a row a held invoice keeps.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task An_optional_JSON_complex_type_that_is_NULL_stays_NULL_on_a_kept_row(DatabaseProvider provider)
    {
        var shape = new OptionalJsonShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>A NOT NULL unique int filled by a database sequence (PostgreSQL), on a kept row.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task A_unique_member_number_from_a_sequence_is_anonymised_or_refused(DatabaseProvider provider)
    {
        var shape = new SequenceShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>The fix start-up offers for a NOT NULL List&lt;string&gt; (make it nullable): a nullable List&lt;string&gt; and string[] (text[] on PostgreSQL), NULL for one customer, kept and swept.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task The_fix_offered_for_a_primitive_collection_works_nullable_collections_and_arrays(DatabaseProvider provider)
    {
        var shape = new NullablePhonesShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>TruncateToYear on a NOT NULL DateTime and a nullable DateTime (NULL for customer 1) under a two-year rule, on a kept row.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Dates_truncated_to_the_year_are_swept_once_and_NULL_stays_NULL(DatabaseProvider provider)
    {
        var shape = new TruncatedDatesShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>A photo the customer points to, keyed by (tenant, number): the customers of one tenant share the first key column.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Erasure_of_a_pointed_to_row_with_a_composite_key_touches_only_the_subjects_row(DatabaseProvider provider)
    {
        var shape = new CompositePhotoShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>Tables in schemas of their own (HasDefaultSchema, ToTable(name, schema)) on PostgreSQL, the row kept and swept.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public Task Tables_in_schemas_are_erased_and_swept(DatabaseProvider provider)
    {
        var shape = new SchemaShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

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
    {
        var shape = new ReadViewShape();
        return AssertWorksOrRefusedAsync(shape, shape.Member, provider);
    }

    /// <summary>The fix the read-view refusal offers runs: archived notes are erased with the visible ones, and the keyless view type is only read.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_fix_offered_for_a_read_view_erases_the_rows_it_hides(DatabaseProvider provider)
    {
        var shape = new ReadViewFixedShape();
        await AssertWorksOrRefusedAsync(shape, "no refusal expected", provider);

        // The keyless view type stays readable: one active note per customer, the archived ones hidden.
        await using var run = await ShapeRun.StartAsync(shape, provider);
        await using var scope = run.Services.CreateAsyncScope();
        Assert.Equal(3, await run.Context(scope).Set<ActiveNote>().CountAsync());
    }
}
