using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

public class ShapeAddress
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Street { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? City { get; set; }
}

// ---- Table splitting: two non-owned entity types on one table (issue input 3) ----------------------------------------

[DataSubject(Subjects.Customer)]
public class SplitCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    public SplitProfile Profile { get; set; } = null!;
}

public class SplitProfile
{
    [NotPersonalData("Shares the customer's key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Bio { get; set; }
}

public class TableSplittingContext(DbContextOptions<TableSplittingContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SplitCustomer>().ToTable("SplitCustomers").HasOne(c => c.Profile).WithOne().HasForeignKey<SplitProfile>(p => p.Id);
        modelBuilder.Entity<SplitProfile>().ToTable("SplitCustomers");
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class TableSplittingShape : Shape<TableSplittingContext>
{
    public override string Feature => "Table splitting (two non-owned entity types on one table)";

    protected override Task SeedAsync(TableSplittingContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new SplitCustomer { Id = id, Name = $"s{id}-name", LastSeen = SeenAt(id), Profile = new SplitProfile { Id = id, Bio = Swept(id, "bio") } });
        }

        return context.SaveChangesAsync();
    }
}

// ---- Owned types in the owner's table, one optional and NULL (issue input 5), the row kept by a held invoice --------

[DataSubject(Subjects.Customer)]
public class OwnedRowCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public ShapeAddress Billing { get; set; } = new();

    public ShapeAddress? Shipping { get; set; }
}

public class OwnedRowInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";
}

public class OwnedInRowContext(DbContextOptions<OwnedInRowContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OwnedRowCustomer>(c =>
        {
            c.OwnsOne(x => x.Billing);
            c.OwnsOne(x => x.Shipping);
        });
        modelBuilder.Entity<OwnedRowInvoice>().HasOne<OwnedRowCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class OwnedInRowShape : Shape<OwnedInRowContext>
{
    public override string Feature => "Owned type in the owner's table (OwnsOne), optional and NULL";

    protected override Task SeedAsync(OwnedInRowContext context)
    {
        context.AddRange(
            new OwnedRowCustomer { Id = 1, Name = "s1-name", Billing = new ShapeAddress { Street = "s1-street", City = null }, Shipping = null },
            new OwnedRowCustomer { Id = 2, Name = "s2-name", Billing = new ShapeAddress { Street = "s2-street", City = "s2-city" }, Shipping = new ShapeAddress { Street = "s2-ship", City = "s2-shipcity" } },
            new OwnedRowCustomer { Id = 3, Name = "s3-name", Billing = new ShapeAddress { Street = "s3-street" } });
        context.AddRange(
            new OwnedRowInvoice { Id = 1, CustomerId = 1, InvoiceDate = Recent, BillingName = "s1-held-billing" },
            new OwnedRowInvoice { Id = 2, CustomerId = 2, InvoiceDate = Recent, BillingName = "s2-billing" });
        return context.SaveChangesAsync();
    }
}

// ---- Owned type in a table of its own ---------------------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class OwnedTableCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public ShapeAddress? Address { get; set; }
}

public class OwnedTableContext(DbContextOptions<OwnedTableContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OwnedTableCustomer>().OwnsOne(x => x.Address, a => a.ToTable("OwnedTableAddresses"));
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class OwnedTableShape : Shape<OwnedTableContext>
{
    public override string Feature => "Owned type in a table of its own, deleted with its owner";

    protected override Task SeedAsync(OwnedTableContext context)
    {
        context.AddRange(
            new OwnedTableCustomer { Id = 1, Name = "s1-name", Address = new ShapeAddress { Street = "s1-street", City = "s1-city" } },
            new OwnedTableCustomer { Id = 2, Name = "s2-name", Address = new ShapeAddress { Street = "s2-street" } },
            new OwnedTableCustomer { Id = 3, Name = "s3-name" });
        return context.SaveChangesAsync();
    }
}

// ---- Owned collection of a row that is kept (ErasureAction.Anonymise on the owner) ------------------------------------

[DataSubject(Subjects.Customer)]
public class OwnedCollectionCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Name { get; set; } = "";

    public List<ShapeAddress> Addresses { get; set; } = [];
}

