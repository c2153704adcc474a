using Microsoft.EntityFrameworkCore;
using static Ncs.Privacy.EntityFrameworkCore.Tests.Model.ShopPolicy;

namespace Ncs.Privacy.EntityFrameworkCore.Tests.Model;

/// <summary>A second context of the same application: the loyalty programme keeps its own copy of the customer id.</summary>
[DataSubject(Subjects.Customer)]
public class LoyaltyMember
{
    [NotPersonalData("The shop's customer id.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Marketing, Retention.Account)]
    public string Nickname { get; set; } = "";

    public List<LoyaltyPoints> Points { get; set; } = [];

    public ExternalProfile? Profile { get; set; }
}

public class LoyaltyPoints
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int MemberId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Reason { get; set; } = "";

    [NotPersonalData("A count.")]
    public int Points { get; set; }
}

/// <summary>A type the application cannot annotate (think: from a vendor's assembly): classified with Classify&lt;T&gt;.</summary>
public class ExternalProfile
{
    public int Id { get; set; }

    public int MemberId { get; set; }

    public string Bio { get; set; } = "";
}

public class LoyaltyContext(DbContextOptions<LoyaltyContext> options) : DbContext(options)
{
    public DbSet<LoyaltyMember> Members => Set<LoyaltyMember>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LoyaltyMember>().Property(m => m.Id).ValueGeneratedNever();
        modelBuilder.Entity<LoyaltyMember>().HasMany(m => m.Points).WithOne().HasForeignKey(p => p.MemberId);
        modelBuilder.Entity<LoyaltyMember>().HasOne(m => m.Profile).WithOne().HasForeignKey<ExternalProfile>(p => p.MemberId);
    }
}
