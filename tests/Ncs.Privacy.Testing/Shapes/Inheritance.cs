using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// ---- TPH: one table, a discriminator ---------------------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class TphCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Note { get; set; }
}

public class TphVipCustomer : TphCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nickname { get; set; }
}

public class TphContext(DbContextOptions<TphContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TphCustomer>();
        modelBuilder.Entity<TphVipCustomer>();
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class TphShape : Shape<TphContext>
{
    public override string Feature => "TPH (table per hierarchy)";

    protected override Task SeedAsync(TphContext context)
    {
        context.AddRange(
            new TphCustomer { Id = 1, Name = "s1-name", LastSeen = SeenAt(1), Note = "s1-note" },
            new TphVipCustomer { Id = 2, Name = "s2-name", LastSeen = SeenAt(2), Note = "s2-note", Nickname = "s2-nick" },
            new TphVipCustomer { Id = 3, Name = "s3-name", LastSeen = SeenAt(3), Note = Swept(3, "note"), Nickname = Swept(3, "nick") });
        return context.SaveChangesAsync();
    }
}

// ---- TPT: a table per type, rows span tables ----------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class TptCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Note { get; set; }
}

public class TptVipCustomer : TptCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nickname { get; set; }
}

public class TptContext(DbContextOptions<TptContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TptCustomer>().UseTptMappingStrategy();
        modelBuilder.Entity<TptVipCustomer>().ToTable("TptVipCustomers");
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class TptShape : Shape<TptContext>
{
    public override string Feature => "TPT (table per type)";

    protected override Task SeedAsync(TptContext context)
    {
        context.AddRange(
            new TptVipCustomer { Id = 1, Name = "s1-name", LastSeen = SeenAt(1), Note = "s1-note", Nickname = "s1-nick" },
            new TptCustomer { Id = 2, Name = "s2-name", LastSeen = SeenAt(2), Note = "s2-note" },
            new TptVipCustomer { Id = 3, Name = "s3-name", LastSeen = SeenAt(3), Note = Swept(3, "note"), Nickname = Swept(3, "nick") });
        return context.SaveChangesAsync();
    }
}

// ---- TPC with an abstract base: rows live in the leaf types' tables ------------------------------------------------

[DataSubject(Subjects.Customer)]
public abstract class TpcParty
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Note { get; set; }
}

public class TpcPerson : TpcParty
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Phone { get; set; }
}

public class TpcCompany : TpcParty
{
    [NotPersonalData("A company registration number.")]
    public string? OrganisationNumber { get; set; }
}

public class TpcAbstractContext(DbContextOptions<TpcAbstractContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TpcParty>().UseTpcMappingStrategy();
        modelBuilder.Entity<TpcPerson>().ToTable("TpcPeople");
        modelBuilder.Entity<TpcCompany>().ToTable("TpcCompanies");
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class TpcAbstractShape : Shape<TpcAbstractContext>
{
    public override string Feature => "TPC (table per concrete type), abstract base";

    protected override Task SeedAsync(TpcAbstractContext context)
    {
        context.AddRange(
            new TpcPerson { Id = 1, Name = "s1-name", LastSeen = SeenAt(1), Note = "s1-note", Phone = "s1-phone" },
            new TpcCompany { Id = 2, Name = "s2-name", LastSeen = SeenAt(2), Note = "s2-note", OrganisationNumber = "556000-0002" },
            new TpcPerson { Id = 3, Name = "s3-name", LastSeen = SeenAt(3), Note = Swept(3, "note"), Phone = "s3-phone" });
        return context.SaveChangesAsync();
    }
}

// ---- TPC with a concrete base (issue input 2) -----------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class TpcContact
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

public class TpcSupplier : TpcContact
{
    [NotPersonalData("A company registration number.")]
    public string? OrganisationNumber { get; set; }
}

public class TpcConcreteContext(DbContextOptions<TpcConcreteContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TpcContact>().UseTpcMappingStrategy();
        modelBuilder.Entity<TpcSupplier>().ToTable("TpcSuppliers");
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class TpcConcreteShape : Shape<TpcConcreteContext>
{
    public override string Feature => "TPC (table per concrete type), concrete base";

    public override string? Refused => "TpcContact: is a concrete entity type with derived types in a table-per-concrete-type (TPC) hierarchy";

    protected override Task SeedAsync(TpcConcreteContext context)
    {
        context.AddRange(new TpcContact { Id = 1, Name = "s1-name" }, new TpcSupplier { Id = 2, Name = "s2-name" }, new TpcContact { Id = 3, Name = "s3-name" });
        return context.SaveChangesAsync();
    }
}
