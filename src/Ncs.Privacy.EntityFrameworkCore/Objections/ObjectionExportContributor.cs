using System.Text.Json;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// A built-in registry's listing for the export's section, read through the export's scope (<see cref="ExportContributionContext.Services"/>):
/// its context, its open connection, no second look-up of the subject.
/// </summary>
/// <typeparam name="T">The entries listed.</typeparam>
internal interface IExportSectionSource<T>
{
    Task<IReadOnlyList<T>> ListForExportAsync(IServiceProvider exportScope, DataSubjectReference subject, CancellationToken cancellationToken);
}

/// <summary>Adds the subject's objections (Art. 21) to their export, so the export shows what they asked.</summary>
internal sealed class ObjectionExportContributor(IObjectionRegistry registry) : IExportContributor
{
    public string Name => "objections";

    public async Task WriteAsync(ExportContributionContext context, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        // The built-in registry reads in the export's context and connection; another registry answers as it does elsewhere.
        var objections = context.Services is { } scope && registry is IExportSectionSource<ObjectionEntry> source
            ? await source.ListForExportAsync(scope, context.Subject, cancellationToken).ConfigureAwait(false)
            : await registry.ListAsync(context.Subject, cancellationToken).ConfigureAwait(false);
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
