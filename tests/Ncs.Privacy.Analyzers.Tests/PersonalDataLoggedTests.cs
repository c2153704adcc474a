using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PersonalDataLoggedAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class PersonalDataLoggedTests
{
    private static DiagnosticResult Expect(int marker, string member, string call) =>
        Verify.Diagnostic("NCSP006").WithLocation(marker).WithArguments(member, call);

    private const string Model = """
        using Ncs.Privacy;

        namespace Shop;

        public class Customer
        {
            public int Id { get; set; }

            [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
            public string Email { get; set; } = "";

            [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
            public string Phone = "";

            [NotPersonalData("A segment code")]
            public string Segment { get; set; } = "";
        }

        """;

    [Fact]
    public Task Personal_data_passed_to_logging_calls_is_reported()
    {
        const string source = Model + """
            public static partial class Audit
            {
                [Microsoft.Extensions.Logging.LoggerMessage(1, Microsoft.Extensions.Logging.LogLevel.Information, "Signed in {Email}")]
                public static partial void SignedIn(Microsoft.Extensions.Logging.ILogger logger, string email);

                public static partial void SignedIn(Microsoft.Extensions.Logging.ILogger logger, string email) { }
            }

            public sealed class Service(Microsoft.Extensions.Logging.ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Customer {Email}", {|#0:customer.Email|});
                    logger.LogWarningLike(customer);
                    Microsoft.Extensions.Logging.LoggerExtensions.LogError(logger, $"Failed for {{|#1:customer.Email|}} / {{|#2:customer.Phone|}}");
                    Microsoft.Extensions.Logging.LoggerExtensions.LogDebug(logger, "Trimmed " + {|#3:customer.Email|}.Trim());
                    logger.Log(Microsoft.Extensions.Logging.LogLevel.Information, default, {|#4:customer.Email|}, null, (s, e) => s);
                    Audit.SignedIn(logger, {|#5:customer.Email|});
                    using var scope = Microsoft.Extensions.Logging.LoggerExtensions.BeginScope(logger, "Scope {Phone}", {|#6:customer.Phone|});
                    var email = customer.Email.Trim();
                    Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Copied {Email}", {|#7:email|});
                }
            }

            internal static class LoggerLike
            {
                public static void LogWarningLike(this Microsoft.Extensions.Logging.ILogger logger, Customer customer) { }
            }
            """;
        return Verify.VerifyAsync(source,
            Expect(0, "Customer.Email", "LogInformation"),
            Expect(1, "Customer.Email", "LogError"),
            Expect(2, "Customer.Phone", "LogError"),
            Expect(3, "Customer.Email", "LogDebug"),
            Expect(4, "Customer.Email", "Log"),
            Expect(5, "Customer.Email", "SignedIn"),
            Expect(6, "Customer.Phone", "BeginScope"),
            Expect(7, "Customer.Email", "LogInformation"));
    }

    [Fact]
    public Task Identifiers_non_personal_members_and_derived_values_are_not_reported()
    {
        const string source = Model + """
            public sealed class Service(Microsoft.Extensions.Logging.ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Customer {Id} in {Segment}", customer.Id, customer.Segment);
                    Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Length {Length}", customer.Email.Length);
                    Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Hash {Hash}", Hash(customer.Email));
                    var masked = customer.Email;
                    masked = "***";
                    Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Masked {Email}", masked);
                    var segment = customer.Segment;
                    Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Segment {Segment}", segment);
                }

                private static int Hash(string value) => value.GetHashCode();
            }
            """;
        return Verify.VerifyAsync(source);
    }
}
