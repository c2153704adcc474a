using Microsoft.CodeAnalysis.Testing;
using CardData = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PaymentCardDataAnalyzer>;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// Configuration shapes the third fresh tester found unread: <c>Property(typeof(string), "_x")</c> with or without a
/// classification, and field names given through constants.
/// </summary>
public sealed class FreshTester3ConfigurationTests
{
    private static DiagnosticResult Declared(int marker, string type, string member) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, string.Empty);

    private static DiagnosticResult MappedByName(int marker, string type, string member) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, "a private member of assembly 'Shop.Domain', absent from the reference assembly a build compiles against, or a shadow property");

    private const string Domain = """
        namespace Shop.Domain;

        public class Contact
        {
            private string _phone = "";
            private string _fax = "";
            private string _mobile = "";
            private string _cardHolderName = "";
            private string _alias = "";
            private string _cardNumber = "";
            private string _pager = "";

            public int Id { get; private set; }

            public int Length => _phone.Length + _fax.Length + _mobile.Length + _cardHolderName.Length + _alias.Length + _cardNumber.Length + _pager.Length;
        }
        """;

    private const string Infrastructure = """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Ncs.Privacy.EntityFrameworkCore;
        using Shop.Domain;

        namespace Shop.Infrastructure;

        public class ShopDb : DbContext
        {
            public DbSet<Contact> Contacts => Set<Contact>();

            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new ContactConfiguration());
        }

        internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
        {
            private const string HolderField = "_cardHolderName";
            private const string AliasField = "_alias";
            private const string NumberField = "_card" + "Number";

            public void Configure(EntityTypeBuilder<Contact> builder)
            {
                builder.Property(typeof(string), "_phone").IsPersonalData(Shop.ShopPolicy.Purposes.Account, Shop.ShopPolicy.Retention.WhileAccount);
                builder.Property(typeof(string), "_fax").IsNotPersonalData("The shop's own fax line");
                {|#0:builder.Property(typeof(string), "_mobile")|}.HasMaxLength(20);
                {|#1:builder.Property<string>(HolderField)|}.HasMaxLength(200);
                builder.Property<string>(AliasField).IsNotPersonalData("A label for the card the holder chose, shown to nobody else");
                {|#2:builder.Property<string>(NumberField)|};
                builder.Property<string>(Fields.Pager).IsPersonalData(Shop.ShopPolicy.Purposes.Account, Shop.ShopPolicy.Retention.WhileAccount);
            }
        }

        internal static class Fields
        {
            public const string Pager = "_pa" + "ger";
        }
        """;

    private static T Layered<T>(T test)
        where T : AnalyzerTest<DefaultVerifier>
    {
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Shop.Domain", Domain));
        return test;
    }

    [Fact]
    public Task Property_with_a_CLR_type_and_names_given_by_constants_are_read_and_classified_in_the_layered_case()
    {
        var test = Layered(new Verify(Infrastructure));
        test.ExpectedDiagnostics.Add(MappedByName(0, "Contact", "_mobile"));
        test.ExpectedDiagnostics.Add(MappedByName(1, "Contact", "_cardHolderName"));
        test.ExpectedDiagnostics.Add(MappedByName(2, "Contact", "_cardNumber"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_card_number_named_by_a_constant_is_reported_at_its_configuration_call()
    {
        var test = Layered(new CardData(Infrastructure.Replace("{|#0:", string.Empty).Replace("\")|}.HasMaxLength(20)", "\").HasMaxLength(20)")
            .Replace("{|#1:", string.Empty).Replace("(HolderField)|}", "(HolderField)").Replace("{|#2:", "{|#0:")));
        test.ExpectedDiagnostics.Add(CardData.Diagnostic("NCSP007").WithLocation(0).WithArguments("Contact", "_cardNumber"));
        return test.RunAsync();
    }

    [Fact]
    public Task In_a_single_project_the_same_shapes_classify_private_fields_and_leave_the_others_reported()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy.EntityFrameworkCore;

            namespace Shop;

            public class Contact
            {
                private string _phone = "";
                private string {|#0:_mobile|} = "";
                private string _alias = "";
                private string {|#1:_cardHolderName|} = "";

                public int Id { get; private set; }

                public int Length => _phone.Length + _mobile.Length + _alias.Length + _cardHolderName.Length;
            }

            public class ShopDb : DbContext
            {
                private const string AliasField = "_alias";
                private const string HolderField = "_cardHolderName";

                public DbSet<Contact> Contacts => Set<Contact>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    var contact = modelBuilder.Entity<Contact>();
                    contact.Property(typeof(string), "_phone").IsNotPersonalData("The shop's own switchboard");
                    contact.Property(typeof(string), "_mobile");
                    contact.Property<string>(AliasField).IsNotPersonalData("A label shown to nobody else");
                    contact.Property<string>(HolderField);
                }
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.ExpectedDiagnostics.Add(Declared(0, "Contact", "_mobile"));
        test.ExpectedDiagnostics.Add(Declared(1, "Contact", "_cardHolderName"));
        return test.RunAsync();
    }
}

/// <summary>D12: a configuration's placeholder reason is named as one, at the call (layered) and at the member (single project).</summary>
public sealed class ConfiguredPlaceholderReasonTests
{
    private const string Message = "'Contact.{0}' is classified in its configuration with .IsNotPersonalData and a placeholder reason ('{1}'): write why this value identifies nobody, or classify it with .IsPersonalData(purpose, retention)";

    private static DiagnosticResult Placeholder(int marker, string member, string reason) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithMessage(string.Format(System.Globalization.CultureInfo.InvariantCulture, Message, member, reason));

    [Fact]
    public Task At_a_configuration_call_of_another_projects_field_the_message_names_the_placeholder()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy.EntityFrameworkCore;
            using Shop.Domain;

            namespace Shop.Infrastructure;

            public class ShopDb : DbContext
            {
                public DbSet<Contact> Contacts => Set<Contact>();
            }

            internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
            {
                private const string FaxField = "_fax";

                public void Configure(EntityTypeBuilder<Contact> builder)
                {
                    {|#0:builder.Property<string>("_phone")|}.IsNotPersonalData("TODO(privacy): say why this value identifies nobody");
                    {|#1:builder.Property(typeof(string), FaxField)|}.IsNotPersonalData("todo");
                    builder.Property<string>("_mobile").IsNotPersonalData("The shop's own switchboard");
                }
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Shop.Domain", """
            namespace Shop.Domain;

            public class Contact
            {
                private string _phone = "";
                private string _fax = "";
                private string _mobile = "";

                public int Id { get; private set; }

                public int Length => _phone.Length + _fax.Length + _mobile.Length;
            }
            """));
        test.ExpectedDiagnostics.Add(Placeholder(0, "_phone", "TODO(privacy): say why this value identifies nobody"));
        test.ExpectedDiagnostics.Add(Placeholder(1, "_fax", "todo"));
        return test.RunAsync();
    }

    [Fact]
    public Task At_a_member_of_this_project_the_message_names_the_placeholder_of_its_configuration()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy.EntityFrameworkCore;

            namespace Shop;

            public class Contact
            {
                public int Id { get; set; }

                public string {|#0:Phone|} { get; set; } = "";

                public string {|#1:Fax|} { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Contact> Contacts => Set<Contact>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Contact>().Property(c => c.Phone).IsNotPersonalData("TODO(privacy): say why this value identifies nobody");
                }
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.ExpectedDiagnostics.Add(Placeholder(0, "Phone", "TODO(privacy): say why this value identifies nobody"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(1).WithArguments("Contact", "Fax", string.Empty));
        return test.RunAsync();
    }
}

/// <summary>D14: no chained classification where it would not compile (a complex type's property); the fixed code compiles.</summary>
public sealed class ComplexPropertyCodeFixTests
{
    private const string Domain = """
        namespace Shop.Domain;

        public class Address
        {
            private string _street = "";

            public int Length => _street.Length;
        }

        public class Order
        {
            private string _note = "";

            public int Id { get; private set; }

            public Address ShipTo { get; private set; } = new();

            public int Length => _note.Length;
        }
        """;

    private static DiagnosticResult Mapped(int marker, string type, string member) =>
        new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(marker)
            .WithArguments(type, member, "a private member of assembly 'Shop.Domain', absent from the reference assembly a build compiles against, or a shadow property");

    [Fact]
    public Task The_fix_is_not_offered_on_a_complex_type_property_and_the_code_it_writes_elsewhere_compiles()
    {
        var test = new PrivacyCodeFixTest<Rules.UnclassifiedMemberAnalyzer, Ncs.Privacy.CodeFixes.ClassifyMappedMemberCodeFix>("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy.EntityFrameworkCore;
            using Shop.Domain;

            namespace Shop.Infrastructure;

            public class ShopDb : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
            }

            internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder)
                {
                    builder.ComplexProperty(o => o.ShipTo, a => {|#0:a.Property<string>("_street")|});
                    {|#1:builder.Property<string>("_note")|};
                }
            }
            """, """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy.EntityFrameworkCore;
            using Shop.Domain;

            namespace Shop.Infrastructure;

            public class ShopDb : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
            }

            internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder)
                {
                    builder.ComplexProperty(o => o.ShipTo, a => {|#0:a.Property<string>("_street")|});
                    {|#1:builder.Property<string>("_note")|}.IsNotPersonalData("TODO(privacy): say why this value identifies nobody");
                }
            }
            """, Ncs.Privacy.CodeFixes.ClassifyMappedMemberCodeFix.NotPersonalDataKey);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Shop.Domain", Domain));
        test.ExpectedDiagnostics.Add(Mapped(0, "Address", "_street"));
        test.ExpectedDiagnostics.Add(Mapped(1, "Order", "_note"));
        test.FixedState.ExpectedDiagnostics.Add(Mapped(0, "Address", "_street"));
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1)
            .WithMessage("'Order._note' is classified in its configuration with .IsNotPersonalData and a placeholder reason ('TODO(privacy): say why this value identifies nobody'): write why this value identifies nobody, or classify it with .IsPersonalData(purpose, retention)"));
        return test.RunAsync();
    }
}
