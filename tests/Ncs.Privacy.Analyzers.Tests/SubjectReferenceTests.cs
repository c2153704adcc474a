using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// NCSP001 and subject references by value (<c>[SubjectReference]</c>, <c>.IsSubjectReference(...)</c>): the runtime makes such a
/// column a foreign key to a stand-in root, so the analyzer treats it as one, whatever its name, in one project and across projects.
/// </summary>
public sealed class SubjectReferenceTests
{
    private static DiagnosticResult Declared(int marker, string type, string member) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, string.Empty);

    [Fact]
    public Task A_SubjectReference_column_is_a_foreign_key_whatever_its_name_and_the_columns_beside_it_are_still_checked()
    {
        return Verify.VerifyAsync("""
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public class Order
            {
                public int Id { get; set; }

                [SubjectReference(ShopPolicy.Subjects.Customer)]
                public string BuyerId { get; set; } = "";

                [SubjectReference(ShopPolicy.Subjects.Customer)]
                public string Recipient { get; set; } = "";

                public string {|#0:Note|} { get; set; } = "";
            }

            public class OrderingDb : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
            }
            """, Declared(0, "Order", "Note"));
    }

    [Fact]
    public Task IsSubjectReference_in_OnModelCreating_and_in_a_configuration_makes_the_column_a_foreign_key()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy;
            using Ncs.Privacy.EntityFrameworkCore;

            namespace Shop;

            public class CustomerBasket
            {
                public int Id { get; set; }

                public string Owner { get; set; } = "";

                public string {|#0:Comment|} { get; set; } = "";
            }

            public class Wishlist
            {
                public int Id { get; set; }

                public string Holder { get; set; } = "";
            }

            internal sealed class WishlistConfiguration : IEntityTypeConfiguration<Wishlist>
            {
                public void Configure(EntityTypeBuilder<Wishlist> builder) =>
                    builder.Property(w => w.Holder).HasMaxLength(64).IsSubjectReference(ShopPolicy.Subjects.Customer);
            }

            public class BasketDb : DbContext
            {
                public DbSet<CustomerBasket> Baskets => Set<CustomerBasket>();

                public DbSet<Wishlist> Wishlists => Set<Wishlist>();

                protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                    modelBuilder.Entity<CustomerBasket>(b => b.Property(x => x.Owner).HasMaxLength(64).IsSubjectReference(ShopPolicy.Subjects.Customer));
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.ExpectedDiagnostics.Add(Declared(0, "CustomerBasket", "Comment"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_SubjectReference_on_an_entity_of_another_project_is_seen_in_its_metadata_and_not_reported_at_the_DbSet()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Ordering.Domain;

            namespace Ordering.Infrastructure;

            public class OrderingDb : DbContext
            {
                public DbSet<Order> {|#0:Orders|} => Set<Order>();
            }
            """);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Ordering.Domain", """
            using Ncs.Privacy;

            namespace Ordering.Domain;

            public class Order
            {
                public int Id { get; set; }

                [SubjectReference("customer")]
                public string Buyer { get; set; } = "";

                public string Note { get; set; } = "";
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(0)
            .WithArguments("Order", "Note", " (entity from assembly 'Ordering.Domain', brought into the model by 'OrderingDb.Orders')"));
        return test.RunAsync();
    }
}
