using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.ContradictoryAnnotationsAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class ContradictoryAnnotationsTests
{
    private static DiagnosticResult Expect(int marker, string where, string detail) =>
        Verify.Diagnostic("NCSP004").WithLocation(marker).WithArguments(where, detail);

    [Fact]
    public Task Contradictions_are_reported_where_they_are_written()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Microsoft.AspNetCore.Identity
            {
                public class PersonalDataAttribute : System.Attribute { }
            }

            namespace Shop
            {
                public class Customer
                {
                    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                    [{|#0:NotPersonalData("Just a name")|}]
                    public string Name { get; set; } = "";

                    [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.WhileAccount)]
                    [{|#1:PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Bookkeeping)|}]
                    public string Email { get; set; } = "";

                    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, {|#2:LegalBasis.Consent|})]
                    public string Phone { get; set; } = "";

                    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Erasure = ErasureAction.Delete, Anonymisation = {|#3:AnonymisationStrategy.Redact|})]
                    public string Street { get; set; } = "";

                    [Microsoft.AspNetCore.Identity.PersonalData]
                    [{|#4:NotPersonalData("Not really")|}]
                    public string Nickname { get; set; } = "";

                    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Erasure = {|#5:ErasureAction.Retain|})]
                    public string Invoice { get; set; } = "";
                }
            }
            """;
        return Verify.VerifyAsync(source,
            Expect(0, "Customer.Name", "is marked both [PersonalData] and [NotPersonalData]: keep the one that is true"),
            Expect(1, "Customer.Email", "names purpose 'marketing' in more than one [PersonalData] annotation: use one annotation per purpose"),
            Expect(2, "Customer.Phone", "[PersonalData] states legal basis Consent but purpose 'account' is declared with Contract: remove the argument or correct it"),
            Expect(3, "Customer.Street", "sets Anonymisation = Redact with Erasure = Delete, which never anonymises: remove one"),
            Expect(4, "Customer.Nickname", "is marked both [PersonalData] and [NotPersonalData]: keep the one that is true"),
            Expect(5, "Customer.Invoice", "Erasure = Retain needs a retention rule with a LegalObligation (Art. 17(3)(b)); rule 'while-account' names none"));
    }

    [Fact]
    public Task Annotations_on_a_record_positional_parameter_are_checked_on_its_property()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Shop;

            public record Subscriber(
                [property: PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.WhileAccount)]
                [property: {|#0:NotPersonalData("An address")|}]
                string Email);
            """;
        return Verify.VerifyAsync(source,
            Expect(0, "Subscriber.Email", "is marked both [PersonalData] and [NotPersonalData]: keep the one that is true"));
    }

    [Fact]
    public Task Consistent_annotations_are_accepted()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, LegalBasis.Contract)]
                [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.WhileAccount, Erasure = ErasureAction.Anonymise, Anonymisation = AnonymisationStrategy.RandomEmail)]
                public string Email { get; set; } = "";

                [NotPersonalData("A product code")]
                public string Sku { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
                public string InvoiceAddress { get; set; } = "";
            }
            """;
        return Verify.VerifyAsync(source);
    }
}
