using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore.Tests.Model;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>The subject graph's structure, derived from the model alone (no database needed).</summary>
public sealed class SubjectGraphTests
{
    private static ShopContext Context()
        => new(new DbContextOptionsBuilder<ShopContext>().UseSqlite("Data Source=:memory:").UsePrivacy(Shop.Policy).Options);

    private static string Shares(SubjectRoot root)
        => string.Join(Environment.NewLine, root.Entities.Where(e => !e.IsOwned).SelectMany(e => e.Shares)
            .Select(s => ModelClassification.Name(s.Entity.EntityType) + (s.Navigation is null ? string.Empty : "[" + s.Navigation + "]") + " = " + string.Join(" | ", s.Paths)));

    private static string Lines(Dictionary<string, string> expected) => string.Join(Environment.NewLine, expected.Select(e => e.Key + " = " + e.Value));

    [Fact]
    public void Paths_follow_foreign_keys_join_entities_and_inheritance()
    {
        using var context = Context();
        var graph = context.GetSubjectGraph();

        Assert.Equal(["customer", "employee"], graph.Roots.Select(r => r.Category.Id));
        var customer = graph.FindRoot("customer")!;
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Customer"] = "(the subject's own row)",
                ["BusinessCustomer"] = "(the subject's own row)",
                ["CustomerHousehold"] = "CustomerHousehold.MembersId",
                ["Order"] = "Order.Customer",
                ["SupportTicket"] = "SupportTicket.Customer",
                ["CardPayment"] = "Payment.Order → Order.Customer",
                ["Household"] = "Household.CustomerHousehold → CustomerHousehold.MembersId",
                ["OrderLine"] = "OrderLine.Order → Order.Customer",
                ["Payment"] = "Payment.Order → Order.Customer",
                ["Shipment"] = "Shipment.Order → Order.Customer",
                ["ShipmentEvent"] = "ShipmentEvent.Shipment → Shipment.Order → Order.Customer",
            }.Pipe(Lines),
            Shares(customer));
        Assert.Equal("Customer", customer.Entities[0].EntityType.DisplayName());
        Assert.True(customer.Entities.Single(e => e.EntityType.ClrType == typeof(Household)).Shares.Single().IsShared);
        Assert.False(customer.Entities.Single(e => e.EntityType.ClrType == typeof(OrderLine)).Shares.Single().IsShared);

        var owned = customer.Entities.Where(e => e.IsOwned).ToArray();
        Assert.Equal(["PostalAddress", "Phone"], owned.Select(e => e.EntityType.DisplayName()));
        Assert.All(owned, e => Assert.Equal(typeof(Customer), e.Owner!.EntityType.ClrType));
        Assert.Empty(graph.Unreached);

