using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// Mappings a sixth fresh tester wrote about erasure statements and owned types (tests/Ncs.Privacy.Testing/Shapes/Break6Shapes.cs),
/// and shapes of the same kinds the tester did not list, run as the catalogue is: what start-up accepts, erasure and
/// retention execute.
/// </summary>
public class Break6ShapeTests
{
    /// <summary>Every shape of the round, on both databases.</summary>
    public static TheoryData<string, DatabaseProvider> All()
        => BreakRun.Held(
            new B6ThreadShape(), new B6BareThreadShape(), new B6AnsweredThreadShape(), new B6TpcOwnedShape(), new B6DeepTpcOwnedShape(),
            new B6TptOwnedShape(), new B6TptSweptShape(), new B6ShadowKeyShape());

    /// <summary>
    /// (4) A self-referencing foreign key with OnDelete(Restrict): SQLite checks RESTRICT row by row inside the one DELETE of
    /// the step, so a subject's comment and her reply to it could never be deleted; the sweep took one level of a thread per
    /// run and left expired text until then. (5) TPC with an abstract base and OwnsOne on a leaf: EF Core refused the
    /// ExecuteDelete ("contains data for multiple entity types"). (6) TPT with OwnsOne on the base: the owned columns were
    /// grouped with the derived table's, and a two-year field in them was refused as "in a table of its own". (8) EF Core's
    /// shadow key of an owned type, named after an owner called Passport, was refused as a personal key nothing could mark.
    /// </summary>
    [Theory]
    [MemberData(nameof(All))]
    public Task A_shape_of_round_6_is_erased_and_swept(string name, DatabaseProvider provider)
        => BreakRun.AssertAsDeclaredAsync(BreakRun.Create(name), provider);

    /// <summary>The plan clears the step's own references first and says so; the other customer's answer keeps its reference.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_thread_of_one_subject_is_unlinked_within_its_step_and_deleted(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new B6AnsweredThreadShape(), provider);
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-THREAD");
        var delete = Assert.Single(plan.Steps, s => s.EntityType == typeof(B6Comment).FullName && s.Action == ErasureRowAction.Delete);
        Assert.Equal(1, delete.RowCount); // the reply; the root stays, answered by customer 2
        Assert.Equal([nameof(B6Comment.ParentId)], delete.Unlinked);
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
        var comments = (await run.DumpAsync())["B6Comment"];
        Assert.False(comments.ContainsKey("2"));
        Assert.Equal("1", comments["7"]["ParentId"]);
    }

    /// <summary>
    /// A row that refers to a row being deleted through an ON DELETE RESTRICT key the EF Core model does not know (a table
    /// another application keeps): SQLite reports it from a trigger (SQLITE_CONSTRAINT_TRIGGER, "FOREIGN KEY constraint
    /// failed"); it is a foreign-key violation, as on PostgreSQL (rows added since planning, or a foreign key to map), never
    /// "a constraint the start-up check did not know of ... declare it (HasCheckConstraint, ...)".
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_restrict_violation_is_reported_as_a_foreign_key(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new B6ThreadShape(), provider);
        await using (var scope = run.Services.CreateAsyncScope())
        {
            var context = run.Context(scope);
            await context.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.PostgreSql
                ? "CREATE TABLE \"Mentions\" (\"CommentId\" integer REFERENCES \"B6Comment\" (\"Id\") ON DELETE RESTRICT)"
                : "CREATE TABLE \"Mentions\" (\"CommentId\" INTEGER REFERENCES \"B6Comment\" (\"Id\") ON DELETE RESTRICT)");
            await context.Database.ExecuteSqlRawAsync("INSERT INTO \"Mentions\" (\"CommentId\") VALUES (2)");
        }

        var before = await run.DumpAsync();
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-RESTRICT");
        // Round 7: nothing was added since planning, so a new plan is the same: not stale (ErasurePlanStaleException) but refused.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.Executor.ExecuteAsync(plan));
        Assert.Contains("refused by a foreign key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HasCheckConstraint", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.ToString(), (await run.DumpAsync()).ToString());
    }

    /// <summary>An expired thread three levels deep goes in one sweep, leaves first, one audit record per batch.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_expired_thread_is_deleted_in_one_sweep(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new B6ThreadShape(), provider);
        var sweep = await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(3, sweep.RowsDeleted);
        var comments = (await run.DumpAsync())["B6Comment"];
        Assert.Equal(["1", "2", "3"], comments.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(sweep.Batches, await run.AuditCountAsync(PrivacyAuditRecord.RetentionKind));
    }

    /// <summary>A TPC leaf with an owned type in its table is kept and anonymised (the plan says why); its sibling leaf is deleted.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_tpc_leaf_with_owned_columns_is_kept_anonymised_and_its_sibling_deleted(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new B6TpcOwnedShape(), provider);
        var plan = await run.Planner.PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-TPC");
        Assert.Contains(plan.Steps, s => s.EntityType == typeof(B6Passport).FullName && s.Action == ErasureRowAction.Anonymise && s.RowCount == 1);
        Assert.Contains(plan.Steps, s => s.EntityType == typeof(B6Licence).FullName && s.Action == ErasureRowAction.Delete && s.RowCount == 1);
        Assert.Equal(ErasureStatus.Applied, (await run.Executor.ExecuteAsync(plan)).Status);
        var dump = await run.DumpAsync();
        Assert.False(dump["B6Licences"].ContainsKey("2"));
        Assert.NotEqual("s1-street", dump["B6Passports"]["1"]["Holder_Street"]);
        Assert.NotEqual("s1-passport", dump["B6Passports"]["1"]["Number"]);
    }

    /// <summary>The owned address of a TPT base is in the base's table: refused no more, and swept there for a derived type's rows.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_owned_field_of_a_tpt_base_is_swept_in_the_base_table(DatabaseProvider provider)
    {
        await using var run = await ShapeRun.StartAsync(new B6TptSweptShape(), provider);
        await run.Enforcer.SweepAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var dump = await run.DumpAsync();
        Assert.NotEqual("old-city", dump["B6TptSweptCustomer"]["3"]["Home_City"]);
        Assert.Equal("s3-street", dump["B6TptSweptCustomer"]["3"]["Home_Street"]);
        Assert.NotEqual("old-contact", dump["B6SweptBusinesses"]["3"]["ContactPerson"]);
        Assert.Equal("s2-city", dump["B6TptSweptCustomer"]["2"]["Home_City"]);
    }
}
