using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PersonalDataLoggedAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// NCSP006 on the flow shapes the third fresh tester found unfollowed: local functions and lambdas held in locals whose parameter
/// is logged (D7), helpers of this compilation whose return value carries their parameter (D8), chains of helpers through
/// string calls, and exception types whose name does not end in <c>Exception</c> (D9). Each shape has the value reaching the
/// sink and a look-alike that does not.
/// </summary>
public sealed class FreshTester3FlowTests
{
    private const string Model = PersonalDataFlowTests.Model;

    private static DiagnosticResult Logged(int marker, string call, string member = "Customer.Email") =>
        Verify.Diagnostic("NCSP006").WithLocation(marker).WithArguments(member, call);

    [Fact]
    public Task A_local_function_whose_parameter_is_logged_is_reported_where_it_is_called_static_and_nested_ones_included()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    void Say(string s) => logger.LogInformation(s);
                    Say({|#0:customer.Email|});
                    Say(customer.Segment);

                    static void Warn(ILogger to, string value) => to.LogWarning("Value {Value}", value);
                    Warn(logger, {|#1:customer.Email|});
                    Warn(logger, customer.Segment);

                    void Outer(string a)
                    {
                        void Inner(string b) => logger.LogError(b);
                        Inner(a.Trim());
                    }

                    Outer({|#2:customer.Email|});
                    Outer(customer.Segment);

                    void Count(string v) => logger.LogInformation("Length {Length}", v.Length);
                    Count(customer.Email);
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "Say → LogInformation"), Logged(1, "Warn → LogWarning"), Logged(2, "Outer → Inner → LogError"));
    }

    [Fact]
    public Task A_lambda_held_in_a_local_whose_parameter_is_logged_is_reported_where_it_is_invoked()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    Action<string> say = s => logger.LogInformation(s);
                    say({|#0:customer.Email|});
                    say(customer.Segment);

                    Action<string> count = s => logger.LogInformation("Length {Length}", s.Length);
                    count(customer.Email);
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "say → LogInformation"));
    }

    [Fact]
    public Task A_local_function_of_top_level_statements_is_followed()
    {
        var test = new Verify("""
            using Microsoft.Extensions.Logging;
            using Shop;

            ILogger logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
            var customer = new Customer { Email = "a@b.example" };
            void Local(string v) => logger.LogWarning("local {V}", v);
            Local({|#0:customer.Email|});
            Local(customer.Segment);
            """);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("Customer.cs", Model));
        test.ExpectedDiagnostics.Add(Logged(0, "Local → LogWarning"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_helper_returning_text_built_from_its_parameter_carries_the_value_and_one_returning_a_number_does_not()
    {
        const string source = Model + """
            public static class Fmt
            {
                public static string Angle(string v) => "<" + v + ">";

                public static string Mask(string v) => v.Length > 2 ? v[..2] + "***" : "***";

                public static string Masked(this string v) => v.Substring(0, 1) + "***";

                public static string Upper(string v)
                {
                    var upper = v.ToUpperInvariant();
                    return $"[{upper}]";
                }

                public static int Length(string v) => v.Length;

                public static string Constant(string v) => string.IsNullOrEmpty(v) ? "none" : "some";

                public static string Digits(string v) => v.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    logger.LogInformation("{A}", {|#0:Fmt.Angle(customer.Email)|});
                    logger.LogInformation("{M}", {|#1:Fmt.Mask(customer.Email)|});
                    logger.LogInformation("{M}", {|#2:customer.Email.Masked()|});
                    var upper = Fmt.Upper(customer.Email);
                    logger.LogInformation({|#3:upper|});
                    logger.LogInformation("{Domain}", {|#4:customer.Email.Split('@')[1]|});

                    logger.LogInformation("{A}", Fmt.Angle(customer.Segment));
                    logger.LogInformation("{L}", Fmt.Length(customer.Email));
                    logger.LogInformation("{C}", Fmt.Constant(customer.Email));
                    logger.LogInformation("{D}", Fmt.Digits(customer.Email));
                }
            }
            """;
        return Verify.VerifyAsync(source,
            Logged(0, "LogInformation"), Logged(1, "LogInformation"), Logged(2, "LogInformation"), Logged(3, "LogInformation"),
            Logged(4, "LogInformation"));
    }

    [Fact]
    public Task A_helper_returning_a_personal_member_of_its_argument_or_a_lambda_returning_its_parameter_carries_the_value()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                private static string Describe(Customer c) => $"Customer {c.Email}";

                private static string Label(Customer c) => $"Customer #{c.Id}";

                public void Run(Customer customer)
                {
                    logger.LogInformation({|#0:Describe(customer)|});
                    logger.LogInformation(Label(customer));

                    Func<string, string> up = s => s.ToUpperInvariant();
                    logger.LogInformation({|#1:up(customer.Email)|});
                    Func<string, int> length = s => s.Length;
                    logger.LogInformation("{Length}", length(customer.Email));
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogInformation"), Logged(1, "LogInformation"));
    }

    /// <summary>
    /// Hashing is pseudonymisation: the hash of an e-mail address is still personal data (GDPR Recital 26), reversed by hashing
    /// the candidates and linking every line that carries it. A number derived from the text (its length, its per-process
    /// <c>GetHashCode()</c>) is not.
    /// </summary>
    [Fact]
    public Task A_cryptographic_hash_of_the_value_is_reported_and_a_length_or_a_hash_code_is_not()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                private static string Sha(string v) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(v)));

                public void Run(Customer customer)
                {
                    var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(customer.Email)));
                    logger.LogInformation("{Hash}", {|#0:hash|});
                    logger.LogInformation("{Hash}", {|#1:Sha(customer.Email)|});

                    logger.LogInformation("{Hash}", customer.Email.GetHashCode());
                    logger.LogInformation("{Hash}", HashCode.Combine(customer.Email));
                    logger.LogInformation("{Hash}", Sha(customer.Segment));
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogInformation"), Logged(1, "LogInformation"));
    }

    [Fact]
    public Task A_helper_passing_a_trimmed_upper_cased_interpolated_or_formatted_parameter_to_a_logging_helper_is_followed()
    {
        const string source = Model + """
            public sealed class Notifier(ILogger<Notifier> logger)
            {
                public void Write(string s) => logger.LogInformation(s);

                public void Trimmed(string v) => Write(v.Trim());

                public void Upper(string v) => Write(v.ToUpperInvariant());

                public void Framed(string v) => Write($"<{v}>");

                public void Angled(string v) => Write(Fmt.Angle(v));

                public void Counted(string v) => Write(v.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

                public void Flagged(string v) => Write(string.IsNullOrEmpty(v) ? "none" : "some");
            }

            public static class Fmt
            {
                public static string Angle(string v) => "<" + v + ">";
            }

            public static class Checkout
            {
                public static void Run(Notifier notifier, Customer customer)
                {
                    notifier.Trimmed({|#0:customer.Email|});
                    notifier.Upper({|#1:customer.Email|});
                    notifier.Framed({|#2:customer.Email|});
                    notifier.Angled({|#3:customer.Email|});
                    notifier.Counted(customer.Email);
                    notifier.Flagged(customer.Email);
                    notifier.Trimmed(customer.Segment);
                }
            }
            """;
        return Verify.VerifyAsync(source,
            Logged(0, "Trimmed → Write → LogInformation"), Logged(1, "Upper → Write → LogInformation"),
            Logged(2, "Framed → Write → LogInformation"), Logged(3, "Angled → Write → LogInformation"));
    }

    /// <summary>
    /// An exception is a type deriving from <c>System.Exception</c>, whatever it is called: the pre-filter collects this compilation's
    /// exception types by their base (in files that never say <c>Exception</c> for a type derived from one of them), and any
    /// <c>throw new</c> is looked at for another project's.
    /// </summary>
    [Fact]
    public Task An_exception_type_whose_name_does_not_end_in_Exception_carrying_the_value_is_reported()
    {
        var test = new Verify(Model + """
            public class PaymentRefused(string message) : Exception(message);

            public class FakeException(string message)
            {
                public string Text { get; } = message;
            }
            """);

        // Neither file says Exception, Log, throw or any other sink word: CardDeclined is found an exception type through its
        // base, and Collector is looked at because it names CardDeclined.
        test.TestState.Sources.Add(("Declined.cs", """
            namespace Shop;

            public sealed class CardDeclined(string message) : PaymentRefused(message);
            """));
        test.TestState.Sources.Add(("Collector.cs", """
            using System.Collections.Generic;

            namespace Shop;

            public static class Collector
            {
                public static void Collect(Customer customer, List<object> errors)
                {
                    errors.Add(new CardDeclined({|#1:"Declined: " + customer.Email|}));
                    errors.Add(new CardDeclined("Declined: " + customer.Segment));
                }
            }
            """));
        test.TestState.Sources.Add(("Payments.cs", """
            using System.Collections.Generic;

            namespace Shop;

            public static class Payments
            {
                public static void Pay(Customer customer) => throw new PaymentRefused({|#0:$"Payment refused for {customer.Email}"|});

                public static void PayById(Customer customer) => throw new PaymentRefused($"Payment refused for {customer.Id}");

                public static void Keep(Customer customer, List<object> errors) => errors.Add(new FakeException(customer.Email));
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP006").WithLocation(0).WithArguments("Customer.Email", "PaymentRefused"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP006").WithLocation(1).WithArguments("Customer.Email", "CardDeclined"));
        return test.RunAsync();
    }

    [Fact]
    public Task An_exception_type_of_another_project_whose_name_does_not_end_in_Exception_is_reported_when_thrown()
    {
        var test = new Verify(Model);
        test.TestState.Sources.Add(("Orders.cs", """
            namespace Shop;

            public static class Orders
            {
                public static void Find(Customer customer) => throw new Shop.Domain.NotFound({|#0:$"No orders for {customer.Email}"|});

                public static void FindById(Customer customer) => throw new Shop.Domain.NotFound($"No orders for {customer.Id}");
            }
            """));
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Shop.Domain", """
            namespace Shop.Domain;

            public class NotFound(string message) : System.Exception(message);
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP006").WithLocation(0).WithArguments("Customer.Email", "NotFound"));
        return test.RunAsync();
    }
}
