using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.IdentityPersonalDataAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class IdentityPersonalDataTests
{
    internal const string IdentityStub = """
        namespace Microsoft.AspNetCore.Identity
        {
            public class PersonalDataAttribute : System.Attribute { }

            public class ProtectedPersonalDataAttribute : PersonalDataAttribute { }
        }

        """;

    [Fact]
    public Task Identity_attribute_alone_is_reported_as_information()
    {
        const string source = IdentityStub + """
            namespace Shop
            {
                using Ncs.Privacy;
                using Identity = Microsoft.AspNetCore.Identity;

                public class User
                {
                    [{|#0:Identity.PersonalData|}]
                    public string Nickname { get; set; } = "";

                    [{|#1:Identity.ProtectedPersonalData|}]
                    public string Phone { get; set; } = "";

                    [Identity.PersonalData]
                    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                    public string Email { get; set; } = "";

                    public string Theme { get; set; } = "";
                }
            }
            """;
        return Verify.VerifyAsync(source,
            new DiagnosticResult("NCSP005", DiagnosticSeverity.Info).WithLocation(0).WithArguments("User.Nickname"),
            new DiagnosticResult("NCSP005", DiagnosticSeverity.Info).WithLocation(1).WithArguments("User.Phone"));
    }
}
