using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Testing;
using Ncs.Privacy.Analyzers.Rules;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class UnclassifiedMemberTests
{
    private static DiagnosticResult Expect(int marker, string type, string member, string suffix = "") =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, suffix);

    [Fact]
    public Task An_unclassified_property_of_a_DbSet_entity_is_reported_with_type_and_member()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                public int Id { get; set; }

                public string {|#0:Nickname|} { get; set; } = "";

                [NotPersonalData("A product code")]
                public string Segment { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string Email { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """;
        return Verify.VerifyAsync(source, Expect(0, "Customer", "Nickname"));
    }

    [Fact]
    public Task Types_reached_by_navigation_owned_types_collections_and_base_classes_are_domain_models()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public abstract class Entity
            {
                public Guid Id { get; set; }

                public DateTime {|#0:CreatedAt|} { get; set; }
            }

            public class Order : Entity
            {
                public Customer Customer { get; set; } = null!;

                public Guid CustomerId { get; set; }

                public List<OrderLine> Lines { get; set; } = new();

                public Address ShippingAddress { get; set; } = null!;

                public decimal {|#1:Total|} { get; set; }
            }

            public class OrderLine
            {
                public int OrderLineId { get; set; }

                public int OrderId { get; set; }

                public string {|#2:Product|} { get; set; } = "";
            }

            public class Customer : Entity
            {
                private readonly List<Review> _reviews = new();

                public string {|#3:Name|} { get; set; } = "";

                public ICollection<Order> Orders { get; } = new List<Order>();

                public IReadOnlyCollection<Review> Reviews => _reviews;
            }

            public class Review
            {
                public int Id { get; set; }

                public string {|#6:Text|} { get; set; } = "";
            }

            [Owned]
            public class Address
            {
                public string {|#4:Street|} { get; set; } = "";

                public string {|#5:City|} { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
            }
            """;
        return Verify.VerifyAsync(source,
            Expect(0, "Entity", "CreatedAt"), Expect(1, "Order", "Total"), Expect(2, "OrderLine", "Product"),
            Expect(3, "Customer", "Name"), Expect(4, "Address", "Street"), Expect(5, "Address", "City"), Expect(6, "Review", "Text"));
    }

    [Fact]
    public Task Records_nested_partial_and_generic_entities_are_checked()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public record Subscriber(int Id, string {|#0:Email|})
            {
                public string {|#1:Locale|} { get; init; } = "sv";
            }

            public partial class Visit
            {
                public int Id { get; set; }
            }

            public partial class Visit
            {
                public string {|#2:Page|} { get; set; } = "";
            }

            public class Audit<TPayload>
            {
                public long Id { get; set; }

                public TPayload {|#3:Payload|} { get; set; } = default!;
            }

            public class Outer
            {
                public class Note
                {
                    public int Id { get; set; }

                    public string {|#4:Text|} { get; set; } = "";
                }
            }

            public class ShopDb : DbContext
            {
                public DbSet<Subscriber> Subscribers => Set<Subscriber>();

                public DbSet<Visit> Visits => Set<Visit>();

                public DbSet<Audit<string>> Audits => Set<Audit<string>>();

                public DbSet<Outer.Note> Notes => Set<Outer.Note>();
            }
            """;
        return Verify.VerifyAsync(source,
            Expect(0, "Subscriber", "Email"), Expect(1, "Subscriber", "Locale"), Expect(2, "Visit", "Page"),
            Expect(3, "Audit", "Payload"), Expect(4, "Note", "Text"));
    }

    [Fact]
    public Task Members_EF_Core_never_maps_by_convention_are_not_reported()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations;
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public interface IDomainEvent { }

            public class Customer
            {
                private readonly List<IDomainEvent> _events = new();
                private string _secret = "";
                public string PublicField = "";

                public int CustomerId { get; set; }

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string First { get; set; } = "";

                [NotPersonalData("Display only")]
                public string Last { get; set; } = "";

                public string FullName => First + " " + Last;

                public string Initials { get; } = "";

                [NotMapped]
                public string Scratch { get; set; } = "";

                public static int Count { get; set; }

                public string this[int i] { get => ""; set { } }

                public IReadOnlyCollection<IDomainEvent> DomainEvents => _events;

                public List<IDomainEvent> Pending { get; set; } = new();

                public event EventHandler? Changed;

                internal string Internal { get; set; } = "";

                protected string Protected { get; set; } = "";

                private string Private { get; set; } = "";

                public Func<int> Callback { get; set; } = () => 0;

                [Timestamp]
                public byte[] RowVersion { get; set; } = [];

                [Key]
                public int Number { get; set; }

                public Region Region { get; set; } = null!;

                public int RegionId { get; set; }

                [ForeignKey(nameof(Partner))]
                public int PartnerRef { get; set; }

                public Region Partner { get; set; } = null!;

                protected void Raise() => Changed?.Invoke(this, EventArgs.Empty);
            }

            public class Region
            {
                public int Id { get; set; }

                [NotPersonalData("A sales region")]
                public string Name { get; set; } = "";
            }

            public class NotAnEntity
            {
                public string Anything { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """;
        return Verify.VerifyAsync(source);
    }

    [Fact]
    public Task Data_subjects_and_types_with_one_classified_member_are_domain_models_without_a_DbContext()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Shop;

            [DataSubject(ShopPolicy.Subjects.Customer)]
            public class Member
            {
                public int Id { get; set; }

                public string {|#0:Name|} { get; set; } = "";
            }

            public class Ticket
            {
                [NotPersonalData("A status code")]
                public string Status { get; set; } = "";

                public string {|#1:Body|} { get; set; } = "";
            }

            public class Unrelated
            {
                public string Body { get; set; } = "";
            }
            """;
        return Verify.VerifyAsync(source, Expect(0, "Member", "Name"), Expect(1, "Ticket", "Body"));
    }

    [Fact]
    public Task An_override_inherits_the_classification_of_the_property_it_overrides()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public abstract class Party
            {
                public int Id { get; set; }

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public virtual string Name { get; set; } = "";

                public virtual string {|#0:Label|} { get; set; } = "";
            }

            public class Person : Party
            {
                public override string Name { get; set; } = "";

                public override string {|#1:Label|} { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Person> People => Set<Person>();
            }
            """;
        return Verify.VerifyAsync(source, Expect(0, "Party", "Label"), Expect(1, "Person", "Label"));
    }

    [Fact]
    public Task Members_classified_in_code_with_Classify_are_classified()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public class ExternalProfile
            {
                public int Id { get; set; }

                public string Bio { get; set; } = "";

                public string Code { get; set; } = "";

                public string {|#0:Theme|} { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<ExternalProfile> Profiles => Set<ExternalProfile>();
            }

            public static class Setup
            {
                public static void Configure(PrivacyOptions options) =>
                    options.Classify<ExternalProfile>(c => c
                        .PersonalData(p => p.Bio, ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)
                        .NotPersonalData("Code", "A vendor code"));
            }
            """;
        return Verify.VerifyAsync(source, Expect(0, "ExternalProfile", "Theme"));
    }

    [Fact]
    public Task Identity_personal_data_counts_as_a_weak_classification()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;

            namespace Microsoft.AspNetCore.Identity
            {
                public class PersonalDataAttribute : System.Attribute { }
            }

            namespace Shop
            {
                public class User
                {
                    public string Id { get; set; } = "";

                    [Microsoft.AspNetCore.Identity.PersonalData]
                    public string Nickname { get; set; } = "";

                    public string {|#0:Theme|} { get; set; } = "";
                }

                public class ShopDb : DbContext
                {
                    public DbSet<User> Users => Set<User>();
                }
            }
            """;
        return Verify.VerifyAsync(source, Expect(0, "User", "Theme"));
    }

    [Fact]
    public Task Members_named_in_an_entity_type_configuration_are_mapped_and_ignored_ones_are_not()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            namespace Shop;

            public class Customer
            {
                private string {|#0:_email|} = "";

                public int Id { get; private set; }

                public string Email => _email;

                public string {|#1:Name|} { get; private set; } = "";

                public string Cache { get; set; } = "";
            }

            public sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
            {
                public void Configure(EntityTypeBuilder<Customer> builder)
                {
                    builder.Property<string>("_email");
                    builder.Ignore(c => c.Cache);
                }
            }
            """;
        return Verify.VerifyAsync(source, Expect(0, "Customer", "_email"), Expect(1, "Customer", "Name"));
    }

    [Fact]
    public Task OnModelCreating_brings_entities_in_names_foreign_keys_and_maps_or_ignores_members()
    {
        const string source = """
            using System.Collections.Generic;
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class Member
            {
                private string {|#0:_secret|} = "";

                public int Id { get; set; }

                public List<Points> Points { get; set; } = new();

                public string {|#1:Alias|} { get; set; } = "";

                public string Ignored { get; set; } = "";

                public string Computed => _secret;
            }

            public class Points
            {
                public int Id { get; set; }

                public int OwnerRef { get; set; }

                public int {|#2:Amount|} { get; set; }
            }

            public class LoyaltyDb : DbContext
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Member>().HasMany(m => m.Points).WithOne().HasForeignKey(p => p.OwnerRef);
                    modelBuilder.Entity<Member>().Property<string>("_secret");
                    modelBuilder.Entity<Member>().Ignore(m => m.Ignored);
                }
            }
            """;
        return Verify.VerifyAsync(source, Expect(0, "Member", "_secret"), Expect(1, "Member", "Alias"), Expect(2, "Points", "Amount"));
    }

    [Fact]
    public Task A_classification_on_the_backing_field_classifies_the_property()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public class Contact
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                private string? _phone;

                [NotPersonalData("A display colour")]
                private string _colour = "";

                private string _note = "";

                public int Id { get; set; }

                public string? Phone { get => _phone; set => _phone = value; }

                public string Colour { get => _colour; set => _colour = value; }

                public string {|#0:Note|} { get => _note; set => _note = value; }
            }

            public class ShopDb : DbContext
            {
                public DbSet<Contact> Contacts => Set<Contact>();
            }
            """;
        return Verify.VerifyAsync(source, Expect(0, "Contact", "Note"));
    }

    [Fact]
    public Task A_DbSet_inherited_from_a_base_context_brings_its_entity_in()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class User
            {
                public int Id { get; set; }

                public string {|#0:Login|} { get; set; } = "";
            }

            public abstract class BaseDb<TUser> : DbContext where TUser : class
            {
                public DbSet<TUser> Users => Set<TUser>();
            }

            public class ShopDb : BaseDb<User>
            {
            }
            """;
        return Verify.VerifyAsync(source, Expect(0, "User", "Login"));
    }

    [Fact]
    public Task Generated_code_is_skipped()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public partial class Customer
            {
                public int Id { get; set; }

                public string {|#0:Name|} { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """);
        test.TestState.Sources.Add(("Customer.g.cs", """
            namespace Shop;

            public partial class Customer
            {
                public string Generated { get; set; } = "";
            }
            """));
        test.TestState.Sources.Add(("Other.cs", """
            // <auto-generated/>
            namespace Shop;

            public partial class Customer
            {
                public string AlsoGenerated { get; set; } = "";
            }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "Customer", "Name"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_partial_entity_declared_in_two_files_is_reported_once_per_member_in_the_file_that_declares_it()
    {
        // The rules walk the types each file declares (one semantic-model action per file): a partial type is walked from both
        // files, and each diagnostic must come out once, from the file it is located in.
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public partial class Customer
            {
                public int Id { get; set; }

                public string {|#0:Name|} { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """);
        test.TestState.Sources.Add(("CustomerContact.cs", """
            namespace Shop;

            public partial class Customer
            {
                public string {|#1:Email|} { get; set; } = "";

                public string {|#2:Phone|} { get; set; } = "";
            }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "Customer", "Name"));
        test.ExpectedDiagnostics.Add(Expect(1, "Customer", "Email"));
        test.ExpectedDiagnostics.Add(Expect(2, "Customer", "Phone"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_domain_project_opts_in_its_namespaces_with_the_assembly_attribute()
    {
        const string source = """
            using Ncs.Privacy;

            [assembly: PrivacyModel("Shop.Domain")]

            namespace Shop.Domain.Customers
            {
                public class Customer
                {
                    public int Id { get; private set; }

                    public string {|#0:Name|} { get; private set; } = "";
                }

                public static class CustomerRules
                {
                    public static int MaxNameLength { get; set; } = 80;
                }
            }

            namespace Shop.Web
            {
                public class ViewModel
                {
                    public string Name { get; set; } = "";
                }
            }
            """;
        return Verify.VerifyAsync(source, Expect(0, "Customer", "Name"));
    }

    [Fact]
    public Task A_domain_project_opts_in_its_namespaces_in_editorconfig()
    {
        var test = new Verify("""
            namespace Shop.Domain
            {
                public class Customer
                {
                    public int Id { get; private set; }

                    public string {|#0:Name|} { get; private set; } = "";
                }
            }

            namespace Shop.Web
            {
                public class ViewModel
                {
                    public string Name { get; set; } = "";
                }
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [*.cs]
            ncs_privacy.model_namespaces = Shop.Domain, Shop.Billing
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "Customer", "Name"));
        return test.RunAsync();
    }

    [Fact]
    public Task Entities_from_another_assembly_are_reported_at_the_DbSet_that_brings_them_in()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Shop.Domain;

            namespace Shop.Data;

            public class ShopDb : DbContext
            {
                public DbSet<Customer> {|#0:Customers|} => Set<Customer>();

                public DbSet<Product> Products => Set<Product>();
            }
            """);
        test.TestState.AdditionalProjects["Shop.Domain"].Sources.Add(("Domain.cs", """
            using System.Collections.Generic;
            using Ncs.Privacy;

            namespace Shop.Domain;

            public class Customer
            {
                public int Id { get; private set; }

                public string {|#1:Name|} { get; private set; } = "";

                [NotPersonalData("A code")]
                public string Segment { get; private set; } = "";

                public List<Order> Orders { get; private set; } = new();
            }

            public class Order
            {
                public int Id { get; private set; }

                public int CustomerId { get; private set; }

                public decimal {|#2:Total|} { get; private set; }
            }

            public class Product
            {
                public int Id { get; set; }

                [NotPersonalData("A product name")]
                public string Name { get; set; } = "";
            }
            """));
        test.TestState.AdditionalProjects["Shop.Domain"].AdditionalReferences.AddRange(TestReferences.All);
        test.TestState.AdditionalProjectReferences.Add("Shop.Domain");
        test.ExpectedDiagnostics.Add(Expect(0, "Customer", "Name", " (entity from assembly 'Shop.Domain', brought into the model by 'ShopDb.Customers')"));
        test.ExpectedDiagnostics.Add(Expect(0, "Order", "Total", " (entity from assembly 'Shop.Domain', brought into the model by 'ShopDb.Customers')"));

        // The domain project's own build reports them too, where they are written (Customer has a classified member).
        test.ExpectedDiagnostics.Add(Expect(1, "Customer", "Name"));
        test.ExpectedDiagnostics.Add(Expect(2, "Order", "Total"));
        return test.RunAsync();
    }

    [Fact]
    public Task Entities_from_a_reference_assembly_are_judged_by_what_it_shows_auto_properties_yes_computed_getters_no()
    {
        // What `dotnet build` hands the data project: a reference assembly, without private members.
        var domain = CSharpCompilation.Create(
            "Shop.Domain",
            [CSharpSyntaxTree.ParseText("""
                using System.Collections.Generic;
                using Ncs.Privacy;

                namespace Shop.Domain;

                public class Customer
                {
                    private string _note = "";

                    public int Id { get; private set; }

                    public string First { get; private set; } = "";

                    public string Last { get; protected set; } = "";

                    public string FullName => First + " " + Last;

                    public string Note => _note;

                    [PersonalData("account", "while-account")]
                    public string Email { get; private set; } = "";

                    public List<Order> Orders { get; private set; } = new();
                }

                public class Order
                {
                    public int Id { get; private set; }

                    public decimal Total { get; private set; }
                }
                """)],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = domain.Emit(image, options: new EmitOptions(metadataOnly: true, includePrivateMembers: false));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Shop.Domain;

            namespace Shop.Data;

            public class ShopDb : DbContext
            {
                public DbSet<Customer> {|#0:Customers|} => Set<Customer>();
            }
            """);
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromImage(image.ToArray()));
        const string via = " (entity from assembly 'Shop.Domain', brought into the model by 'ShopDb.Customers')";
        test.ExpectedDiagnostics.Add(Expect(0, "Customer", "First", via));
        test.ExpectedDiagnostics.Add(Expect(0, "Customer", "Last", via));
        test.ExpectedDiagnostics.Add(Expect(0, "Order", "Total", via));
        return test.RunAsync();
    }

    [Fact]
    public Task Entities_of_another_assembly_named_in_configuration_are_reported_at_the_context_or_the_configuration()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Shop.Domain;

            namespace Shop.Data;

            public class {|#0:ShopDb|} : DbContext
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Invoice>();
            }

            public sealed class {|#1:VisitConfiguration|} : IEntityTypeConfiguration<Visit>
            {
                public void Configure(EntityTypeBuilder<Visit> builder) => builder.Ignore(v => v.Cache);
            }
            """);
        test.TestState.AdditionalProjects["Shop.Domain"].Sources.Add(("Domain.cs", """
            namespace Shop.Domain;

            public class Invoice
            {
                public int Id { get; private set; }

                public decimal Amount { get; private set; }
            }

            public class Visit
            {
                public int Id { get; private set; }

                public string Page { get; private set; } = "";

                public string Cache { get; set; } = "";
            }
            """));
        test.TestState.AdditionalProjects["Shop.Domain"].AdditionalReferences.AddRange(TestReferences.All);
        test.TestState.AdditionalProjectReferences.Add("Shop.Domain");
        test.ExpectedDiagnostics.Add(Expect(0, "Invoice", "Amount", " (entity from assembly 'Shop.Domain', brought into the model by 'ShopDb.OnModelCreating')"));
        test.ExpectedDiagnostics.Add(Expect(1, "Visit", "Page", " (entity from assembly 'Shop.Domain', brought into the model by 'VisitConfiguration')"));
        return test.RunAsync();
    }

    [Fact]
    public Task Nothing_is_reported_when_the_compilation_does_not_reference_Ncs_Privacy()
    {
        var test = new CSharpAnalyzerTestWithoutPrivacy("""
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class Customer
            {
                public int Id { get; set; }

                public string Name { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """);
        return test.RunAsync();
    }

    private sealed class CSharpAnalyzerTestWithoutPrivacy : Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<UnclassifiedMemberAnalyzer, DefaultVerifier>
    {
        public CSharpAnalyzerTestWithoutPrivacy(string source)
        {
            ReferenceAssemblies = TestReferences.Net10;
            TestState.AdditionalReferences.AddRange(TestReferences.All.Where(r => !r.Display!.EndsWith("Ncs.Privacy.dll", StringComparison.Ordinal)));
            TestState.Sources.Add(source);
        }
    }
}
