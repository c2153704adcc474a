using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Ncs.Privacy.Analyzers.Rules;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>Every rule has its ID, its docs page (where its help link points), and its line in the release tracking file.</summary>
public sealed class RuleCatalogueTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(UnclassifiedMemberAnalyzer).Assembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
        .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
        .ToArray();

    [Fact]
    public void Each_analyzer_has_one_rule_NCSP001_to_NCSP007()
    {
        Assert.Equal(["NCSP001", "NCSP002", "NCSP003", "NCSP004", "NCSP005", "NCSP006", "NCSP007"], Descriptors.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_rule_links_to_its_docs_page_which_exists_and_names_it()
    {
        var root = TestReferences.Repository();
        foreach (var descriptor in Descriptors)
        {
            Assert.Equal($"https://github.com/ncs-colour/ncs-privacy/blob/main/docs/analyzers/{descriptor.Id}.md", descriptor.HelpLinkUri);
            var page = Path.Combine(root, "docs", "analyzers", descriptor.Id + ".md");
            Assert.True(File.Exists(page), page);
            Assert.StartsWith($"# {descriptor.Id}:", File.ReadAllText(page), StringComparison.Ordinal);
            Assert.Contains(descriptor.Id, File.ReadAllText(Path.Combine(root, "docs", "analyzers", "README.md")), StringComparison.Ordinal);
            Assert.Equal("Privacy", descriptor.Category);
            Assert.True(descriptor.IsEnabledByDefault);
        }
    }

    [Fact]
    public void Each_rule_is_in_the_release_tracking_file_with_its_default_severity()
    {
        var unshipped = File.ReadAllLines(Path.Combine(TestReferences.Repository(), "analyzers", "Ncs.Privacy.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors)
        {
            Assert.Contains(unshipped, line => line.StartsWith($"{descriptor.Id} | Privacy | {descriptor.DefaultSeverity} |", StringComparison.Ordinal));
        }
    }
}
