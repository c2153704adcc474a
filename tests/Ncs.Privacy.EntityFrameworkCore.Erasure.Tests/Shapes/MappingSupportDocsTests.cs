using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>docs/mapping-support.md and the shape catalogue name the same features with the same support.</summary>
public class MappingSupportDocsTests
{
    [Fact]
    public void The_support_page_lists_every_shape_with_its_support()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "mapping-support.md"));
        var start = text.IndexOf("<!-- shapes:start -->", StringComparison.Ordinal);
        var end = text.IndexOf("<!-- shapes:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/mapping-support.md has no shapes table");
        var rows = text[start..end].Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Feature", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(c => c[1], c => c[2], StringComparer.Ordinal);

        var expected = ShapeCatalogue.All.ToDictionary(s => s.Feature, Support, StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), rows.OrderBy(r => r.Key, StringComparer.Ordinal));
    }

    private static string Support(Shape shape)
        => (shape.RefusedOn(DatabaseProvider.Sqlite), shape.RefusedOn(DatabaseProvider.PostgreSql)) switch
        {
            (null, null) => "works",
            (not null, not null) => "refused at start-up",
            (not null, null) => "works on PostgreSQL; refused at start-up on SQLite",
            (null, not null) => "works on SQLite; refused at start-up on PostgreSQL",
        };
}
