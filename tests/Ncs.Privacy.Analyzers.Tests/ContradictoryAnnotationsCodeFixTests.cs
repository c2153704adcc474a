using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Ncs.Privacy.CodeFixes;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyCodeFixTest<Ncs.Privacy.Analyzers.Rules.ContradictoryAnnotationsAnalyzer, Ncs.Privacy.CodeFixes.ContradictoryAnnotationsCodeFix>;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class ContradictoryAnnotationsCodeFixTests
{
    private const string Both = """
        using Ncs.Privacy;

        namespace Shop;

        public class Customer
        {
            /// <summary>The name.</summary>
            [{|#0:NotPersonalData("Just a name")|}]
            [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
            public string Name { get; set; } = "";

            [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount), {|#1:NotPersonalData("Not really")|}]
            public string Phone { get; set; } = "";
        }
        """;

    private static DiagnosticResult Expect(int marker, string where, string detail) =>
        new DiagnosticResult("NCSP004", DiagnosticSeverity.Warning).WithLocation(marker).WithArguments(where, detail);

    private const string BothText = "is marked both [PersonalData] and [NotPersonalData]: keep the one that is true";

    [Fact]
    public Task Remove_not_personal_data_keeps_comments_and_the_other_attributes()
    {
        const string after = """
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                /// <summary>The name.</summary>
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string Name { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string Phone { get; set; } = "";
            }
            """;
        return Verify.VerifyAsync(Both, after, ContradictoryAnnotationsCodeFix.RemoveNotPersonalDataKey,
            Expect(0, "Customer.Name", BothText), Expect(1, "Customer.Phone", BothText));
    }

    [Fact]
    public Task Remove_personal_data_keeps_the_not_personal_reason()
    {
        const string after = """
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                /// <summary>The name.</summary>
                [NotPersonalData("Just a name")]
                public string Name { get; set; } = "";

                [NotPersonalData("Not really")]
                public string Phone { get; set; } = "";
            }
            """;
        return Verify.VerifyAsync(Both, after, ContradictoryAnnotationsCodeFix.RemovePersonalDataKey,
            Expect(0, "Customer.Name", BothText), Expect(1, "Customer.Phone", BothText));
    }

    [Fact]
    public Task Remove_the_repeated_purpose()
    {
        const string before = """
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.WhileAccount)]
                [{|#0:PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Bookkeeping)|}]
                public string Email { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.WhileAccount)]
                [{|#1:PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)|}]
                public string Phone { get; set; } = "";
            }
            """;
        const string after = """
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.WhileAccount)]
                public string Email { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.WhileAccount)]
                public string Phone { get; set; } = "";
            }
            """;
        return Verify.VerifyAsync(before, after, ContradictoryAnnotationsCodeFix.RemoveDuplicateKey,
            Expect(0, "Customer.Email", "names purpose 'marketing' in more than one [PersonalData] annotation: use one annotation per purpose"),
            Expect(1, "Customer.Phone", "names purpose 'account' in more than one [PersonalData] annotation: use one annotation per purpose"));
    }

    [Fact]
    public Task Remove_the_restated_legal_basis_and_the_anonymisation_that_never_applies()
    {
        const string before = """
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, {|#0:LegalBasis.Consent|})]
                public string Phone { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, {|#1:LegalBasis.LegitimateInterests|}, Category = ShopPolicy.Categories.Contact)]
                public string Email { get; set; } = "";
            }
            """;
        const string after = """
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string Phone { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Contact)]
                public string Email { get; set; } = "";
            }
            """;
        return Verify.VerifyAsync(before, after, ContradictoryAnnotationsCodeFix.RemoveLegalBasisKey,
            Expect(0, "Customer.Phone", "[PersonalData] states legal basis Consent but purpose 'account' is declared with Contract: remove the argument or correct it"),
            Expect(1, "Customer.Email", "[PersonalData] states legal basis LegitimateInterests but purpose 'account' is declared with Contract: remove the argument or correct it"));
    }

    [Fact]
    public Task Remove_an_anonymisation_that_the_erasure_never_applies()
    {
        const string before = """
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Erasure = ErasureAction.Delete, Anonymisation = {|#0:AnonymisationStrategy.Redact|})]
                public string Phone { get; set; } = "";
            }
            """;
        const string after = """
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Erasure = ErasureAction.Delete)]
                public string Phone { get; set; } = "";
            }
            """;
        return Verify.VerifyAsync(before, after, ContradictoryAnnotationsCodeFix.RemoveAnonymisationKey,
            Expect(0, "Customer.Phone", "sets Anonymisation = Redact with Erasure = Delete, which never anonymises: remove one"));
    }
}
