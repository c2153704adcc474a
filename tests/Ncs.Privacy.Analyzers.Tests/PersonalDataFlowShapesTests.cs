using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PersonalDataLoggedAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// NCSP006 on the sinks and flows beyond <c>ILogger</c>'s message: the console and trace listeners, scope state (a dictionary,
/// a tuple, an anonymous object), LINQ projections logged as collections, and values lambdas capture. Each with look-alikes
/// that carry an identifier or a derived value and are not reported.
/// </summary>
public sealed class PersonalDataFlowShapesTests
{
    private const string Model = PersonalDataFlowTests.Model;

    private static DiagnosticResult Logged(int marker, string call, string member = "Customer.Email") =>
        Verify.Diagnostic("NCSP006").WithLocation(marker).WithArguments(member, call);

    [Fact]
    public Task Console_Debug_and_Trace_writes_are_sinks_and_other_writers_are_not()
    {
        const string source = Model + """
            public sealed class Service
            {
                public void Run(Customer customer)
                {
                    Console.WriteLine({|#0:customer.Email|});
                    Console.WriteLine("Customer {0}", {|#1:customer.Email|});
                    Console.Error.WriteLine($"Failed for {{|#2:customer.Email|}}");
                    System.Diagnostics.Debug.WriteLine({|#3:customer.Email|});
                    System.Diagnostics.Trace.TraceWarning("Refused: " + {|#4:customer.Email|});

                    Console.WriteLine(customer.Id);
                    Console.WriteLine("Length {0}", customer.Email.Length);
                    System.Diagnostics.Trace.WriteLine(customer.Segment);
                    using var writer = new System.IO.StringWriter();
                    writer.WriteLine(customer.Email);
                }
            }
            """;
        return Verify.VerifyAsync(source,
            Logged(0, "Console.WriteLine"), Logged(1, "Console.WriteLine"), Logged(2, "Console.Error.WriteLine"),
            Logged(3, "Debug.WriteLine"), Logged(4, "Trace.TraceWarning"));
    }

    [Fact]
    public Task BeginScope_with_a_dictionary_a_tuple_an_anonymous_object_or_pairs_carrying_a_personal_value_is_reported()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer)
                {
                    using (logger.BeginScope({|#0:new System.Collections.Generic.Dictionary<string, object> { ["CustomerEmail"] = customer.Email }|}))
                    {
                    }

                    var scope = new System.Collections.Generic.Dictionary<string, object?>();
                    scope.Add("Email", customer.Email);
                    using (logger.BeginScope({|#1:scope|}))
                    {
                    }

                    using (logger.BeginScope({|#2:("Email", customer.Email)|}))
                    {
                    }

                    using (logger.BeginScope({|#3:new { customer.Id, customer.Email }|}))
                    {
                    }

                    using (logger.BeginScope({|#4:new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, object>> { new("Email", customer.Email) }|}))
                    {
                    }

                    using (logger.BeginScope(new System.Collections.Generic.Dictionary<string, object> { ["CustomerId"] = customer.Id, ["Segment"] = customer.Segment }))
                    {
                    }

                    var ids = new System.Collections.Generic.Dictionary<string, object?>();
                    ids["Id"] = customer.Id;
                    ids.Add("EmailLength", customer.Email.Length);
                    using (logger.BeginScope(ids))
                    using (logger.BeginScope(("Id", customer.Id)))
                    using (logger.BeginScope(new { customer.Id, Length = customer.Email.Length }))
                    {
                    }
                }
            }
            """;
        return Verify.VerifyAsync(source,
            Logged(0, "BeginScope"), Logged(1, "BeginScope"), Logged(2, "BeginScope"), Logged(3, "BeginScope"), Logged(4, "BeginScope"));
    }

    [Fact]
    public Task A_LINQ_projection_of_a_personal_member_logged_as_a_collection_is_reported_and_projections_of_identifiers_or_counts_are_not()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(System.Collections.Generic.List<Customer> customers)
                {
                    logger.LogInformation("Emails {Emails}", {|#0:customers.Select(c => c.Email)|});
                    logger.LogInformation("Emails {Emails}", {|#1:string.Join(", ", customers.Select(c => c.Email))|});
                    var emails = customers.Where(c => c.Id > 0).Select(c => c.Email).ToList();
                    logger.LogInformation("Emails {Emails}", {|#2:emails|});
                    foreach (var email in emails)
                    {
                        logger.LogDebug({|#3:email|});
                    }

                    logger.LogInformation("First {Email}", {|#4:customers.Select(c => c.Email).First()|});
                    var byEmail = customers.ToDictionary(c => c.Email);
                    logger.LogInformation("Customers {Map}", {|#5:byEmail|});
                    logger.LogInformation("Rows {Rows}", {|#6:customers.Select(c => new { c.Id, c.Email })|});

                    logger.LogInformation("Ids {Ids}", customers.Select(c => c.Id));
                    logger.LogInformation("Lengths {Lengths}", customers.Select(c => c.Email.Length));
                    logger.LogInformation("Count {Count}", customers.Count(c => c.Email.EndsWith(".se")));
                    logger.LogInformation("Sorted {Ids}", customers.OrderBy(c => c.Email).Select(c => c.Id));
                    logger.LogInformation("Any {Any}", emails.Any());
                    logger.LogInformation("Count {Count}", emails.Count);
                    logger.LogInformation("Segments {Segments}", string.Join(", ", customers.Select(c => c.Segment)));
                }
            }
            """;
        return Verify.VerifyAsync(source.Replace("using System.Text;", "using System.Linq;\nusing System.Text;", StringComparison.Ordinal),
            Logged(0, "LogInformation"), Logged(1, "LogInformation"), Logged(2, "LogInformation"), Logged(3, "LogDebug"),
            Logged(4, "LogInformation"), Logged(5, "LogInformation"), Logged(6, "LogInformation"));
    }

    [Fact]
    public Task A_value_captured_by_a_lambda_or_a_local_function_and_logged_inside_it_is_reported()
    {
        const string source = Model + """
            public sealed class Service(ILogger<Service> logger)
            {
                public void Run(Customer customer, System.Collections.Generic.List<int> ids)
                {
                    var email = customer.Email;
                    ids.ForEach(id => logger.LogInformation("{Id} {Email}", id, {|#0:email|}));
                    System.Threading.Tasks.Task.Run(() => logger.LogWarning({|#1:email|}));
                    void Local() => logger.LogError({|#2:email|});
                    Local();
                    Action later = () =>
                    {
                        var message = "Later: " + email;
                        logger.LogInformation({|#3:message|});
                    };
                    later();

                    var id = customer.Id;
                    ids.ForEach(i => logger.LogInformation("{Id} {Other}", i, id));
                    var length = customer.Email.Length;
                    System.Threading.Tasks.Task.Run(() => logger.LogInformation("{Length}", length));
                }
            }
            """;
        return Verify.VerifyAsync(source,
            Logged(0, "LogInformation"), Logged(1, "LogWarning"), Logged(2, "LogError"), Logged(3, "LogInformation"));
    }
}
