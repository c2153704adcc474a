using Microsoft.EntityFrameworkCore;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model;

public class ErasureContext(DbContextOptions<ErasureContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();

    public DbSet<Employee> Employees => Set<Employee>();

    public DbSet<SupportTicket> Tickets => Set<SupportTicket>();

    public DbSet<Household> Households => Set<Household>();

    public DbSet<PrivacyAuditRecord> Audit => Set<PrivacyAuditRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(customer =>
        {
            customer.HasQueryFilter("SoftDelete", c => !c.IsDeleted);
            customer.HasIndex(c => c.Email).IsUnique();
            customer.Property(c => c.Name).HasMaxLength(60);
            customer.OwnsOne(c => c.Address);
            customer.HasMany(c => c.Households).WithMany(h => h.Members);
            customer.HasOne<Customer>().WithMany().HasForeignKey(c => c.ReferredById).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Order>().HasQueryFilter("SoftDelete", o => !o.IsDeleted);
        modelBuilder.Entity<Order>().HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Invoice>().HasQueryFilter("SoftDelete", i => !i.IsDeleted);
        modelBuilder.Entity<Invoice>().ComplexProperty(i => i.Contact);
        modelBuilder.Entity<Invoice>().HasOne<Customer>().WithMany(c => c.Invoices).HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Invoice>().HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<SupportTicket>().HasOne(t => t.Customer).WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<SupportTicket>().HasOne(t => t.Agent).WithMany().HasForeignKey(t => t.AgentId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Order>().HasOne(o => o.Customer).WithMany(c => c.Orders).HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        if (Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // An anchor in a column without time zone: the sweep must compare it with an unzoned cutoff.
            modelBuilder.Entity<SupportTicket>().Property(t => t.OpenedAt).HasColumnType("timestamp without time zone");
        }

        modelBuilder.AddPrivacyAudit();
    }
}
