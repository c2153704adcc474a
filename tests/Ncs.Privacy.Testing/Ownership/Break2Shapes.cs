using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// Shapes a second fresh tester took from real applications (an address book with order address copies as in
// nopCommerce, chat threads, threaded comments, a gift recipient in an owned value object, a member number as the
// principal key, invoices two levels below their dated order, a marketplace sale with buyer and seller, a referrer,
// composite keys). Used by Break2OwnershipTests.

/// <summary>A shop customer: an address book (many-to-many), a billing address, a member number, a referrer.</summary>
[DataSubject(Subjects.Customer)]
public class Shopper
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [NotPersonalData("A card number printed on a plastic loyalty card; no meaning outside the shop.")] public int MemberNumber { get; set; }

    [NotPersonalData("A reference.")] public int? BillingAddressId { get; set; }

    [NotPersonalData("A reference.")] public int? ReferrerId { get; set; }

    public List<PostalAddress> Addresses { get; set; } = [];
}

/// <summary>An address: in a customer's address book, a customer's billing address, or an order's copy (nopCommerce).</summary>
public class PostalAddress
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Street { get; set; } = "";
}

/// <summary>An order with the copy of the address it was shipped to.</summary>
public class AddressedOrder
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int ShopperId { get; set; }

    public int ShippingAddressId { get; set; }

    [NotPersonalData("An amount.")] public decimal Total { get; set; }
}

/// <summary>A base of the shopper contexts: a tenant the services were resolved for.</summary>
public abstract class ShopperContext<TContext>(DbContextOptions<TContext> options) : BreakContext<TContext>(options)
    where TContext : DbContext
{
    /// <summary>The shopper with only the relationships a shape uses (the others ignored).</summary>
    protected static void ConfigureShopper(ModelBuilder modelBuilder, bool addresses = false, bool billing = false, bool referrer = false, bool memberNumber = false)
        => modelBuilder.Entity<Shopper>(b =>
        {
            if (!addresses)
            {
                b.Ignore(s => s.Addresses);
            }
            else
            {
                b.HasMany(s => s.Addresses).WithMany();
            }

            if (billing)
            {
                b.HasOne<PostalAddress>().WithMany().HasForeignKey(s => s.BillingAddressId).OnDelete(DeleteBehavior.Restrict);
            }
            else
            {
                b.Ignore(s => s.BillingAddressId);
            }

            if (referrer)
            {
                b.HasOne<Shopper>().WithMany().HasForeignKey(s => s.ReferrerId).OnDelete(DeleteBehavior.Restrict);
            }
            else
            {
                b.Ignore(s => s.ReferrerId);
            }

            if (memberNumber)
            {
                b.HasAlternateKey(s => s.MemberNumber);
            }
            else
            {
                b.Ignore(s => s.MemberNumber);
            }
        });
}

/// <summary>nopCommerce's addresses: an address book (many-to-many), a billing address on the customer, an address copy per order.</summary>
public class AddressBookContext(DbContextOptions<AddressBookContext> options) : ShopperContext<AddressBookContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder, addresses: true, billing: true);
        modelBuilder.Entity<AddressedOrder>(o =>
        {
            o.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ShopperId).OnDelete(DeleteBehavior.Restrict);
            o.HasOne<PostalAddress>().WithMany().HasForeignKey(x => x.ShippingAddressId).OnDelete(DeleteBehavior.Restrict);
            o.Property(x => x.Total).HasPrecision(10, 2);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A chat thread a customer opened; others post in it.</summary>
public class ChatThread
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int CreatorId { get; set; }

    [NotPersonalData("A topic chosen from a list.")] public string Topic { get; set; } = "";
}

/// <summary>A post in a thread: its author's.</summary>
public class ChatPost
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int ThreadId { get; set; }

    public int AuthorId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Body { get; set; } = "";
}

