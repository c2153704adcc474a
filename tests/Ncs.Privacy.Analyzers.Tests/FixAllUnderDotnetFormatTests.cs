using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Ncs.Privacy.Analyzers.Rules;
using Ncs.Privacy.CodeFixes;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// Fix All as <c>dotnet format analyzers --diagnostics NCSP001</c> runs it on a solution: the diagnostics of every project are
/// computed once; then, for each code fix provider that fixes the ID, the first diagnostic of the ID in the solution gets the
/// provider's code actions, the first action's equivalence key is taken, and the provider's Fix All provider is asked for one
/// action over the whole solution with that key. A provider that offers nothing for that first diagnostic fixes nothing
/// ("Code fix ... didn't return a Fix All action"). The solution is the two-project layered fixture of
/// <see cref="LayeredApplicationTests"/>: a domain project and an infrastructure project that maps its private fields by name.
/// </summary>
public sealed class FixAllUnderDotnetFormatTests
{
    /// <param name="withUsing">
    /// Whether the configuration file already has <c>using Ncs.Privacy.EntityFrameworkCore;</c>: without it, every fix at a
    /// configuration call adds it, and a merge of one fix per diagnostic dropped all but one.
    /// </param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Fix_All_in_the_solution_classifies_every_reported_member_of_both_projects(bool withUsing)
    {
        // Plus an entity of the domain project outside its opted-in namespace: reported only at the infrastructure's DbSet, so
        // Fix All must classify it in the domain project's file.
        var infrastructureSource = LayeredApplicationTests.Unmarked(LayeredApplicationTests.Infrastructure).Replace(
            "public DbSet<Order> Orders => Set<Order>();",
            "public DbSet<Order> Orders => Set<Order>();\n\n    public DbSet<Ordering.Payments.StoredCard> Cards => Set<Ordering.Payments.StoredCard>();",
            StringComparison.Ordinal);
        if (!withUsing)
        {
            infrastructureSource = infrastructureSource.Replace("using Ncs.Privacy.EntityFrameworkCore;\n", string.Empty, StringComparison.Ordinal)
                .Replace(".IsPersonalData(\"account\", \"bookkeeping\")", string.Empty, StringComparison.Ordinal);
        }

        using var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

        var domain = ProjectId.CreateNewId("Ordering.Domain");
        solution = solution.AddProject(ProjectInfo.Create(domain, VersionStamp.Default, "Ordering.Domain", "Ordering.Domain", LanguageNames.CSharp,
                compilationOptions: options, parseOptions: parse, metadataReferences: TestReferences.All))
            .AddDocument(DocumentId.CreateNewId(domain), "Domain.cs", SourceText.From(LayeredApplicationTests.Unmarked(LayeredApplicationTests.Domain)), filePath: "/src/Ordering.Domain/Domain.cs")
            .AddDocument(DocumentId.CreateNewId(domain), "ShopPolicy.cs", SourceText.From(TestReferences.Policy), filePath: "/src/Ordering.Domain/ShopPolicy.cs")
            .AddDocument(DocumentId.CreateNewId(domain), "StoredCard.cs", SourceText.From(StoredCard), filePath: "/src/Ordering.Domain/StoredCard.cs");

        var infrastructure = ProjectId.CreateNewId("Ordering.Infrastructure");
        solution = solution.AddProject(ProjectInfo.Create(infrastructure, VersionStamp.Default, "Ordering.Infrastructure", "Ordering.Infrastructure", LanguageNames.CSharp,
                compilationOptions: options, parseOptions: parse, metadataReferences: TestReferences.All.AddRange(TestReferences.EntityFrameworkCore),
                projectReferences: [new ProjectReference(domain)]))
            .AddDocument(DocumentId.CreateNewId(infrastructure), "Infrastructure.cs", SourceText.From(infrastructureSource),
                filePath: "/src/Ordering.Infrastructure/Infrastructure.cs");

        var diagnostics = await DiagnosticsAsync(solution);
        Assert.Contains(diagnostics.SelectMany(d => d.Value), d => d.Properties.ContainsKey(UnclassifiedMemberAnalyzer.MappedByNameProperty));

        var failures = new List<string>();
        foreach (var provider in ExportedProviders("NCSP001"))
        {
            var first = diagnostics.SelectMany(d => d.Value).First(d => d.Id == "NCSP001");
            var document = solution.GetDocument(solution.GetDocumentIdsWithFilePath(first.Location.SourceTree!.FilePath).Single())!;
            CodeAction? action = null;
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, first, (a, _) => action ??= a, CancellationToken.None));
            var context = new FixAllContext(document, provider, FixAllScope.Solution, action?.EquivalenceKey!, ["NCSP001"], new StoredDiagnostics(diagnostics), CancellationToken.None);
            var fix = await provider.GetFixAllProvider()!.GetFixAsync(context);
            if (fix is null)
            {
                failures.Add($"Code fix {provider.GetType().Name} didn't return a Fix All action");
                continue;
            }

