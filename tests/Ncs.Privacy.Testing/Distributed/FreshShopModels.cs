using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Distributed;

// Shapes a new user writes when splitting a shop into services after dotnet/eShop (issue 17, fresh tester): identity
// keyed by Guid, webhooks and payment cards referring to the user by value (a nullable Guid, a required Guid), and a
// support chat whose row names two customers by value (sender and recipient).

/// <summary>An identity service whose users have Guid ids (ASP.NET Core Identity with <c>IdentityUser&lt;Guid&gt;</c>).</summary>
[DataSubject(DistributedPolicy.Subjects.Customer)]
public class GuidUser
{
    [NotPersonalData("The identity service's user id: a random value.")]
    public Guid Id { get; set; }

    [PersonalData(DistributedPolicy.Purposes.Account, DistributedPolicy.Retention.Account)]
    public string Email { get; set; } = "";
}

public class GuidIdentityContext(DbContextOptions<GuidIdentityContext> options) : DbContext(options)
{
    public DbSet<GuidUser> Users => Set<GuidUser>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddPrivacyAudit();
}

/// <summary>eShop's webhook subscription: an optional owner (NULL: a system subscription), held by value as a Guid.</summary>
public class GuidWebhook
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public Guid? UserId { get; set; }

    [PersonalData(DistributedPolicy.Purposes.Account, DistributedPolicy.Retention.Account)]
    public string DestUrl { get; set; } = "";
}

/// <summary>eShop's payment method: a required Guid reference to its buyer.</summary>
public class GuidCard
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public Guid BuyerId { get; set; }

    [PersonalData(DistributedPolicy.Purposes.Orders, DistributedPolicy.Retention.Account)]
    public string CardHolderName { get; set; } = "";
}

public class GuidWebhooksContext(DbContextOptions<GuidWebhooksContext> options) : DbContext(options)
{
    public DbSet<GuidWebhook> Webhooks => Set<GuidWebhook>();

    public DbSet<GuidCard> Cards => Set<GuidCard>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddPrivacyAudit();
}

/// <summary>
/// A support chat in its own service: one row names two customers by value, the sender and the recipient. Erasing the
/// recipient must not erase the sender's message (one owner per row: the app decides, never silently both).
/// </summary>
public class ChatMessage
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public string SenderId { get; set; } = "";

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public string? RecipientId { get; set; }

    [PersonalData(DistributedPolicy.Purposes.Account, DistributedPolicy.Retention.Account)]
    public string Body { get; set; } = "";
}

public class ChatContext(DbContextOptions<ChatContext> options) : DbContext(options)
{
    public DbSet<ChatMessage> Messages => Set<ChatMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ChatMessage>().Property(m => m.SenderId).HasMaxLength(64);
        modelBuilder.Entity<ChatMessage>().Property(m => m.RecipientId).HasMaxLength(64);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>The chat decided with the attribute: the recipient does not own the message, the sender does.</summary>
public class DecidedChatMessage
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public string SenderId { get; set; } = "";

    [SubjectReference(DistributedPolicy.Subjects.Customer, OwnsRow = false)]
    public string? RecipientId { get; set; }

    [PersonalData(DistributedPolicy.Purposes.Account, DistributedPolicy.Retention.Account)]
    public string Body { get; set; } = "";
}

public class DecidedChatContext(DbContextOptions<DecidedChatContext> options) : DbContext(options)
{
    public DbSet<DecidedChatMessage> Messages => Set<DecidedChatMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddPrivacyAudit();
}

/// <summary>The undecided chat decided with the fluent API, for a type the application does not annotate.</summary>
public class FluentDecidedChatContext(DbContextOptions<FluentDecidedChatContext> options) : DbContext(options)
{
    public DbSet<ChatMessage> Messages => Set<ChatMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ChatMessage>().Property(m => m.RecipientId).IsSubjectReference(DistributedPolicy.Subjects.Customer, ownsRow: false);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A catalog service: products only, no data subject of any category. Declared by mistake as holding customers.</summary>
public class CatalogProduct
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [NotPersonalData("A product's name.")]
    public string Name { get; set; } = "";
}

public class CatalogContext(DbContextOptions<CatalogContext> options) : DbContext(options)
{
    public DbSet<CatalogProduct> Products => Set<CatalogProduct>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddPrivacyAudit();
}

/// <summary>eShop's DDD shape: the buyer is a value object owned by the order, and it holds the user id by value.</summary>
public class BuyerInfo
{
    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public string UserId { get; set; } = "";

    [PersonalData(DistributedPolicy.Purposes.Orders, DistributedPolicy.Retention.Account)]
    public string Name { get; set; } = "";
}

public class OwnedBuyerOrder
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public BuyerInfo Buyer { get; set; } = new();
}

public class OwnedBuyerContext(DbContextOptions<OwnedBuyerContext> options) : DbContext(options)
{
    public DbSet<OwnedBuyerOrder> Orders => Set<OwnedBuyerOrder>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OwnedBuyerOrder>().OwnsOne(o => o.Buyer);
        modelBuilder.AddPrivacyAudit();
    }
}
