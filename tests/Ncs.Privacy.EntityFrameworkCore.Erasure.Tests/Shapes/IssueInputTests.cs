using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>The inputs of issue 11, each on its catalogue shape, with what the generic shape test does not already say.</summary>
public class IssueInputTests
{
    private static Task<ShapeRun> StartAsync<TShape>(DatabaseProvider provider)
        where TShape : Shape, new()
        => ShapeRun.StartAsync(ShapeCatalogue.All.OfType<TShape>().Single(), provider);

    private static async Task EraseAsync(ShapeRun run, object subject, string request = "REQ-11")
    {
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, subject), request);
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
    }

    /// <summary>Input 1: an encrypted column stays readable after erasure, and the sweep over it terminates (5 rows, batches of 2).</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Input1_an_encrypted_column_stays_readable_and_the_sweep_terminates(DatabaseProvider provider)
    {
        await using var run = await StartAsync<ConverterShape>(provider);
        await EraseAsync(run, 1);
        await using (var scope = run.Services.CreateAsyncScope())
        {
            var customer = await run.Context(scope).Set<EncryptedCustomer>().SingleAsync(c => c.Id == 1);
            Assert.Equal("[erased]", customer.Ssn);
            Assert.StartsWith("erased-", customer.Name, StringComparison.Ordinal);
        }

        var sweep = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(5, sweep.RowsAnonymised);
        Assert.Equal(3, sweep.Batches);
        Assert.Equal(3, await run.AuditCountAsync(PrivacyAuditRecord.RetentionKind));
        await using (var scope = run.Services.CreateAsyncScope())
        {
            var secrets = await run.Context(scope).Set<EncryptedCustomer>().OrderBy(c => c.Id).Select(c => c.Secret).ToListAsync();
            Assert.Equal(["[erased]", "s2-secret", "[erased]", "[erased]", "[erased]", "[erased]", "[erased]"], secrets);
        }

        var again = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, again.RowsAnonymised + again.RowsDeleted);
    }

    /// <summary>Input 1, the rule: a strategy computed in the database is refused at start-up for a converted column, naming what fits.</summary>
    [Fact]
    public void Input1_a_random_token_on_a_converted_column_is_refused_with_the_strategies_that_fit()
    {
        var column = new ColumnFacts("Customer.Ssn", typeof(string), false, null, false, "FakeEncryptionConverter", null, false, false, false);
        var (_, problem) = AnonymisationRules.Resolve(column, AnonymisationStrategy.RandomToken);
        Assert.Contains("value converter (FakeEncryptionConverter)", problem, StringComparison.Ordinal);
        Assert.EndsWith("choose Anonymisation = AnonymisationStrategy.Redact or Anonymisation = AnonymisationStrategy.Zero", problem, StringComparison.Ordinal);
        Assert.Equal(AnonymisationStrategy.Redact, AnonymisationRules.Resolve(column, AnonymisationStrategy.Default).Strategy);
    }

    /// <summary>Input 5: an optional owned type that is NULL stays NULL in a kept row; the export shows no address.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Input5_an_absent_owned_address_stays_absent(DatabaseProvider provider)
    {
        await using var run = await StartAsync<OwnedInRowShape>(provider);
        await EraseAsync(run, 1);
        await using var scope = run.Services.CreateAsyncScope();
        var customer = await run.Context(scope).Set<OwnedRowCustomer>().SingleAsync(c => c.Id == 1);
        Assert.Null(customer.Shipping);
        Assert.Null(customer.Billing.City);
        Assert.StartsWith("erased-", customer.Billing.Street, StringComparison.Ordinal);
    }

    /// <summary>Input 6: a foreign-key cycle among the subject's rows is broken inside the one transaction.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Input6_a_foreign_key_cycle_is_broken_and_the_rows_deleted(DatabaseProvider provider)
    {
        await using var run = await StartAsync<ForeignKeyCycleShape>(provider);
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-11");

        // The reviewer reads the unlink: which reference of which rows is cleared before the deletes, and why.
        var customers = Assert.Single(plan.Steps, s => s.EntityType == typeof(CycleCustomer).FullName && s.RowCount > 0);
        var addresses = Assert.Single(plan.Steps, s => s.EntityType == typeof(CycleAddress).FullName && s.RowCount > 0);
        Assert.True(addresses.Order < customers.Order);
        Assert.Equal([nameof(CycleCustomer.DefaultAddressId)], customers.Unlinked);
        Assert.Empty(addresses.Unlinked);
        Assert.Contains("before any row is deleted, CycleCustomer.DefaultAddressId is set to NULL", plan.ToMarkdown(), StringComparison.Ordinal);
        Assert.Equal(plan.ToJson(), ErasurePlan.FromJson(plan.ToJson()).ToJson());

        // A plan whose unlink was edited away is refused before anything runs (it would fail on the foreign key).
        var json = System.Text.Json.Nodes.JsonNode.Parse(plan.ToJson())!;
        json["steps"]![customers.Order - 1]!["unlinked"] = new System.Text.Json.Nodes.JsonArray();
        var edited = ErasurePlan.FromJson(json.ToJsonString());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.Executor.ExecuteAsync(edited));
        Assert.Contains("references to clear before deleting", error.Message, StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
        await using var scope = run.Services.CreateAsyncScope();
        var context = run.Context(scope);
        Assert.False(await context.Set<CycleCustomer>().AnyAsync(c => c.Id == 1));
        Assert.Equal([20, 21, 30, 31], await context.Set<CycleAddress>().OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        Assert.Equal(20, (await context.Set<CycleCustomer>().SingleAsync(c => c.Id == 2)).DefaultAddressId);
    }

    /// <summary>Input 7: a NOT NULL column of 25 characters gets a token that fits, decided at start-up.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Input7_a_short_NOT_NULL_column_gets_a_token_that_fits(DatabaseProvider provider)
    {
        await using var run = await StartAsync<StringLengthShape>(provider);
        await EraseAsync(run, 1);
        await EraseAsync(run, 2, "REQ-12");
        await using var scope = run.Services.CreateAsyncScope();
        var methods = await run.Context(scope).Set<PaymentMethod>().Where(m => m.Id <= 2).OrderBy(m => m.Id).ToListAsync();
        Assert.All(methods, m => Assert.Matches("^erased-[0-9]{1,18}$", m.CardNumber));
        Assert.All(methods, m => Assert.True(m.Login.Length <= 30));
        Assert.NotEqual(methods[0].Login, methods[1].Login);
        Assert.All(methods, m => Assert.Matches("^erased-[0-9]{16,30}$", m.Notes));
    }

    /// <summary>
    /// Inputs 2, 4, 8 and 9: the start-up error names the fix. Input 9's e-mail primary key is refused (a surrogate key)
    /// rather than anonymised around; that no token embeds a key or another value is asserted for every shape in ShapeTests.
    /// </summary>
    public static TheoryData<Type, string, DatabaseProvider> StartUpFixes()
    {
        var data = new TheoryData<Type, string, DatabaseProvider>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
        {
            data.Add(typeof(TpcConcreteShape), "Make TpcContact abstract", provider);
            data.Add(typeof(OwnedJsonShape), "Map it as a complex type (ComplexProperty(...), also with .ToJson())", provider);
            data.Add(typeof(CheckConstraintShape), "make the column nullable (Null then fits), or drop or relax the CHECK constraint", provider);
            data.Add(typeof(EmailKeyShape), "use a surrogate key instead", provider);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StartUpFixes))]
    public async Task Inputs2_4_8_9_start_up_names_the_fix(Type shapeType, string fix, DatabaseProvider provider)
    {
        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(ShapeCatalogue.All.Single(s => s.GetType() == shapeType), provider));
        Assert.True(error.Message.Contains(fix, StringComparison.Ordinal), error.Message);
    }

    /// <summary>
    /// Input 8, the classification: a constraint the model does not declare (added in the database only) fails the erasure
    /// as what it is, a constraint a new plan would hit again, not as "rows were added since planning".
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_constraint_the_model_does_not_know_is_not_reported_as_a_stale_plan(DatabaseProvider provider)
    {
        await using var run = await StartAsync<CheckConstraintNullableShape>(provider);
        await using (var scope = run.Services.CreateAsyncScope())
        {
            var context = run.Context(scope);
            await context.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.PostgreSql
                ? "ALTER TABLE \"CheckNullableCustomer\" ADD CONSTRAINT \"CK_db_only\" CHECK (\"Name\" NOT LIKE 'erased-%')"
                : "CREATE TRIGGER db_only BEFORE UPDATE OF \"Name\" ON \"CheckNullableCustomer\" WHEN NEW.\"Name\" LIKE 'erased-%' BEGIN SELECT RAISE(ABORT, 'db-only check'); END");
        }

        var before = await run.DumpAsync();
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-CHECK");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.Executor.ExecuteAsync(plan));
        Assert.IsNotType<ErasurePlanStaleException>(error);
        Assert.Contains("a new plan would fail the same way", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.ToString(), (await run.DumpAsync()).ToString());
    }
}

