using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Performance;

// A model for the statement-shape tests of the retention sweep (issue 18): every column a sweep filters on is indexed, so
// no statement a batch sends needs to read a whole table. Classified under the shape catalogue's policy.

[DataSubject(Subjects.Customer)]
public class SweepCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

/// <summary>Deleted by the sweep two years after <see cref="At"/>, unless a receipt still refers to it.</summary>
public class SweepEvent
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public SweepCustomer Customer { get; set; } = null!;

    [RetentionAnchor]
    [NotPersonalData("When the event happened.")]
    public DateTime At { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Signature { get; set; } = "";
}

/// <summary>Refers to an event (and through it to its customer): the event stays while its receipt does. Deleted two years after <see cref="IssuedAt"/>.</summary>
public class SweepReceipt
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int EventId { get; set; }

    public SweepEvent Event { get; set; } = null!;

    [RetentionAnchor]
    [NotPersonalData("When the receipt was issued.")]
    public DateTime IssuedAt { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Text { get; set; } = "";
}

/// <summary>Anonymised (not deleted) by the sweep two years after <see cref="At"/>.</summary>
public class SweepVisit
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public SweepCustomer Customer { get; set; } = null!;

    [RetentionAnchor]
    [NotPersonalData("When the visit happened.")]
    public DateTime At { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Erasure = ErasureAction.Anonymise)]
    public string? Referrer { get; set; }
}

public class SweepContext(DbContextOptions<SweepContext> options) : DbContext(options)
{
    public DbSet<SweepCustomer> Customers => Set<SweepCustomer>();

    public DbSet<SweepEvent> Events => Set<SweepEvent>();

    public DbSet<SweepReceipt> Receipts => Set<SweepReceipt>();

    public DbSet<SweepVisit> Visits => Set<SweepVisit>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // The anchors are indexed, as an application whose tables grow would index them; foreign keys are indexed by EF Core.
        modelBuilder.Entity<SweepEvent>().HasIndex(e => e.At);
        modelBuilder.Entity<SweepReceipt>().HasIndex(e => e.IssuedAt);
        modelBuilder.Entity<SweepVisit>().HasIndex(e => e.At);
        modelBuilder.AddPrivacyAudit();
    }
}
