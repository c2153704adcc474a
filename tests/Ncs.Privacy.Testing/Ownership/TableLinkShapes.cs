using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// Inheritance hierarchies whose rows are stored in several tables, where the only thing that "refers" to a base table's
// row is its own derived table's row (the TPT table link): a subject-owned TPT hierarchy (ledger entries), a TPT
// hierarchy of rows the subject points to (credentials) and a TPC hierarchy of rows the subject points to (licences).
// Used by TableLinkOwnershipTests: plain erasure and the retention sweep must treat a derived row's base row as the row
// itself, never as a row something else keeps.

/// <summary>A licensee: owns ledger entries, points to a credential (TPT) and a licence (TPC).</summary>
[DataSubject(Subjects.Customer)]
public class Licensee
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [NotPersonalData("A reference.")] public int? CredentialId { get; set; }

    [NotPersonalData("A reference.")] public int? LicenceId { get; set; }
}

/// <summary>A ledger entry of a licensee (TPT base table), dated, with a held payer name and a memo about the account.</summary>
public class LedgerEntry
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int LicenseeId { get; set; }

    [RetentionAnchor, NotPersonalData("The booking date.")] public DateOnly BookedAt { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string Payer { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)] public string? Memo { get; set; }
}

/// <summary>A ledger entry paid by card (TPT derived table).</summary>
public class CardLedgerEntry : LedgerEntry
{
    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string CardHolder { get; set; } = "";
}

/// <summary>A credential a licensee's row points to (TPT base table), dated, with a held title.</summary>
public class Credential
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [RetentionAnchor, NotPersonalData("The issue date.")] public DateOnly IssuedAt { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string Title { get; set; } = "";
}

/// <summary>A pass (TPT derived table) with its number.</summary>
public class PassCredential : Credential
{
    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string Number { get; set; } = "";
}

/// <summary>A licence a licensee's row points to (abstract TPC base: no table of its own).</summary>
public abstract class Licence
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [RetentionAnchor, NotPersonalData("The issue date.")] public DateOnly IssuedAt { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string Title { get; set; } = "";
}

/// <summary>A driving licence (TPC table of its own).</summary>
public class DrivingLicence : Licence
{
    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string Number { get; set; } = "";
}

/// <summary>A fishing licence (TPC table of its own).</summary>
public class FishingLicence : Licence
{
    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string Water { get; set; } = "";
}

/// <summary>Licensees with TPT ledger entries, TPT credentials and TPC licences.</summary>
public class TableLinkContext(DbContextOptions<TableLinkContext> options) : BreakContext<TableLinkContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Licensee>(b =>
        {
            b.HasOne<Credential>().WithMany().HasForeignKey(x => x.CredentialId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Licence>().WithMany().HasForeignKey(x => x.LicenceId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<LedgerEntry>(b =>
        {
            b.ToTable("LedgerEntries");
            b.HasOne<Licensee>().WithMany().HasForeignKey(x => x.LicenseeId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<CardLedgerEntry>().ToTable("CardLedgerEntries");
        modelBuilder.Entity<Credential>().ToTable("Credentials");
        modelBuilder.Entity<PassCredential>().ToTable("PassCredentials");
        modelBuilder.Entity<Licence>().UseTpcMappingStrategy();
        modelBuilder.Entity<DrivingLicence>().ToTable("DrivingLicences");
        modelBuilder.Entity<FishingLicence>().ToTable("FishingLicences");
        foreach (var key in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetDeclaredProperties()).Where(p => p.Name == "Id"))
        {
            key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
        }

        modelBuilder.AddPrivacyAudit();
    }
}
