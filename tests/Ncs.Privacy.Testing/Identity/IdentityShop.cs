using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Identity;

/// <summary>
/// The shape of an application made from <c>dotnet new webapp --auth Individual</c>: <c>IdentityDbContext&lt;ApplicationUser&gt;</c>
/// with a few tables of its own (orders under a legal hold, support tickets between a customer and an agent who may
/// be missing, newsletter subscriptions, a login history).
/// </summary>
[PrivacyPolicy(Name = "Identity shop")]
[Controller("Identity Shop AB", Email = "privacy@identity-shop.example")]
public static class IdentityShopPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("People with an account")]
        public const string User = "user";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the user's account.", Subjects = [Subjects.User])]
        public const string Account = "account";

        [Purpose(LegalBasis.LegitimateInterests, "Keep accounts secure: sign-in, two-factor authentication, lockout.", Subjects = [Subjects.User],
            LegitimateInterest = "Protecting the users' accounts against take-over")]
        public const string Security = "security";

        [Purpose(LegalBasis.Contract, "Answer support tickets.", Subjects = [Subjects.User])]
        public const string Support = "support";

        [Purpose(LegalBasis.Consent, "Send the newsletter the user subscribed to.", Subjects = [Subjects.User])]
        public const string Newsletter = "newsletter";

        [Purpose(LegalBasis.LegalObligation, "Keep accounting records.", Subjects = [Subjects.User], Law = "Bokföringslagen (1999:1078)")]
        public const string Bookkeeping = "bookkeeping";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the account exists")]
        public const string WhileAccount = "while-account";

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd, Description = "Accounting records", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
        public const string Bookkeeping = "bookkeeping";
    }
}

/// <summary>The template's user class with one column of its own: members Identity declares are classified by <c>AddIdentity</c>.</summary>
public class ApplicationUser : Microsoft.AspNetCore.Identity.IdentityUser
{
    [PersonalData(IdentityShopPolicy.Purposes.Account, IdentityShopPolicy.Retention.WhileAccount)]
    public string? DisplayName { get; set; }
}

/// <summary>An order: its amount is an accounting record under a legal hold, so the user's row must stay.</summary>
public class ShopOrder
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    public string UserId { get; set; } = "";

    public ApplicationUser? User { get; set; }

    [PersonalData(IdentityShopPolicy.Purposes.Bookkeeping, IdentityShopPolicy.Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public decimal Amount { get; set; }

    [RetentionAnchor]
    [NotPersonalData("When the order was placed")]
    public DateTime PlacedAt { get; set; }
}

/// <summary>A support ticket between a customer and an agent (another user), who may be missing.</summary>
public class SupportTicket
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    public string CustomerId { get; set; } = "";

    public ApplicationUser? Customer { get; set; }

    public string? AgentId { get; set; }

    public ApplicationUser? Agent { get; set; }

    [PersonalData(IdentityShopPolicy.Purposes.Support, IdentityShopPolicy.Retention.WhileAccount)]
    public string Question { get; set; } = "";

    [PersonalData(IdentityShopPolicy.Purposes.Support, IdentityShopPolicy.Retention.WhileAccount, Subject = nameof(Agent))]
    public string? AgentSignature { get; set; }
}

/// <summary>A newsletter subscription.</summary>
public class NewsletterSubscription
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    public string UserId { get; set; } = "";

    public ApplicationUser? User { get; set; }

    [PersonalData(IdentityShopPolicy.Purposes.Newsletter, IdentityShopPolicy.Retention.WhileAccount)]
    public DateTime SubscribedAt { get; set; }
}

/// <summary>The template's context with the application's tables.</summary>
public class IdentityShopContext(DbContextOptions<IdentityShopContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<ShopOrder> Orders => Set<ShopOrder>();

    public DbSet<SupportTicket> Tickets => Set<SupportTicket>();

    public DbSet<NewsletterSubscription> Newsletters => Set<NewsletterSubscription>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<ShopOrder>().Property(o => o.Amount).HasPrecision(18, 2);
        builder.Entity<ShopOrder>().HasOne(o => o.User).WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.Entity<SupportTicket>().HasOne(t => t.Customer).WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.Entity<SupportTicket>().HasOne(t => t.Agent).WithMany().HasForeignKey(t => t.AgentId).OnDelete(DeleteBehavior.Restrict);
        builder.AddPrivacyObjections();
        builder.AddPrivacyAudit();
    }
}
