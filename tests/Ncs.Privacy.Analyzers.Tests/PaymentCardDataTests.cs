using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PaymentCardDataAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class PaymentCardDataTests
{
    private const string CardNumberMessage = "looks like a payment card number";

    private static DiagnosticResult CardNumber(int marker, string type, string member) =>
        Verify.Diagnostic("NCSP007").WithLocation(marker).WithArguments(type, member);

    private const string Entities = """
        using Microsoft.EntityFrameworkCore;
        using Ncs.Privacy;

        namespace Shop;

        public class Payment
        {
            public int Id { get; set; }

            [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Bookkeeping)]
            public string {|#0:CardNumber|} { get; set; } = "";

            [NotPersonalData("A security code")]
            public int {|#1:Cvv|} { get; set; }

            private string {|#2:_securityNumber|} = "";

            [NotPersonalData("The agent's reference")]
            public string PaymentReference { get; set; } = "";

            [NotPersonalData("The brand")]
            public int CardTypeId { get; set; }

            [NotPersonalData("Shown on receipts")]
            public string CardLast4 { get; set; } = "";

            [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Bookkeeping)]
            public string CardHolderName { get; set; } = "";

            [NotPersonalData("Whether a card is on file")]
            public bool HasCardNumber { get; set; }

            public string Describe() => _securityNumber;
        }

        public class ShopDb : DbContext
        {
            public DbSet<Payment> Payments => Set<Payment>();
        }
        """;

    [Fact]
    public Task Card_numbers_and_security_codes_of_the_domain_model_are_reported_and_references_to_a_card_are_not()
    {
        var test = new Verify(Entities);
        test.ExpectedDiagnostics.Add(CardNumber(0, "Payment", "CardNumber"));
        test.ExpectedDiagnostics.Add(CardNumber(1, "Payment", "Cvv"));
        test.ExpectedDiagnostics.Add(CardNumber(2, "Payment", "_securityNumber"));
        return test.RunAsync();
    }

    [Fact]
    public async Task The_card_number_message_says_why_and_how()
    {
        var test = new Verify(Entities);
        test.ExpectedDiagnostics.Add(CardNumber(0, "Payment", "CardNumber"));
        test.ExpectedDiagnostics.Add(CardNumber(1, "Payment", "Cvv"));
        test.ExpectedDiagnostics.Add(CardNumber(2, "Payment", "_securityNumber"));
        await test.RunAsync();
        Assert.Contains(CardNumberMessage, Rules.PaymentCardDataAnalyzer.CardNumberRule.MessageFormat.ToString(), StringComparison.Ordinal);
        Assert.Contains("PCI DSS", Rules.PaymentCardDataAnalyzer.SecurityCodeRule.MessageFormat.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public Task A_policy_that_declares_card_data_allows_card_numbers_but_never_security_codes()
    {
        var test = new Verify(Entities.Replace("{|#0:CardNumber|}", "CardNumber").Replace("{|#1:", "{|#0:").Replace("{|#2:", "{|#1:"), withPolicy: false);
        test.TestState.Sources.Add(("ShopPolicy.cs", TestReferences.Policy.Replace(
            "public const string Contact = \"contact\";",
            "public const string Contact = \"contact\";\n\n        [DataCategory(\"Payment card data, PCI DSS scope\")]\n        public const string PaymentCard = \"payment-card\";")));
        test.ExpectedDiagnostics.Add(CardNumber(0, "Payment", "Cvv"));
        test.ExpectedDiagnostics.Add(CardNumber(1, "Payment", "_securityNumber"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("Identity card number", "identity-card")]
    [InlineData("Loyalty card membership number", "loyalty-card")]
    public Task A_category_for_another_kind_of_card_does_not_declare_payment_card_data(string description, string id)
    {
        var test = new Verify(Entities, withPolicy: false);
        test.TestState.Sources.Add(("ShopPolicy.cs", TestReferences.Policy.Replace(
            "public const string Contact = \"contact\";",
            $"public const string Contact = \"contact\";\n\n        [DataCategory(\"{description}\")]\n        public const string OtherCard = \"{id}\";")));
        test.ExpectedDiagnostics.Add(CardNumber(0, "Payment", "CardNumber"));
        test.ExpectedDiagnostics.Add(CardNumber(1, "Payment", "Cvv"));
        test.ExpectedDiagnostics.Add(CardNumber(2, "Payment", "_securityNumber"));
        return test.RunAsync();
    }

    [Fact]
    public Task In_a_layered_application_a_card_field_mapped_by_name_is_reported_at_the_configuration_call()
    {
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ordering.Domain;

            namespace Ordering.Infrastructure;

            internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
            {
                public void Configure(EntityTypeBuilder<PaymentMethod> builder)
                {
                    {|#0:builder.Property<string>("_cardNumber")|}.HasMaxLength(25);
                    builder.Property<string>("_cardHolderName");
                    builder.Property<string>("_alias");
                }
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Ordering.Domain", LayeredApplicationTests.Unmarked(LayeredApplicationTests.Domain)));
        test.ExpectedDiagnostics.Add(CardNumber(0, "PaymentMethod", "_cardNumber"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("CardNumber", "CardNumber")]
    [InlineData("_cardNumber", "CardNumber")]
    [InlineData("CreditCardNumber", "CardNumber")]
    [InlineData("Pan", "CardNumber")]
    [InlineData("PrimaryAccountNumber", "CardNumber")]
    [InlineData("Cvc2", "SecurityCode")]
    [InlineData("CardSecurityCode", "SecurityCode")]
    [InlineData("CardNumberHash", "None")]
    [InlineData("CardNumberLast4", "None")]
    [InlineData("CardToken", "None")]
    [InlineData("Company", "None")]
    [InlineData("Panel", "None")]
    [InlineData("Japan", "None")]
    public void Names_are_classified_like_a_privacy_scanner_would(string name, string expected) =>
        Assert.Equal(expected, Rules.PaymentCardNames.Classify(name).ToString());
}

public sealed class PersonalDataKindTests
{
    [Theory]
    [InlineData("Email", "e-mail address")]
    [InlineData("ContactEmailAddress", "e-mail address")]
    [InlineData("MobilePhone", "phone number")]
    [InlineData("FirstName", "name")]
    [InlineData("ShippingStreet", "postal address")]
    [InlineData("DateOfBirth", "date of birth")]
    [InlineData("LastLoginIp", "IP address")]
    [InlineData("RemoteIpAddress", "IP address")]
    [InlineData("Personnummer", "national identity number")]
    [InlineData("_cardNumber", "payment card data")]
    [InlineData("Quantity", null)]
    [InlineData("Shipping", null)]
    public void A_member_name_proposes_the_kind_of_personal_data(string name, string? label) =>
        Assert.Equal(label, Model.PersonalDataKinds.Of(name, null)?.Label);
}
