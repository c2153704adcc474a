using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// Shapes a fourth fresh tester took from real applications for rows the subject points to (rule 9): an identity
// document of a TPT or TPH hierarchy, a badge keyed by a strongly-typed id (a value converter), a locker with a
// composite key, an order kept for bookkeeping that points to its shipping address with EF Core's default cascade, a
// portrait that points back to its uploader, an attachment of a message between two customers, and a picture another
// customer's owned gallery uses. Used by Break4OwnershipTests.

/// <summary>A job applicant with a pointer to an identity document, a badge and a locker.</summary>
[DataSubject(Subjects.Customer)]
public class Applicant
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [NotPersonalData("A reference.")] public int? DocumentId { get; set; }

    [NotPersonalData("A reference.")] public AccessBadgeKey? BadgeId { get; set; }

    [NotPersonalData("A reference.")] public string? LockerSite { get; set; }

    [NotPersonalData("A reference.")] public int? LockerNumber { get; set; }
}

/// <summary>A document (base of a hierarchy).</summary>
public class IdentityDocument
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Title { get; set; } = "";
}

/// <summary>A scanned passport (derived type with a personal field of its own).</summary>
public class PassportScan : IdentityDocument
{
    [PersonalData(Purposes.Account, Retention.Account)] public string PassportNumber { get; set; } = "";
}

