using Microsoft.EntityFrameworkCore;
using static Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model.ErasurePolicy;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model;

/// <summary>Contradicts its column: NULL is asked for, but the column is NOT NULL; the row is kept (Erasure = Anonymise).</summary>
[DataSubject(Subjects.Employee)]
public class NullOnRequired
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise, Anonymisation = AnonymisationStrategy.Null)]
    public string Nickname { get; set; } = "";
}

/// <summary>A fixed placeholder on a unique column.</summary>
[DataSubject(Subjects.Employee)]
public class RedactOnUnique
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise, Anonymisation = AnonymisationStrategy.Redact)]
    public string Login { get; set; } = "";
}

/// <summary>A kept row with an owned collection of personal data.</summary>
[DataSubject(Subjects.Employee)]
public class WithOwnedCollection
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Name { get; set; } = "";

    public List<Phone> Phones { get; set; } = [];
}

public class Phone
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Number { get; set; } = "";
}

public class NullOnRequiredContext(DbContextOptions<NullOnRequiredContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<NullOnRequired>();
        modelBuilder.AddPrivacyAudit();
    }
}

public class RedactOnUniqueContext(DbContextOptions<RedactOnUniqueContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RedactOnUnique>().HasIndex(e => e.Login).IsUnique();
        modelBuilder.AddPrivacyAudit();
    }
}

public class OwnedCollectionContext(DbContextOptions<OwnedCollectionContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WithOwnedCollection>().OwnsMany(e => e.Phones, phone =>
        {
            phone.WithOwner().HasForeignKey("OwnerId");
            phone.Property<int>("Id");
            phone.HasKey("Id");
        });
        modelBuilder.AddPrivacyAudit();
    }
}
