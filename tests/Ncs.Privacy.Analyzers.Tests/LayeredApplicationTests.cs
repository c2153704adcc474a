using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// NCSP001 on a layered application in the shape of a reference shop: entities with private fields in a domain project, EF Core
/// configurations in an infrastructure project. Every diagnostic of each project is asserted with its location, with the domain
/// seen as the IDE sees it (a compilation reference) and as <c>dotnet build</c> does (a reference assembly without private members).
/// </summary>
public sealed class LayeredApplicationTests
{
    /// <summary>The domain project: private fields EF maps by name, a foreign key configured elsewhere, a domain event.</summary>
    internal const string Domain = """
        using System;
        using System.Collections.Generic;
        using Ncs.Privacy;

        [assembly: PrivacyModel("Ordering.Domain")]

        namespace Ordering.Domain;

        public abstract class Entity
        {
            public int Id { get; protected set; }
        }

        public class Buyer : Entity
        {
            private readonly List<PaymentMethod> _paymentMethods = new();

            [PersonalData("account", "while-account")]
            public string IdentityGuid { get; private set; } = "";

            public string {|#0:Name|} { get; private set; } = "";

            public IReadOnlyCollection<PaymentMethod> PaymentMethods => _paymentMethods;
        }

        public class PaymentMethod : Entity
        {
            private string _alias = "";
            private string _cardNumber = "";
            private string _cardHolderName = "";
            private DateTime _expiration;
            private int _cardTypeId;

            public CardType? CardType { get; private set; }

            public bool IsExpired(DateTime now) => _expiration < now && _alias.Length + _cardNumber.Length + _cardHolderName.Length + _cardTypeId >= 0;
        }

        public class CardType : Entity
        {
            [NotPersonalData("A card brand")]
            public string Brand { get; private set; } = "";
        }

        public class Order : Entity
        {
            private DateTime _orderDate;

            public int? PaymentId { get; private set; }

            public int? BuyerId { get; private set; }

            [PersonalData("account", "bookkeeping")]
            public string Description { get; private set; } = "";

            public DateTime OrderDate => _orderDate;
        }

        public record OrderStartedDomainEvent(Order Order, string UserId, string CardHolderName);
        """;

    /// <summary>The infrastructure project: the DbContext and one configuration per entity, mapping private fields by name.</summary>
    internal const string Infrastructure = """
        using System;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Ncs.Privacy.EntityFrameworkCore;
        using Ordering.Domain;

        namespace Ordering.Infrastructure;

        public class OrderingContext : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();

            public DbSet<Buyer> {|#0:Buyers|} => Set<Buyer>();

            public DbSet<PaymentMethod> Payments => Set<PaymentMethod>();

            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrderingContext).Assembly);
        }

        internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
        {
            public void Configure(EntityTypeBuilder<PaymentMethod> builder)
            {
                builder.Property<int>("BuyerId");
                {|#1:builder.Property<string>("_alias")|}.HasMaxLength(200);
                {|#2:builder.Property<string>("_cardNumber")|}.HasColumnName("CardNumber").HasMaxLength(25).IsRequired();
                {|#3:builder.Property<string>("_cardHolderName")|}.HasColumnName("CardHolderName");
                {|#4:builder.Property<DateTime>("_expiration")|}.HasColumnName("Expiration");
                builder.Property<int>("_cardTypeId").HasColumnName("CardTypeId");
                builder.HasOne(p => p.CardType).WithMany().HasForeignKey("_cardTypeId");
                {|#5:builder.Property<string>("Nickname")|};
            }
        }

        internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
        {
            public void Configure(EntityTypeBuilder<Order> builder)
            {
                builder.Property<DateTime>("_orderDate").HasColumnName("OrderDate").IsPersonalData("account", "bookkeeping");
                builder.HasOne<PaymentMethod>().WithMany().HasForeignKey(o => o.PaymentId);
                builder.HasOne<Buyer>().WithMany().HasForeignKey(o => o.BuyerId);
            }
        }
        """;