public class OwnedCollectionContext(DbContextOptions<OwnedCollectionContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OwnedCollectionCustomer>().OwnsMany(x => x.Addresses, a =>
        {
            a.WithOwner().HasForeignKey("OwnerId");
            a.Property<int>("Id");
            a.HasKey("Id");
        });
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class OwnedCollectionShape : Shape<OwnedCollectionContext>
{
    public override string Feature => "Owned collection (OwnsMany) of a row that is kept";

    protected override Task SeedAsync(OwnedCollectionContext context)
    {
        context.AddRange(
            new OwnedCollectionCustomer { Id = 1, Name = "s1-name", Addresses = [new ShapeAddress { Street = "s1-street" }, new ShapeAddress { Street = "s1-b-street", City = "s1-city" }] },
            new OwnedCollectionCustomer { Id = 2, Name = "s2-name", Addresses = [new ShapeAddress { Street = "s2-street", City = "s2-city" }] },
            new OwnedCollectionCustomer { Id = 3, Name = "s3-name" });
        return context.SaveChangesAsync();
    }
}

// ---- Owned type in a table of its own, the row kept because a held invoice refers to it ------------------------------
// Start-up cannot know which rows a plan keeps for this reason (it depends on the data): the owned row is anonymised with
// its owner by an UPDATE of the owned table, never refused at planning.

[DataSubject(Subjects.Customer)]
public class OwnedTableKeptCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public ShapeAddress? Address { get; set; }

    public List<ShapeAddress> Previous { get; set; } = [];
}

public class OwnedTableKeptInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";
}

public class OwnedTableKeptContext(DbContextOptions<OwnedTableKeptContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OwnedTableKeptCustomer>(c =>
        {
            c.OwnsOne(x => x.Address, a => a.ToTable("OwnedTableKeptAddresses"));
            c.OwnsMany(x => x.Previous, a =>
            {
                a.ToTable("OwnedTableKeptPrevious");
                a.Property<int>("Id");
                a.HasKey("Id");
            });
        });
        modelBuilder.Entity<OwnedTableKeptInvoice>().HasOne<OwnedTableKeptCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class OwnedTableKeptShape : Shape<OwnedTableKeptContext>
{
    public override string Feature => "Owned type and owned collection in tables of their own, the row kept by a held invoice";

    protected override Task SeedAsync(OwnedTableKeptContext context)
    {
        context.AddRange(
            new OwnedTableKeptCustomer { Id = 1, Name = "s1-name", Address = new ShapeAddress { Street = "s1-street", City = null }, Previous = [new ShapeAddress { Street = "s1-prev-street", City = "s1-prev-city" }] },
            new OwnedTableKeptCustomer { Id = 2, Name = "s2-name", Address = new ShapeAddress { Street = "s2-street", City = "s2-city" }, Previous = [new ShapeAddress { Street = "s2-prev-street" }] },
            new OwnedTableKeptCustomer { Id = 3, Name = "s3-name" });
        context.AddRange(
            new OwnedTableKeptInvoice { Id = 1, CustomerId = 1, InvoiceDate = Recent, BillingName = "s1-held-billing" },
            new OwnedTableKeptInvoice { Id = 2, CustomerId = 2, InvoiceDate = Recent, BillingName = "s2-billing" });
        return context.SaveChangesAsync();
    }
}

// ---- Owned collection holding all of a kept row's personal data (the row itself has no personal field) ----------------

[DataSubject(Subjects.Customer)]
public class OwnedOnlyCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    public List<ShapeAddress> Addresses { get; set; } = [];
}

public class OwnedOnlyInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";
}

