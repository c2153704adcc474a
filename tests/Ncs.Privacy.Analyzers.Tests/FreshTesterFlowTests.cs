using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PersonalDataLoggedAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// NCSP006 on flow shapes a fresh tester wrote from public applications' logging: source-generated logging methods,
/// interpolated string handlers, exception filters, async/await and using declarations, nullable operators, and values
/// derived from a personal one that are not personal.
/// </summary>
public sealed class FreshTesterFlowTests
{
    private const string Model = PersonalDataFlowTests.Model;

    private static DiagnosticResult Logged(int marker, string call, string member = "Customer.Email") =>
        Verify.Diagnostic("NCSP006").WithLocation(marker).WithArguments(member, call);

    [Fact]
    public Task A_personal_value_passed_to_a_LoggerMessage_method_is_reported_and_an_identifier_is_not()
    {
        const string source = Model + """
            public static partial class Log
            {
                [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Signed in {Email}")]
                public static partial void SignedIn(ILogger logger, string email);

                [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Signed in {Id}")]
                public static partial void SignedInId(this ILogger logger, int id);
            }

            public static partial class Log
            {
                public static partial void SignedIn(ILogger logger, string email) { }

                public static partial void SignedInId(this ILogger logger, int id) { }
            }

            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    Log.SignedIn(logger, {|#0:customer.Email|});
                    logger.SignedInId(customer.Id);
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "SignedIn"));
    }

    [Fact]
    public Task A_helper_called_from_an_exception_filter_logs_the_value()
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
                    catch (Exception ex) when (Report(ex, {|#0:customer.Email|}))
                    {
                    }
                    catch (Exception ex) when (Report(ex, customer.Segment))
                    {
                    }
                }

                private bool Report(Exception ex, string who)
                {
                    logger.LogError(ex, "Failed for {Who}", who);
                    return false;
                }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("NCSP006").WithLocation(0).WithArguments("Customer.Email", "Report → LogError"));
    }

    [Fact]
    public Task A_value_read_before_an_await_and_logged_in_a_using_declared_scope_after_it_is_reported()
    {
        const string source = Model + """
            public interface ICustomers
            {
                System.Threading.Tasks.Task<Customer> FindAsync(int id);
            }

            public sealed class Service(ILogger<Service> logger, ICustomers customers)
            {
                public async System.Threading.Tasks.Task RunAsync(int id)
                {
                    var customer = await customers.FindAsync(id);
                    var email = customer.Email;
                    await System.Threading.Tasks.Task.Yield();
                    using var scope = logger.BeginScope("Customer {Email}", {|#0:email|});
                    await System.Threading.Tasks.Task.Delay(1);
                    logger.LogInformation("Sent to {Email}", {|#1:email|});
                    using var safe = logger.BeginScope("Customer {Id}", customer.Id);
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "BeginScope"), Logged(1, "LogInformation"));
    }

    [Fact]
    public Task Nullable_and_conditional_operators_carry_the_value()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer? customer, int kind)
                {
                    logger.LogInformation("{Email}", {|#0:customer?.Email|});
                    logger.LogInformation("{Email}", {|#1:customer!.Email|}!);
                    logger.LogInformation("{Email}", {|#2:customer.Email ?? "none"|});
                    var label = kind switch { 1 => customer.Email, _ => "other" };
                    logger.LogInformation("{Label}", {|#3:label|});
                    logger.LogInformation("{Email}", {|#4:customer.Email|}.Trim().ToLowerInvariant());
                }
            }
            """;
        return Verify.VerifyAsync(source,
            Logged(0, "LogInformation"), Logged(1, "LogInformation"), Logged(2, "LogInformation"), Logged(3, "LogInformation"), Logged(4, "LogInformation"));
    }

    [Fact]
    public Task Values_derived_from_a_personal_value_that_are_not_personal_are_not_reported()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    logger.LogWarning("{Field} is missing", nameof(Customer.Email));
                    logger.LogWarning("{Field} is missing", nameof(customer.Email));
                    logger.LogInformation("Length {Length}", customer.Email?.Length);
                    logger.LogInformation($"Length {customer.Email.Length}");
                    logger.LogInformation("Has mail: {HasMail}", string.IsNullOrEmpty(customer.Email));
                    logger.LogInformation("Mail is {State}", customer.Email is null ? "missing" : "present");
                    var state = string.IsNullOrWhiteSpace(customer.Email) ? "missing" : "present";
                    logger.LogInformation("Mail is " + state);
                    logger.LogInformation("Same: {Same}", customer.Email.Equals("x", StringComparison.OrdinalIgnoreCase));
                    logger.LogInformation("Customer {Id} in {Segment}", customer.Id, customer.Segment);
                }
            }
            """;
        return Verify.VerifyAsync(source);
    }

    [Fact]
    public Task A_personal_value_in_an_explicit_params_array_is_reported()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    logger.LogInformation("{Id} {Email}", {|#0:new object?[] { customer.Id, customer.Email }|});
                    logger.LogInformation("{Id} {Segment}", new object?[] { customer.Id, customer.Segment });
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogInformation"));
    }

    [Fact]
    public Task Interpolated_string_handlers_string_Create_and_FormattableString_carry_the_value()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    var created = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"mail={customer.Email}");
                    logger.LogInformation({|#0:created|});
                    logger.LogInformation({|#1:FormattableString.Invariant($"mail={customer.Email}")|});
                    FormattableString formattable = $"mail={customer.Email}";
                    logger.LogInformation({|#2:formattable|}.ToString());
                    logger.LogInformation({|#3:FormattableString.CurrentCulture($"mail={customer.Email}")|});
                    logger.LogInformation(FormattableString.Invariant($"id={customer.Id}"));

                    var safe = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"id={customer.Id}");
                    logger.LogInformation(safe);
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "LogInformation"), Logged(1, "LogInformation"), Logged(2, "LogInformation"), Logged(3, "LogInformation"));
    }

    [Fact]
    public Task A_domain_exception_of_the_application_carrying_the_value_is_reported_and_a_guard_clause_is_not()
    {
        const string source = Model + """
            public sealed class DomainException(string message) : Exception(message);

            public sealed class Service
            {
                public void Register(Customer customer)
                {
                    ArgumentException.ThrowIfNullOrWhiteSpace(customer.Email);
                    ArgumentNullException.ThrowIfNull(customer.Email);
                    if (customer.Id == 0)
                    {
                        throw new DomainException({|#0:$"A customer with {customer.Email} exists"|});
                    }

                    throw new DomainException($"Customer {customer.Id} exists");
                }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("NCSP006").WithLocation(0).WithArguments("Customer.Email", "DomainException"));
    }

    [Fact]
    public Task An_auto_property_the_type_assigns_a_personal_value_to_is_reported_when_logged()
    {
        const string source = Model + """
            public sealed class Session(ILogger<Session> logger)
            {
                public string? LastEmail { get; private set; }

                public string? LastSegment { get; private set; }

                public void Remember(Customer customer)
                {
                    LastEmail = customer.Email;
                    LastSegment = customer.Segment;
                }

                public void Report()
                {
                    logger.LogInformation("Last {Email}", {|#0:LastEmail|});
                    logger.LogInformation("Last {Segment}", LastSegment);
                }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("NCSP006").WithLocation(0).WithArguments("Customer.Email", "LogInformation"));
    }

    [Fact]
    public Task A_LoggerMessage_Define_delegate_invoked_with_a_personal_value_is_reported()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                private static readonly Action<ILogger, string, Exception?> SignedIn =
                    LoggerMessage.Define<string>(LogLevel.Information, new EventId(1, "SignedIn"), "Signed in {Email}");

                private static readonly Action<ILogger, int, Exception?> SignedInId =
                    LoggerMessage.Define<int>(LogLevel.Information, new EventId(2, "SignedInId"), "Signed in {Id}");

                private static readonly Action<ILogger, int, string, Exception?> Moved =
                    LoggerMessage.Define<int, string>(LogLevel.Warning, new EventId(3, "Moved"), "Customer {Id} moved to {Email}");

                public void Run(Customer customer)
                {
                    SignedIn(logger, {|#0:customer.Email|}, null);
                    SignedInId(logger, customer.Id, null);
                    Moved(logger, customer.Id, {|#1:customer.Email|}, null);
                    Moved(logger, customer.Id, customer.Segment, null);
                }
            }
            """;
        return Verify.VerifyAsync(source, Logged(0, "SignedIn"), Logged(1, "Moved"));
    }
}
