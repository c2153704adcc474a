using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Ownership;

// Tenant filters that read something other than the context (rule 11 of docs/ownership.md): a static property over an
// AsyncLocal (the ambient tenant of a request), a static field, a static method, a tenant service captured in
// OnModelCreating. Combined with soft delete in one filter declared soft delete, ignoring the filter would cross tenants.
// Used by FilterOwnershipTests.

/// <summary>The ambient tenant of the current request, as middleware sets it.</summary>
public static class AmbientTenant
{
    private static readonly AsyncLocal<int?> Current = new();

    /// <summary>A static field some apps use instead (a single-tenant-per-process deployment).</summary>
#pragma warning disable CA2211 // the shape under test is exactly a mutable static field
    public static int? Field;
#pragma warning restore CA2211

    public static int? Id
    {
        get => Current.Value;
        set => Current.Value = value;
    }

    public static int? Resolve() => Current.Value;
}

/// <summary>A tenant service a context receives through its constructor.</summary>
public sealed class TenantSource(int? tenantId)
{
    public int? TenantId { get; } = tenantId;
}

/// <summary>Soft delete and the ambient tenant (a static property) in one filter, named "SoftDelete".</summary>
public class StaticPropertyFilterContext(DbContextOptions<StaticPropertyFilterContext> options) : BreakContext<StaticPropertyFilterContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        FilterShapes.Person(modelBuilder).HasQueryFilter("SoftDelete", c => !c.IsDeleted && (AmbientTenant.Id == null || c.TenantId == AmbientTenant.Id));
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>Soft delete and a static field in one unnamed filter.</summary>
public class StaticFieldFilterContext(DbContextOptions<StaticFieldFilterContext> options) : BreakContext<StaticFieldFilterContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        FilterShapes.Person(modelBuilder).HasQueryFilter(c => !c.IsDeleted && c.TenantId == AmbientTenant.Field);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>Soft delete and a static method in one filter, named "SoftDelete".</summary>
public class StaticMethodFilterContext(DbContextOptions<StaticMethodFilterContext> options) : BreakContext<StaticMethodFilterContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        FilterShapes.Person(modelBuilder).HasQueryFilter("SoftDelete", c => !c.IsDeleted && c.TenantId == AmbientTenant.Resolve());
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>Soft delete and a tenant service captured in a local of OnModelCreating, in one filter named "SoftDelete".</summary>
public class CapturedTenantFilterContext(DbContextOptions<CapturedTenantFilterContext> options) : BreakContext<CapturedTenantFilterContext>(options)
{
    public TenantSource Tenants { get; init; } = new(null);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var tenants = Tenants;
        FilterShapes.Person(modelBuilder).HasQueryFilter("SoftDelete", c => !c.IsDeleted && (tenants.TenantId == null || c.TenantId == tenants.TenantId));
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>The fix: soft delete alone (reading only the row and .NET's own string.Empty), and the ambient tenant in a filter of its own.</summary>
public class SplitStaticFilterContext(DbContextOptions<SplitStaticFilterContext> options) : BreakContext<SplitStaticFilterContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var person = FilterShapes.Person(modelBuilder);
        person.HasQueryFilter("SoftDelete", c => !c.IsDeleted || c.Name == string.Empty);
        person.HasQueryFilter("Tenant", c => AmbientTenant.Id == null || c.TenantId == AmbientTenant.Id);
        modelBuilder.AddPrivacyAudit();
    }
}

internal static class FilterShapes
{
    public static Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Person> Person(ModelBuilder modelBuilder)
    {
        var person = modelBuilder.Entity<Person>();
        person.Ignore(c => c.PhotoId);
        person.Ignore(c => c.DefaultCardId);
        modelBuilder.Entity<Card>().HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        return person;
    }
}
