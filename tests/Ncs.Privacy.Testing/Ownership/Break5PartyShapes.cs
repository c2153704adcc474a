using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// Shapes of a fifth fresh tester's round (issue 12, defect 4) and beyond: a row about two parties (a deal owned by its
// buyer, whose seller's fields name Seller) that points to personal rows of each party (their signatures, a seal inside an
// owned value), a letter whose sender and recipient each point to an attachment, and the models start-up refuses: a
// pointer left undecided, a decision that names no party, and IsNotOwnership() that leaves personal rows nobody's.
// Used by Break5PartyTests.

/// <summary>A trader: buyer in some deals, seller in others.</summary>
[DataSubject(Subjects.Customer)]
public class Trader
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";
}

/// <summary>A signature image: whose it is depends on the reference that points to it.</summary>
public class Signature
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Image { get; set; } = "";
}

/// <summary>A stamp image a seller puts on a deal.</summary>
public class SellerStamp
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Image { get; set; } = "";
}

/// <summary>A seal on a deal (owned value): a reference to the seller's signature image.</summary>
public class DealSeal
{
    [NotPersonalData("A reference.")] public int? ImageId { get; set; }

    [NotPersonalData("A code.")] public string Code { get; set; } = "";
}

/// <summary>A deal between two traders: the buyer's row, with the seller's fields naming Seller.</summary>
public class Deal
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("A reference.")] public int BuyerId { get; set; }

    public Trader Buyer { get; set; } = null!;

    [NotPersonalData("A reference.")] public int SellerId { get; set; }

    public Trader Seller { get; set; } = null!;

    [PersonalData(Purposes.Account, Retention.Account)] public string BuyerTerms { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account, Subject = nameof(Seller))] public string SellerTerms { get; set; } = "";

    [NotPersonalData("A reference.")] public int? BuyerSignatureId { get; set; }

    [NotPersonalData("A reference.")] public int? SellerSignatureId { get; set; }

    [NotPersonalData("A reference.")] public int? SellerStampId { get; set; }

    public DealSeal? Seal { get; set; }
}

/// <summary>Deals whose pointers are decided: the buyer's signature is the owner's, the seller's signature and seal the seller's.</summary>
public class DealContext(DbContextOptions<DealContext> options) : BreakContext<DealContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Deal>(d =>
        {
            d.HasOne(x => x.Buyer).WithMany().HasForeignKey(x => x.BuyerId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne(x => x.Seller).WithMany().HasForeignKey(x => x.SellerId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Signature>().WithMany().HasForeignKey(x => x.BuyerSignatureId).OnDelete(DeleteBehavior.Restrict).IsAboutRowOwner();
            d.HasOne<Signature>().WithMany().HasForeignKey(x => x.SellerSignatureId).OnDelete(DeleteBehavior.Restrict).IsAboutSubject(nameof(Deal.Seller));
            d.HasOne<SellerStamp>().WithMany().HasForeignKey(x => x.SellerStampId).OnDelete(DeleteBehavior.Restrict).IsAboutSubject(nameof(Deal.Seller));
            d.OwnsOne(x => x.Seal, s => s.HasOne<Signature>().WithMany().HasForeignKey(x => x.ImageId).OnDelete(DeleteBehavior.Restrict).IsAboutSubject(nameof(Deal.Seller)));
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>The tester's model: the pointers of the two-party deal are not decided (refused at start-up).</summary>
public class UndecidedDealContext(DbContextOptions<UndecidedDealContext> options) : BreakContext<UndecidedDealContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Deal>(d =>
        {
            d.HasOne(x => x.Buyer).WithMany().HasForeignKey(x => x.BuyerId);
            d.HasOne(x => x.Seller).WithMany().HasForeignKey(x => x.SellerId);
            d.HasOne<Signature>().WithMany().HasForeignKey(x => x.BuyerSignatureId);
            d.HasOne<Signature>().WithMany().HasForeignKey(x => x.SellerSignatureId);
            d.HasOne<SellerStamp>().WithMany().HasForeignKey(x => x.SellerStampId).IsAboutSubject(nameof(Deal.Seller));
            d.OwnsOne(x => x.Seal, s => s.HasOne<Signature>().WithMany().HasForeignKey(x => x.ImageId));
        });
    }
}

/// <summary>The stamp reference marked IsNotOwnership(): no subject reaches the stamps at all (refused at start-up).</summary>
public class HiddenStampDealContext(DbContextOptions<HiddenStampDealContext> options) : BreakContext<HiddenStampDealContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Deal>(d =>
        {
            d.HasOne(x => x.Buyer).WithMany().HasForeignKey(x => x.BuyerId);
            d.HasOne(x => x.Seller).WithMany().HasForeignKey(x => x.SellerId);
            d.HasOne<Signature>().WithMany().HasForeignKey(x => x.BuyerSignatureId).IsAboutRowOwner();
            d.HasOne<Signature>().WithMany().HasForeignKey(x => x.SellerSignatureId).IsAboutSubject(nameof(Deal.Seller));
            d.HasOne<SellerStamp>().WithMany().HasForeignKey(x => x.SellerStampId).IsNotOwnership();
            d.Ignore(x => x.Seal);
        });
    }
}

