using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// A data-subject export delivered as one ZIP archive (Art. 15 access in a form people read, Art. 20 portability in one
/// machines read): <c>export.json</c> (<c>ncs-privacy-export/2</c>), <c>export.html</c> (the same content for people,
/// in the export's language, no script and no remote resource) and <c>csv/&lt;entity&gt;.csv</c> (one RFC 4180 table per
/// kind of record, for a spreadsheet). Registered by <c>AddEntityFrameworkCore&lt;TContext&gt;()</c>.
/// </summary>
public interface IDataSubjectExportArchive
{
    /// <summary>
    /// Exports everything held about <paramref name="subject"/> and writes the archive to <paramref name="destination"/>,
    /// in the current UI culture (the request culture in ASP.NET Core).
    /// </summary>
    /// <param name="subject">The data subject.</param>
    /// <param name="destination">A writable stream; the archive is written only after the export succeeded.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>What the export wrote.</returns>
    /// <exception cref="DataSubjectNotFoundException">No registered context holds the subject; nothing was written.</exception>
    /// <exception cref="ArgumentException">The category is not declared or the id does not fit the key; nothing was written.</exception>
    Task<DataSubjectExportSummary> WriteAsync(DataSubjectReference subject, Stream destination, CancellationToken cancellationToken = default);
}

/// <summary>The archive of JSON, HTML and CSV, rendered from one export run.</summary>
internal sealed class DataSubjectExportArchive(IDataSubjectExporter exporter, PrivacyPolicy policy, IStringLocalizerFactory? localizers = null) : IDataSubjectExportArchive
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public async Task<DataSubjectExportSummary> WriteAsync(DataSubjectReference subject, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(destination);
        // The JSON is rendered to a temporary file first: a failure half-way writes nothing to the destination.
        var path = Path.GetTempFileName();
        await using var json = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var summary = await exporter.ExportAsync(subject, json, cancellationToken).ConfigureAwait(false);
        json.Position = 0;
        using var document = await JsonDocument.ParseAsync(json, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var texts = new DocumentTexts(localizers, policy.DeclaringType, DocumentTexts.CultureOfLanguage(root.GetProperty("language").GetString()));
        var stamp = DateTimeOffset.Parse(root.GetProperty("generatedAt").GetString()!, CultureInfo.InvariantCulture);

        using (var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true))
        {
            json.Position = 0;
            await AddAsync(zip, "export.json", stamp, s => json.CopyToAsync(s, cancellationToken)).ConfigureAwait(false);
            await AddTextAsync(zip, "export.html", stamp, ExportHtml.Render(root, texts), cancellationToken).ConfigureAwait(false);
            foreach (var (name, csv) in ExportCsv.Render(root, texts))
            {
                await AddTextAsync(zip, "csv/" + name, stamp, csv, cancellationToken).ConfigureAwait(false);
            }
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private static Task AddTextAsync(ZipArchive zip, string name, DateTimeOffset stamp, string text, CancellationToken cancellationToken)
        => AddAsync(zip, name, stamp, s => s.WriteAsync(Utf8NoBom.GetBytes(text), cancellationToken).AsTask());

    private static async Task AddAsync(ZipArchive zip, string name, DateTimeOffset stamp, Func<Stream, Task> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = stamp.Year < 1980 ? new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero) : stamp;
        await using var stream = entry.Open();
        await write(stream).ConfigureAwait(false);
    }
}

/// <summary>One RFC 4180 table per export block: keys, values and owned parts' values as columns, named for people.</summary>
internal static class ExportCsv
{
    public static IEnumerable<(string Name, string Csv)> Render(JsonElement export, DocumentTexts texts)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var block in export.GetProperty("data").EnumerateArray())
        {
            var columns = new List<ExportHtml.Column>();
            ExportHtml.Columns(block, [], string.Empty, columns);
            var about = block.GetProperty("about").GetString();
            var baseName = FileName(block.GetProperty("entity").GetString()! + (about is null ? string.Empty : "-" + about));
            var name = baseName + ".csv";
            for (var i = 2; !used.Add(name); i++)
            {
                name = $"{baseName}-{i}.csv";
            }

            var rows = block.GetProperty("rows");
            var keys = rows.GetArrayLength() == 0 ? [] : rows[0].GetProperty("key").EnumerateObject().Select(k => k.Name).ToArray();
            var sb = new StringBuilder();
            Row(sb, [.. keys, .. columns.Select(c => c.Name)]);
            foreach (var row in rows.EnumerateArray())
            {
                var key = row.GetProperty("key");
                Row(sb, [.. keys.Select(k => ExportHtml.Text(key.GetProperty(k), texts)), .. columns.Select(c => c.Anonymised ? texts["Html.AnonymisedValue"] : string.Join("; ", c.Read(row).Select(v => ExportHtml.Text(v, texts))))]);
            }

            yield return (name, sb.ToString());
        }
    }

    private static string FileName(string name)
    {
        // A generic entity type's arguments (IdentityUserLogin<int>) say nothing to a reader; a clash is numbered below.
        var generic = name.IndexOf('<', StringComparison.Ordinal);
        if (generic > 0)
        {
            name = name[..generic] + name[(name.LastIndexOf('>') + 1)..];
        }

        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return sb.ToString();
    }

    private static void Row(StringBuilder sb, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            // A leading =, +, - or @ would make a spreadsheet evaluate the cell as a formula (CSV injection): quote it as
            // text; a NUL or other control character is shown as U+FFFD (ReadableText, the register's rule too).
            var cell = ReadableText.Cell(cells[i]);

            if (cell.AsSpan().IndexOfAny(",\"\r\n'") >= 0)
            {
                sb.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(cell);
            }
        }

        sb.Append("\r\n");
    }
}
