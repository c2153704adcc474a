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

    [Fact]
    public Task An_object_whose_ToString_prints_personal_data_concatenated_or_interpolated_into_a_message_is_reported()
    {
        const string source = Model + """
            public record Contact(int Id, [property: PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)] string Email);

            public record Reference(int Id, string Code);

            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Contact contact, Reference reference)
                {
                    logger.LogInformation("Contact " + {|#0:contact|});
                    logger.LogInformation($"Contact {{|#1:contact|}}");
                    var message = $"Contact {contact} changed";
                    logger.LogInformation({|#2:message|});
                    logger.LogInformation("Reference " + reference);
                    logger.LogInformation($"Reference {reference}");
                }
            }
            """;
        return Verify.VerifyAsync(source,
            Logged(0, "LogInformation", "Contact.Email"), Logged(1, "LogInformation", "Contact.Email"), Logged(2, "LogInformation", "Contact.Email"));
    }

    [Fact]
    public Task A_helper_parameter_concatenated_after_another_parameter_reaches_the_sink()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    Notify("Signed in: ", {|#0:customer.Email|});
                    Notify("Segment: ", customer.Segment);
                }

                private void Notify(string prefix, string value) => Write(prefix + value);

                private void Write(string text) => logger.LogInformation("{Text}", text);
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "Notify → Write → LogInformation"));
    }

    [Fact]
    public Task A_pattern_variable_or_a_deconstructed_local_carries_the_value()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    if (customer.Email is string email)
                    {
                        logger.LogInformation({|#0:email|});
                    }

                    var (mail, id) = (customer.Email, customer.Id);
                    logger.LogInformation({|#1:mail|});
                    logger.LogInformation("{Id}", id);

                    if (customer.Segment is string segment)
                    {
                        logger.LogInformation(segment);
                    }
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogInformation"), Logged(1, "LogInformation"));
    }

    [Fact]
    public Task An_anonymous_object_or_a_tuple_logged_as_a_placeholder_prints_its_personal_member()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    logger.LogInformation("Signed in {Who}", {|#0:new { customer.Id, customer.Email }|});
                    logger.LogInformation("Signed in {Who}", {|#1:(customer.Id, customer.Email)|});
                    logger.LogInformation("Signed in {Who}", new { customer.Id, customer.Segment });
                    logger.LogInformation("Signed in {Who}", (customer.Id, customer.Email.Length));
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogInformation"), Logged(1, "LogInformation"));
    }
}
