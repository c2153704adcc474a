using Microsoft.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Distributed;

/// <summary>A reference to a category the policy does not declare (a typo).</summary>
public class MistypedReference
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference("costumer")]
    public string CustomerId { get; set; } = "";
}

public class MistypedReferenceContext(DbContextOptions<MistypedReferenceContext> options) : DbContext(options)
{
    public DbSet<MistypedReference> Rows => Set<MistypedReference>();
}

/// <summary>A reference by value in the context that maps the root itself: it should be a foreign key.</summary>
public class ReferenceBesideRoot
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public string AccountId { get; set; } = "";
}

public class ReferenceBesideRootContext(DbContextOptions<ReferenceBesideRootContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<ReferenceBesideRoot> Rows => Set<ReferenceBesideRoot>();
}

/// <summary>Two references to one category with different key types in one context.</summary>
public class GuidReference
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public Guid CustomerId { get; set; }
}

public class MixedReferenceTypesContext(DbContextOptions<MixedReferenceTypesContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public DbSet<GuidReference> Rows => Set<GuidReference>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Order>().HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
}

/// <summary>An integer reference to customers whose root (<see cref="Account"/>) has a string key, in another context of the process.</summary>
public class IntReference
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public int CustomerNumber { get; set; }

    [PersonalData(DistributedPolicy.Purposes.Orders, DistributedPolicy.Retention.Account)]
    public string Note { get; set; } = "";
}

public class IntReferenceContext(DbContextOptions<IntReferenceContext> options) : DbContext(options)
{
    public DbSet<IntReference> Rows => Set<IntReference>();
}
