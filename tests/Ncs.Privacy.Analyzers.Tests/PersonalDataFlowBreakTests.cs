using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PersonalDataLoggedAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// NCSP006 on the shapes a fresh user wrote in a scratch application: each test names the flow rule it checks, with the value
/// reaching the sink and a look-alike that does not.
/// </summary>
public sealed class PersonalDataFlowBreakTests
{
    private const string Model = PersonalDataFlowTests.Model;

    private static DiagnosticResult Logged(int marker, string call, string member = "Customer.Email") =>
        Verify.Diagnostic("NCSP006").WithLocation(marker).WithArguments(member, call);

    [Fact]
    public Task A_value_logged_in_a_catch_or_a_finally_block_is_reported()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger, IAudit audit)
            {
                public void Run(Customer customer)
                {
                    try
                    {
                        audit.Write("start");
                    }
                    catch (InvalidOperationException ex)
                    {
                        logger.LogError(ex, "Failed for {Email}", {|#0:customer.Email|});
                        logger.LogError(ex, "Failed for {Id}", customer.Id);
                    }
                    finally
                    {
                        logger.LogInformation("Done for {Email}", {|#1:customer.Email|});
                    }
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogError"), Logged(1, "LogInformation"));
    }

    [Fact]
    public Task StringBuilder_Append_of_an_interpolated_string_carries_the_value()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    var builder = new StringBuilder();
                    builder.Append($"mail={customer.Email}");
                    logger.LogWarning({|#0:builder|}.ToString());

                    var plain = new StringBuilder();
                    plain.Append($"id={customer.Id}");
                    logger.LogWarning(plain.ToString());
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogWarning"));
    }
}