/// <summary>Threads and posts; a post is its author's, not the thread creator's (IsNotOwnership on the thread); the post's thread cascades (EF Core's default for a required relationship).</summary>
public class ChatContext(DbContextOptions<ChatContext> options) : ShopperContext<ChatContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<ChatThread>().HasOne<Shopper>().WithMany().HasForeignKey(t => t.CreatorId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<ChatPost>(p =>
        {
            p.HasOne<Shopper>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne<ChatThread>().WithMany().HasForeignKey(x => x.ThreadId).IsNotOwnership();
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A comment, possibly a reply to another (a self-reference).</summary>
public class Remark
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int AuthorId { get; set; }

    public int? ParentId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Text { get; set; } = "";
}

/// <summary>Threaded comments: a reply refers to the comment it answers.</summary>
public class RemarkContext(DbContextOptions<RemarkContext> options) : ShopperContext<RemarkContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Remark>(r =>
        {
            r.HasOne<Shopper>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<Remark>().WithMany().HasForeignKey(x => x.ParentId);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A dated order; its invoice has no date; the invoice's lines are kept for bookkeeping.</summary>
public class DatedOrder
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int ShopperId { get; set; }

    [RetentionAnchor, NotPersonalData("The order date.")] public DateOnly PlacedAt { get; set; }
}

public class UndatedInvoice
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int OrderId { get; set; }

    [NotPersonalData("An invoice number.")] public string Number { get; set; } = "";
}

public class UndatedInvoiceLine
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int InvoiceId { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string Text { get; set; } = "";
}

/// <summary>A legal hold two levels below the anchor: line → invoice → order (dated) → shopper.</summary>
public class DeepHoldContext(DbContextOptions<DeepHoldContext> options) : ShopperContext<DeepHoldContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<DatedOrder>().HasOne<Shopper>().WithMany().HasForeignKey(x => x.ShopperId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<UndatedInvoice>().HasOne<DatedOrder>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<UndatedInvoiceLine>().HasOne<UndatedInvoice>().WithMany().HasForeignKey(x => x.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>Gift details in an order (a value object): the recipient is another customer.</summary>
public class GiftDetails
{
    public int? RecipientId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string? RecipientName { get; set; }
}

public class GiftOrder
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int BuyerId { get; set; }

    public GiftDetails Gift { get; set; } = new();
}

/// <summary>An order whose owned gift details refer to the recipient, another customer.</summary>
public class GiftContext(DbContextOptions<GiftContext> options) : ShopperContext<GiftContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<GiftOrder>(o =>
        {
            o.HasOne<Shopper>().WithMany().HasForeignKey(x => x.BuyerId).OnDelete(DeleteBehavior.Restrict);
            o.OwnsOne(x => x.Gift, g => g.HasOne<Shopper>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict));
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A stamp card that refers to its shopper by member number (an alternate key), not by id.</summary>
public class StampCard
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int MemberNumber { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Note { get; set; } = "";
}

public class MemberNumberContext(DbContextOptions<MemberNumberContext> options) : ShopperContext<MemberNumberContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder, memberNumber: true);
        modelBuilder.Entity<StampCard>().HasOne<Shopper>().WithMany().HasForeignKey(x => x.MemberNumber).HasPrincipalKey(s => s.MemberNumber).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A marketplace sale: the buyer's row; the seller's note is about the seller.</summary>
public class Sale
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int BuyerId { get; set; }

    public Shopper Buyer { get; set; } = null!;

    public int SellerId { get; set; }

    public Shopper Seller { get; set; } = null!;

    [PersonalData(Purposes.Account, Retention.Account)] public string DeliveryNote { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account, Subject = nameof(Seller))] public string SellerNote { get; set; } = "";
}

public class SaleContext(DbContextOptions<SaleContext> options) : ShopperContext<SaleContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Sale>(s =>
        {
            s.HasOne(x => x.Buyer).WithMany().HasForeignKey(x => x.BuyerId).OnDelete(DeleteBehavior.Restrict);
            s.HasOne(x => x.Seller).WithMany().HasForeignKey(x => x.SellerId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A customer who referred others (a self-reference on the subject root).</summary>
public class ReferrerContext(DbContextOptions<ReferrerContext> options) : ShopperContext<ReferrerContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder, referrer: true);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A booking keyed by (shopper, sequence number); its guests refer to it by both columns.</summary>
public class Booking
{
    public int ShopperId { get; set; }

    [NotPersonalData("A sequence number.")] public int Seq { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Note { get; set; } = "";
}

public class BookingGuest
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int BookingShopperId { get; set; }

    public int BookingSeq { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string GuestName { get; set; } = "";
}

public class BookingContext(DbContextOptions<BookingContext> options) : ShopperContext<BookingContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Booking>(b =>
        {
            b.HasKey(x => new { x.ShopperId, x.Seq });
            b.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ShopperId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<BookingGuest>().HasOne<Booking>().WithMany().HasForeignKey(x => new { x.BookingShopperId, x.BookingSeq }).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A line of a tenant's order (no filter of its own: it is in its order's tenant).</summary>
public class TenantOrderLine
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int TenantOrderId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string GiftText { get; set; } = "";
}

/// <summary>A global person (no tenant filter), orders per tenant ("Tenant" filter), lines without a filter of their own.</summary>
public class GlobalPersonLinesContext(DbContextOptions<GlobalPersonLinesContext> options) : BreakContext<GlobalPersonLinesContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>(b =>
        {
            b.HasQueryFilter("SoftDelete", c => !c.IsDeleted);
            b.Ignore(c => c.PhotoId);
            b.Ignore(c => c.DefaultCardId);
        });
        modelBuilder.Entity<TenantOrder>(o =>
        {
            o.HasQueryFilter("Tenant", x => Tenant == null || x.TenantId == Tenant);
            o.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<TenantOrderLine>().HasOne<TenantOrder>().WithMany().HasForeignKey(x => x.TenantOrderId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A party (TPH base, not a subject) with a picture; customers are the subjects, staff are not.</summary>
public abstract class Party
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [NotPersonalData("A reference.")] public int? PictureId { get; set; }
}

[DataSubject(Subjects.Customer)]
public class PartyCustomer : Party
{
    [PersonalData(Purposes.Account, Retention.Account)] public string? Phone { get; set; }
}

public class PartyStaff : Party
{
    [NotPersonalData("A job title.")] public string Title { get; set; } = "";
}

/// <summary>A picture a party uses.</summary>
public class Picture
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string FileName { get; set; } = "";
}

/// <summary>TPH: the subject is a derived type; the picture reference is declared on the base type.</summary>
public class PartyContext(DbContextOptions<PartyContext> options) : BreakContext<PartyContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Party>().HasOne<Picture>().WithMany().HasForeignKey(p => p.PictureId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<PartyCustomer>();
        modelBuilder.Entity<PartyStaff>();
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A profile value object, stored in the customer's row, that refers to the customer's picture.</summary>
public class Profile
{
    [PersonalData(Purposes.Account, Retention.Account)] public string? Bio { get; set; }

    public int? PictureId { get; set; }
}

[DataSubject(Subjects.Customer)]
public class ProfiledCustomer
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    public Profile Profile { get; set; } = new();
}

/// <summary>The reference to the picture is declared on an owned type (OwnsOne) of the subject's row.</summary>
public class ProfileContext(DbContextOptions<ProfileContext> options) : BreakContext<ProfileContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProfiledCustomer>().OwnsOne(c => c.Profile, p => p.HasOne<Picture>().WithMany().HasForeignKey(x => x.PictureId).OnDelete(DeleteBehavior.Restrict));
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A conversation its creator opened with participants (many-to-many).</summary>
public class Conversation
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int CreatorId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Title { get; set; } = "";

    public List<Shopper> Participants { get; set; } = [];
}

/// <summary>Conversations: the creator's row, with participants linked through a join table.</summary>
public class ConversationContext(DbContextOptions<ConversationContext> options) : ShopperContext<ConversationContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Conversation>(c =>
        {
            c.HasOne<Shopper>().WithMany().HasForeignKey(x => x.CreatorId).OnDelete(DeleteBehavior.Restrict);
            c.HasMany(x => x.Participants).WithMany();
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A note about a party (TPH base): a customer's or a staff member's.</summary>
public class PartyNote
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int PartyId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Text { get; set; } = "";
}

/// <summary>TPH: the subject is a derived type; notes refer to the base type (customers' and staff's notes in one table).</summary>
public class PartyNoteContext(DbContextOptions<PartyNoteContext> options) : BreakContext<PartyNoteContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Party>().Ignore(p => p.PictureId);
        modelBuilder.Entity<PartyCustomer>();
        modelBuilder.Entity<PartyStaff>();
        modelBuilder.Entity<PartyNote>().HasOne<Party>().WithMany().HasForeignKey(n => n.PartyId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A shipment, the buyer's row; the recipient's name is about the recipient and kept for bookkeeping.</summary>
public class Shipment
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int BuyerId { get; set; }

    public Shopper Buyer { get; set; } = null!;

    public int RecipientId { get; set; }

    public Shopper Recipient { get; set; } = null!;

    [RetentionAnchor, NotPersonalData("The shipping date.")] public DateOnly ShippedAt { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string? BuyerNote { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain, Subject = nameof(Recipient))] public string RecipientName { get; set; } = "";
}

public class ShipmentContext(DbContextOptions<ShipmentContext> options) : ShopperContext<ShipmentContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Shipment>(s =>
        {
            s.HasOne(x => x.Buyer).WithMany().HasForeignKey(x => x.BuyerId).OnDelete(DeleteBehavior.Restrict);
            s.HasOne(x => x.Recipient).WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>The gift order with the decision: the recipient reference in the owned gift details carries no ownership.</summary>
public class DecidedGiftContext(DbContextOptions<DecidedGiftContext> options) : ShopperContext<DecidedGiftContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<GiftOrder>(o =>
        {
            o.HasOne<Shopper>().WithMany().HasForeignKey(x => x.BuyerId).OnDelete(DeleteBehavior.Restrict);
            o.OwnsOne(x => x.Gift, g => g.HasOne<Shopper>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict).IsNotOwnership());
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>The pre-EF Core 10 shape: one unnamed filter per type that hides soft-deleted rows and separates tenants.</summary>
public class CombinedFilterContext(DbContextOptions<CombinedFilterContext> options) : BreakContext<CombinedFilterContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>(b =>
        {
            b.HasQueryFilter(c => !c.IsDeleted && (Tenant == null || c.TenantId == Tenant));
            b.Ignore(c => c.PhotoId);
            b.Ignore(c => c.DefaultCardId);
        });
        modelBuilder.Entity<Card>().HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}