public class OwnedOnlyContext(DbContextOptions<OwnedOnlyContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OwnedOnlyCustomer>().OwnsMany(x => x.Addresses, a =>
        {
            a.ToTable("OwnedOnlyAddresses");
            a.Property<int>("Id");
            a.HasKey("Id");
        });
        modelBuilder.Entity<OwnedOnlyInvoice>().HasOne<OwnedOnlyCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class OwnedOnlyShape : Shape<OwnedOnlyContext>
{
    public override string Feature => "Owned collection holding all personal data of a row a held invoice keeps";

    protected override Task SeedAsync(OwnedOnlyContext context)
    {
        context.AddRange(
            new OwnedOnlyCustomer { Id = 1, LastSeen = Recent, Addresses = [new ShapeAddress { Street = "s1-street" }, new ShapeAddress { Street = "s1-b-street", City = "s1-city" }] },
            new OwnedOnlyCustomer { Id = 2, LastSeen = Recent, Addresses = [new ShapeAddress { Street = "s2-street", City = "s2-city" }] },
            new OwnedOnlyCustomer { Id = 3, LastSeen = Old });
        context.AddRange(
            new OwnedOnlyInvoice { Id = 1, CustomerId = 1, InvoiceDate = Recent, BillingName = "s1-held-billing" },
            new OwnedOnlyInvoice { Id = 2, CustomerId = 2, InvoiceDate = Recent, BillingName = "s2-billing" });
        return context.SaveChangesAsync();
    }
}

// ---- Owned type in a table of its own with an owned type in that table, on a TPT-free kept row -------------------------

[DataSubject(Subjects.Customer)]
public class NestedTableCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Name { get; set; } = "";

    public NestedTableProfile? Profile { get; set; }
}

public class NestedTableProfile
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Nickname { get; set; } = "";

    public ShapeAddress? Home { get; set; }
}

public class NestedTableContext(DbContextOptions<NestedTableContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<NestedTableCustomer>().OwnsOne(c => c.Profile, p =>
        {
            p.ToTable("NestedProfiles");
            p.OwnsOne(x => x.Home);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class NestedTableShape : Shape<NestedTableContext>
{
    public override string Feature => "Owned type in a table of its own holding an owned type, the row kept";

    protected override Task SeedAsync(NestedTableContext context)
    {
        context.AddRange(
            new NestedTableCustomer { Id = 1, Name = "s1-name", Profile = new NestedTableProfile { Nickname = "s1-nick", Home = new ShapeAddress { Street = "s1-street" } } },
            new NestedTableCustomer { Id = 2, Name = "s2-name", Profile = new NestedTableProfile { Nickname = "s2-nick" } },
            new NestedTableCustomer { Id = 3, Name = "s3-name" });
        return context.SaveChangesAsync();
    }
}

// ---- Owned collection whose fields have a retention period of their own (the sweep cannot reach them) --------------

[DataSubject(Subjects.Customer)]
public class OwnedSweptCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public List<OwnedSweptVisit> Visits { get; set; } = [];
}

public class OwnedSweptVisit
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Note { get; set; }
}

public class OwnedSweptContext(DbContextOptions<OwnedSweptContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OwnedSweptCustomer>().OwnsMany(x => x.Visits);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class OwnedSweptShape : Shape<OwnedSweptContext>
{
    public override string Feature => "Owned collection with a retention period of its own";

    public override string? Refused => "OwnedSweptCustomer.Visits.Note: is personal data in an owned collection (OwnsMany) with a retention period of its own";

    protected override Task SeedAsync(OwnedSweptContext context)
    {
        context.Add(new OwnedSweptCustomer { Id = 1, Name = "s1-name", Visits = [new OwnedSweptVisit { Note = "s1-note" }] });
        return context.SaveChangesAsync();
    }
}

// ---- Owned type mapped to JSON, the row kept by a held invoice (issue input 4) ---------------------------------------

[DataSubject(Subjects.Customer)]
public class JsonCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public JsonProfile? Profile { get; set; }
}

public class JsonProfile
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Nickname { get; set; }
}

public class JsonInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";
}

public class OwnedJsonContext(DbContextOptions<OwnedJsonContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JsonCustomer>().OwnsOne(c => c.Profile, p => p.ToJson());
        modelBuilder.Entity<JsonInvoice>().HasOne<JsonCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class OwnedJsonShape : Shape<OwnedJsonContext>
{
    public override string Feature => "Owned type mapped to JSON (OwnsOne(...).ToJson())";

    public override string? Refused => "JsonCustomer.Profile.Nickname: is personal data in an owned type mapped to JSON";

    protected override Task SeedAsync(OwnedJsonContext context)
    {
        context.Add(new JsonCustomer { Id = 1, Name = "s1-name", Profile = new JsonProfile { Nickname = "s1-nick" } });
        return context.SaveChangesAsync();
    }
}
