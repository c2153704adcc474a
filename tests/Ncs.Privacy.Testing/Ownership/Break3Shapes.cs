using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// Shapes a third fresh tester took from real applications: a chat room whose seats are an owned collection (the DDD
// aggregate shape), an order split between payers in an owned collection, a customer's home store with its own date,
// TPT charges kept by a guard, and a follow link with a private label (a self-referencing many-to-many with payload).
// Used by Break3OwnershipTests.

/// <summary>A chat room nobody owns; its seats (an owned collection) name the customers in it.</summary>
public class Huddle
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("A topic chosen from a list.")] public string Topic { get; set; } = "";

    public List<HuddleSeat> Seats { get; set; } = [];
}

/// <summary>A customer's seat in a chat room: an owned collection element with its own table and a reference to the customer.</summary>
public class HuddleSeat
{
    [NotPersonalData("A reference.")] public int ShopperId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Nickname { get; set; } = "";
}

/// <summary>Chat rooms (no owner) with their seats as an owned collection (OwnsMany) that refers to the customer.</summary>
public class HuddleContext(DbContextOptions<HuddleContext> options) : ShopperContext<HuddleContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Huddle>().OwnsMany(h => h.Seats, s =>
        {
            s.WithOwner().HasForeignKey("HuddleId");
            s.Property<int>("Id");
            s.HasKey("Id");
            s.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ShopperId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A workshop nobody owns; its host (an owned value object in the workshop's row) names a customer.</summary>
public class Workshop
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public WorkshopHost Host { get; set; } = new();
}

/// <summary>The customer who hosts a workshop, and the name shown on the poster.</summary>
public class WorkshopHost
{
    [NotPersonalData("A reference.")] public int ShopperId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string PosterName { get; set; } = "";
}

/// <summary>Workshops (no owner) whose owned host (OwnsOne) refers to the customer.</summary>
public class WorkshopContext(DbContextOptions<WorkshopContext> options) : ShopperContext<WorkshopContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Workshop>().OwnsOne(w => w.Host, h => h.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ShopperId).OnDelete(DeleteBehavior.Restrict));
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>An order a buyer placed, split between payers (an owned collection).</summary>
public class SplitOrder
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int ShopperId { get; set; }

    public List<SplitShare> Shares { get; set; } = [];
}

/// <summary>The part of an order another customer pays, with the name printed on their receipt.</summary>
public class SplitShare
{
    [NotPersonalData("A reference.")] public int PayerId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string PayerName { get; set; } = "";
}

/// <summary>The buyer's orders whose owned collection of shares refers to other customers, undecided.</summary>
public class SplitOrderContext(DbContextOptions<SplitOrderContext> options) : ShopperContext<SplitOrderContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<SplitOrder>(o =>
        {
            o.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ShopperId).OnDelete(DeleteBehavior.Restrict);
            o.OwnsMany(x => x.Shares, s =>
            {
                s.WithOwner().HasForeignKey("SplitOrderId");
                s.Property<int>("Id");
                s.HasKey("Id");
                s.HasOne<Shopper>().WithMany().HasForeignKey(x => x.PayerId).OnDelete(DeleteBehavior.Restrict);
            });
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A store; the date it opened is the anchor of its own records.</summary>
public class Store
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("A store's name.")] public string City { get; set; } = "";

    [RetentionAnchor, NotPersonalData("When the store opened.")] public DateOnly OpenedAt { get; set; }
}

/// <summary>A customer with a home store (a reference that says nothing about when the customer's records began).</summary>
[DataSubject(Subjects.Customer)]
public class StoreRegular
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [NotPersonalData("A reference.")] public int HomeStoreId { get; set; }
}

/// <summary>A receipt of a regular, kept seven years for bookkeeping, with no date of its own.</summary>
public class StoreReceipt
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int StoreRegularId { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string Text { get; set; } = "";
}

