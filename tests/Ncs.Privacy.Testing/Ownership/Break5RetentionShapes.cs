using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// Shapes of a fifth fresh tester (issue 12, round 5) for the retention of rows the subject points to and of tenants: an
// order's shipping address the sweep left orphaned, a strict tenant filter that hid every row from the background sweep,
// and a delivery address under the bookkeeping hold that erasure and the sweep anonymised. With shapes the tester did not
// list: an address pointed to from an owned value, a photo an address points to (a chain), a pickup point reached only
// through an order's line. Used by Break5RetentionTests.

/// <summary>A customer whose orders point to addresses.</summary>
[DataSubject(Subjects.Customer)]
public class R5Customer
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";
}

/// <summary>An address orders point to; lasts as long as the account (no date of its own).</summary>
public class R5Address
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Street { get; set; } = "";

    [NotPersonalData("A reference.")] public int? PhotoId { get; set; }
}

/// <summary>A photo of a front door an address points to (a chain of pointed-to rows).</summary>
public class R5Photo
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Caption { get; set; } = "";
}

/// <summary>An order: its delivery note under the bookkeeping hold, a shipping address, and a gift wrapping sent elsewhere.</summary>
public class R5Order
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("A reference.")] public int CustomerId { get; set; }

    [RetentionAnchor, NotPersonalData("The order date.")] public DateOnly PlacedAt { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string DeliveryNote { get; set; } = "";

    [NotPersonalData("A reference.")] public int? ShippingAddressId { get; set; }

    /// <summary>An owned value in the order's row that points to an address of its own.</summary>
    public R5Gift? Gift { get; set; }
}

/// <summary>A gift wrapping (owned, in the order's row) sent to another address.</summary>
[Owned]
public class R5Gift
{
    [NotPersonalData("A reference.")] public int? AddressId { get; set; }
}

/// <summary>Orders pointing to addresses directly and from an owned value; addresses pointing to photos.</summary>
public class R5SweepContext(DbContextOptions<R5SweepContext> options) : BreakContext<R5SweepContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<R5Order>(b =>
        {
            b.HasOne<R5Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<R5Address>().WithMany().HasForeignKey(o => o.ShippingAddressId).OnDelete(DeleteBehavior.Restrict);
            b.OwnsOne(o => o.Gift, g => g.HasOne<R5Address>().WithMany().HasForeignKey(x => x.AddressId).OnDelete(DeleteBehavior.Restrict));
        });
        modelBuilder.Entity<R5Address>().HasOne<R5Photo>().WithMany().HasForeignKey(a => a.PhotoId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A customer of one tenant.</summary>
[DataSubject(Subjects.Customer)]
public class R5TenantCustomer
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("The tenant.")] public int TenantId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";
}

/// <summary>An order of one tenant, soft-deletable.</summary>
public class R5TenantOrder
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("The tenant.")] public int TenantId { get; set; }

    [NotPersonalData("A reference.")] public int CustomerId { get; set; }

    [NotPersonalData("Soft delete.")] public bool IsDeleted { get; set; }

    [RetentionAnchor, NotPersonalData("The order date.")] public DateOnly PlacedAt { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string DeliveryNote { get; set; } = "";
}

/// <summary>A strict tenant filter (no escape for "no tenant") and a soft-delete filter on orders.</summary>
public class R5StrictTenantContext(DbContextOptions<R5StrictTenantContext> options) : BreakContext<R5StrictTenantContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<R5TenantCustomer>().HasQueryFilter("Tenant", c => c.TenantId == Tenant);
        modelBuilder.Entity<R5TenantOrder>(b =>
        {
            b.HasQueryFilter("Tenant", o => o.TenantId == Tenant);
            b.HasQueryFilter("SoftDelete", o => !o.IsDeleted);
            b.HasOne<R5TenantCustomer>().WithMany().HasForeignKey(o => o.CustomerId);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A customer whose orders are kept for bookkeeping.</summary>
[DataSubject(Subjects.Customer)]
public class R5HeldCustomer
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";
}

/// <summary>A delivery address under the bookkeeping hold, without a date of its own.</summary>
public class R5HeldAddress
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string Street { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)] public string? DoorCode { get; set; }
}

/// <summary>A billing address under the bookkeeping hold, with a date of its own (when it was entered).</summary>
public class R5DatedAddress
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [RetentionAnchor, NotPersonalData("When it was entered.")] public DateOnly CreatedAt { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string Street { get; set; } = "";
}

/// <summary>A pickup point a line points to, under the hold, reached only through the order's line.</summary>
public class R5PickupPoint
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string Label { get; set; } = "";
}

/// <summary>An order kept for bookkeeping: its billing name under the hold, a delivery and a billing address.</summary>
public class R5HeldOrder
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("A reference.")] public int CustomerId { get; set; }

    [RetentionAnchor, NotPersonalData("The order date.")] public DateOnly PlacedAt { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string BillingName { get; set; } = "";

    [NotPersonalData("A reference.")] public int? DeliveryAddressId { get; set; }

    [NotPersonalData("A reference.")] public int? BillingAddressId { get; set; }
}

/// <summary>A line of an order (no anchor of its own: it counts from its order) that points to a pickup point.</summary>
public class R5HeldLine
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [NotPersonalData("A reference.")] public int OrderId { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string Text { get; set; } = "";

    [NotPersonalData("A reference.")] public int? PickupPointId { get; set; }
}

/// <summary>Orders kept for bookkeeping pointing to held addresses; lines pointing to held pickup points.</summary>
public class R5HeldContext(DbContextOptions<R5HeldContext> options) : BreakContext<R5HeldContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<R5HeldOrder>(b =>
        {
            b.HasOne<R5HeldCustomer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<R5HeldAddress>().WithMany().HasForeignKey(o => o.DeliveryAddressId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<R5DatedAddress>().WithMany().HasForeignKey(o => o.BillingAddressId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<R5HeldLine>(b =>
        {
            b.HasOne<R5HeldOrder>().WithMany().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<R5PickupPoint>().WithMany().HasForeignKey(l => l.PickupPointId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A badge under the hold that only the customer's own row points to: no row on the way has a date.</summary>
public class R5Badge
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)] public string Holder { get; set; } = "";
}

/// <summary>A customer pointing to a held badge.</summary>
[DataSubject(Subjects.Customer)]
public class R5BadgeCustomer
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [NotPersonalData("A reference.")] public int? BadgeId { get; set; }
}

/// <summary>Refused at start-up: the badge's hold has no anchor on the row nor on any row that points to it.</summary>
public class R5BadgeContext(DbContextOptions<R5BadgeContext> options) : BreakContext<R5BadgeContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<R5BadgeCustomer>().HasOne<R5Badge>().WithMany().HasForeignKey(c => c.BadgeId);
        modelBuilder.AddPrivacyAudit();
    }
}
