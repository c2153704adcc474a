using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Distributed;

/// <summary>
/// A shop split into three services, each with its own database: identity (the customer's root), ordering (orders refer to
/// the customer by value, <c>BuyerId</c>, declared with the attribute) and basket (a basket keyed by the user's id,
/// declared with the fluent API). Neither ordering nor basket maps the customer.
/// </summary>
[PrivacyPolicy(Name = "Distributed shop")]
[Controller("Distributed Shop AB", Email = "privacy@distributed.example", RegistrationNumber = "556000-0017")]
public static class DistributedPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("People with an account in the shop.")]
        public const string Customer = "customer";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the customer's account.", Subjects = [Subjects.Customer])]
        public const string Account = "account";

        [Purpose(LegalBasis.Contract, "Deliver what the customer ordered.", Subjects = [Subjects.Customer])]
        public const string Orders = "orders";

        [Purpose(LegalBasis.LegalObligation, "Keep accounting records.", Subjects = [Subjects.Customer], Law = "Bokföringslagen (1999:1078)")]
        public const string Bookkeeping = "bookkeeping";

        [Purpose(LegalBasis.Contract, "Keep what the customer put in the basket.", Subjects = [Subjects.Customer])]
        public const string Basket = "basket";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the account exists.")]
        public const string Account = "account";

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYear, Description = "Accounting records.", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
        public const string Bookkeeping = "bookkeeping";

        [RetentionRule("P30D", Description = "Thirty days after the basket last changed.")]
        public const string AbandonedBasket = "abandoned-basket";
    }
}

// ---- identity service: the root -------------------------------------------------------------------------------

[DataSubject(DistributedPolicy.Subjects.Customer)]
public class Account
{
    [NotPersonalData("The identity service's user id: a random value.")]
    public string Id { get; set; } = "";

    [PersonalData(DistributedPolicy.Purposes.Account, DistributedPolicy.Retention.Account)]
    public string Email { get; set; } = "";

    [PersonalData(DistributedPolicy.Purposes.Account, DistributedPolicy.Retention.Account)]
    public string Name { get; set; } = "";
}

public class IdentityServiceContext(DbContextOptions<IdentityServiceContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>().Property(a => a.Id).HasMaxLength(64);
        modelBuilder.AddPrivacyAudit();
        modelBuilder.AddPrivacyRequests();
    }
}

// ---- ordering service: refers to the customer by value (attribute) ------------------------------------------------

public class Order
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public string BuyerId { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the order was placed.")]
    public DateTime PlacedAt { get; set; }

    [PersonalData(DistributedPolicy.Purposes.Orders, DistributedPolicy.Retention.Account)]
    public string DeliveryAddress { get; set; } = "";

    [PersonalData(DistributedPolicy.Purposes.Bookkeeping, DistributedPolicy.Retention.Bookkeeping)]
    public string BillingName { get; set; } = "";

    public List<OrderLine> Lines { get; set; } = [];
}

public class OrderLine
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int OrderId { get; set; }

    [NotPersonalData("A product code.")]
    public string Product { get; set; } = "";

    [PersonalData(DistributedPolicy.Purposes.Orders, DistributedPolicy.Retention.Account)]
    public string? GiftMessage { get; set; }
}

public class OrderingContext(DbContextOptions<OrderingContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>().Property(o => o.BuyerId).HasMaxLength(64);
        modelBuilder.Entity<Order>().HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
        modelBuilder.AddPrivacyAudit();
    }
}

// ---- basket service: keyed by the user's id, declared with the fluent API -------------------------------------------

public class Basket
{
    public string UserId { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the basket last changed.")]
    public DateTime UpdatedAt { get; set; }

    public List<BasketItem> Items { get; set; } = [];
}

public class BasketItem
{
    public int Id { get; set; }

    public string BasketUserId { get; set; } = "";

    [NotPersonalData("A product code.")]
    public string Product { get; set; } = "";

    [PersonalData(DistributedPolicy.Purposes.Basket, DistributedPolicy.Retention.AbandonedBasket)]
    public string? Note { get; set; }
}

public class BasketContext(DbContextOptions<BasketContext> options) : DbContext(options)
{
    public DbSet<Basket> Baskets => Set<Basket>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Basket>(basket =>
        {
            basket.HasKey(b => b.UserId);
            basket.Property(b => b.UserId).HasMaxLength(64).IsSubjectReference(DistributedPolicy.Subjects.Customer);
            basket.HasMany(b => b.Items).WithOne().HasForeignKey(i => i.BasketUserId);
        });
        modelBuilder.AddPrivacyAudit();
    }
}
