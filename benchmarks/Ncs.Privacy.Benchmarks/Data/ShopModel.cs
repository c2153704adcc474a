using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Benchmarks.BenchmarkPolicy;

namespace Ncs.Privacy.Benchmarks.Data;

/// <summary>
/// The model of the database benchmarks (export, erasure, retention): a customer, its orders, their lines and the
/// lines' delivery events: three levels of relationships below the subject. Erasure of a customer mixes the three
/// actions: the customer row is anonymised, an order is retained under the bookkeeping hold with its delivery note
/// anonymised, lines and events are deleted.
/// </summary>
[DataSubject(Customer)]
public class ShopCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Service, Account, Category = Contact)]
    public string Name { get; set; } = "";

    [PersonalData(Service, Account, Category = Contact, Anonymisation = AnonymisationStrategy.RandomEmail)]
    [PersonalData(Marketing, Account, Category = Contact, Anonymisation = AnonymisationStrategy.RandomEmail)]
    public string Email { get; set; } = "";

    [NotPersonalData("When the account was opened.")]
    public DateTime CreatedAt { get; set; }

    public List<ShopOrder> Orders { get; set; } = [];
}

public class ShopOrder
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public ShopCustomer Customer { get; set; } = null!;

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime OrderedAt { get; set; }

    [PersonalData(Bookkeeping, Accounting, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";

    [PersonalData(Service, Account)]
    public string? DeliveryNote { get; set; }

    public List<ShopOrderLine> Lines { get; set; } = [];
}

public class ShopOrderLine
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int OrderId { get; set; }

    public ShopOrder Order { get; set; } = null!;

    [NotPersonalData("A product code.")]
    public string Product { get; set; } = "";

    [NotPersonalData("A quantity.")]
    public int Quantity { get; set; }

    [PersonalData(Service, Account)]
    public string? GiftMessage { get; set; }

    public List<ShopLineEvent> Events { get; set; } = [];
}

public class ShopLineEvent
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int LineId { get; set; }

    public ShopOrderLine Line { get; set; } = null!;

    [RetentionAnchor]
    [NotPersonalData("When the event happened.")]
    public DateTime At { get; set; }

    [PersonalData(Service, TwoYears)]
    public string? SignedBy { get; set; }
}

public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<ShopCustomer> Customers => Set<ShopCustomer>();

    public DbSet<ShopOrder> Orders => Set<ShopOrder>();

    public DbSet<ShopOrderLine> Lines => Set<ShopOrderLine>();

    public DbSet<ShopLineEvent> Events => Set<ShopLineEvent>();

    public DbSet<PrivacyAuditRecord> Audit => Set<PrivacyAuditRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Plain table and column names so that the set-based data generation reads the same on both engines.
        modelBuilder.Entity<ShopCustomer>(c =>
        {
            c.ToTable("customers");
            c.Property(x => x.Id).ValueGeneratedNever();
            c.HasIndex(x => x.Email).IsUnique();
        });
        modelBuilder.Entity<ShopOrder>(o =>
        {
            o.ToTable("orders");
            o.Property(x => x.Id).ValueGeneratedNever();
            o.HasOne(x => x.Customer).WithMany(c => c.Orders).HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ShopOrderLine>(l =>
        {
            l.ToTable("lines");
            l.Property(x => x.Id).ValueGeneratedNever();
            l.HasOne(x => x.Order).WithMany(o => o.Lines).HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ShopLineEvent>(e =>
        {
            e.ToTable("events");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasOne(x => x.Line).WithMany(l => l.Events).HasForeignKey(x => x.LineId).OnDelete(DeleteBehavior.Restrict);
            // What an application that sweeps by date would index; both the library and the baseline use it.
            e.HasIndex(x => x.At);
        });
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnake(property.Name));
            }
        }

        modelBuilder.AddPrivacyAudit();
    }

    private static string ToSnake(string name)
        => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
