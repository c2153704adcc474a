using Microsoft.EntityFrameworkCore;
using Ncs.Privacy;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Shop.Distributed;

/// <summary>The shop's policy, shared by its three services.</summary>
[PrivacyPolicy(Name = "NCS Colour shop (services)")]
[Controller("NCS Colour AB", Email = "info@ncscolour.com")]
public static class ShopPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("Customers with an account")]
        public const string Customer = "customer";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the customer's account.", Subjects = [Subjects.Customer])]
        public const string Account = "account";

        [Purpose(LegalBasis.Contract, "Deliver orders.", Subjects = [Subjects.Customer])]
        public const string Orders = "orders";

        [Purpose(LegalBasis.LegalObligation, "Keep accounting records.", Subjects = [Subjects.Customer], Law = "Bokföringslagen (1999:1078)")]
        public const string Bookkeeping = "bookkeeping";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the account exists")]
        public const string Account = "account";

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYear, Description = "Accounting records", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
        public const string Bookkeeping = "bookkeeping";

        [RetentionRule("P30D", Description = "Thirty days after the basket last changed")]
        public const string Basket = "basket";
    }
}

// identity service: the customer's root
[DataSubject(ShopPolicy.Subjects.Customer)]
public class Customer
{
    [NotPersonalData("The identity service's user id: a random value.")]
    public string Id { get; set; } = "";

    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Account)]
    public string Email { get; set; } = "";

    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Account)]
    public string Name { get; set; } = "";
}

public class IdentityContext(DbContextOptions<IdentityContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddPrivacyAudit();
        modelBuilder.AddPrivacyRequests();
    }
}

// ordering service: refers to the customer by value
public class Order
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(ShopPolicy.Subjects.Customer)]
    [NotPersonalData("The identity service's user id: a random value.")]
    public string BuyerId { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the order was placed.")]
    public DateTime PlacedAt { get; set; }

    [PersonalData(ShopPolicy.Purposes.Orders, ShopPolicy.Retention.Account)]
    public string DeliveryAddress { get; set; } = "";

    [PersonalData(ShopPolicy.Purposes.Bookkeeping, ShopPolicy.Retention.Bookkeeping)]
    public string BillingName { get; set; } = "";
}

public class OrderingContext(DbContextOptions<OrderingContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddPrivacyAudit();
}

// basket service: keyed by the customer's id
public class Basket
{
    [NotPersonalData("The identity service's user id: a random value.")]
    public string UserId { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the basket last changed.")]
    public DateTime UpdatedAt { get; set; }

    [PersonalData(ShopPolicy.Purposes.Orders, ShopPolicy.Retention.Basket)]
    public string? Note { get; set; }
}

public class BasketContext(DbContextOptions<BasketContext> options) : DbContext(options)
{
    public DbSet<Basket> Baskets => Set<Basket>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Basket>().HasKey(b => b.UserId);
        modelBuilder.Entity<Basket>().Property(b => b.UserId).IsSubjectReference(ShopPolicy.Subjects.Customer);
        modelBuilder.AddPrivacyAudit();
    }
}
