using Microsoft.CodeAnalysis.Testing;
using Ncs.Privacy.CodeFixes;
using Mapped = Ncs.Privacy.Analyzers.Tests.PrivacyCodeFixTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer, Ncs.Privacy.CodeFixes.ClassifyMappedMemberCodeFix>;
using Member = Ncs.Privacy.Analyzers.Tests.PrivacyCodeFixTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer, Ncs.Privacy.CodeFixes.ClassifyMemberCodeFix>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>NCSP001's code fixes on shapes a fresh tester wrote: an owned type's private field mapped inside OwnsOne, a partial entity, a required member.</summary>
public sealed class FreshTesterCodeFixTests
{
    private const string OwnedDomain = """
        namespace Sales.Domain;

        public class Address
        {
            private string _street = "";
        }

        public class Order
        {
            public int Id { get; private set; }

            public Address ShipTo { get; private set; } = new();
        }
        """;

    [Fact]
    public Task IsPersonalData_chained_inside_OwnsOne_compiles_and_classifies_the_owned_field()
    {
        var test = new Mapped("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Sales.Domain;

            namespace Sales.Infrastructure;

            internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder)
                {
                    builder.OwnsOne(o => o.ShipTo, a =>
                    {
                        {|#0:a.Property<string>("_street")|}.HasColumnName("Street");
                    });
                }
            }
            """, """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy.EntityFrameworkCore;
            using Sales.Domain;

            namespace Sales.Infrastructure;

            internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder)
                {
                    builder.OwnsOne(o => o.ShipTo, a =>
                    {
                        a.Property<string>("_street").IsPersonalData(Shop.ShopPolicy.Purposes.Account, Shop.ShopPolicy.Retention.WhileAccount).HasColumnName("Street");
                    });
                }
            }
            """, ClassifyMappedMemberCodeFix.PersonalDataKey);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Sales.Domain", OwnedDomain));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("Address", "_street", "a private member of assembly 'Sales.Domain', absent from the reference assembly a build compiles against, or a shadow property"));
        return test.RunAsync();
    }

    [Fact]
    public Task NotPersonalData_is_written_on_a_required_member_in_the_file_of_a_partial_entity_that_declares_it()
    {
        var test = new Member("""
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public partial class Customer
            {
                public int Id { get; set; }
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """, """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public partial class Customer
            {
                public int Id { get; set; }
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """, ClassifyMemberCodeFix.NotPersonalDataKey);
        test.TestState.Sources.Add(("Customer.Profile.cs", """
            namespace Shop;

            public partial class Customer
            {
                public required string Theme { get; init; }
            }
            """));
        test.FixedState.Sources.Add(("Customer.Profile.cs", """
            namespace Shop;

            public partial class Customer
            {
                [Ncs.Privacy.NotPersonalData("TODO(privacy): say why this value identifies nobody")]
                public required string Theme { get; init; }
            }
            """));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithSpan("Customer.Profile.cs", 5, 28, 5, 33).WithArguments("Customer", "Theme", string.Empty));
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithSpan("Customer.Profile.cs", 5, 34, 5, 87).WithArguments("Customer", "Theme", "TODO(privacy): say why this value identifies nobody"));
        return test.RunAsync();
    }
}
