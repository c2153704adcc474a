using Ncs.Privacy.Analyzers.Rules;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class SmokeTests
{
    [Fact]
    public Task An_unclassified_entity_property_is_reported()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                public int Id { get; set; }

                public string {|#0:Nickname|} { get; set; } = "";
            }

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """;
        return PrivacyAnalyzerTest<UnclassifiedMemberAnalyzer>.VerifyAsync(source,
            PrivacyAnalyzerTest<UnclassifiedMemberAnalyzer>.Diagnostic("NCSP001").WithLocation(0).WithArguments("Customer", "Nickname", ""));
    }
}
