using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>Runs an export through DI and reads the JSON back.</summary>
internal sealed class ExportResult(string json, DataSubjectExportSummary summary)
{
    public string Json { get; } = json;

    public DataSubjectExportSummary Summary { get; } = summary;

    public JsonElement Root => JsonDocument.Parse(Json).RootElement;

    public static async Task<ExportResult> RunAsync(IServiceProvider services, string category, object id)
    {
        var exporter = services.GetRequiredService<IDataSubjectExporter>();
        using var stream = new MemoryStream();
        var summary = await exporter.ExportAsync(new DataSubjectReference(category, id), stream);
        return new ExportResult(Encoding.UTF8.GetString(stream.ToArray()), summary);
    }

    /// <summary>Every data block as (entity, about) → rows.</summary>
    public IEnumerable<JsonElement> Blocks(string entity, string? about = null)
        => Root.GetProperty("data").EnumerateArray()
            .Where(b => b.GetProperty("entity").GetString() == entity
                        && (about is null ? b.GetProperty("about").ValueKind == JsonValueKind.Null : b.GetProperty("about").GetString() == about));

    /// <summary>The values of a field in every row of an entity (owned rows included, by their entity name).</summary>
    public IReadOnlyList<string?> Values(string entity, string field)
    {
        var result = new List<string?>();
        foreach (var block in Root.GetProperty("data").EnumerateArray())
        {
            foreach (var row in block.GetProperty("rows").EnumerateArray())
            {
                Collect(block, row, entity, field, result);
            }
        }

        return result;
    }

    public IReadOnlyList<string> Keys(string entity, string? about = null)
        => Blocks(entity, about).SelectMany(b => b.GetProperty("rows").EnumerateArray()).Select(r => JsonSerializer.Serialize(r.GetProperty("key"))).ToList();

    /// <summary>
    /// Reads one row of format ncs-privacy-export/2: <c>values</c> is an object keyed by field name, <c>owned</c> an
    /// object keyed by navigation whose description (entity name, fields) is in the block's <c>owned</c>.
    /// </summary>
    private static void Collect(JsonElement description, JsonElement row, string entity, string field, List<string?> result)
    {
        if (description.GetProperty("entity").GetString() == entity && row.GetProperty("values").TryGetProperty(field, out var v))
        {
            result.Add(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText());
        }

        if (!row.TryGetProperty("owned", out var owned))
        {
            return;
        }

        foreach (var part in owned.EnumerateObject())
        {
            var partDescription = description.GetProperty("owned").GetProperty(part.Name);
            foreach (var ownedRow in part.Value.EnumerateArray())
            {
                Collect(partDescription, ownedRow, entity, field, result);
            }
        }
    }
}
