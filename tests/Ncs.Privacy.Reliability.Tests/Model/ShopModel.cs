using Microsoft.EntityFrameworkCore;
using static Ncs.Privacy.Reliability.Tests.Model.ReliabilityPolicy;

namespace Ncs.Privacy.Reliability.Tests.Model;

/// <summary>The subject: owned address, many-to-many households, soft deletion, unique e-mail, NOT NULL name.</summary>
[DataSubject(Subjects.Customer)]
public class Customer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account, Anonymisation = AnonymisationStrategy.RandomEmail)]
    [PersonalData(Purposes.Marketing, Retention.Account, Anonymisation = AnonymisationStrategy.RandomEmail)]
    public string Email { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Phone { get; set; }

    [NotPersonalData("A flag.")]
    public bool IsDeleted { get; set; }

    [NotPersonalData("The tenant (shop) the account belongs to.")]
    public int TenantId { get; set; }

    public PostalAddress? Address { get; set; }

    /// <summary>A row the subject points to (issue 12); two customers may share one.</summary>
    public int? AvatarId { get; set; }

    public List<Order> Orders { get; set; } = [];

    public List<Invoice> Invoices { get; set; } = [];

    public List<Household> Households { get; set; } = [];
}

/// <summary>A photo a customer's row points to: the customer's when nobody else uses it, kept when someone does.</summary>
public class Avatar
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Caption { get; set; } = "";
}

/// <summary>A message between two customers (two foreign keys to one root): the sender's row; the label is about the recipient.</summary>
public class Message
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int SenderId { get; set; }

    public Customer Sender { get; set; } = null!;

    public int RecipientId { get; set; }

    public Customer Recipient { get; set; } = null!;

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Body { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account, Subject = nameof(Recipient))]
    public string? RecipientLabel { get; set; }
}

public class PostalAddress
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Street { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string City { get; set; } = "";
}

/// <summary>Many-to-many: a row that may concern several customers.</summary>
public class Household
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public List<Customer> Members { get; set; } = [];
}

/// <summary>
/// A delivery slip an order points to (issue 12: rows the subject points to from a row below the root). Slips are numbered
/// per tenant (the key is tenant and number), so tenant 1's slip 1 and tenant 2's slip 1 both exist; several orders, of one
/// customer or of several customers of the tenant, may share one.
/// </summary>
public class DeliverySlip
{
    [NotPersonalData("The tenant (shop) whose numbering the slip belongs to.")]
    public int TenantId { get; set; }

    [NotPersonalData("The slip's number within its tenant.")]
    public int Number { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Recipient { get; set; } = "";
}

public class Order
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [NotPersonalData("The tenant of the order's customer; with the slip number, the order's delivery slip.")]
    public int TenantId { get; set; }

    public int? DeliverySlipNumber { get; set; }

    public Customer Customer { get; set; } = null!;

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? DeliveryNote { get; set; }

    [NotPersonalData("A flag.")]
    public bool IsDeleted { get; set; }

    public List<OrderLine> Lines { get; set; } = [];
}

/// <summary>Two levels below the subject.</summary>
public class OrderLine
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int OrderId { get; set; }

    [NotPersonalData("A product code.")]
    public string Product { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? GiftMessage { get; set; }
}

/// <summary>
/// The billing address an invoice points to (issue 12: a row the subject points to from a row below its root, found by its
/// single key): deleted with the subject when only the subject's erased invoices use it, kept anonymised when only the
/// subject's held invoices do, kept as it is when another customer's invoice uses it.
/// </summary>
public class BillingAddress
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Street { get; set; } = "";
}

/// <summary>Held by Bokföringslagen from its date.</summary>
public class Invoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";

    public int? BillingAddressId { get; set; }

    [NotPersonalData("An amount.")]
    public long AmountCents { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Note { get; set; }

    [NotPersonalData("A flag.")]
    public bool IsDeleted { get; set; }

    public List<InvoiceLine> Lines { get; set; } = [];
}

/// <summary>Its hold counts from its invoice's date.</summary>
public class InvoiceLine
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int InvoiceId { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)]
    public string Text { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? GiftWrapNote { get; set; }
}

[DataSubject(Subjects.Employee)]
public class Employee
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

/// <summary>One row about two subjects: the customer's question and the agent's notes.</summary>
public class SupportTicket
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int? CustomerId { get; set; }

    public Customer? Customer { get; set; }

    public int AgentId { get; set; }

    public Employee Agent { get; set; } = null!;

    [RetentionAnchor]
    [NotPersonalData("When the ticket was opened.")]
    public DateTime OpenedAt { get; set; }

    [PersonalData(Purposes.Service, Retention.Service)]
    public string Question { get; set; } = "";

    [PersonalData(Purposes.Service, Retention.Service, Subject = nameof(Agent))]
    public string? AgentNotes { get; set; }
}

public class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    /// <summary>The tenant this context serves; null serves every tenant (the default registration).</summary>
    public int? Tenant { get; init; }

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Household> Households => Set<Household>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();

    public DbSet<Employee> Employees => Set<Employee>();

    public DbSet<SupportTicket> Tickets => Set<SupportTicket>();

    public DbSet<Avatar> Avatars => Set<Avatar>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<DeliverySlip> DeliverySlips => Set<DeliverySlip>();

    public DbSet<BillingAddress> BillingAddresses => Set<BillingAddress>();

    public DbSet<PrivacyAuditRecord> Audit => Set<PrivacyAuditRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(customer =>
        {
            customer.HasQueryFilter("SoftDelete", c => !c.IsDeleted);
            customer.HasQueryFilter("Tenant", c => Tenant == null || c.TenantId == Tenant);
            customer.HasIndex(c => c.Email).IsUnique();
            customer.Property(c => c.Name).HasMaxLength(60);
            customer.OwnsOne(c => c.Address);
            customer.HasMany(c => c.Households).WithMany(h => h.Members);
            customer.HasOne<Avatar>().WithMany().HasForeignKey(c => c.AvatarId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Message>().HasOne(m => m.Sender).WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Message>().HasOne(m => m.Recipient).WithMany().HasForeignKey(m => m.RecipientId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Order>().HasQueryFilter("SoftDelete", o => !o.IsDeleted);
        modelBuilder.Entity<Order>().HasOne(o => o.Customer).WithMany(c => c.Orders).HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<DeliverySlip>().HasKey(s => new { s.TenantId, s.Number });
        modelBuilder.Entity<Order>().HasOne<DeliverySlip>().WithMany().HasForeignKey(o => new { o.TenantId, o.DeliverySlipNumber }).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Order>().HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Invoice>().HasQueryFilter("SoftDelete", i => !i.IsDeleted);
        modelBuilder.Entity<Invoice>().HasOne<Customer>().WithMany(c => c.Invoices).HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Invoice>().HasOne<BillingAddress>().WithMany().HasForeignKey(i => i.BillingAddressId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Invoice>().HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<SupportTicket>().HasOne(t => t.Customer).WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<SupportTicket>().HasOne(t => t.Agent).WithMany().HasForeignKey(t => t.AgentId).OnDelete(DeleteBehavior.Restrict);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var key in entity.GetProperties().Where(p => p.Name == "Id" && p.ClrType == typeof(int)))
            {
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }

        modelBuilder.AddPrivacyAudit();
    }
}
