using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Issue 7, benchmark 4: the analyzer's share of compile time. A generated project of 1,000 entity types with 20
/// members each (every member classified, one DbContext exposing them all) is compiled in process: baseline is the
/// compiler's own diagnostics (binding every method body), the other run adds every Ncs.Privacy analyzer through
/// <see cref="CompilationWithAnalyzers"/>. The ratio is the compile time with the analyzer over without.
/// </summary>
[MemoryDiagnoser]
[FullRunJob(warmupCount: 2, iterationCount: 8)]
public class AnalyzerBenchmarks
{
    private ImmutableArray<SyntaxTree> _trees;
    private MetadataReference[] _references = [];
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;

    [ParamsSource(nameof(Sizes))]
    public int EntityTypes { get; set; }

    /// <summary>1,000 entity types; 100 in the CI short mode.</summary>
    public static IEnumerable<int> Sizes => Data.BenchSettings.Short ? [100] : [1000];

    [GlobalSetup]
    public void Setup()
    {
        _trees = GeneratedSource.Trees(EntityTypes, 20);
        _references = GeneratedSource.References();
        _analyzers = typeof(Analyzers.RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        if (_analyzers.IsEmpty)
        {
            throw new InvalidOperationException("No analyzer found in Ncs.Privacy.Analyzers.");
        }

        var errors = Compile().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generated project does not compile: " + errors[0]);
        }
    }

    [Benchmark(Baseline = true, Description = "Compiler only")]
    public int CompilerOnly() => Compile().GetDiagnostics().Length;

    /// <summary>The analyzer driver with an analyzer that does nothing: what any build with any analyzer pays.</summary>
    [Benchmark(Description = "Compiler + an empty analyzer")]
    public async Task<int> WithEmptyAnalyzer()
    {
        var diagnostics = await Compile().WithAnalyzers([new EmptyAnalyzer()], Options).GetAllDiagnosticsAsync().ConfigureAwait(false);
        return diagnostics.Length;
    }

    [Benchmark(Description = "Compiler + Ncs.Privacy analyzers")]
    public async Task<int> WithAnalyzers()
    {
        var diagnostics = await Compile().WithAnalyzers(_analyzers, Options).GetAllDiagnosticsAsync().ConfigureAwait(false);
        var unexpected = diagnostics.FirstOrDefault(d => d.Id.StartsWith("NCSP", StringComparison.Ordinal) || d.Id == "AD0001");
        return unexpected is null ? diagnostics.Length : throw new InvalidOperationException("Every member is classified, yet: " + unexpected);
    }

    private static CompilationWithAnalyzersOptions Options => new(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);

    private CSharpCompilation Compile() => CSharpCompilation.Create(
        "Generated", _trees, _references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}

#pragma warning disable RS1001, RS1025, RS1026, RS1036, RS1041 // deliberately empty, loaded only in process: it measures the analyzer driver alone
internal sealed class EmptyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [];

    public override void Initialize(AnalysisContext context)
    {
    }
}
#pragma warning restore RS1001, RS1025, RS1026, RS1036, RS1041

/// <summary>C# source of a generated domain model and its DbContext, every member classified.</summary>
internal static class GeneratedSource
{
    public static ImmutableArray<SyntaxTree> Trees(int typeCount, int membersPerType)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = ImmutableArray.CreateBuilder<SyntaxTree>(typeCount + 2);
        trees.Add(CSharpSyntaxTree.ParseText("""
            using Ncs.Privacy;
            namespace Generated;
            [PrivacyPolicy]
            [Controller("Generated AB", Email = "privacy@generated.test")]
            public static class Policy
            {
                [DataSubjectCategory("Customers")] public const string Customer = "customer";
                [Purpose(LegalBasis.Contract, "Serve customers", Subjects = [Customer])] public const string Service = "service";
                [RetentionRule(EndsWithAccount = true, Description = "While the account exists")] public const string Account = "account";
            }
            """, parse, path: "Policy.cs"));
        var context = new StringBuilder("using Microsoft.EntityFrameworkCore;\nnamespace Generated;\npublic sealed class GeneratedContext : DbContext\n{\n");
        for (var t = 0; t < typeCount; t++)
        {
            var sb = new StringBuilder("using Ncs.Privacy;\nnamespace Generated;\n");
            sb.Append(t % 50 == 0 ? "[DataSubject(Policy.Customer)]\n" : string.Empty);
            sb.Append("public sealed class Entity").Append(t).Append("\n{\n    [NotPersonalData(\"key\")] public int Id { get; set; }\n");
            for (var m = 1; m < membersPerType; m++)
            {
                sb.Append(m % 3 == 0
                    ? $"    [PersonalData(Policy.Service, Policy.Account)] public string? Member{m} {{ get; set; }}\n"
                    : $"    [NotPersonalData(\"technical\")] public int Member{m} {{ get; set; }}\n");
            }

            sb.Append("    public string Describe() => $\"{Id}:{Member1}\";\n}\n");
            trees.Add(CSharpSyntaxTree.ParseText(sb.ToString(), parse, path: $"Entity{t}.cs"));
            context.Append("    public DbSet<Entity").Append(t).Append("> Entities").Append(t).Append(" => Set<Entity").Append(t).Append(">();\n");
        }

        trees.Add(CSharpSyntaxTree.ParseText(context.Append("}\n").ToString(), parse, path: "GeneratedContext.cs"));
        return trees.MoveToImmutable();
    }

    public static MetadataReference[] References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Concat([typeof(PersonalDataAttribute).Assembly.Location, typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly.Location])
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }
}
