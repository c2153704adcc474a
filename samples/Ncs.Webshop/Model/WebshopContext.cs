using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Webshop.Model;

/// <summary>The webshop's database: ASP.NET Core Identity's tables (customers are its users) and the shop's own.</summary>
public class WebshopContext(DbContextOptions<WebshopContext> options) : IdentityDbContext<Customer, IdentityRole<int>, int>(options)
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
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Customer>(b =>
        {
            b.ToTable("Customers");
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
        modelBuilder.AddPrivacyRequests();
    }
}
