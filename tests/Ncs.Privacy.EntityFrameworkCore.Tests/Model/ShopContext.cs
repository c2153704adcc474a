using Microsoft.EntityFrameworkCore;

namespace Ncs.Privacy.EntityFrameworkCore.Tests.Model;

public class ShopContext : DbContext
{
    public ShopContext(DbContextOptions<ShopContext> options)
        : base(options)
    {
    }

    /// <summary>For the derived contexts that simulate schema changes.</summary>
    protected ShopContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Employee> Employees => Set<Employee>();

    public DbSet<SupportTicket> Tickets => Set<SupportTicket>();

    public DbSet<Household> Households => Set<Household>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(customer =>
        {
            customer.HasQueryFilter("SoftDelete", c => !c.IsDeleted);
            customer.OwnsOne(c => c.Address);
            customer.OwnsMany(c => c.Phones, phone => phone.HasKey(p => p.Id));
            customer.HasMany(c => c.Households).WithMany(h => h.Members);

            // A shadow property classified in the model builder.
            customer.Property<string>("ReferralCode").IsPersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account);
        });
        modelBuilder.Entity<BusinessCustomer>();
        modelBuilder.Entity<Order>().HasQueryFilter("SoftDelete", o => !o.IsDeleted);
        modelBuilder.Entity<Order>().Property(o => o.OrderedAt);
        modelBuilder.Entity<Shipment>().HasKey(s => new { s.OrderId, s.Number });
        modelBuilder.Entity<Shipment>().Property(s => s.Number).ValueGeneratedNever();
        modelBuilder.Entity<Shipment>().HasMany(s => s.Events).WithOne(e => e.Shipment).HasForeignKey(e => new { e.OrderId, e.ShipmentNumber });
        modelBuilder.Entity<Payment>().ToTable("Payments");
        modelBuilder.Entity<CardPayment>().ToTable("CardPayments");
    }
}

/// <summary>Review: an entity added by a schema change; <see cref="Text"/> is not classified.</summary>
public class Review
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public string Text { get; set; } = "";
}

/// <summary>The shop after a schema change: a new shadow column on Customer and a new entity, neither classified.</summary>
public class ChangedShopContext(DbContextOptions options) : ShopContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Customer>().Property<string>("Nickname");
        modelBuilder.Entity<Review>().HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId);
    }
}

/// <summary>The same schema change, classified.</summary>
public class ClassifiedChangedShopContext(DbContextOptions options) : ShopContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Customer>().Property<string>("Nickname").IsPersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Account);
        modelBuilder.Entity<Review>().HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId);
        modelBuilder.Entity<Review>().Property(r => r.Text).IsPersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account); // a rule with a period would need an anchor Review lacks (RetentionWithoutAnchor)
    }
}

/// <summary>Contradicts an attribute: Customer.Name is [PersonalData] but is said here to be no personal data.</summary>
public class ContradictoryShopContext(DbContextOptions options) : ShopContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Customer>().Property(c => c.Name).IsNotPersonalData("It is only a name.");
    }
}
