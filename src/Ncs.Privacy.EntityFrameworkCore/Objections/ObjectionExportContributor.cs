using System.Text.Json;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Adds the subject's objections (Art. 21) to their export, so the export shows what they asked.</summary>
internal sealed class ObjectionExportContributor(IObjectionRegistry registry) : IExportContributor
{
    public string Name => "objections";

    public async Task WriteAsync(ExportContributionContext context, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var objections = await registry.ListAsync(context.Subject, cancellationToken).ConfigureAwait(false);
        writer.WriteStartArray();
        foreach (var o in objections)
        {
            writer.WriteStartObject();
            writer.WriteString("purpose", o.Purpose);
            writer.WriteString("objectedAt", o.ObjectedAtUtc);
            writer.WriteBoolean("unconditional", o.Unconditional);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