/// <summary>A model in an assembly the policy did not scan: the error says to add the assembly, not to add the attribute it has.</summary>
public class UnscannedAssemblyTests
{
    private sealed class Context(DbContextOptions<Context> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TphCustomer>();
            modelBuilder.AddPrivacyAudit();
        }
    }

    [Fact]
    public async Task An_attribute_in_an_assembly_that_was_not_scanned_asks_for_AddModelAssembly()
    {
        var services = new ServiceCollection();
        services.AddDbContext<Context>(o => o.UseSqlite("Data Source=:memory:"));
        services.AddPrivacy(p => p.UsePolicy(typeof(Model.ErasurePolicy))).AddEntityFrameworkCore<Context>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var error = Assert.Throws<PrivacyModelException>(() => scope.ServiceProvider.GetRequiredService<Context>().Model);
        Assert.True(error.Message.Contains("TphCustomer.Name: property (String) carries [PersonalData], but its assembly Ncs.Privacy.Testing was not scanned", StringComparison.Ordinal), error.Message);
        Assert.Contains("AddModelAssembly(typeof(TphCustomer).Assembly)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("add [PersonalData(purpose, retention)]", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>EF Core's own errors reach the caller as themselves, not wrapped in a reflection exception.</summary>
public class UnwrappedErrorTests
{
    [Fact]
    public async Task An_EF_Core_error_of_a_statement_surfaces_as_itself()
    {
        // Without UsePrivacy the model is not checked, so EF Core itself refuses the statement (a non-leaf TPC type).
        var options = new DbContextOptionsBuilder<TpcConcreteContext>().UseSqlite("Data Source=:memory:").Options;
        await using var context = new TpcConcreteContext(options);
        var entityType = context.Model.FindEntityType(typeof(TpcContact))!;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EntityStatements.DeleteAsync(EntityStatements.All(context, entityType), CancellationToken.None));
        Assert.Contains("TPC", error.Message, StringComparison.Ordinal);
    }
}
