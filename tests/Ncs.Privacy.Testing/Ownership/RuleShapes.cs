using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// Shapes that test the rules behind the fresh tester's findings on models the tester did not list (RuleOwnershipTests):
// references count across tenants and filters, a pointed-to row is the subject's unless something that stays refers to
// it, rows hang on what they belong to, link rows reached through two sides need a decision, a guard's veto is executed
// as planned, IsNotOwnership() on one-to-one relationships.

/// <summary>A resident: tenant, soft delete, a home address and a picture the resident points to.</summary>
[DataSubject(Subjects.Customer)]
public class Resident
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [NotPersonalData("The tenant.")] public int TenantId { get; set; }

    [NotPersonalData("A flag.")] public bool IsDeleted { get; set; }

    [NotPersonalData("A reference.")] public int? HomeId { get; set; }

    [NotPersonalData("A reference.")] public int? PictureId { get; set; }
}

/// <summary>A home address (a row residents point to).</summary>
public class Home
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Street { get; set; } = "";
}

/// <summary>A parcel of a resident, shipped to a home (the resident's own or another's), in one tenant, possibly archived.</summary>
public class Parcel
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int ResidentId { get; set; }

    public int? HomeId { get; set; }

    [NotPersonalData("The tenant.")] public int TenantId { get; set; }

    [NotPersonalData("A flag.")] public bool IsArchived { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Label { get; set; } = "";
}

/// <summary>A crop of a photo: no personal field, it hangs on the photo.</summary>
public class PhotoCrop
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int PhotoId { get; set; }

    [NotPersonalData("A size in pixels.")] public int Width { get; set; }
}

/// <summary>Residents with homes and parcels; "Tenant" and "SoftDelete" filters on both, "Archive" on parcels.</summary>
public class HomeContext(DbContextOptions<HomeContext> options) : BreakContext<HomeContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Resident>(b =>
        {
            b.HasQueryFilter("SoftDelete", r => !r.IsDeleted);
            b.HasQueryFilter("Tenant", r => Tenant == null || r.TenantId == Tenant);
            b.HasOne<Home>().WithMany().HasForeignKey(r => r.HomeId).OnDelete(DeleteBehavior.Restrict);
            b.Ignore(r => r.PictureId);
        });
        modelBuilder.Entity<Parcel>(p =>
        {
            p.HasQueryFilter("Tenant", x => Tenant == null || x.TenantId == Tenant);
            p.HasQueryFilter("Archive", x => !x.IsArchived);
            p.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne<Home>().WithMany().HasForeignKey(x => x.HomeId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>Residents with pictures, tags (personal) and crops (not personal) on the pictures.</summary>
public class PictureContext(DbContextOptions<PictureContext> options) : BreakContext<PictureContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Resident>(b =>
        {
            b.HasQueryFilter("SoftDelete", r => !r.IsDeleted);
            b.HasOne<Photo>().WithMany().HasForeignKey(r => r.PictureId).OnDelete(DeleteBehavior.Restrict);
            b.Ignore(r => r.HomeId);
        });
        modelBuilder.Entity<PhotoTag>().HasOne<Photo>().WithMany().HasForeignKey(t => t.PhotoId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<PhotoCrop>().HasOne<Photo>().WithMany().HasForeignKey(t => t.PhotoId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>An album of a resident.</summary>
public class Album
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int ResidentId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Title { get; set; } = "";

    public List<Song> Songs { get; set; } = [];
}

/// <summary>A song a resident uploaded.</summary>
public class Song
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int ResidentId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Title { get; set; } = "";
}

/// <summary>A song on an album, with a dedication: a link row whose two sides belong to (possibly) two residents.</summary>
public class AlbumSong
{
    public int AlbumId { get; set; }

    public int SongId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Dedication { get; set; } = "";
}

/// <summary>Albums and songs of residents, linked many-to-many with payload: neither side is the subject.</summary>
public class AlbumContext(DbContextOptions<AlbumContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Resident>(b =>
        {
            b.Ignore(r => r.HomeId);
            b.Ignore(r => r.PictureId);
        });
        modelBuilder.Entity<Album>(a =>
        {
            a.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId);
            a.HasMany(x => x.Songs).WithMany().UsingEntity<AlbumSong>(
                r => r.HasOne<Song>().WithMany().HasForeignKey(s => s.SongId),
                l => l.HasOne<Album>().WithMany().HasForeignKey(s => s.AlbumId));
        });
        modelBuilder.Entity<Song>().HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId);
    }
}

/// <summary>A locker a resident rents (one-to-one, the locker holds the foreign key).</summary>
public class Locker
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int? RenterId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Pin { get; set; } = "";
}

/// <summary>A locker (dependent) one-to-one with its renter, the reference marked IsNotOwnership() after HasForeignKey.</summary>
public class LockerContext(DbContextOptions<LockerContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Resident>(b =>
        {
            b.Ignore(r => r.PictureId);
            b.HasOne<Home>().WithOne().HasForeignKey<Resident>(r => r.HomeId).IsNotOwnership(); // the resident is the dependent
        });
        modelBuilder.Entity<Locker>().HasOne<Resident>().WithOne().HasForeignKey<Locker>(l => l.RenterId).IsNotOwnership();
    }
}

/// <summary>IsNotOwnership() on a one-to-one before EF Core knows which side holds the foreign key.</summary>
public class EarlyLockerContext(DbContextOptions<EarlyLockerContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Resident>(b =>
        {
            b.Ignore(r => r.PictureId);
            b.Ignore(r => r.HomeId);
        });
        modelBuilder.Entity<Locker>().HasOne<Resident>().WithOne().IsNotOwnership().HasForeignKey<Locker>(l => l.RenterId);
    }
}

/// <summary>A flat residents live in; its landlord is a resident too (a reference that is not ownership).</summary>
public class Flat
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int? LandlordId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Street { get; set; } = "";
}

/// <summary>A foreign-key cycle through a pointed-to row: Resident.HomeId → Flat, Flat.LandlordId → Resident.</summary>
public class FlatContext(DbContextOptions<FlatContext> options) : BreakContext<FlatContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Resident>(b =>
        {
            b.HasQueryFilter("SoftDelete", r => !r.IsDeleted);
            b.HasOne<Flat>().WithMany().HasForeignKey(r => r.HomeId).OnDelete(DeleteBehavior.Restrict);
            b.Ignore(r => r.PictureId);
        });
        modelBuilder.Entity<Flat>().HasOne<Resident>().WithMany().HasForeignKey(f => f.LandlordId).OnDelete(DeleteBehavior.Restrict).IsNotOwnership();
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>An unnamed soft-delete filter on residents next to a named "Tenant" filter on their parcels.</summary>
public class MixedFilterContext(DbContextOptions<MixedFilterContext> options) : BreakContext<MixedFilterContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Resident>(b =>
        {
            b.HasQueryFilter(r => !r.IsDeleted);
            b.Ignore(r => r.HomeId);
            b.Ignore(r => r.PictureId);
        });
        modelBuilder.Entity<Parcel>(p =>
        {
            p.HasQueryFilter("Tenant", x => Tenant == null || x.TenantId == Tenant);
            p.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
            p.Ignore(x => x.HomeId);
        });
        modelBuilder.AddPrivacyAudit();
    }
}
