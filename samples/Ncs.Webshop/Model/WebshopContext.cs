using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Webshop.Model;

/// <summary>The webshop's database.</summary>
public class WebshopContext(DbContextOptions<WebshopContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<CustomerServiceMessage> Messages => Set<CustomerServiceMessage>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<WebsiteVisit> Visits => Set<WebsiteVisit>();

    public DbSet<UsageStatistic> UsageStatistics => Set<UsageStatistic>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(b =>
        {
            b.HasIndex(c => c.Email).IsUnique();
            b.Property(c => c.Email).HasMaxLength(320);
            b.HasQueryFilter("SoftDelete", c => !c.IsClosed);
        });
        modelBuilder.Entity<Order>(b => b.OwnsOne(o => o.ShippingAddress));
        modelBuilder.Entity<Invoice>(b =>
        {
            b.HasIndex(i => i.Number).IsUnique();
            b.Property(i => i.Amount).HasPrecision(18, 2);
        });
        modelBuilder.Entity<OrderLine>().Property(l => l.UnitPrice).HasPrecision(18, 2);
        modelBuilder.Entity<Product>().HasKey(p => p.Code);
        modelBuilder.Entity<Product>().Property(p => p.Price).HasPrecision(18, 2);
        modelBuilder.AddPrivacyObjections();
        modelBuilder.AddPrivacyAudit();
    }
}
