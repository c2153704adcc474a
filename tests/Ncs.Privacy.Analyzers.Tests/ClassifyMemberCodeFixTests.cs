using Microsoft.CodeAnalysis.Testing;
using Ncs.Privacy.CodeFixes;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyCodeFixTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer, Ncs.Privacy.CodeFixes.ClassifyMemberCodeFix>;

namespace Ncs.Privacy.Analyzers.Tests;

public sealed class ClassifyMemberCodeFixTests
{
    private const string Before = """
        using Microsoft.EntityFrameworkCore;
        using Ncs.Privacy;

        namespace Shop;

        public class Customer
        {
            public int Id { get; set; }

            /// <summary>Shown in the header.</summary>
            public string {|#0:Nickname|} { get; set; } = "";

            [System.ComponentModel.DataAnnotations.MaxLength(20)]
            public string {|#1:Phone|} { get; set; } = "";
        }

        public record Subscriber(int Id, string {|#2:Email|});

        public class ShopDb : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();

            public DbSet<Subscriber> Subscribers => Set<Subscriber>();
        }
        """;

    /// <summary>The fix's placeholder reason is itself reported until someone writes a real one.</summary>
    private static DiagnosticResult Placeholder(int marker, string type, string member) =>
        new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(marker)
            .WithArguments(type, member, "TODO(privacy): say why this value identifies nobody");

    private static DiagnosticResult[] Expected =>
    [
        new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Customer", "Nickname", ""),
        new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1).WithArguments("Customer", "Phone", ""),
        new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(2).WithArguments("Subscriber", "Email", ""),
    ];

    [Fact]
    public Task Not_personal_data_with_a_TODO_reason_one_at_a_time_and_with_Fix_All()
    {
        const string after = """
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                public int Id { get; set; }

                /// <summary>Shown in the header.</summary>
                [NotPersonalData({|#0:"TODO(privacy): say why this value identifies nobody"|})]
                public string Nickname { get; set; } = "";

                [System.ComponentModel.DataAnnotations.MaxLength(20)]
                [NotPersonalData({|#1:"TODO(privacy): say why this value identifies nobody"|})]
                public string Phone { get; set; } = "";
            }

            public record Subscriber(int Id, [property: NotPersonalData({|#2:"TODO(privacy): say why this value identifies nobody"|})] string Email);

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();

                public DbSet<Subscriber> Subscribers => Set<Subscriber>();
            }
            """;
        var test = new Verify(Before, after, ClassifyMemberCodeFix.NotPersonalDataKey);
        test.ExpectedDiagnostics.AddRange(Expected);
        test.FixedState.ExpectedDiagnostics.Add(Placeholder(0, "Customer", "Nickname"));
        test.FixedState.ExpectedDiagnostics.Add(Placeholder(1, "Customer", "Phone"));
        test.FixedState.ExpectedDiagnostics.Add(Placeholder(2, "Subscriber", "Email"));
        return test.RunAsync();
    }

    [Fact]
    public Task Personal_data_with_the_purpose_and_category_that_fit_the_member_name_and_a_TODO_comment()
    {
        const string after = """
            using Microsoft.EntityFrameworkCore;
            using Ncs.Privacy;

            namespace Shop;

            public class Customer
            {
                public int Id { get; set; }

                /// <summary>Shown in the header.</summary>
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Contact)] // TODO(privacy): confirm purpose and retention with the policy owner
                public string Nickname { get; set; } = "";

                [System.ComponentModel.DataAnnotations.MaxLength(20)]
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Contact)] // TODO(privacy): confirm purpose and retention with the policy owner
                public string Phone { get; set; } = "";
            }

            public record Subscriber(int Id, [property: PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount, Category = ShopPolicy.Categories.Contact)] /* TODO(privacy): confirm purpose and retention with the policy owner */ string Email);

            public class ShopDb : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();

                public DbSet<Subscriber> Subscribers => Set<Subscriber>();
            }
            """;
        return Verify.VerifyAsync(Before, after, ClassifyMemberCodeFix.PersonalDataKey, Expected);
    }

    [Fact]
    public Task Without_a_declared_purpose_no_personal_data_fix_is_offered_as_it_could_not_compile()
    {
        const string source = """
            using Ncs.Privacy;

            namespace Shop;

            public class Ticket
            {
                [NotPersonalData("A status code")]
                public string Status { get; set; } = "";

                public string {|#0:Body|} { get; set; } = "";
            }
            """;
        var test = new Verify(source, source, ClassifyMemberCodeFix.PersonalDataKey);
        test.TestState.Sources.RemoveAt(1);
        test.FixedState.Sources.RemoveAt(1);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Ticket", "Body", ""));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_All_in_project_and_solution_reaches_every_document()
    {
        var test = new Verify("""
            using Ncs.Privacy;

            namespace Shop;

            [DataSubject(ShopPolicy.Subjects.Customer)]
            public class Customer
            {
                public int Id { get; set; }

                public string {|#0:Name|} { get; set; } = "";
            }
            """, """
            using Ncs.Privacy;

            namespace Shop;

            [DataSubject(ShopPolicy.Subjects.Customer)]
            public class Customer
            {
                public int Id { get; set; }

                [NotPersonalData({|#0:"TODO(privacy): say why this value identifies nobody"|})]
                public string Name { get; set; } = "";
            }
            """, ClassifyMemberCodeFix.NotPersonalDataKey);
        test.TestState.Sources.Add(("Employee.cs", """
            namespace Shop.Staff
            {
                [Ncs.Privacy.DataSubject(Shop.ShopPolicy.Subjects.Customer)]
                public class Employee
                {
                    public int Id { get; set; }

                    public string {|#1:Title|} { get; set; } = "";
                }
            }
            """));
        test.FixedState.Sources.Add(("Employee.cs", """
            namespace Shop.Staff
            {
                [Ncs.Privacy.DataSubject(Shop.ShopPolicy.Subjects.Customer)]
                public class Employee
                {
                    public int Id { get; set; }

                    [Ncs.Privacy.NotPersonalData({|#1:"TODO(privacy): say why this value identifies nobody"|})]
                    public string Title { get; set; } = "";
                }
            }
            """));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Customer", "Name", ""));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1).WithArguments("Employee", "Title", ""));
        test.FixedState.ExpectedDiagnostics.Add(Placeholder(0, "Customer", "Name"));
        test.FixedState.ExpectedDiagnostics.Add(Placeholder(1, "Employee", "Title"));
        return test.RunAsync();
    }
}