/// <summary>Applicants whose document is a TPT hierarchy (IdentityDocuments + PassportScans).</summary>
public class TptDocumentContext(DbContextOptions<TptDocumentContext> options) : BreakContext<TptDocumentContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Applicant>(b =>
        {
            b.Ignore(a => a.BadgeId);
            b.Ignore(a => a.LockerSite);
            b.Ignore(a => a.LockerNumber);
            b.HasOne<IdentityDocument>().WithMany().HasForeignKey(a => a.DocumentId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<IdentityDocument>().ToTable("IdentityDocuments");
        modelBuilder.Entity<PassportScan>().ToTable("PassportScans");
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>Applicants whose document is a TPH hierarchy (one IdentityDocuments table with a discriminator).</summary>
public class TphDocumentContext(DbContextOptions<TphDocumentContext> options) : BreakContext<TphDocumentContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Applicant>(b =>
        {
            b.Ignore(a => a.BadgeId);
            b.Ignore(a => a.LockerSite);
            b.Ignore(a => a.LockerNumber);
            b.HasOne<IdentityDocument>().WithMany().HasForeignKey(a => a.DocumentId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<PassportScan>().HasBaseType<IdentityDocument>();
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A strongly-typed id of a badge (stored as an integer by a value converter).</summary>
public readonly record struct AccessBadgeKey(int Value);

/// <summary>An access badge with the name printed on it, keyed by a strongly-typed id.</summary>
public class AccessBadge
{
    [NotPersonalData("Surrogate key.")] public AccessBadgeKey Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string PrintedName { get; set; } = "";
}

/// <summary>Applicants pointing to a badge whose key is a value-converted strongly-typed id.</summary>
public class AccessBadgeContext(DbContextOptions<AccessBadgeContext> options) : BreakContext<AccessBadgeContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Applicant>(b =>
        {
            b.Ignore(a => a.DocumentId);
            b.Ignore(a => a.LockerSite);
            b.Ignore(a => a.LockerNumber);
            b.Property(a => a.BadgeId).HasConversion(k => k!.Value.Value, v => new AccessBadgeKey(v));
            b.HasOne<AccessBadge>().WithMany().HasForeignKey(a => a.BadgeId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<AccessBadge>(b =>
        {
            b.Property(x => x.Id).HasConversion(k => k.Value, v => new AccessBadgeKey(v)).ValueGeneratedNever();
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A locker at a site, keyed by site and number, with the name on its door.</summary>
public class SiteLocker
{
    [NotPersonalData("Part of the key: a site code.")] public string Site { get; set; } = "";

    [NotPersonalData("Part of the key: the locker's number.")] public int Number { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string DoorLabel { get; set; } = "";
}

/// <summary>Applicants pointing to a locker with a composite key.</summary>
public class SiteLockerContext(DbContextOptions<SiteLockerContext> options) : BreakContext<SiteLockerContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Applicant>(b =>
        {
            b.Ignore(a => a.DocumentId);
            b.Ignore(a => a.BadgeId);
            b.HasOne<SiteLocker>().WithMany().HasForeignKey(a => new { a.LockerSite, a.LockerNumber }).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<SiteLocker>().HasKey(l => new { l.Site, l.Number });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A client of a shop (nopCommerce-like): orders point to address copies.</summary>
[DataSubject(Subjects.Customer)]
public class Client
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [NotPersonalData("A reference.")] public int? PortraitId { get; set; }
}

/// <summary>An address copy an order ships to.</summary>
public class ShipAddress
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Street { get; set; } = "";
}

/// <summary>An order kept seven years for bookkeeping; it points to its shipping address (required, EF Core's default cascade).</summary>
public class LedgerOrder
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int ClientId { get; set; }

    [NotPersonalData("A reference.")] public int ShippingAddressId { get; set; }

    [RetentionAnchor, NotPersonalData("The order date.")] public DateOnly OrderedAt { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string BillingName { get; set; } = "";
}

/// <summary>Orders under a bookkeeping hold that point to their address copy with the default (cascading) delete behaviour.</summary>
public class LedgerOrderContext(DbContextOptions<LedgerOrderContext> options) : BreakContext<LedgerOrderContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Client>().Ignore(c => c.PortraitId);
        modelBuilder.Entity<LedgerOrder>(o =>
        {
            o.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId);
            o.HasOne<ShipAddress>().WithMany().HasForeignKey(x => x.ShippingAddressId);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A portrait a client uploaded; it points back to the uploader (not ownership) and clients use it as their picture.</summary>
public class Portrait
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Caption { get; set; } = "";

    [NotPersonalData("A reference.")] public int UploadedById { get; set; }
}

/// <summary>A cycle: Client.PortraitId → Portrait, Portrait.UploadedById → Client (IsNotOwnership).</summary>
public class PortraitCycleContext(DbContextOptions<PortraitCycleContext> options) : BreakContext<PortraitCycleContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Client>().HasOne<Portrait>().WithMany().HasForeignKey(c => c.PortraitId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Portrait>().HasOne<Client>().WithMany().HasForeignKey(p => p.UploadedById).OnDelete(DeleteBehavior.Restrict).IsNotOwnership();
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A file attached to a message.</summary>
public class MessageAttachment
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string FileName { get; set; } = "";
}

/// <summary>A note between two clients: the sender's row; the recipient's label is theirs; it points to an attachment.</summary>
public class ClientNote
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int SenderId { get; set; }

    public Client Sender { get; set; } = null!;

    public int RecipientId { get; set; }

    public Client Recipient { get; set; } = null!;

    [NotPersonalData("A reference.")] public int? AttachmentId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Body { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account, Subject = nameof(Recipient))] public string? RecipientLabel { get; set; }
}

/// <summary>Notes between clients with attachments (a pointed-to row of a two-party row).</summary>
public class ClientNoteContext(DbContextOptions<ClientNoteContext> options) : BreakContext<ClientNoteContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Client>().Ignore(c => c.PortraitId);
        modelBuilder.Entity<ClientNote>(n =>
        {
            n.HasOne(x => x.Sender).WithMany().HasForeignKey(x => x.SenderId).OnDelete(DeleteBehavior.Restrict);
            n.HasOne(x => x.Recipient).WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict);
            n.HasOne<MessageAttachment>().WithMany().HasForeignKey(x => x.AttachmentId).OnDelete(DeleteBehavior.Restrict).IsAboutRowOwner(); // the sender's file (rule 9, a row about two parties)
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A client's showcase (owned, one row per client) with a gallery of portraits (an owned collection in its own table).</summary>
public class Showcase
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int ClientId { get; set; }

    public List<GalleryItem> Items { get; set; } = [];
}

/// <summary>One picture in a showcase's gallery.</summary>
public class GalleryItem
{
    [NotPersonalData("A reference.")] public int PortraitId { get; set; }

    [NotPersonalData("Position in the gallery.")] public int Position { get; set; }
}

/// <summary>Client 1's picture is a portrait; another client's showcase gallery (OwnsMany) shows the same portrait.</summary>
public class GalleryContext(DbContextOptions<GalleryContext> options) : BreakContext<GalleryContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Client>().HasOne<Portrait>().WithMany().HasForeignKey(c => c.PortraitId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Portrait>().Ignore(p => p.UploadedById);
        modelBuilder.Entity<Showcase>(s =>
        {
            s.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
            s.OwnsMany(x => x.Items, i =>
            {
                i.WithOwner().HasForeignKey("ShowcaseId");
                i.Property<int>("Id");
                i.HasKey("Id");
                i.HasOne<Portrait>().WithMany().HasForeignKey(x => x.PortraitId).OnDelete(DeleteBehavior.Restrict);
            });
        });
        modelBuilder.AddPrivacyAudit();
    }
}
