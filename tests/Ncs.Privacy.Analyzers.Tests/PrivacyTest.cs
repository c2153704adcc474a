using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// The compilations the tests analyse: .NET 10 reference assemblies from the installed SDK (no download), the real
/// Ncs.Privacy.dll, EF Core and Microsoft.Extensions.Logging.Abstractions as metadata references.
/// </summary>
internal static class TestReferences
{
    public static ReferenceAssemblies Net10 { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> All { get; } = Build();

    /// <summary>Ncs.Privacy.EntityFrameworkCore (the model-builder classification <c>.IsPersonalData(...)</c>), for configuration sources.</summary>
    public static ImmutableArray<MetadataReference> EntityFrameworkCore { get; } =
    [
        MetadataReference.CreateFromFile(typeof(Ncs.Privacy.EntityFrameworkCore.PrivacyModelBuilderExtensions).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.EntityFrameworkCore.RelationalModelBuilderExtensions).Assembly.Location),
    ];

    /// <summary>ASP.NET Core Identity's EF Core stores (IdentityDbContext, IdentityUser and its attributes), for the Identity sources.</summary>
    public static ImmutableArray<MetadataReference> Identity { get; } =
    [
        MetadataReference.CreateFromFile(typeof(Microsoft.AspNetCore.Identity.EntityFrameworkCore.IdentityDbContext).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.AspNetCore.Identity.IdentityUser).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.AspNetCore.Identity.PersonalDataAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.EntityFrameworkCore.RelationalModelBuilderExtensions).Assembly.Location),
    ];

    /// <summary>The repository's root folder (where Ncs.Privacy.sln is), found from the test's output folder.</summary>
    public static string Repository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ncs.Privacy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Ncs.Privacy.sln not found above " + AppContext.BaseDirectory);
    }

    private static ImmutableArray<MetadataReference> Build()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var refDirectory = Directory.Exists(packs)
            ? Directory.GetDirectories(packs)
                .Select(d => Path.Combine(d, "ref", "net10.0"))
                .Where(Directory.Exists)
                .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))), out var v) ? v : new Version())
                .FirstOrDefault()
            : null;
        var framework = refDirectory is not null
            ? Directory.GetFiles(refDirectory, "*.dll")
            : ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll").ToArray();

        var libraries = new[]
        {
            typeof(PersonalDataAttribute).Assembly.Location,
            typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly.Location,
            typeof(Microsoft.EntityFrameworkCore.OwnedAttribute).Assembly.Location,
            typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location,
            typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location,
        };
        return [.. framework.Concat(libraries).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    /// <summary>The policy every test source may refer to, as the application's own source file.</summary>
    public const string Policy = """
        using Ncs.Privacy;

        namespace Shop;

        [PrivacyPolicy]
        [Controller("Shop AB", Email = "privacy@shop.example")]
        public static class ShopPolicy
        {
            public static class Subjects
            {
                [DataSubjectCategory("People who buy from the shop")]
                public const string Customer = "customer";
            }

            public static class Recipients
            {
                [Recipient(RecipientKind.Processor, "Sends our newsletters")]
                public const string Mailer = "mailer";
            }

            public static class Categories
            {
                [DataCategory("E-mail, phone, address")]
                public const string Contact = "contact";

                [DataCategory("Allergies and other health data", IsSpecialCategory = true)]
                public const string Health = "health";
            }

            public static class Purposes
            {
                [Purpose(LegalBasis.Contract, "Run the customer's account", Subjects = [Subjects.Customer])]
                public const string Account = "account";

                [Purpose(LegalBasis.Consent, "Send newsletters", Subjects = [Subjects.Customer], Recipients = [Recipients.Mailer])]
                public const string Marketing = "marketing";

                [Purpose(LegalBasis.Consent, "Tailor products to allergies", Subjects = [Subjects.Customer], SpecialCategoryCondition = SpecialCategoryCondition.ExplicitConsent)]
                public const string Care = "care";
            }

            public static class Retention
            {
                [RetentionRule(EndsWithAccount = true, Description = "Kept while the account exists")]
                public const string WhileAccount = "while-account";

                [RetentionRule("P7Y", RetentionStart.EndOfCalendarYear, Description = "Accounting records", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
                public const string Bookkeeping = "bookkeeping";
            }
        }
        """;
}

/// <summary>An analyzer test against the real attributes, with the shop policy as a second source file.</summary>
internal sealed class PrivacyAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public PrivacyAnalyzerTest(string source, bool withPolicy = true)
    {
        ReferenceAssemblies = TestReferences.Net10;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        TestState.Sources.Add(source);
        if (withPolicy)
        {
            TestState.Sources.Add(("ShopPolicy.cs", TestReferences.Policy));
        }
    }

    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new PrivacyAnalyzerTest<TAnalyzer>(source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>A code-fix test (single fix, Fix All in document, project and solution) with the shop policy beside the source.</summary>
internal sealed class PrivacyCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public PrivacyCodeFixTest(string source, string fixedSource, string? equivalenceKey)
    {
        ReferenceAssemblies = TestReferences.Net10;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        TestState.Sources.Add(source);
        TestState.Sources.Add(("ShopPolicy.cs", TestReferences.Policy));
        FixedState.Sources.Add(fixedSource);
        FixedState.Sources.Add(("ShopPolicy.cs", TestReferences.Policy));
        CodeActionEquivalenceKey = equivalenceKey;
    }

    public static Task VerifyAsync(string source, string fixedSource, string? equivalenceKey, params DiagnosticResult[] expected)
    {
        var test = new PrivacyCodeFixTest<TAnalyzer, TCodeFix>(source, fixedSource, equivalenceKey);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