        Assert.Equal(
            Lines(new Dictionary<string, string> { ["Employee"] = "(the subject's own row)", ["SupportTicket[Agent]"] = "SupportTicket.Agent" }),
            Shares(graph.FindRoot("employee")!));
    }

    [Fact]
    public void Filters_are_set_based_sql()
    {
        using var context = Context();
        var lines = context.GetSubjectGraph().FindRoot("customer")!.Find(context.Model.FindEntityType(typeof(OrderLine))!)!;

        var sql = lines.Shares.Single().Query<OrderLine>(context, 42).ToQueryString();

        // Uncorrelated IN (SELECT ...) through single-column foreign keys: SQLite evaluates a correlated EXISTS once per
        // outer row, a whole-table scan (docs/performance.md, finding 1).
        Assert.Contains(" IN (", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("EXISTS", sql, StringComparison.Ordinal);
        Assert.Contains("\"CustomerId\" = @", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("IsDeleted", sql, StringComparison.Ordinal); // query filters are ignored
        Assert.DoesNotContain("42", sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..], StringComparison.Ordinal); // the id is a parameter
    }

    [Fact]
    public void A_relationship_marked_not_ownership_is_not_followed()
    {
        using var plain = new CatalogueContext(new DbContextOptionsBuilder<CatalogueContext>().UseSqlite("Data Source=:memory:").UsePrivacy(Shop.Policy).Options);
        var withSupplierPath = plain.GetSubjectGraph().FindRoot("employee")!.Find(plain.Model.FindEntityType(typeof(CatalogueLine))!);
        Assert.NotNull(withSupplierPath);

        using var marked = new MarkedCatalogueContext(new DbContextOptionsBuilder<MarkedCatalogueContext>().UseSqlite("Data Source=:memory:").UsePrivacy(Shop.Policy).Options);
        Assert.Null(marked.GetSubjectGraph().FindRoot("employee")!.Find(marked.Model.FindEntityType(typeof(CatalogueLine))!));
        Assert.NotNull(marked.GetSubjectGraph().FindRoot("employee")!.Find(marked.Model.FindEntityType(typeof(CatalogueItem))!));
    }

    // Issue 12: a row owned through two roots was only logged (both exports showed it, both erasures deleted it); it is
    // now refused at start-up with the paths found, until the app decides.
    [Fact]
    public void Rows_owned_through_two_roots_are_refused_at_start_up()
    {
        using var context = new TwoOwnersContext(new DbContextOptionsBuilder<TwoOwnersContext>().UseSqlite("Data Source=:memory:").UsePrivacy(Shop.Policy).Options);

        var error = Assert.Throws<PrivacyModelException>(() => context.Model);
        var problem = Assert.Single(error.Problems, p => p.Kind == PrivacyModelProblemKind.AmbiguousOwnership);
        Assert.Equal("HandoverNote", problem.EntityType);
        Assert.Contains("HandoverNote.", problem.Message, StringComparison.Ordinal);
        Assert.Contains("IsNotOwnership()", problem.Message, StringComparison.Ordinal);
        using var shop = Context();
        Assert.Empty(shop.GetSubjectGraph().MultipleOwners); // a ticket's agent fields name their subject: not ambiguous
    }

    [Fact]
    public void Subject_ids_convert_losslessly_or_fail_clearly()
    {
        using var context = Context();
        var root = context.GetSubjectGraph().FindRoot("customer")!;

        Assert.Equal(42, root.ConvertId("42"));
        Assert.Equal(42, root.ConvertId(42L));
        var error = Assert.Throws<ArgumentException>(() => root.ConvertId("forty-two"));
        Assert.Contains("The identifier of a 'customer' subject is a Int32 (the key Customer.Id)", error.Message, StringComparison.Ordinal);
    }
}

internal static class PipeExtensions
{
    public static TResult Pipe<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}

/// <summary>A catalogue item maintained by an employee; lines refer to items. Without IsNotOwnership, a line would be the employee's.</summary>
public class CatalogueItem
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int MaintainerId { get; set; }

    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Account)]
    public string MaintainerNote { get; set; } = "";
}

public class CatalogueLine
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int ItemId { get; set; }

    public CatalogueItem Item { get; set; } = null!;
}

public class CatalogueContext(DbContextOptions options) : DbContext(options)
{
    protected virtual bool MarkNotOwnership => false;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Employee>();
        modelBuilder.Entity<CatalogueItem>().HasOne<Employee>().WithMany().HasForeignKey(i => i.MaintainerId);
        var lines = modelBuilder.Entity<CatalogueItem>().HasMany<CatalogueLine>().WithOne(l => l.Item);
        if (MarkNotOwnership)
        {
            lines.IsNotOwnership();
        }
    }
}

/// <summary>Its own type, because EF Core caches one model per context type.</summary>
public class MarkedCatalogueContext(DbContextOptions<MarkedCatalogueContext> options) : CatalogueContext(options)
{
    protected override bool MarkNotOwnership => true;
}

/// <summary>A note about both an employee and a contractor, with no field saying whose it is.</summary>
public class HandoverNote
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int EmployeeId { get; set; }

    public int ContractorId { get; set; }

    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Account)]
    public string Text { get; set; } = "";
}

public class TwoOwnersContext(DbContextOptions<TwoOwnersContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Contractor>().ComplexProperty(c => c.Card);
        modelBuilder.Entity<HandoverNote>().HasOne<Employee>().WithMany().HasForeignKey(n => n.EmployeeId);
        modelBuilder.Entity<HandoverNote>().HasOne<Contractor>().WithMany().HasForeignKey(n => n.ContractorId);
    }
}
