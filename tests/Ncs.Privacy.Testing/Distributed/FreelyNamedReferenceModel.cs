using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Distributed;

/// <summary>
/// Subject references by value whose names say nothing of a key (<c>Holder</c>, <c>Owner</c>) and that nobody classified: a
/// foreign key to the stand-in root at run time, so technical like any foreign key, for the start-up check and for NCSP001.
/// </summary>
public class GiftCard
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public string Holder { get; set; } = "";

    [NotPersonalData("The card's value in SEK.")]
    public decimal Amount { get; set; }
}

/// <summary>The same with the fluent <c>IsSubjectReference</c>.</summary>
public class Voucher
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public string Owner { get; set; } = "";
}

public class FreelyNamedReferenceContext(DbContextOptions<FreelyNamedReferenceContext> options) : DbContext(options)
{
    public DbSet<GiftCard> GiftCards => Set<GiftCard>();

    public DbSet<Voucher> Vouchers => Set<Voucher>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Voucher>().Property(v => v.Owner).HasMaxLength(64).IsSubjectReference(DistributedPolicy.Subjects.Customer);
}
