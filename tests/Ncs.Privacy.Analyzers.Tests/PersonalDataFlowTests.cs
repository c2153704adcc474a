using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PersonalDataLoggedAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>NCSP006 by data flow: one test per flow shape, each with the value reaching the sink and a look-alike that does not.</summary>
public sealed class PersonalDataFlowTests
{
    internal const string Model = """
        using System;
        using System.Text;
        using Microsoft.Extensions.Logging;
        using Ncs.Privacy;

        namespace Shop;

        public class Customer
        {
            public int Id { get; set; }

            [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
            public string Email { get; set; } = "";

            [NotPersonalData("A segment code")]
            public string Segment { get; set; } = "";
        }

        public interface IAudit
        {
            void Write(string text);
        }

        """;

    private static DiagnosticResult Logged(int marker, string call, string member = "Customer.Email") =>
        Verify.Diagnostic("NCSP006").WithLocation(marker).WithArguments(member, call);

    [Fact]
    public Task A_message_built_in_a_local_then_logged_and_audited_is_reported_once_at_the_logging_call()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger, IAudit audit)
            {
                public void Run(Customer customer, bool verbose)
                {
                    var message = "Signed in: " + customer.Email;
                    if (verbose)
                    {
                        message += " (verbose)";
                    }

                    logger.LogInformation({|#0:message|});
                    audit.Write(message);

                    var safe = "Signed in: " + customer.Id;
                    logger.LogInformation(safe);
                    var replaced = customer.Email;
                    replaced = "someone";
                    logger.LogInformation(replaced);
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogInformation"));
    }

    [Fact]
    public Task String_Format_composite_formats_and_StringBuilder_carry_the_value()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    var formatted = string.Format("Customer {0} ({1})", customer.Id, customer.Email);
                    logger.LogWarning({|#0:formatted|});
                    logger.LogWarning({|#1:string.Concat("a", customer.Email)|});

                    var builder = new StringBuilder();
                    builder.Append("Customer ").Append(customer.Email);
                    logger.LogError({|#2:builder|}.ToString());

                    var plain = new StringBuilder().Append(customer.Id);
                    logger.LogError(plain.ToString());
                    logger.LogWarning(string.Format("Customer {0} in {1}", customer.Id, customer.Segment));
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogWarning"), Logged(1, "LogWarning"), Logged(2, "LogError"));
    }

    [Fact]
    public Task An_object_whose_ToString_prints_personal_data_is_reported_and_one_that_prints_its_name_is_not()
    {
        const string source = Model + """
            public record Contact(int Id, [property: PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)] string Email);

            public record Reference(int Id, string Code);

            public class Profile
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string Name { get; set; } = "";

                public override string ToString() => $"Profile of {Name}";
            }

            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Contact contact, Reference reference, Profile profile, Customer customer)
                {
                    logger.LogInformation("Contact {Contact}", {|#0:contact|});
                    logger.LogInformation("Profile {Profile}", {|#1:profile|});
                    logger.LogInformation("Reference {Reference}", reference);
                    logger.LogInformation("Customer {Customer}", customer);
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogInformation", "Contact.Email"), Logged(1, "LogInformation", "Profile.Name"));
    }

    [Fact]
    public Task Structured_destructuring_of_an_object_with_personal_properties_is_reported()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    logger.LogInformation("Customer {@Customer} signed in", {|#0:customer|});
                    logger.LogInformation("Customer {Customer} signed in", customer);
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogInformation"));
    }

    [Fact]
    public Task A_field_assigned_a_personal_value_then_logged_is_reported()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                private string _lastEmail = "";
                private int _lastId;

                public void Remember(Customer customer)
                {
                    _lastEmail = customer.Email;
                    this._lastId = customer.Id;
                }

                public void Report()
                {
                    logger.LogInformation("Last {Email}", {|#0:_lastEmail|});
                    logger.LogInformation("Last {Id}", _lastId);
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogInformation"));
    }

    [Fact]
    public Task A_helper_that_logs_its_parameter_is_reported_where_the_personal_value_is_passed()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    Notify({|#0:customer.Email|});
                    Notify(customer.Segment);
                    Count(customer.Email);
                }

                private void Notify(string value) => logger.LogInformation("Notified {Value}", value);

                private void Count(string value) => logger.LogInformation("Length {Length}", value.Length);
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "Notify → LogInformation"));
    }

    [Fact]
    public Task An_exception_whose_message_carries_the_value_is_reported()
    {
        const string source = Model + """
            public sealed class Service
            {
                public void Run(Customer customer)
                {
                    if (customer.Id == 0)
                    {
                        throw new InvalidOperationException({|#0:$"No account for {customer.Email}"|});
                    }

                    throw new ArgumentException($"No account for customer {customer.Id}");
                }
            }
            """;
        return Verify.VerifyAsync(source,
            Verify.Diagnostic("NCSP006").WithLocation(0).WithArguments("Customer.Email", "InvalidOperationException"));
    }

    [Fact]
    public Task Identifiers_and_derived_non_personal_values_are_not_reported()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    logger.LogInformation("Customer {Id}", customer.Id);
                    logger.LogInformation("Length {Length}", customer.Email.Length);
                    var length = customer.Email.Trim().Length;
                    logger.LogInformation("Length {Length}", length);
                    logger.LogInformation("Known {Known}", customer.Email.Contains('@'));
                }
            }
            """;
        return Verify.VerifyAsync(source);
    }

    /// <summary>
    /// Only the files whose text names a sink or a helper found so far are read for helpers (what made NCSP006 cheap on a model of
    /// many files that never log): a helper of a helper in a file without any logging word, called from a third such file, is
    /// still followed.
    /// </summary>
    [Fact]
    public Task A_helper_of_a_helper_in_files_that_never_name_a_logger_is_still_followed()
    {
        var test = new PrivacyAnalyzerTest<Rules.PersonalDataLoggedAnalyzer>(Model + """
            public static class Notifier
            {
                public static ILogger Sink { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

                public static void Notify(string value) => Sink.LogInformation("Notified {Value}", value);
            }
            """);
        test.TestState.Sources.Add(("Relay.cs", """
            namespace Shop;

            public static class Relay
            {
                public static void Pass(string value) => Notifier.Notify(value);
            }
            """));
        test.TestState.Sources.Add(("Checkout.cs", """
            namespace Shop;

            public static class Checkout
            {
                public static void Run(Customer customer)
                {
                    Relay.Pass({|#0:customer.Email|});
                    Relay.Pass(customer.Segment);
                }
            }
            """));
        test.ExpectedDiagnostics.Add(Logged(0, "Pass → Notify → LogInformation"));
        return test.RunAsync();
    }
}