/// <summary>A decision naming a navigation that is no party of the deal (refused at start-up).</summary>
public class NoSuchPartyDealContext(DbContextOptions<NoSuchPartyDealContext> options) : BreakContext<NoSuchPartyDealContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Deal>(d =>
        {
            d.HasOne(x => x.Buyer).WithMany().HasForeignKey(x => x.BuyerId);
            d.HasOne(x => x.Seller).WithMany().HasForeignKey(x => x.SellerId);
            d.HasOne<Signature>().WithMany().HasForeignKey(x => x.BuyerSignatureId).IsAboutSubject("Broker");
            d.HasOne<Signature>().WithMany().HasForeignKey(x => x.SellerSignatureId).IsAboutSubject(nameof(Deal.Seller));
            d.HasOne<SellerStamp>().WithMany().HasForeignKey(x => x.SellerStampId).IsAboutSubject(nameof(Deal.Seller));
            d.Ignore(x => x.Seal);
        });
    }
}

/// <summary>A file attached to a letter.</summary>
public class LetterFile
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string FileName { get; set; } = "";
}

/// <summary>A letter between two traders: the sender's row; the recipient's label names Recipient; each party may attach a file.</summary>
public class Letter
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("A reference.")] public int SenderId { get; set; }

    public Trader Sender { get; set; } = null!;

    [NotPersonalData("A reference.")] public int? RecipientId { get; set; }

    public Trader? Recipient { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Body { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account, Subject = nameof(Recipient))] public string? RecipientLabel { get; set; }

    [NotPersonalData("A reference.")] public int? SenderFileId { get; set; }

    [NotPersonalData("A reference.")] public int? ReplyFileId { get; set; }
}

/// <summary>Letters whose sender's file is the sender's and whose reply file (attached by the recipient) is the recipient's.</summary>
public class LetterContext(DbContextOptions<LetterContext> options) : BreakContext<LetterContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Letter>(l =>
        {
            l.HasOne(x => x.Sender).WithMany().HasForeignKey(x => x.SenderId).OnDelete(DeleteBehavior.Restrict);
            l.HasOne(x => x.Recipient).WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict);
            l.HasOne<LetterFile>().WithMany().HasForeignKey(x => x.SenderFileId).OnDelete(DeleteBehavior.Restrict).IsAboutSubject(nameof(Letter.Sender));
            l.HasOne<LetterFile>().WithMany().HasForeignKey(x => x.ReplyFileId).OnDelete(DeleteBehavior.Restrict).IsAboutSubject(nameof(Letter.Recipient));
        });
        modelBuilder.AddPrivacyAudit();
    }
}
