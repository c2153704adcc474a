using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Ncs.Privacy.CodeFixes;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyCodeFixTest<Ncs.Privacy.Analyzers.Rules.IdentityPersonalDataAnalyzer, Ncs.Privacy.CodeFixes.UpgradeIdentityPersonalDataCodeFix>;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class UpgradeIdentityPersonalDataCodeFixTests
{
    [Fact]
    public Task The_upgrade_keeps_Identity_attribute_and_qualifies_ours_where_the_short_name_is_ambiguous()
    {
        const string before = IdentityPersonalDataTests.IdentityStub + """
            namespace Shop
            {
                using Microsoft.AspNetCore.Identity;
                using Ncs.Privacy;

                public class User
                {
                    [{|#0:ProtectedPersonalData|}]
                    public string Phone { get; set; } = "";

                    [{|#1:Microsoft.AspNetCore.Identity.PersonalData|}]
                    public string Nickname { get; set; } = "";
                }
            }
            """;
        const string after = IdentityPersonalDataTests.IdentityStub + """
            namespace Shop
            {
                using Microsoft.AspNetCore.Identity;
                using Ncs.Privacy;

                public class User
                {
                    [ProtectedPersonalData]
                    [Ncs.Privacy.PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Contact)] // TODO(privacy): confirm purpose and retention with the policy owner
                    public string Phone { get; set; } = "";

                    [Microsoft.AspNetCore.Identity.PersonalData]
                    [Ncs.Privacy.PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Contact)] // TODO(privacy): confirm purpose and retention with the policy owner
                    public string Nickname { get; set; } = "";
                }
            }
            """;
        return Verify.VerifyAsync(before, after, UpgradeIdentityPersonalDataCodeFix.Key,
            new DiagnosticResult("NCSP005", DiagnosticSeverity.Info).WithLocation(0).WithArguments("User.Phone"),
            new DiagnosticResult("NCSP005", DiagnosticSeverity.Info).WithLocation(1).WithArguments("User.Nickname"));
    }

    [Fact]
    public Task The_upgrade_uses_the_short_name_where_it_binds_to_ours()
    {
        const string before = IdentityPersonalDataTests.IdentityStub + """
            namespace Shop
            {
                using Ncs.Privacy;

                public class User
                {
                    [{|#0:Microsoft.AspNetCore.Identity.PersonalData|}] public string Nickname { get; set; } = "";
                }
            }
            """;
        const string after = IdentityPersonalDataTests.IdentityStub + """
            namespace Shop
            {
                using Ncs.Privacy;

                public class User
                {
                    [Microsoft.AspNetCore.Identity.PersonalData]
                    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Contact)] // TODO(privacy): confirm purpose and retention with the policy owner
                    public string Nickname { get; set; } = "";
                }
            }
            """;
        return Verify.VerifyAsync(before, after, UpgradeIdentityPersonalDataCodeFix.Key,
            new DiagnosticResult("NCSP005", DiagnosticSeverity.Info).WithLocation(0).WithArguments("User.Nickname"));
    }
}
