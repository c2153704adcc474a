using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

public class ShapeContact
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Phone { get; set; }
}

// ---- Complex type in the row, the row kept by a held invoice ----------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class ComplexCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public ShapeContact Contact { get; set; } = new();
}

public class ComplexInvoice
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

public class ComplexContext(DbContextOptions<ComplexContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ComplexCustomer>().ComplexProperty(c => c.Contact);
        modelBuilder.Entity<ComplexInvoice>().HasOne<ComplexCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ComplexShape : Shape<ComplexContext>
{
    public override string Feature => "Complex type (ComplexProperty) in the row";

    protected override Task SeedAsync(ComplexContext context)
    {
        context.AddRange(
            new ComplexCustomer { Id = 1, Name = "s1-name", Contact = new ShapeContact { Name = "s1-contact", Phone = null } },
            new ComplexCustomer { Id = 2, Name = "s2-name", Contact = new ShapeContact { Name = "s2-contact", Phone = "s2-phone" } },
            new ComplexCustomer { Id = 3, Name = "s3-name", Contact = new ShapeContact { Name = "s3-contact" } });
        context.AddRange(
            new ComplexInvoice { Id = 1, CustomerId = 1, InvoiceDate = Recent, BillingName = "s1-held-billing" },
            new ComplexInvoice { Id = 2, CustomerId = 2, InvoiceDate = Recent, BillingName = "s2-billing" });
        return context.SaveChangesAsync();
    }
}

// ---- Complex type mapped to JSON, the row kept by a held invoice ------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class ComplexJsonCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public ShapeContact Contact { get; set; } = new();
}

public class ComplexJsonInvoice
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

public class ComplexJsonContext(DbContextOptions<ComplexJsonContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ComplexJsonCustomer>().ComplexProperty(c => c.Contact, c => c.ToJson());
        modelBuilder.Entity<ComplexJsonInvoice>().HasOne<ComplexJsonCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ComplexJsonShape : Shape<ComplexJsonContext>
{
    public override string Feature => "Complex type mapped to JSON (ComplexProperty(...).ToJson())";

    protected override Task SeedAsync(ComplexJsonContext context)
    {
        context.AddRange(
            new ComplexJsonCustomer { Id = 1, Name = "s1-name", Contact = new ShapeContact { Name = "s1-contact", Phone = null } },
            new ComplexJsonCustomer { Id = 2, Name = "s2-name", Contact = new ShapeContact { Name = "s2-contact", Phone = "s2-phone" } },
            new ComplexJsonCustomer { Id = 3, Name = "s3-name", Contact = new ShapeContact { Name = "s3-contact" } });
        context.AddRange(
            new ComplexJsonInvoice { Id = 1, CustomerId = 1, InvoiceDate = Recent, BillingName = "s1-held-billing" },
            new ComplexJsonInvoice { Id = 2, CustomerId = 2, InvoiceDate = Recent, BillingName = "s2-billing" });
        return context.SaveChangesAsync();
    }
}

// ---- Complex collection (JSON), deleted with its row ---------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class ComplexCollectionCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public List<ShapeContact> Contacts { get; set; } = [];
}

public class ComplexCollectionContext(DbContextOptions<ComplexCollectionContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ComplexCollectionCustomer>().ComplexCollection(c => c.Contacts, c => c.ToJson());
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ComplexCollectionShape : Shape<ComplexCollectionContext>
{
    public override string Feature => "Complex collection mapped to JSON (ComplexCollection(...).ToJson()), deleted with its row";

    protected override Task SeedAsync(ComplexCollectionContext context)
    {
        context.AddRange(
            new ComplexCollectionCustomer { Id = 1, Name = "s1-name", Contacts = [new ShapeContact { Name = "s1-contact" }] },
            new ComplexCollectionCustomer { Id = 2, Name = "s2-name", Contacts = [new ShapeContact { Name = "s2-contact", Phone = "s2-phone" }] },
            new ComplexCollectionCustomer { Id = 3, Name = "s3-name" });
        return context.SaveChangesAsync();
    }
}

// ---- Complex collection of a row that other rows refer to: the plan may keep the row, so start-up refuses ------------

[DataSubject(Subjects.Customer)]
public class ComplexReferencedCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public List<ComplexReferencedContact> Contacts { get; set; } = [];
}

public class ComplexReferencedContact
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Phone { get; set; }
}

public class ComplexReferencedInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }
}

public class ComplexReferencedContext(DbContextOptions<ComplexReferencedContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ComplexReferencedCustomer>().ComplexCollection(c => c.Contacts, c => c.ToJson());
        modelBuilder.Entity<ComplexReferencedInvoice>().HasOne<ComplexReferencedCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ComplexReferencedShape : Shape<ComplexReferencedContext>
{
    public override string Feature => "Complex collection of a row other rows refer to";

    public override string? Refused => "ComplexReferencedCustomer.Contacts.Phone: is personal data in a complex collection of ComplexReferencedCustomer, which ComplexReferencedInvoice rows refer to (CustomerId)";

    protected override Task SeedAsync(ComplexReferencedContext context)
    {
        context.Add(new ComplexReferencedCustomer { Id = 1, Name = "s1-name", Contacts = [new ComplexReferencedContact { Phone = "s1-phone" }] });
        return context.SaveChangesAsync();
    }
}
