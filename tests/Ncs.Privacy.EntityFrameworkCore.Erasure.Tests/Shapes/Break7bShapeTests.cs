using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// Mappings a seventh fresh tester wrote (tests/Ncs.Privacy.Testing/Shapes/Break7bShapes.cs), and shapes of the same kinds the
/// tester did not list, run as the catalogue is: what start-up accepts, erasure and retention execute.
/// </summary>
public class Break7bShapeTests
{
    /// <summary>Every shape of the round, on both databases.</summary>
    public static TheoryData<string, DatabaseProvider> All()
        => BreakRun.Held(
            new B7PartyTphShape(), new B7PartyTptShape(), new B7PartyTpcShape(),
            new B7TpcLeafCheckShape(), new B7TpcBaseCheckShape(), new B7TpcOneLeafCheckShape(),
            new B7SiblingRedactShape(), new B7SiblingDefaultShape(), new B7SplitUniqueShape(),
            new B7ComputedRedactShape(), new B7ComputedDefaultShape(), new B7NullsDefaultShape(), new B7NullsNullShape(),
            new B7LowerTptShape(),
            new B7CycleShapeOne(), new B7CycleNestedShape(),
            new B7CollatedShape(), new B7ProxyShape());

    /// <summary>
    /// (1) CHECK constraints of TPC leaf tables on a column of the abstract base were not found. (2) A unique index declared on
    /// another entity type mapping the same column, (3) on a stored computed column derived from it, (4) treating NULLs as
    /// equal, was ignored. (5) A nondeterministic collation made every PostgreSQL sweep throw (LIKE). (6) Unquoted lower-case
    /// table names lost the sweep's FOR UPDATE OF. (7) A subject derived from a Party base: the sweep deleted the subject's
    /// and an organisation's rows. (8) A foreign-key cycle through an owned type was not broken. (9) Lazy-loading proxies
    /// failed start-up on the library's sealed entity types.
    /// </summary>
    [Theory]
    [MemberData(nameof(All))]
    public Task A_shape_of_round_7_is_erased_and_swept_or_refused(string name, DatabaseProvider provider)
        => BreakRun.AssertAsDeclaredAsync(BreakRun.Create(name), provider);

    /// <summary>The Party hierarchies: the sweep deletes the two expired addresses and nothing else, whatever the strategy.</summary>
    public static TheoryData<string, DatabaseProvider> Parties()
        => BreakRun.Held(new B7PartyTphShape(), new B7PartyTptShape(), new B7PartyTpcShape());

    [Theory]
    [MemberData(nameof(Parties))]
    public async Task A_sweep_of_a_base_types_rows_deletes_no_subject_nor_organisation(string name, DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(BreakRun.Create(name), provider);
        var sweep = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, sweep.RowsDeleted);
        await using var scope = run.Services.CreateAsyncScope();
        var context = run.Context(scope);
        Assert.Equal([1, 2, 3], await context.Set<B7Person>().Select(p => p.Id).OrderBy(i => i).ToListAsync());
        Assert.Equal([4], await context.Set<B7Organisation>().Select(p => p.Id).ToListAsync());
        Assert.Equal([11, 12], await context.Set<B7PartyAddress>().Select(a => a.Id).OrderBy(i => i).ToListAsync());
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 3), "REQ-PARTY-3");
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
    }

    /// <summary>The customer's reference to her favourite order is cleared before the orders are deleted, and the plan says so.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_cycle_through_an_owned_reference_is_cleared_first(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new B7CycleShapeOne(), provider);
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-CYCLE");
        Assert.Contains(plan.Steps, s => s.EntityType == typeof(B7CycleCustomer).FullName && s.Unlinked.Contains(nameof(B7Prefs.FavouriteOrderId)));
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
        var dump = await run.DumpAsync();
        Assert.False(dump["B7CycleCustomer"].ContainsKey("1"));
        Assert.Equal("12", dump["B7CycleCustomer"]["2"]["Prefs_FavouriteOrderId"]);
    }

    /// <summary>
    /// A foreign key a new plan would hit again (a table the EF Core model does not know refers to the rows) is not "rows were
    /// added since planning" (ErasurePlanStaleException): the error says that a new plan is the same.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_foreign_key_a_new_plan_hits_again_is_not_called_stale(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new B7ProxyShape(), provider);
        await using (var scope = run.Services.CreateAsyncScope())
        {
            var context = run.Context(scope);
            await context.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.PostgreSql
                ? "CREATE TABLE \"B7Mentions\" (\"OrderId\" integer REFERENCES \"B7ProxyOrder\" (\"Id\") ON DELETE RESTRICT)"
                : "CREATE TABLE \"B7Mentions\" (\"OrderId\" INTEGER REFERENCES \"B7ProxyOrder\" (\"Id\") ON DELETE RESTRICT)");
            await context.Database.ExecuteSqlRawAsync("INSERT INTO \"B7Mentions\" (\"OrderId\") VALUES (11)");
        }

        var before = await run.DumpAsync();
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-UNKNOWN-FK");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.Executor.ExecuteAsync(plan));
        Assert.Contains("refused by a foreign key, and no rows were added since planning", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.ToString(), (await run.DumpAsync()).ToString());
    }

    /// <summary>
    /// EFCore.NamingConventions' snake case on a TPT hierarchy: both sweeps run (the base task's lock names its own table's
    /// alias, not the outer-joined derived table) and the expired fields of both levels are gone. Erasure of this shape is not
    /// in the catalogue: with a held invoice, the planner plans a delete of the TPT root under the naming convention, which
    /// EF Core refuses (found in round 7, left for the next round; see the report).
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_snake_case_tpt_hierarchy_is_swept(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new B7SnakeTptShape(), provider);
        var sweep = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(sweep.RowsAnonymised > 0);
        var again = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, again.RowsDeleted + again.RowsAnonymised);
        Assert.DoesNotContain((await run.DumpAsync()).Cells, c => c.Value?.Contains("old-", StringComparison.Ordinal) == true);
    }

    /// <summary>The row lock names the batch's own table by its alias, quoted or not.</summary>
    [Theory]
    [InlineData("SELECT m.id FROM b7members AS m LEFT JOIN b7premium_members AS b ON m.id = b.id WHERE m.last_seen < @p", "FOR UPDATE OF m SKIP LOCKED")]
    [InlineData("SELECT m.\"Id\" FROM \"Members\" AS m LEFT JOIN \"Premium\" AS p ON m.\"Id\" = p.\"Id\"", "FOR UPDATE OF m SKIP LOCKED")]
    [InlineData("SELECT s.id FROM shop.members AS s LEFT JOIN shop.premium AS p ON s.id = p.id", "FOR UPDATE OF s SKIP LOCKED")]
    [InlineData("SELECT b.id FROM b7tpc_premium_members AS b WHERE b.last_seen < @p", "FOR UPDATE OF b SKIP LOCKED")]
    public void The_lock_names_the_first_table_quoted_or_not(string keyQuery, string expected)
        => Assert.Equal(expected, RetentionBatchLock.LockingClause(keyQuery));
}
