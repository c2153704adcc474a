using Microsoft.CodeAnalysis.Testing;
using CardData = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PaymentCardDataAnalyzer>;
using Logged = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PersonalDataLoggedAnalyzer>;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// What the third fresh tester of the analyzer found: a Configure written as an explicit interface implementation, key names
/// taken by string prefix, a Social Security Number called a card security code, an Identity key called personal data.
/// </summary>
public sealed class FreshTester3ModelTests
{
    private static DiagnosticResult Declared(int marker, string type, string member) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, string.Empty);

    private static DiagnosticResult MappedByName(int marker, string type, string member, string assembly) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, $"a private member of assembly '{assembly}', absent from the reference assembly a build compiles against, or a shadow property");

    private const string ClinicDomain = """
        namespace Clinic.Domain;

        public class Visit
        {
            private string _cardNumber = "";
            private string _notes = "";

            public int Id { get; private set; }

            public int Length => _cardNumber.Length + _notes.Length;
        }
        """;

    private const string ExplicitConfiguration = """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Clinic.Domain;

        namespace Clinic.Infrastructure;

        public class ClinicDb : DbContext
        {
            public DbSet<Visit> Visits => Set<Visit>();

            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new VisitConfiguration());
        }

        internal sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
        {
            void IEntityTypeConfiguration<Visit>.Configure(EntityTypeBuilder<Visit> visit)
            {
                {|#0:visit.Property<string>("_cardNumber")|}.HasMaxLength(19);
                {|#1:visit.Property<string>("_notes")|};
            }
        }
        """;

    [Fact]
    public Task A_Configure_written_as_an_explicit_interface_implementation_is_read_in_the_layered_case()
    {
        var test = new Verify(ExplicitConfiguration);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Clinic.Domain", ClinicDomain));
        test.ExpectedDiagnostics.Add(MappedByName(0, "Visit", "_cardNumber", "Clinic.Domain"));
        test.ExpectedDiagnostics.Add(MappedByName(1, "Visit", "_notes", "Clinic.Domain"));
        return test.RunAsync();
    }

    [Fact]
    public Task Card_data_named_in_an_explicit_interface_Configure_is_reported_in_the_layered_case()
    {
        var test = new CardData(ExplicitConfiguration.Replace("{|#1:", string.Empty).Replace("\")|};", "\");"));
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Clinic.Domain", ClinicDomain));
        test.ExpectedDiagnostics.Add(CardData.Diagnostic("NCSP007").WithLocation(0).WithArguments("Visit", "_cardNumber"));
        return test.RunAsync();
    }

    private const string SingleProject = """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;

        namespace Clinic;

        public class Visit
        {
            private string {|#0:_cardNumber|} = "";
            private string {|#1:_notes|} = "";
            private string _unmapped = "";

            public int Id { get; private set; }

            public int Length => _cardNumber.Length + _notes.Length + _unmapped.Length;
        }

        public class ClinicDb : DbContext
        {
            public DbSet<Visit> Visits => Set<Visit>();
        }

        internal sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
        {
            void IEntityTypeConfiguration<Visit>.Configure(EntityTypeBuilder<Visit> builder)
            {
                builder.Property<string>("_cardNumber");
                builder.Property<string>("_notes");
            }
        }
        """;

    [Fact]
    public Task A_Configure_written_as_an_explicit_interface_implementation_is_read_in_a_single_project()
    {
        var test = new Verify(SingleProject);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.ExpectedDiagnostics.Add(Declared(0, "Visit", "_cardNumber"));
        test.ExpectedDiagnostics.Add(Declared(1, "Visit", "_notes"));
        return test.RunAsync();
    }

    [Fact]
    public Task Card_data_mapped_by_an_explicit_interface_Configure_is_reported_in_a_single_project()
    {
        var test = new CardData(SingleProject.Replace("{|#1:_notes|}", "_notes"));
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.ExpectedDiagnostics.Add(CardData.Diagnostic("NCSP007").WithLocation(0).WithArguments("Visit", "_cardNumber"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_name_is_a_foreign_key_by_whole_words_and_the_principal_key_type_not_by_a_string_prefix()
    {
        return Verify.VerifyAsync("""
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public class TaxRate
            {
                public int Id { get; set; }

                [NotPersonalData("A rate")]
                public decimal Rate { get; set; }
            }

            public class NationalHoliday
            {
                public int Id { get; set; }

                [NotPersonalData("A day")]
                public System.DateOnly Day { get; set; }
            }

            public class PaymentMethod
            {
                public int Id { get; set; }
            }

            public class IdentityUser
            {
                public string Id { get; set; } = "";
            }

            public class Patient
            {
                public int Id { get; set; }

                public string {|#0:NationalId|} { get; set; } = "";

                public string {|#1:TaxId|} { get; set; } = "";

                public string {|#2:HolidayId|} { get; set; } = "";

                public string {|#3:PersonalId|} { get; set; } = "";

                public int? PaymentId { get; set; }

                public string UserId { get; set; } = "";

                public int TaxRateId { get; set; }

                public int? NationalHolidayId { get; set; }
            }

            public class ShopDb : DbContext
            {
                public DbSet<Patient> Patients => Set<Patient>();

                public DbSet<TaxRate> Rates => Set<TaxRate>();

                public DbSet<NationalHoliday> Holidays => Set<NationalHoliday>();

                public DbSet<PaymentMethod> Payments => Set<PaymentMethod>();

                public DbSet<IdentityUser> Users => Set<IdentityUser>();

                public DbSet<Person> People => Set<Person>();
            }

            public class Person
            {
                public int Id { get; set; }
            }
            """,
            Declared(0, "Patient", "NationalId"),
            Declared(1, "Patient", "TaxId"),
            Declared(2, "Patient", "HolidayId"),
            Declared(3, "Patient", "PersonalId"));
    }

    [Fact]
    public Task A_Social_Security_Number_and_a_one_time_code_are_not_card_security_codes_while_card_codes_are()
    {
        return CardData.VerifyAsync("""
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                public int Id { get; set; }

                [PersonalData("account", "while-account")]
                public string SocialSecurityNumber { get; set; } = "";

                [PersonalData("account", "while-account")]
                public string EmailSecurityCode { get; set; } = "";

                [PersonalData("account", "while-account")]
                public string SecurityCode { get; set; } = "";
            }

            public class CreditCard
            {
                public int Id { get; set; }

                [PersonalData("account", "while-account")]
                public string {|#0:SecurityCode|} { get; set; } = "";

                [PersonalData("account", "while-account")]
                public string {|#1:CardSecurityCode|} { get; set; } = "";

                [PersonalData("account", "while-account")]
                public string {|#2:Cvv|} { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();

                public DbSet<CreditCard> Cards => Set<CreditCard>();
            }
            """,
            CardData.Diagnostic("NCSP007").WithLocation(0).WithArguments("CreditCard", "SecurityCode"),
            CardData.Diagnostic("NCSP007").WithLocation(1).WithArguments("CreditCard", "CardSecurityCode"),
            CardData.Diagnostic("NCSP007").WithLocation(2).WithArguments("CreditCard", "Cvv"));
    }

    [Theory]
    [InlineData("SocialSecurityNumber", null, "None")]
    [InlineData("EmailSecurityCode", null, "None")]
    [InlineData("SecurityCode", "Customer", "None")]
    [InlineData("SecurityCode", "PaymentCard", "SecurityCode")]
    [InlineData("CardSecurityNumber", null, "SecurityCode")]
    [InlineData("CvcCode", null, "SecurityCode")]
    [InlineData("_securityNumber", "Payment", "SecurityCode")]
    public void A_security_code_is_card_data_only_with_card_context(string name, string? owner, string expected) =>
        Assert.Equal(expected, Rules.PaymentCardNames.Classify(name, owner).ToString());

    [Fact]
    public Task An_Identity_user_key_is_an_identifier_for_NCSP006_while_its_personal_members_are_not()
    {
        var test = new Logged("""
            using Microsoft.AspNetCore.Identity;
            using Microsoft.Extensions.Logging;

            namespace Shop;

            public class AppUser : IdentityUser
            {
            }

            public sealed class SignIn(ILogger<SignIn> logger)
            {
                public void Run(AppUser user)
                {
                    logger.LogInformation("User {Id}", user.Id);
                    logger.LogInformation("User {Email}", {|#0:user.Email|});
                    logger.LogInformation("{@User}", {|#1:user|});
                }
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.Identity);
        test.ExpectedDiagnostics.Add(Logged.Diagnostic("NCSP006").WithLocation(0).WithArguments("IdentityUser.Email", "LogInformation"));
        test.ExpectedDiagnostics.Add(Logged.Diagnostic("NCSP006").WithLocation(1).WithArguments("IdentityUser.UserName", "LogInformation"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_natural_key_that_is_personal_data_is_still_reported_by_NCSP006()
    {
        return Logged.VerifyAsync("""
            using System.ComponentModel.DataAnnotations;
            using Microsoft.Extensions.Logging;
            using Ncs.Privacy;

            namespace Shop;

            public class Subscriber
            {
                [Key]
                [PersonalData("account", "while-account")]
                public string Email { get; set; } = "";

                [Key]
                [PersonalData("account", "while-account")]
                public int SubscriberId { get; set; }
            }

            public sealed class Mailer(ILogger<Mailer> logger)
            {
                public void Run(Subscriber subscriber)
                {
                    logger.LogInformation("To {Email}", {|#0:subscriber.Email|});
                    logger.LogInformation("To {Id}", subscriber.SubscriberId);
                }
            }
            """,
            Logged.Diagnostic("NCSP006").WithLocation(0).WithArguments("Subscriber.Email", "LogInformation"));
    }
}
