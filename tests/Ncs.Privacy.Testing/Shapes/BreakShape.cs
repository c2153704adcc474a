using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// The harness of the fresh testers' rounds (Break2Shapes.cs, Break3Shapes.cs, Break4Shapes.cs, ...). A new round's shape
// is usually: a customer deriving from ShapeCustomer (or AnchoredCustomer when a two-year rule applies) with its own
// personal members, a context deriving from HeldContext<TCustomer> that maps what the round is about in Map, and a shape
// deriving from Break2Shape<TContext> that names the feature and the member and seeds with SeedHeldAsync. The tests run it
// with BreakRun.AssertWorksOrRefusedAsync (tests/Ncs.Privacy.EntityFrameworkCore.Erasure.Tests/Shapes/BreakRun.cs).

/// <summary>A shape of a fresh tester's round: names the member that start-up must name when it refuses the mapping.</summary>
public interface IBreakShape
{
    /// <summary>The personal member (<c>Type.Member</c>) the mapping is about.</summary>
    string Member { get; }
}

/// <summary>A shape of a fresh tester's round (whatever the round: the name is the second round's, which introduced it).</summary>
public abstract class Break2Shape<TContext> : Shape<TContext>, IBreakShape
    where TContext : DbContext
{
    /// <inheritdoc />
    public abstract string Member { get; }

    /// <summary>
    /// Adds customers 1, 2 and 3 as <paramref name="customer"/> makes them (only the members of its own class: the key,
    /// name and anchor are set here, <see cref="ShapeCustomer"/>), the held invoices of customers 1 and 2
    /// (<see cref="B2Invoice"/>), and saves.
    /// </summary>
    protected static Task SeedHeldAsync<TCustomer>(DbContext context, Func<int, TCustomer> customer)
        where TCustomer : ShapeCustomer
        => SeedHeldRowsAsync(context, id => customer(id).Numbered(id));

    /// <summary>Adds what <paramref name="customer"/> makes for customers 1, 2 and 3, the held invoices of customers 1 and 2, and saves.</summary>
    protected static Task SeedHeldRowsAsync(DbContext context, Func<int, object> customer)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(customer(id));
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }

    /// <summary>Whether <paramref name="context"/> runs on PostgreSQL (Npgsql).</summary>
    protected static bool IsPostgres(DbContext context) => ShapeContext.IsPostgresContext(context);
}

/// <summary>
/// The customer every round's shapes start from: a surrogate key and a name kept while the account exists (customer
/// <c>n</c>'s name reads <c>sn-name</c>). Not mapped itself: EF Core maps its properties as the derived entity type's own.
/// EF Core would put the columns of a base class after the derived class's; their column order (Id, Name, then LastSeen)
/// keeps them first, so that the table is created exactly as when each customer declared them. A shape's seed sets only the
/// members of its own class (<see cref="Break2Shape{TContext}"/>.SeedHeldAsync sets these).
/// </summary>
public abstract class ShapeCustomer
{
    [Column(Order = 0)]
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [Column(Order = 1)]
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    /// <summary>Sets the members this class declares for customer <paramref name="id"/>.</summary>
    internal virtual void Seed(int id)
    {
        Id = id;
        Name = $"s{id}-name";
    }
}

/// <summary>A <see cref="ShapeCustomer"/> with the retention anchor of the two-year rule: last seen in 2026, customer 3 in 2020 (<see cref="Shape.SeenAt"/>).</summary>
public abstract class AnchoredCustomer : ShapeCustomer
{
    [Column(Order = 2)]
    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    internal override void Seed(int id)
    {
        base.Seed(id);
        LastSeen = Shape.SeenAt(id);
    }
}

/// <summary>A shape's context: the shape's mapping (<see cref="Map"/>), then the privacy audit table.</summary>
public abstract class ShapeContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Whether the context runs on PostgreSQL (Npgsql), for mappings only PostgreSQL has.</summary>
    protected bool IsPostgres => IsPostgresContext(this);

    /// <summary>Whether <paramref name="context"/> runs on PostgreSQL (Npgsql).</summary>
    public static bool IsPostgresContext(DbContext context) => context.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        Map(modelBuilder);
        Relate(modelBuilder);
        modelBuilder.AddPrivacyAudit();
    }

    /// <summary>What the shape maps beyond EF Core's conventions.</summary>
    protected virtual void Map(ModelBuilder modelBuilder)
    {
    }

    private protected virtual void Relate(ModelBuilder modelBuilder)
    {
    }
}

/// <summary>A shape's context whose <typeparamref name="TCustomer"/> rows a held invoice (<see cref="B2Invoice"/>) keeps: its foreign key restricts the delete.</summary>
public abstract class HeldContext<TCustomer>(DbContextOptions options) : ShapeContext(options)
    where TCustomer : class
{
    private protected override void Relate(ModelBuilder modelBuilder)
        => modelBuilder.Entity<B2Invoice>().HasOne<TCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
}

/// <summary>An invoice under Bokföringslagen that keeps its customer's row (customer 1's is held).</summary>
public class B2Invoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";

    public static void Add(DbContext context) => context.AddRange(
        new B2Invoice { Id = 1, CustomerId = 1, InvoiceDate = Shape.Recent, BillingName = "s1-held-billing" },
        new B2Invoice { Id = 2, CustomerId = 2, InvoiceDate = Shape.Recent, BillingName = "s2-billing" });
}

/// <summary>Seeding the customers of the rounds' shapes.</summary>
public static class ShapeCustomers
{
    /// <summary>
    /// <paramref name="customer"/> as customer <paramref name="id"/>: its key, name (<c>sn-name</c>) and, for an
    /// <see cref="AnchoredCustomer"/>, when it was last seen (<see cref="Shape.SeenAt"/>).
    /// </summary>
    public static TCustomer Numbered<TCustomer>(this TCustomer customer, int id)
        where TCustomer : ShapeCustomer
    {
        customer.Seed(id);
        return customer;
    }
}
