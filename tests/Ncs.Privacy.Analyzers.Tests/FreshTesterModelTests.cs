using Microsoft.CodeAnalysis.Testing;
using CardData = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PaymentCardDataAnalyzer>;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// NCSP001 and NCSP007 on model shapes of other public applications (clean-architecture templates, a large e-commerce
/// platform) that a fresh tester wrote: owned types with private fields, configurations in a third project, TPH,
/// Identity with custom keys, partial classes, required members, keys and ignores named by string.
/// </summary>
public sealed class FreshTesterModelTests
{
    private static DiagnosticResult Declared(int marker, string type, string member) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, string.Empty);

    private static DiagnosticResult MappedByName(int marker, string type, string member, string assembly) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, $"a private member of assembly '{assembly}', absent from the reference assembly a build compiles against, or a shadow property");

    private const string OwnedDomain = """
        using Ncs.Privacy;

        namespace Sales.Domain;

        public class Address
        {
            private string _street = "";
            private string _cardNumber = "";

            [NotPersonalData("A country code")]
            public string Country { get; private set; } = "";
        }

        public class Order
        {
            public int Id { get; private set; }

            public Address ShipTo { get; private set; } = new();
        }
        """;

    [Fact]
    public Task A_private_field_of_an_owned_type_mapped_by_name_in_OwnsOne_is_reported_at_that_call()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Sales.Domain;

            namespace Sales.Infrastructure;

            public class SalesDb : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();

                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new OrderConfiguration());
            }

            internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder)
                {
                    builder.OwnsOne(o => o.ShipTo, a =>
                    {
                        {|#0:a.Property<string>("_street")|}.HasColumnName("Street");
                        {|#1:a.Property<string>("_cardNumber")|}.HasColumnName("CardOnFile");
                    });
                }
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Sales.Domain", OwnedDomain));
        test.ExpectedDiagnostics.Add(MappedByName(0, "Address", "_street", "Sales.Domain"));
        test.ExpectedDiagnostics.Add(MappedByName(1, "Address", "_cardNumber", "Sales.Domain"));
        return test.RunAsync();
    }

    [Fact]
    public Task Card_data_in_a_private_field_of_an_owned_type_mapped_by_name_is_reported_at_that_call()
    {
        var test = new CardData("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Sales.Domain;

            namespace Sales.Infrastructure;

            public class SalesDb : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();

                protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                    modelBuilder.Entity<Order>().OwnsOne(o => o.ShipTo, a => {|#0:a.Property<string>("_cardNumber")|});
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Sales.Domain", OwnedDomain));
        test.ExpectedDiagnostics.Add(CardData.Diagnostic("NCSP007").WithLocation(0).WithArguments("Address", "_cardNumber"));
        return test.RunAsync();
    }

    [Fact]
    public Task Keys_named_by_string_ignored_and_NotMapped_members_are_not_reported_while_required_init_members_and_indexed_columns_are()
    {
        return Verify.VerifyAsync("""
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy;

            namespace Shop;

            public class Product
            {
                public string Code { get; set; } = "";

                public string Sku { get; set; } = "";

                public int TenantId { get; set; }

                public required string {|#0:Title|} { get; init; }

                public string? {|#1:SearchName|} { get; set; }

                [NotMapped]
                public string Display { get; set; } = "";

                public string Summary { get; set; } = "";

                public string Legacy { get; set; } = "";

                public string Temp { get; set; } = "";
            }

            internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
            {
                public void Configure(EntityTypeBuilder<Product> builder)
                {
                    builder.HasKey("Code", "TenantId");
                    builder.HasAlternateKey(nameof(Product.Sku));
                    builder.HasIndex("SearchName").IsUnique();
                    builder.Ignore(p => p.Summary);
                    builder.Ignore("Legacy");
                    builder.Ignore(nameof(Product.Temp));
                }
            }

            public class ShopDb : DbContext
            {
                public DbSet<Product> Products => Set<Product>();
            }
            """, Declared(0, "Product", "Title"), Declared(1, "Product", "SearchName"));
    }

    [Fact]
    public Task A_partial_entity_split_across_files_is_reported_once_in_the_file_that_declares_the_member()
    {
        var test = new Verify("""
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
            """);
        test.TestState.Sources.Add(("Customer.Contact.cs", """
            using Ncs.Privacy;

            namespace Shop;

            public partial class Customer
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string Email { get; set; } = "";

                public string Nickname { get; set; } = "";
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithSpan("Customer.Contact.cs", 10, 19, 10, 27).WithArguments("Customer", "Nickname", string.Empty));
        return test.RunAsync();
    }

    [Fact]
    public Task An_IdentityDbContext_with_custom_role_and_key_types_reports_the_application_user_and_role_members()
    {
        var test = new Verify("""
            using System;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

            namespace Shop.Identity;

            public class ApplicationUser : IdentityUser<Guid>
            {
                public string {|#0:DisplayName|} { get; set; } = "";
            }

            public class ApplicationRole : IdentityRole<Guid>
            {
                public string {|#1:Description|} { get; set; } = "";
            }

            public class AccountsDb : IdentityDbContext<ApplicationUser, ApplicationRole, Guid>
            {
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.Identity);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Ncs.Privacy.AspNetCore.Identity", "namespace Ncs.Privacy.AspNetCore.Identity; public static class Marker { }"));
        test.ExpectedDiagnostics.Add(Declared(0, "ApplicationUser", "DisplayName"));
        test.ExpectedDiagnostics.Add(Declared(1, "ApplicationRole", "Description"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_shadow_property_configured_in_OnModelCreating_by_Entity_is_reported_at_the_call()
    {
        return Verify.VerifyAsync("""
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                public int Id { get; set; }

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string Name { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Customer>(b =>
                    {
                        {|#0:b.Property<string>("Email")|}.HasMaxLength(256);
                    });
                    {|#1:modelBuilder.Entity<Customer>().Property<string>("CreatedBy")|};
                }
            }
            """,
            Verify.Diagnostic("NCSP001").WithLocation(0).WithArguments("Customer", "Email", "a shadow property: no member of that name is declared"),
            Verify.Diagnostic("NCSP001").WithLocation(1).WithArguments("Customer", "CreatedBy", "a shadow property: no member of that name is declared"));
    }

    [Fact]
    public Task A_derived_type_brought_into_a_TPH_hierarchy_by_HasValue_is_checked_and_the_shadow_discriminator_is_not_reported()
    {
        return Verify.VerifyAsync("""
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public abstract class Party
            {
                public int Id { get; set; }

                [NotPersonalData("When the party was created")]
                public System.DateTime CreatedAt { get; set; }
            }

            public class Person : Party
            {
                public string {|#0:FullName|} { get; set; } = "";
            }

            public class Company : Party
            {
                [NotPersonalData("A registered company name")]
                public string LegalName { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Party> Parties => Set<Party>();

                protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                    modelBuilder.Entity<Party>().HasDiscriminator<string>("Kind")
                        .HasValue<Person>("person")
                        .HasValue<Company>("company");
            }
            """, Declared(0, "Person", "FullName"));
    }

    [Fact]
    public Task A_context_applying_configurations_from_a_third_project_does_not_report_what_that_project_ignores_or_keys()
    {
        // The configuration bodies are IL in Catalog.Configurations' reference assembly: Brand is checked there (see
        // ConfigurationsInAnotherProjectTests), not guessed at here. Category, which no configuration of that project covers,
        // is still reported at its DbSet.
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Catalog.Domain;
            using Catalog.Configurations;

            namespace Catalog.Web;

            public class CatalogDb : DbContext
            {
                public DbSet<Brand> Brands => Set<Brand>();

                public DbSet<Category> {|#0:Categories|} => Set<Category>();

                protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                    modelBuilder.ApplyConfigurationsFromAssembly(typeof(BrandConfiguration).Assembly);
            }
            """);
        var domainReference = LayeredApplicationTests.ReferenceAssembly("Catalog.Domain", ConfigurationsInAnotherProjectTests.CatalogDomain);
        test.TestState.AdditionalReferences.Add(domainReference);
        test.TestState.AdditionalReferences.Add(ConfigurationsInAnotherProjectTests.ReferenceAssembly(
            "Catalog.Configurations", ConfigurationsInAnotherProjectTests.BrandConfiguration, domainReference));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(0)
            .WithArguments("Category", "Label", " (entity from assembly 'Catalog.Domain', brought into the model by 'CatalogDb.Categories')"));
        return test.RunAsync();
    }

    [Fact]
    public Task Strongly_typed_ids_behind_value_converters_are_keys_and_their_Value_is_not_a_column()
    {
        return Verify.VerifyAsync("""
            using System;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy;

            namespace Shop;

            public readonly record struct CustomerId(Guid Value);

            public readonly record struct OrderId(Guid Value);

            public class Customer
            {
                public CustomerId Id { get; private set; }

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string Name { get; private set; } = "";
            }

            public class Order
            {
                public OrderId Id { get; private set; }

                public CustomerId CustomerId { get; private set; }
            }

            internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
            {
                public void Configure(EntityTypeBuilder<Customer> builder) =>
                    builder.Property(c => c.Id).HasConversion(id => id.Value, value => new CustomerId(value));
            }

            internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder)
                {
                    builder.Property(o => o.Id).HasConversion(id => id.Value, value => new OrderId(value));
                    builder.Property(o => o.CustomerId).HasConversion(id => id.Value, value => new CustomerId(value));
                    builder.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId);
                }
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();

                public DbSet<Order> Orders => Set<Order>();
            }
            """);
    }

    [Fact]
    public Task Domain_events_held_by_a_base_entity_and_ignored_or_NotMapped_are_not_reported()
    {
        return Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy;

            namespace Shop;

            public abstract class DomainEventBase
            {
                public DateTime DateOccurred { get; protected set; } = DateTime.UtcNow;
            }

            public sealed class CustomerRegistered(string email) : DomainEventBase
            {
                public string Email { get; set; } = email;
            }

            public abstract class EntityBase
            {
                private readonly List<DomainEventBase> _events = new();

                public int Id { get; set; }

                [NotMapped]
                public IReadOnlyCollection<DomainEventBase> DomainEvents => _events.AsReadOnly();
            }

            public abstract class AggregateBase
            {
                private readonly List<DomainEventBase> _events = new();

                public int Id { get; set; }

                public IReadOnlyCollection<DomainEventBase> Events => _events.AsReadOnly();
            }

            public class Customer : EntityBase
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string Name { get; set; } = "";
            }

            public class Order : AggregateBase
            {
                [NotPersonalData("An order number")]
                public string Number { get; set; } = "";
            }

            internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder) => builder.Ignore(o => o.Events);
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();

                public DbSet<Order> Orders => Set<Order>();
            }
            """);
    }

    [Fact]
    public Task A_value_object_behind_a_value_converter_is_reported_as_the_entity_column_not_inside_the_value_object()
    {
        return Verify.VerifyAsync("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            namespace Shop;

            public sealed record EmailAddress(string Value);

            public class Customer
            {
                public int Id { get; private set; }

                public EmailAddress {|#0:Email|} { get; private set; } = new("");
            }

            internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
            {
                public void Configure(EntityTypeBuilder<Customer> builder) =>
                    builder.Property(c => c.Email).HasConversion(e => e.Value, value => new EmailAddress(value));
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """, Declared(0, "Customer", "Email"));
    }

    [Fact]
    public Task A_derived_type_brought_in_by_HasValue_in_a_configuration_class_is_checked()
    {
        return Verify.VerifyAsync("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            namespace Shop;

            public abstract class Payment
            {
                public int Id { get; set; }
            }

            public class InvoicePayment : Payment
            {
                public string {|#0:InvoiceEmail|} { get; set; } = "";
            }

            internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
            {
                public void Configure(EntityTypeBuilder<Payment> builder) =>
                    builder.HasDiscriminator<int>("Type").HasValue<InvoicePayment>(1);
            }

            public class ShopDb : DbContext
            {
                public DbSet<Payment> Payments => Set<Payment>();
            }
            """, Declared(0, "InvoicePayment", "InvoiceEmail"));
    }

    [Fact]
    public Task A_value_object_of_another_project_behind_a_value_converter_is_reported_at_the_DbSet_as_the_entity_column()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Crm.Domain;

            namespace Crm.Infrastructure;

            public class CrmDb : DbContext
            {
                public DbSet<Contact> {|#0:Contacts|} => Set<Contact>();

                protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                    modelBuilder.Entity<Contact>().Property(c => c.Phone).HasConversion(p => p.Digits, value => new PhoneNumber(value));
            }
            """);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Crm.Domain", """
            namespace Crm.Domain;

            public sealed class PhoneNumber(string digits)
            {
                public string Digits { get; private set; } = digits;
            }

            public class Contact
            {
                public int Id { get; private set; }

                public PhoneNumber Phone { get; private set; } = new("");
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(0)
            .WithArguments("Contact", "Phone", " (entity from assembly 'Crm.Domain', brought into the model by 'CrmDb.Contacts')"));
        return test.RunAsync();
    }
}
