using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Testing;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.UnknownPolicyReferenceAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class UnknownPolicyReferenceTests
{
    private static DiagnosticResult Expect(int marker, string where, string detail) =>
        Verify.Diagnostic("NCSP002").WithLocation(marker).WithArguments(where, detail);

    private const string Purposes = " (declared: account, care, marketing)";
    private const string Rules = " (declared: bookkeeping, while-account)";

    [Fact]
    public Task Annotations_naming_only_declared_identifiers_are_accepted()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Shop;

            [DataSubject(ShopPolicy.Subjects.Customer)]
            public class Customer
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Contact, Recipients = [ShopPolicy.Recipients.Mailer])]
                [PersonalData("marketing", "while-account")]
                public string Email { get; set; } = "";

                [RetentionAnchor(ShopPolicy.Retention.Bookkeeping)]
                public System.DateTime CreatedAt { get; set; }

                [RetentionAnchor]
                public System.DateTime LastSeen { get; set; }
            }
            """;
        return Verify.VerifyAsync(source);
    }

    [Fact]
    public Task A_partial_type_in_two_files_is_reported_once_per_annotation_in_the_file_that_holds_it()
    {
        var test = new Verify("""
            using Ncs.Privacy;

            namespace Shop;

            [DataSubject({|#0:"employee"|})]
            public partial class Customer
            {
                [PersonalData({|#1:"newsletter"|}, ShopPolicy.Retention.WhileAccount)]
                public string Email { get; set; } = "";
            }
            """);
        test.TestState.Sources.Add(("CustomerPhone.cs", """
            using Ncs.Privacy;

            namespace Shop;

            public partial class Customer
            {
                [PersonalData(ShopPolicy.Purposes.Account, {|#2:"forever"|})]
                public string Phone { get; set; } = "";
            }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "Customer", "[DataSubject] refers to data-subject category 'employee', which the policy does not declare (declared: customer)"));
        test.ExpectedDiagnostics.Add(Expect(1, "Customer.Email", "[PersonalData] refers to purpose 'newsletter', which the policy does not declare" + Purposes));
        test.ExpectedDiagnostics.Add(Expect(2, "Customer.Phone", "[PersonalData] refers to retention rule 'forever', which the policy does not declare" + Rules));
        return test.RunAsync();
    }

    [Fact]
    public Task Unknown_purpose_retention_category_recipient_subject_and_anchor_rule_are_reported_at_the_argument()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Shop;

            [DataSubject({|#0:"employee"|})]
            public class Customer
            {
                [PersonalData({|#1:"newsletter"|}, {|#2:"forever"|}, Category = {|#3:"hobbies"|}, Recipients = [ShopPolicy.Recipients.Mailer, {|#4:"crm"|}])]
                public string Email { get; set; } = "";

                [RetentionAnchor(ShopPolicy.Retention.Bookkeeping, {|#5:"audit"|})]
                public System.DateTime CreatedAt { get; set; }

                [PersonalData(purpose: ShopPolicy.Purposes.Account, retention: {|#6:"P7Y"|})]
                public string Phone = "";
            }
            """;
        return Verify.VerifyAsync(source,
            Expect(0, "Customer", "[DataSubject] refers to data-subject category 'employee', which the policy does not declare (declared: customer)"),
            Expect(1, "Customer.Email", "[PersonalData] refers to purpose 'newsletter', which the policy does not declare" + Purposes),
            Expect(2, "Customer.Email", "[PersonalData] refers to retention rule 'forever', which the policy does not declare" + Rules),
            Expect(3, "Customer.Email", "[PersonalData] refers to data category 'hobbies', which the policy does not declare (declared: contact, health)"),
            Expect(4, "Customer.Email", "[PersonalData] names recipient 'crm', which the policy does not declare (declared: mailer)"),
            Expect(5, "Customer.CreatedAt", "[RetentionAnchor] names retention rule 'audit', which the policy does not declare" + Rules),
            Expect(6, "Customer.Phone", "[PersonalData] refers to retention rule 'P7Y', which the policy does not declare" + Rules));
    }

    [Fact]
    public Task The_subject_of_a_two_subject_row_must_be_a_member_of_the_type()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Shop;

            public class Person
            {
                public int Id { get; set; }
            }

            public class Ticket
            {
                public Person Agent { get; set; } = null!;

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Subject = nameof(Agent))]
                public string AgentNote { get; set; } = "";

                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Subject = {|#0:"Customer"|})]
                public string CustomerNote { get; set; } = "";
            }
            """;
        return Verify.VerifyAsync(source,
            Expect(0, "Ticket.CustomerNote", "[PersonalData] Subject = \"Customer\" names no member of the type: name the navigation to the subject this value concerns"));
    }

    [Fact]
    public Task A_record_positional_property_is_checked()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Shop;

            public record Subscriber([property: PersonalData({|#0:"news"|}, ShopPolicy.Retention.WhileAccount)] string Email);
            """;
        return Verify.VerifyAsync(source,
            Expect(0, "Subscriber.Email", "[PersonalData] refers to purpose 'news', which the policy does not declare" + Purposes));
    }

    [Fact]
    public Task Malformed_retention_periods_and_rules_without_a_period_are_reported()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Other;

            [PrivacyPolicy]
            public static class OtherPolicy
            {
                [RetentionRule({|#0:"7Y"|}, Description = "x")]
                public const string A = "a";

                [RetentionRule({|#1:"P1H"|}, Description = "x")]
                public const string B = "b";

                [RetentionRule({|#2:"PT"|}, Description = "x")]
                public const string C = "c";

                [RetentionRule("P1Y6M", Description = "fine")]
                public const string D = "d";

                [RetentionRule("PT12H", Description = "fine")]
                public const string E = "e";

                [{|#3:RetentionRule(Description = "no period")|}]
                public const string F = "f";

                [Purpose(LegalBasis.Contract, "x", Subjects = [{|#5:"robots"|}], Recipients = [{|#6:"nobody"|}])]
                public const string G = "g";
            }
            """;
        return Verify.VerifyAsync(source,
            Expect(0, "OtherPolicy.A", "'7Y' is not an ISO 8601 duration: it must start with 'P' (for example 'P7Y')"),
            Expect(1, "OtherPolicy.B", "'P1H' is not an ISO 8601 duration: unknown unit 'H' (hours, minutes and seconds go after 'T')"),
            Expect(2, "OtherPolicy.C", "'PT' is not an ISO 8601 duration: 'T' must be followed by hours, minutes or seconds"),
            Expect(3, "OtherPolicy.F", "retention rule 'f' has neither a period nor EndsWithAccount = true: say how long the data is kept"),
            Expect(5, "OtherPolicy.G", "purpose 'g' names data-subject category 'robots', which the policy does not declare (declared: customer)"),
            Expect(6, "OtherPolicy.G", "purpose 'g' names recipient 'nobody', which the policy does not declare (declared: mailer)"));
    }

    [Fact]
    public Task Classifications_made_in_code_are_checked_too()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Shop;

            public class ExternalProfile
            {
                public string Bio { get; set; } = "";

                public string Nick { get; set; } = "";
            }

            public static class Setup
            {
                public static void Configure(PrivacyOptions options) =>
                    options.Classify<ExternalProfile>(c => c
                        .IsDataSubject({|#0:"visitor"|})
                        .PersonalData(p => p.Bio, {|#1:"profiling"|}, ShopPolicy.Retention.WhileAccount)
                        .PersonalData("Nick", ShopPolicy.Purposes.Account, {|#2:"forever"|}));
            }
            """;
        return Verify.VerifyAsync(source,
            Expect(0, "ExternalProfile", "IsDataSubject refers to data-subject category 'visitor', which the policy does not declare (declared: customer)"),
            Expect(1, "ExternalProfile.Bio", "PersonalData refers to purpose 'profiling', which the policy does not declare" + Purposes),
            Expect(2, "ExternalProfile.Nick", "PersonalData refers to retention rule 'forever', which the policy does not declare" + Rules));
    }

    [Fact]
    public Task A_policy_in_a_referenced_assembly_is_the_vocabulary()
    {
        var test = new Verify("""
            using Ncs.Privacy;

            namespace Shop.Domain;

            public class Customer
            {
                [PersonalData(Shop.Policy.CorePolicy.Account, Shop.Policy.CorePolicy.Forever)]
                public string Email { get; set; } = "";

                [PersonalData({|#0:"unknown"|}, Shop.Policy.CorePolicy.Forever)]
                public string Phone { get; set; } = "";
            }
            """, withPolicy: false);
        test.TestState.AdditionalProjects["Shop.Policy"].Sources.Add(("CorePolicy.cs", """
            using Ncs.Privacy;

            namespace Shop.Policy;

            [PrivacyPolicy]
            public static class CorePolicy
            {
                [DataSubjectCategory("Customers")]
                public const string Customer = "customer";

                [Purpose(LegalBasis.Contract, "Account", Subjects = [Customer])]
                public const string Account = "account";

                [RetentionRule(EndsWithAccount = true, Description = "While the account exists")]
                public const string Forever = "while-account";
            }
            """));
        test.TestState.AdditionalProjects["Shop.Policy"].AdditionalReferences.AddRange(TestReferences.All);
        test.TestState.AdditionalProjectReferences.Add("Shop.Policy");
        test.ExpectedDiagnostics.Add(Expect(0, "Customer.Phone", "[PersonalData] refers to purpose 'unknown', which the policy does not declare (declared: account)"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_policy_read_from_a_reference_assembly_gives_the_same_answers()
    {
        var policy = CSharpCompilation.Create("Shop.Policy", [CSharpSyntaxTree.ParseText(TestReferences.Policy)], TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = policy.Emit(image, options: new EmitOptions(metadataOnly: true, includePrivateMembers: false));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        var test = new Verify("""
            using Ncs.Privacy;

            namespace Shop.Domain;

            public class Customer
            {
                [PersonalData(Shop.ShopPolicy.Purposes.Care, Shop.ShopPolicy.Retention.Bookkeeping, Category = Shop.ShopPolicy.Categories.Health, Recipients = [{|#0:"crm"|}])]
                public string Allergies { get; set; } = "";
            }
            """, withPolicy: false);
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromImage(image.ToArray()));
        test.ExpectedDiagnostics.Add(Expect(0, "Customer.Allergies", "[PersonalData] names recipient 'crm', which the policy does not declare (declared: mailer)"));
        return test.RunAsync();
    }

    [Fact]
    public Task Without_a_visible_policy_references_are_not_judged()
    {
        var test = new Verify("""
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                [PersonalData("anything", "at-all")]
                public string Email { get; set; } = "";
            }
            """, withPolicy: false);
        return test.RunAsync();
    }
}