            foreach (var operation in await fix.GetOperationsAsync(CancellationToken.None))
            {
                if (operation is ApplyChangesOperation apply)
                {
                    solution = apply.ChangedSolution;
                }
            }
        }

        // What is left: only the placeholders the fixes wrote (reported until a person replaces them), nothing unclassified.
        var left = (await DiagnosticsAsync(solution)).SelectMany(d => d.Value)
            .Where(d => !d.Properties.ContainsKey(UnclassifiedMemberAnalyzer.PlaceholderProperty) && !IsPlaceholderChain(d))
            .Select(d => d.GetMessage())
            .ToList();
        Assert.True(failures.Count == 0 && left.Count == 0, string.Join("\n", failures.Concat(left)));
    }

    private const string StoredCard = """
        namespace Ordering.Payments;

        public class StoredCard
        {
            public int Id { get; set; }

            public string Holder { get; set; } = "";
        }
        """;

    /// <summary>The code fix providers the package exports for an ID, in the order dotnet format finds them (by type name).</summary>
    private static IEnumerable<CodeFixProvider> ExportedProviders(string id) =>
        typeof(ClassifyMemberCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.IsDefined(typeof(ExportCodeFixProviderAttribute), false))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .Where(p => p.FixableDiagnosticIds.Contains(id));

    /// <summary>A member mapped by name and classified with the fix's <c>.IsNotPersonalData("TODO...")</c>: still reported, by design.</summary>
    private static bool IsPlaceholderChain(Diagnostic diagnostic)
    {
        var node = diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan);
        return node.Parent?.Parent?.ToString().Contains(".IsNotPersonalData(\"TODO", StringComparison.Ordinal) == true;
    }

    private static async Task<ImmutableDictionary<ProjectId, ImmutableArray<Diagnostic>>> DiagnosticsAsync(Solution solution)
    {
        var result = ImmutableDictionary.CreateBuilder<ProjectId, ImmutableArray<Diagnostic>>();
        foreach (var project in solution.Projects)
        {
            var compilation = (await project.GetCompilationAsync())!;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var found = await compilation.WithAnalyzers([new UnclassifiedMemberAnalyzer()]).GetAnalyzerDiagnosticsAsync();
            result.Add(project.Id, [.. found.OrderBy(d => d.Location.SourceSpan.Start)]);
        }

        return result.ToImmutable();
    }

    /// <summary>The diagnostics computed before any fix, handed to the Fix All provider by file, as dotnet format does.</summary>
    private sealed class StoredDiagnostics(ImmutableDictionary<ProjectId, ImmutableArray<Diagnostic>> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            GetProjectDiagnosticsAsync(project, cancellationToken);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(Of(document.Project).Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Of(project));

        private IEnumerable<Diagnostic> Of(Project project) =>
            diagnostics.TryGetValue(project.Id, out var found) ? found : [];
    }
}
