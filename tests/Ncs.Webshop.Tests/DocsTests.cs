using System.Text.RegularExpressions;
using Ncs.Privacy.Testing;

namespace Ncs.Webshop.Tests;

/// <summary>The getting-started guide shows code that compiles: each C# block must stand, line for line, in a sample.</summary>
public sealed partial class DocsTests
{
    [Fact]
    public void Every_code_block_of_the_getting_started_guide_is_code_of_a_sample()
    {
        var root = RepositoryRoot.Path;
        var guide = File.ReadAllText(Path.Combine(root, "docs", "getting-started.md"));
        var blocks = CSharpBlock().Matches(guide).Select(m => Lines(m.Groups[1].Value)).ToList();
        Assert.True(blocks.Count >= 6, $"expected the guide's C# blocks, found {blocks.Count}");

        var samples = Directory.EnumerateFiles(Path.Combine(root, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: f, Lines: Lines(File.ReadAllText(f))))
            .ToList();
        foreach (var block in blocks)
        {
            Assert.True(samples.Any(s => ContainsRun(s.Lines, block)),
                "This block of docs/getting-started.md is not in any sample:\n" + string.Join("\n", block));
        }
    }

    [Fact]
    public void The_check_notices_a_block_that_is_not_in_a_sample() =>
        Assert.False(ContainsRun(["a", "b", "c"], ["b", "d"]));

    private static bool ContainsRun(IReadOnlyList<string> haystack, IReadOnlyList<string> run)
    {
        for (var i = 0; i + run.Count <= haystack.Count; i++)
        {
            var j = 0;
            while (j < run.Count && haystack[i + j] == run[j])
            {
                j++;
            }

            if (j == run.Count)
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
