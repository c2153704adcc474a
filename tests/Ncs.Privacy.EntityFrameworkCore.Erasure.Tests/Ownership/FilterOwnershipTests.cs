using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

// Rule 11 (query filters): a filter declared soft delete that reads anything besides its row may carry a tenant, however
// it reads it (the context, a static property or field, a static method, a captured service); start-up refuses it and
// says what it reads. The split the error offers runs, and keeps tenants apart (tests/Ncs.Privacy.Testing/Ownership/FilterShapes.cs).
public sealed class FilterOwnershipTests
{
    private static readonly Lazy<PrivacyPolicy> Policy = new(() => PrivacyPolicy.Load(new PrivacyOptions
    {
        PolicyType = typeof(OwnershipPolicy),
        ModelAssemblies = { typeof(OwnershipPolicy).Assembly },
        ModelNamespaces = { typeof(OwnershipPolicy).Namespace! },
    }));

    private static PrivacyModelProblem Refused<TContext>(Func<DbContextOptions<TContext>, TContext> create, Action<PrivacyDbContextOptions>? configure = null)
        where TContext : DbContext
    {
        using var context = create(new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=:memory:").UsePrivacy(Policy.Value, configure).Options);
        var problems = Assert.Throws<PrivacyModelException>(() => context.Model).Problems;
        return Assert.Single(problems, p => p.Kind == PrivacyModelProblemKind.UnnamedQueryFilter);
    }

    [Fact]
    public void A_soft_delete_filter_that_reads_a_static_tenant_property_is_refused()
    {
        var problem = Refused<StaticPropertyFilterContext>(o => new StaticPropertyFilterContext(o));
        Assert.Equal(nameof(Person), problem.EntityType);
        Assert.Contains("the static member AmbientTenant.Id", problem.Message, StringComparison.Ordinal);
        Assert.Contains("HasQueryFilter(\"Tenant\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unnamed_filter_declared_soft_delete_that_reads_a_static_field_is_refused()
    {
        var problem = Refused<StaticFieldFilterContext>(o => new StaticFieldFilterContext(o), o => o.UnnamedQueryFilters = UnnamedQueryFilterKind.SoftDelete);
        Assert.Contains("the static member AmbientTenant.Field", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unnamed_filter_that_reads_a_static_field_is_still_asked_about()
    {
        var problem = Refused<StaticFieldFilterContext>(o => new StaticFieldFilterContext(o));
        Assert.Contains("cannot tell whether it hides soft-deleted rows", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_soft_delete_filter_that_calls_a_static_method_is_refused()
        => Assert.Contains("the static method AmbientTenant.Resolve", Refused<StaticMethodFilterContext>(o => new StaticMethodFilterContext(o)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_soft_delete_filter_that_reads_a_captured_tenant_service_is_refused()
        => Assert.Contains("the captured variable 'tenants'", Refused<CapturedTenantFilterContext>(o => new CapturedTenantFilterContext(o) { Tenants = new TenantSource(1) }).Message, StringComparison.Ordinal);

    // The fix the error offers: soft delete in a filter of its own (reading .NET's string.Empty is fine), the static tenant in
    // another. Services resolved while the ambient tenant is 1 neither plan nor export tenant 2's person, and still see
    // tenant 1's soft-deleted one.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_split_filters_start_and_a_static_tenant_is_never_crossed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SplitStaticFilterContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(OwnershipPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(OwnershipPolicy).Namespace!)))
            .AddEntityFrameworkCore<SplitStaticFilterContext>()
            .AddErasure(o => o.AuditKey = Harness.AuditKey);
        await using var provider_ = services.BuildServiceProvider();
        await using (var scope = provider_.CreateAsyncScope())
        {
            var c = scope.ServiceProvider.GetRequiredService<SplitStaticFilterContext>();
            await c.Database.EnsureCreatedAsync();
            c.AddRange(new Person { Id = 1, Name = "one-name", TenantId = 1, IsDeleted = true }, new Person { Id = 2, Name = "two-name", TenantId = 2 });
            await c.SaveChangesAsync();
            c.Add(new Card { Id = 20, PersonId = 2, Holder = "two-card" });
            await c.SaveChangesAsync();
        }

        AmbientTenant.Id = 1;
        var planner = provider_.GetRequiredService<IErasurePlanner>();
        Assert.Equal(ErasureOutcome.SubjectNotFound, (await planner.PlanAsync(new DataSubjectReference(OwnershipPolicy.Customer, 2), "REQ-2")).Outcome);
        var plan = await planner.PlanAsync(new DataSubjectReference(OwnershipPolicy.Customer, 1), "REQ-1");
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        Assert.Equal(ErasureStatus.Applied, (await provider_.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);

        AmbientTenant.Id = null;
        await using var check = provider_.CreateAsyncScope();
        var dump = await TableDump.OfAsync(check.ServiceProvider.GetRequiredService<SplitStaticFilterContext>());
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.Contains("two-name", dump, StringComparison.Ordinal);
        Assert.Contains("two-card", dump, StringComparison.Ordinal);
    }
}