    private static DiagnosticResult Declared(int marker, string type, string member) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, string.Empty);

    private static DiagnosticResult Imported(int marker, string type, string member, string via) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, $" (entity from assembly 'Ordering.Domain', brought into the model by '{via}')");

    private static DiagnosticResult MappedByName(int marker, string type, string member) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, "a private member of assembly 'Ordering.Domain', absent from the reference assembly a build compiles against, or a shadow property");

    private static DiagnosticResult[] InfrastructureDiagnostics =>
    [
        Imported(0, "Buyer", "Name", "OrderingContext.Buyers"),
        MappedByName(1, "PaymentMethod", "_alias"),
        MappedByName(2, "PaymentMethod", "_cardNumber"),
        MappedByName(3, "PaymentMethod", "_cardHolderName"),
        MappedByName(4, "PaymentMethod", "_expiration"),
        MappedByName(5, "PaymentMethod", "Nickname"),
    ];

    [Fact]
    public Task The_domain_project_reports_its_public_columns_but_not_a_foreign_key_configured_elsewhere_nor_a_domain_event()
    {
        var test = new Verify(Domain);
        test.ExpectedDiagnostics.Add(Declared(0, "Buyer", "Name"));
        return test.RunAsync();
    }

    [Fact]
    public Task The_infrastructure_project_reports_every_column_it_maps_with_the_domain_as_a_project_reference()
    {
        var test = new Verify(Infrastructure);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalProjects["Ordering.Domain"].Sources.Add(("Domain.cs", Unmarked(Domain)));
        test.TestState.AdditionalProjects["Ordering.Domain"].AdditionalReferences.AddRange(TestReferences.All);
        test.TestState.AdditionalProjectReferences.Add("Ordering.Domain");
        test.ExpectedDiagnostics.AddRange(InfrastructureDiagnostics);

        // The domain project is analysed too: its own public column, at its declaration.
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithSpan("Domain.cs", 21, 19, 21, 23).WithArguments("Buyer", "Name", string.Empty));
        return test.RunAsync();
    }

    [Fact]
    public Task The_infrastructure_project_reports_the_same_against_the_reference_assembly_a_build_uses()
    {
        var test = new Verify(Infrastructure);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(ReferenceAssembly("Ordering.Domain", Unmarked(Domain)));
        test.ExpectedDiagnostics.AddRange(InfrastructureDiagnostics);
        return test.RunAsync();
    }

    [Fact]
    public Task A_private_field_classified_where_it_is_mapped_or_with_Classify_by_name_is_not_reported()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy;
            using Ncs.Privacy.EntityFrameworkCore;
            using Ordering.Domain;

            namespace Ordering.Infrastructure;

            internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
            {
                public void Configure(EntityTypeBuilder<PaymentMethod> builder)
                {
                    builder.Property<string>("_cardNumber").HasMaxLength(25).IsPersonalData("account", "while-account");
                    builder.Property<string>("_alias").IsNotPersonalData("A label the customer chose for the card, not linked to them outside the shop");
                    builder.Property<int>(nameof(PaymentMethod.Id));
                    builder.Property<string>("_cardHolderName");
                    builder.Ignore("_expiration");
                    builder.Property<System.DateTime>("_expiration");
                }
            }

            public static class Classifications
            {
                public static void Apply(PrivacyOptions options) =>
                    options.Classify<PaymentMethod>(c => c.PersonalData("_cardHolderName", "account", "while-account"));
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(ReferenceAssembly("Ordering.Domain", Unmarked(Domain)));
        return test.RunAsync();
    }

    private const string IdentityContext = """
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

        namespace Shop.Identity;

        public class ApplicationUser : IdentityUser
        {
            [Ncs.Privacy.PersonalData("account", "while-account")]
            public string DisplayName { get; set; } = "";
        }

        public class {|#0:AccountsDb|} : IdentityDbContext<ApplicationUser>
        {
        }
        """;

    [Fact]
    public async Task An_IdentityDbContext_gets_Identity_unclassified_columns_reported_at_the_context()
    {
        var test = new Verify(IdentityContext);
        test.TestState.AdditionalReferences.AddRange(TestReferences.Identity);
        test.TestBehaviors |= TestBehaviors.SkipGeneratedCodeCheck;
        var expected = new (string Type, string Member, string Via)[]
        {
            // Identity's own [PersonalData] (Id, UserName, Email, PhoneNumber...) counts; keys and foreign keys are technical.
            ("IdentityRole", "ConcurrencyStamp", "AccountsDb.Roles"),
            ("IdentityRole", "Name", "AccountsDb.Roles"),
            ("IdentityRole", "NormalizedName", "AccountsDb.Roles"),
            ("IdentityRoleClaim", "ClaimType", "AccountsDb.RoleClaims"),
            ("IdentityRoleClaim", "ClaimValue", "AccountsDb.RoleClaims"),
            ("IdentityUser", "AccessFailedCount", "AccountsDb.Users"),
            ("IdentityUser", "ConcurrencyStamp", "AccountsDb.Users"),
            ("IdentityUser", "LockoutEnabled", "AccountsDb.Users"),
            ("IdentityUser", "LockoutEnd", "AccountsDb.Users"),
            ("IdentityUser", "NormalizedEmail", "AccountsDb.Users"),
            ("IdentityUser", "NormalizedUserName", "AccountsDb.Users"),
            ("IdentityUser", "PasswordHash", "AccountsDb.Users"),
            ("IdentityUser", "SecurityStamp", "AccountsDb.Users"),
            ("IdentityUserClaim", "ClaimType", "AccountsDb.UserClaims"),
            ("IdentityUserClaim", "ClaimValue", "AccountsDb.UserClaims"),
            ("IdentityUserLogin", "LoginProvider", "AccountsDb.UserLogins"),
            ("IdentityUserLogin", "ProviderDisplayName", "AccountsDb.UserLogins"),
            ("IdentityUserLogin", "ProviderKey", "AccountsDb.UserLogins"),
            ("IdentityUserPasskey", "CredentialId", "AccountsDb.UserPasskeys"),
            ("IdentityUserPasskey", "Data", "AccountsDb.UserPasskeys"),
            ("IdentityUserToken", "LoginProvider", "AccountsDb.UserTokens"),
            ("IdentityUserToken", "Name", "AccountsDb.UserTokens"),
        };
        foreach (var (type, member, via) in expected)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(0)
                .WithArguments(type, member, $" (entity from assembly 'Microsoft.Extensions.Identity.Stores', brought into the model by '{via}')"));
        }

        await test.RunAsync();
    }

    [Fact]
    public Task The_Identity_classification_package_covers_Identity_columns()
    {
        var test = new Verify(IdentityContext.Replace("{|#0:AccountsDb|}", "AccountsDb"));
        test.TestState.AdditionalReferences.AddRange(TestReferences.Identity);
        test.TestState.AdditionalReferences.Add(ReferenceAssembly("Ncs.Privacy.AspNetCore.Identity", "namespace Ncs.Privacy.AspNetCore.Identity; public static class Marker { }"));
        return test.RunAsync();
    }

    /// <summary>What <c>dotnet build</c> hands a referencing project: the reference assembly, without private members.</summary>
    internal static MetadataReference ReferenceAssembly(string name, string source)
    {
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source)],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, options: new EmitOptions(metadataOnly: true, includePrivateMembers: false));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    /// <summary>The source without the test's location markup.</summary>
    internal static string Unmarked(string source) => System.Text.RegularExpressions.Regex.Replace(source, @"\{\|#\d+:(.*?)\|\}", "$1");
}
