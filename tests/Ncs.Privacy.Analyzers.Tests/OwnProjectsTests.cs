using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Ncs.Privacy.Analyzers.Rules;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// Every rule runs over the sources of every project of this repository (library, EF Core integration, samples, tests,
/// benchmarks) and must not throw: an exception would surface to users as AD0001 and silence the rule.
/// </summary>
public sealed class OwnProjectsTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
    [
        new UnclassifiedMemberAnalyzer(),
        new UnknownPolicyReferenceAnalyzer(),
        new SpecialCategoryWithoutConditionAnalyzer(),
        new ContradictoryAnnotationsAnalyzer(),
        new IdentityPersonalDataAnalyzer(),
        new PersonalDataLoggedAnalyzer(),
    ];

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Xunit;
        """;

    public static TheoryData<string> Projects()
    {
        var root = TestReferences.Repository();
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "src", "samples", "tests", "benchmarks", "analyzers" })
        {
            var path = Path.Combine(root, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var project in Directory.GetFiles(path, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, project));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task The_analyzers_do_not_fail_on_our_own_project(string project)
    {
        var directory = Path.GetDirectoryName(Path.Combine(TestReferences.Repository(), project))!;
        var trees = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Preview), f))
            .ToList();
        Assert.NotEmpty(trees);

        // The SDK's implicit usings, so the sources bind as they do in a real build.
        trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, new CSharpParseOptions(LanguageVersion.Preview), "ImplicitUsings.g.cs"));

        var references = TestReferences.All.Concat(
            Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
                .Where(f => !Path.GetFileName(f).StartsWith("Ncs.Privacy", StringComparison.Ordinal))
                .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)));
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(project), trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var failures = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();

        Assert.Empty(failures);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
