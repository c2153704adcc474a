using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// One small model per ownership shape of issue 12 (and the shapes it did not list). Every context carries the audit
// table, so that erasure and the retention sweep run on it.

[DataSubject(Subjects.Customer)]
public class Buyer
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [NotPersonalData("The tenant the account belongs to.")] public int TenantId { get; set; }

    [NotPersonalData("A flag.")] public bool IsDeleted { get; set; }

    /// <summary>A row the subject points to (input 4).</summary>
    [NotPersonalData("A reference to the customer's photo.")] public int? AvatarId { get; set; }

    public Avatar? Avatar { get; set; }
}

public class Avatar
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string FileName { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)] public string? Caption { get; set; }
}

/// <summary>Sold by the shop: no subject owns it; its launch date anchors nothing of a line (input 1).</summary>
public class Article
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("A product name.")] public string Name { get; set; } = "";

    [RetentionAnchor, NotPersonalData("When the article was launched.")] public DateOnly LaunchedAt { get; set; }
}

public class Invoice
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int BuyerId { get; set; }

    [RetentionAnchor, NotPersonalData("The invoice date.")] public DateOnly InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string BillingName { get; set; } = "";
}

/// <summary>No anchor of its own; two required references, to its invoice and to an article (input 1).</summary>
public class InvoiceLine
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int InvoiceId { get; set; }

    public int ArticleId { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string Text { get; set; } = "";
}

/// <summary>The same line with the article's foreign key named so that it sorts after the invoice's (input 1, renamed).</summary>
public class ProductLine
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int InvoiceId { get; set; }

    public int ProductId { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string Text { get; set; } = "";
}

/// <summary>A message between two customers (input 2): the sender's; the recipient is named on the field about them.</summary>
public class Message
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int SenderId { get; set; }

    public Buyer Sender { get; set; } = null!;

    public int RecipientId { get; set; }

    public Buyer Recipient { get; set; } = null!;

    [PersonalData(Purposes.Account, Retention.Account)] public string Body { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account, Subject = nameof(Recipient))] public string? RecipientLabel { get; set; }
}

/// <summary>A buyer's card (input 5).</summary>
public class PaymentMethod
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int BuyerId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string CardHolder { get; set; } = "";
}

/// <summary>An order kept for bookkeeping; reaches the buyer directly and through the card it was paid with.</summary>
public class Purchase
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int BuyerId { get; set; }

    public int? PaymentMethodId { get; set; }

    public PaymentMethod? PaymentMethod { get; set; }

    [RetentionAnchor, NotPersonalData("The order date.")] public DateOnly OrderedAt { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string BillingName { get; set; } = "";

    [NotPersonalData("A flag.")] public bool IsDeleted { get; set; }
}

/// <summary>A line of an order: product, quantity, price; nothing personal (input 6).</summary>
public class PurchaseLine
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int PurchaseId { get; set; }

    [NotPersonalData("A product code.")] public string Product { get; set; } = "";

    [NotPersonalData("A quantity.")] public int Quantity { get; set; }

    [NotPersonalData("A price.")] public decimal Price { get; set; }
}

/// <summary>A comment that may answer another comment: a self-reference that is not ownership.</summary>
public class Comment
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int AuthorId { get; set; }

    public int? ReplyToId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Text { get; set; } = "";
}

/// <summary>The ownership shapes of issue 12, decided as the issue says they must be; accepted at start-up.</summary>
public class OwnershipContext(DbContextOptions<OwnershipContext> options) : DbContext(options)
{
    /// <summary>The tenant this context serves (null: every tenant, as a back-office job).</summary>
    public int? Tenant { get; init; }

    public DbSet<Buyer> Buyers => Set<Buyer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Buyer>(b =>
        {
            b.HasQueryFilter("SoftDelete", c => !c.IsDeleted);
            b.HasQueryFilter("Tenant", c => Tenant == null || c.TenantId == Tenant);
            b.HasOne(c => c.Avatar).WithMany().HasForeignKey(c => c.AvatarId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Avatar>();
        modelBuilder.Entity<Article>();
        modelBuilder.Entity<Invoice>().HasOne<Buyer>().WithMany().HasForeignKey(i => i.BuyerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<InvoiceLine>(l =>
        {
            l.HasOne<Invoice>().WithMany().HasForeignKey(x => x.InvoiceId).OnDelete(DeleteBehavior.Restrict);
            l.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Restrict).IsNotOwnership();
        });
        modelBuilder.Entity<ProductLine>(l =>
        {
            l.HasOne<Invoice>().WithMany().HasForeignKey(x => x.InvoiceId).OnDelete(DeleteBehavior.Restrict);
            l.HasOne<Article>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict).IsNotOwnership();
        });
        modelBuilder.Entity<Message>(m =>
        {
            m.HasOne(x => x.Sender).WithMany().HasForeignKey(x => x.SenderId).OnDelete(DeleteBehavior.Restrict);
            m.HasOne(x => x.Recipient).WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<PaymentMethod>().HasOne<Buyer>().WithMany().HasForeignKey(p => p.BuyerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Purchase>(p =>
        {
            p.HasQueryFilter("SoftDelete", x => !x.IsDeleted);
            p.HasOne<Buyer>().WithMany().HasForeignKey(x => x.BuyerId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne(x => x.PaymentMethod).WithMany().HasForeignKey(x => x.PaymentMethodId).OnDelete(DeleteBehavior.Restrict).IsNotOwnership();
        });
        modelBuilder.Entity<PurchaseLine>().HasOne<Purchase>().WithMany().HasForeignKey(l => l.PurchaseId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Comment>(c =>
        {
            c.HasOne<Buyer>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne<Comment>().WithMany().HasForeignKey(x => x.ReplyToId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}
