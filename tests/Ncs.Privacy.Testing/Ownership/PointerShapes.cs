using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// Rows a subject points to, from every place a reference can sit (rule 9 of docs/ownership.md): the subject's own row,
// a row two foreign keys below it, an owned value in a table of its own (OwnsOne + ToTable), an owned collection
// (OwnsMany), and a pointed-to row that points on to another personal row. Used by PointerOwnershipTests.

/// <summary>A walking-club member. Joined in 2025, the invoice name is under the bookkeeping hold (the row is kept); joined in 2010, it is not.</summary>
[DataSubject(Subjects.Customer)]
public class Rambler
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string? InvoiceName { get; set; }

    [RetentionAnchor, NotPersonalData("The date the membership started.")] public DateOnly JoinedAt { get; set; }

    [NotPersonalData("A reference.")] public int? AvatarId { get; set; }

    [NotPersonalData("A reference.")] public int? CoverId { get; set; }

    public RamblerCard Card { get; set; } = new();

    public List<EmergencyContact> Contacts { get; set; } = [];
}

/// <summary>A photo: a member's avatar or cover, in a frame.</summary>
public class Snapshot
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Caption { get; set; } = "";

    [NotPersonalData("A reference.")] public int? FrameId { get; set; }
}

/// <summary>A frame with an engraved dedication, used by photos.</summary>
public class Frame
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Inscription { get; set; } = "";
}

/// <summary>A hike a member went on (the member's row by its foreign key).</summary>
public class Hike
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int RamblerId { get; set; }

    [NotPersonalData("A distance in km.")] public int Distance { get; set; }
}

/// <summary>A leg of a hike: two foreign keys below the member, it points to the campsite of the night.</summary>
public class HikeLeg
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int HikeId { get; set; }

    [NotPersonalData("A reference.")] public int? CampsiteId { get; set; }
}

/// <summary>A campsite booked under the member's name; two members' legs may share one.</summary>
public class Campsite
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string BookedAs { get; set; } = "";
}

/// <summary>The membership card, an owned value stored in a table of its own; it refers to the printed badge.</summary>
public class RamblerCard
{
    [NotPersonalData("A reference.")] public int? BadgeId { get; set; }
}

/// <summary>A badge with the member's printed name.</summary>
public class Badge
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string PrintedName { get; set; } = "";
}

/// <summary>An emergency contact (OwnsMany): it refers to the sealed letter the member left for them.</summary>
public class EmergencyContact
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Relation { get; set; } = "";

    [NotPersonalData("A reference.")] public int? LetterId { get; set; }
}

/// <summary>A sealed letter a member left for an emergency contact.</summary>
public class SealedLetter
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Text { get; set; } = "";
}

/// <summary>A tag someone put on a photo: it hangs on the photo (no path of its own makes it anyone's).</summary>
public class SnapshotTag
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int SnapshotId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Label { get; set; } = "";
}

/// <summary>A remark on a tag: it hangs on the tag, two foreign keys from the photo.</summary>
public class TagRemark
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int TagId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Text { get; set; } = "";
}

/// <summary>Every place a reference to a personal row can sit, in one model.</summary>
public class RamblerContext(DbContextOptions<RamblerContext> options) : BreakContext<RamblerContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Rambler>(b =>
        {
            b.HasOne<Snapshot>().WithMany().HasForeignKey(r => r.AvatarId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Snapshot>().WithMany().HasForeignKey(r => r.CoverId).OnDelete(DeleteBehavior.Restrict);
            b.OwnsOne(r => r.Card, c =>
            {
                c.ToTable("RamblerCards");
                c.HasOne<Badge>().WithMany().HasForeignKey(x => x.BadgeId).OnDelete(DeleteBehavior.Restrict);
            });
            b.OwnsMany(r => r.Contacts, c =>
            {
                c.ToTable("EmergencyContacts");
                c.HasKey(x => x.Id);
                c.HasOne<SealedLetter>().WithMany().HasForeignKey(x => x.LetterId).OnDelete(DeleteBehavior.Restrict);
            });
        });
        modelBuilder.Entity<Snapshot>().HasOne<Frame>().WithMany().HasForeignKey(s => s.FrameId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<SnapshotTag>().HasOne<Snapshot>().WithMany().HasForeignKey(t => t.SnapshotId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<TagRemark>().HasOne<SnapshotTag>().WithMany().HasForeignKey(r => r.TagId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Hike>().HasOne<Rambler>().WithMany().HasForeignKey(h => h.RamblerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<HikeLeg>(l =>
        {
            l.HasOne<Hike>().WithMany().HasForeignKey(x => x.HikeId).OnDelete(DeleteBehavior.Restrict);
            l.HasOne<Campsite>().WithMany().HasForeignKey(x => x.CampsiteId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}