/// <summary>Receipts (under a legal hold, no anchor) of customers who refer to a dated store.</summary>
public class StoreReceiptContext(DbContextOptions<StoreReceiptContext> options) : BreakContext<StoreReceiptContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoreRegular>().HasOne<Store>().WithMany().HasForeignKey(r => r.HomeStoreId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<StoreReceipt>().HasOne<StoreRegular>().WithMany().HasForeignKey(r => r.StoreRegularId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A charge to a customer (TPT base table).</summary>
public class Charge
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int ShopperId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Reference { get; set; } = "";
}

/// <summary>A charge to a card (TPT derived table).</summary>
public class CardCharge : Charge
{
    [PersonalData(Purposes.Account, Retention.Account)] public string Holder { get; set; } = "";
}

/// <summary>TPT charges of a customer.</summary>
public class ChargeContext(DbContextOptions<ChargeContext> options) : ShopperContext<ChargeContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Charge>(c =>
        {
            c.ToTable("Charges");
            c.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ShopperId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<CardCharge>().ToTable("CardCharges");
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A customer who follows other customers.</summary>
[DataSubject(Subjects.Customer)]
public class Follower
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    public List<Follower> Following { get; set; } = [];
}

/// <summary>A follow link (a self-referencing many-to-many with payload): the label is the follower's private note about whom they follow.</summary>
public class Follow
{
    [NotPersonalData("A reference.")] public int FollowerId { get; set; }

    [NotPersonalData("A reference.")] public int FolloweeId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string? PrivateLabel { get; set; }
}

/// <summary>Customers following customers through an explicit join entity with a private label.</summary>
public class FollowContext(DbContextOptions<FollowContext> options) : BreakContext<FollowContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Follower>().HasMany(f => f.Following).WithMany().UsingEntity<Follow>(
            r => r.HasOne<Follower>().WithMany().HasForeignKey(x => x.FolloweeId).OnDelete(DeleteBehavior.Cascade),
            l => l.HasOne<Follower>().WithMany().HasForeignKey(x => x.FollowerId).OnDelete(DeleteBehavior.Cascade),
            j => j.HasKey(x => new { x.FollowerId, x.FolloweeId }));
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>Chat rooms whose seats' reference is decided not to make the seat the customer's (IsNotOwnership()).</summary>
public class DecidedHuddleContext(DbContextOptions<DecidedHuddleContext> options) : ShopperContext<DecidedHuddleContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Huddle>().OwnsMany(h => h.Seats, s =>
        {
            s.WithOwner().HasForeignKey("HuddleId");
            s.Property<int>("Id");
            s.HasKey("Id");
            s.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ShopperId).OnDelete(DeleteBehavior.Restrict).IsNotOwnership();
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>The buyer's orders whose owned shares' payer reference is decided: the order stays the buyer's.</summary>
public class DecidedSplitOrderContext(DbContextOptions<DecidedSplitOrderContext> options) : ShopperContext<DecidedSplitOrderContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<SplitOrder>(o =>
        {
            o.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ShopperId).OnDelete(DeleteBehavior.Restrict);
            o.OwnsMany(x => x.Shares, s =>
            {
                s.WithOwner().HasForeignKey("SplitOrderId");
                s.Property<int>("Id");
                s.HasKey("Id");
                s.HasOne<Shopper>().WithMany().HasForeignKey(x => x.PayerId).OnDelete(DeleteBehavior.Restrict).IsNotOwnership();
            });
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A referral: the customer who referred another, with the referrer's note; no navigations, as many apps map them.</summary>
public class Referral
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("A reference.")] public int ReferrerId { get; set; }

    [NotPersonalData("A reference.")] public int ReferredId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Note { get; set; } = "";
}

/// <summary>Referrals decided to be the referrer's: the reference to the referred customer (no navigation) carries no ownership.</summary>
public class ReferralContext(DbContextOptions<ReferralContext> options) : ShopperContext<ReferralContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Referral>(r =>
        {
            r.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ReferrerId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ReferredId).OnDelete(DeleteBehavior.Restrict).IsNotOwnership();
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A contact (TPT base table, not a subject): suppliers' and patrons' names.</summary>
public class Contact
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";
}

/// <summary>A patron, the subject, in a table of its own below the contacts' (TPT).</summary>
[DataSubject(Subjects.Customer)]
public class Patron : Contact
{
    [PersonalData(Purposes.Account, Retention.Account)] public string Email { get; set; } = "";
}

/// <summary>A supplier's contact person, not a subject (TPT sibling).</summary>
public class SupplierContact : Contact
{
    [NotPersonalData("A company name.")] public string Company { get; set; } = "";
}

/// <summary>A patron's note.</summary>
public class PatronNote
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int PatronId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Text { get; set; } = "";
}

/// <summary>TPT: the subject is a derived type whose base table it shares with suppliers' contacts.</summary>
public class PatronContext(DbContextOptions<PatronContext> options) : BreakContext<PatronContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Contact>().ToTable("Contacts");
        modelBuilder.Entity<Patron>().ToTable("Patrons");
        modelBuilder.Entity<SupplierContact>().ToTable("SupplierContacts");
        modelBuilder.Entity<PatronNote>().HasOne<Patron>().WithMany().HasForeignKey(n => n.PatronId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>Follow links decided to be the follower's: the reference to whom they follow carries no ownership.</summary>
public class DecidedFollowContext(DbContextOptions<DecidedFollowContext> options) : BreakContext<DecidedFollowContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Follower>().HasMany(f => f.Following).WithMany().UsingEntity<Follow>(
            r => r.HasOne<Follower>().WithMany().HasForeignKey(x => x.FolloweeId).OnDelete(DeleteBehavior.Cascade).IsNotOwnership(),
            l => l.HasOne<Follower>().WithMany().HasForeignKey(x => x.FollowerId).OnDelete(DeleteBehavior.Cascade),
            j => j.HasKey(x => new { x.FollowerId, x.FolloweeId }));
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>IsNotOwnership() called before HasForeignKey on a reference without navigation: the mark names EF Core's first, shadow key.</summary>
public class EarlyMarkReferralContext(DbContextOptions<EarlyMarkReferralContext> options) : ShopperContext<EarlyMarkReferralContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureShopper(modelBuilder);
        modelBuilder.Entity<Referral>(r =>
        {
            r.HasOne<Shopper>().WithMany().HasForeignKey(x => x.ReferrerId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<Shopper>().WithMany().IsNotOwnership().HasForeignKey(x => x.ReferredId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}
