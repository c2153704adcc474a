using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.SpecialCategoryWithoutConditionAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class SpecialCategoryTests
{
    [Fact]
    public Task Special_category_data_needs_a_condition_on_the_annotation_or_the_purpose()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                [{|#0:PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Health)|}]
                public string Allergies { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Care, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Health)]
                public string Diet { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Health,
                    SpecialCategoryCondition = SpecialCategoryCondition.HealthOrSocialCare)]
                public string Prescription { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Contact)]
                public string Email { get; set; } = "";
            }
            """;
        return Verify.VerifyAsync(source,
            Verify.Diagnostic("NCSP003").WithLocation(0).WithArguments("Customer.Allergies", "health", "account"));
    }
}
