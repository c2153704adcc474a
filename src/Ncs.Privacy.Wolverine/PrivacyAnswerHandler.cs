using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Wolverine;

/// <summary>
/// The coordinator's side: records each service's answer on the request (once per service: a duplicate delivery changes
/// nothing), keeps export parts, and closes the request when every service declared for the category has answered.
/// </summary>
public sealed partial class PrivacyAnswerHandler(
    IDataSubjectRequestService requests,
    PrivacyMessagingOptions options,
    ILogger<PrivacyAnswerHandler> logger)
{
    internal const string PartAnswered = "part-answered";

    /// <summary>Wolverine's hook: a failed part is tried again on <see cref="PrivacyMessagingOptions.RetryDelays"/>, indefinitely.</summary>
    /// <param name="chain">The handler chain.</param>
    public static void Configure(global::Wolverine.Runtime.Handlers.HandlerChain chain) => RetryPolicy.Apply(chain);

    /// <summary>Records one answer and completes the request when it is the last.</summary>
    /// <param name="answer">The answer.</param>
    /// <param name="cancellationToken">Cancels the call; the message is tried again.</param>
    public async Task Handle(PrivacyRequestAnswered answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var progress = (IDataSubjectRequestProgress)requests;
        var request = await requests.FindAsync(answer.RequestId, cancellationToken).ConfigureAwait(false);
        if (request is null || !request.IsOpen)
        {
            LogIgnored(logger, answer.Service, answer.RequestId);
            return; // closed meanwhile (withdrawn, refused by an operator) or a late duplicate
        }

        var history = await requests.HistoryAsync(answer.RequestId, cancellationToken).ConfigureAwait(false);
        var answered = Answers(history);
        if (!answered.ContainsKey(answer.Service))
        {
            if (answer.Export is not null)
            {
                var folder = Path.Combine(options.ExportDirectory, answer.RequestId.ToString("N"));
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(Path.Combine(folder, answer.Service + ".json"), answer.Export, cancellationToken).ConfigureAwait(false);
            }

            var detail = Describe(answer);
            await progress.RecordProgressAsync(answer.RequestId, PartAnswered, detail, cancellationToken).ConfigureAwait(false);
            answered[answer.Service] = detail;
        }

        var expected = options.ServicesHolding(request.SubjectCategory ?? string.Empty);
        if (expected.Any(s => !answered.ContainsKey(s)))
        {
            return;
        }

        try
        {
            await FinishAsync(progress, request, expected, answered, cancellationToken).ConfigureAwait(false);
        }
        catch (DataSubjectRequestStateException)
        {
            if ((await requests.FindAsync(answer.RequestId, cancellationToken).ConfigureAwait(false))?.IsOpen != false)
            {
                throw;
            }

            // Closed meanwhile (by an operator, or by another delivery of the last answer): nothing more to do.
        }
    }

    private async Task FinishAsync(IDataSubjectRequestProgress progress, DataSubjectRequestInfo request, IReadOnlyList<string> expected, Dictionary<string, string> answered, CancellationToken cancellationToken)
    {
        var parts = expected.Select(s => (Service: s, Detail: answered[s])).ToArray();
        var summary = string.Join("; ", parts.Select(p => p.Detail.Split(" | ")[0]));
        var refusals = parts.Where(p => Field(p.Detail, "status") == nameof(PrivacyPartStatus.Refused)).ToArray();
        if (refusals.Length > 0)
        {
            await progress.FinishActionAsync(request.Id, refused: true, "erasure-refused", summary,
                string.Join("; ", refusals.Select(r => Field(r.Detail, "reasons"))), [], cancellationToken).ConfigureAwait(false);
            return;
        }

        if (request.Right == DataSubjectRight.Erasure)
        {
            long Sum(string field) => parts.Sum(p => long.Parse(Field(p.Detail, field) ?? "0", CultureInfo.InvariantCulture));
            var recipients = parts.SelectMany(p => (Field(p.Detail, "recipients") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order(StringComparer.Ordinal).ToArray();
            var outcome = parts.All(p => Field(p.Detail, "status") == nameof(PrivacyPartStatus.NotHeld))
                ? "None of our services holds personal data about you."
                : $"Your personal data was erased in every service that held it ({string.Join(", ", expected)}): {Sum("deleted")} rows deleted, {Sum("anonymised")} anonymised (fields the law requires us to keep, such as accounting records, stay until their period ends), {Sum("retained")} kept unchanged.";
            await progress.FinishActionAsync(request.Id, refused: false, "erased", summary, outcome, recipients, cancellationToken).ConfigureAwait(false);
            LogCompleted(logger, request.Id, expected.Count);
            return;
        }

        var path = await DistributedExport.AssembleAsync(options, request, expected, cancellationToken).ConfigureAwait(false);
        await progress.FinishActionAsync(request.Id, refused: false, "exported", summary,
            $"Your data from every service that holds it ({string.Join(", ", expected)}) is in one document.", [], cancellationToken).ConfigureAwait(false);
        LogExported(logger, request.Id, expected.Count, path);
    }

    /// <summary>The services that answered, from the request's history (the history is the state: nothing else to keep in step).</summary>
    internal static Dictionary<string, string> Answers(IEnumerable<DataSubjectRequestEventInfo> history)
        => history.Where(e => e.Kind == PartAnswered && e.Detail is not null)
            .GroupBy(e => Field(e.Detail!, "service")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Detail!, StringComparer.Ordinal);

    // "ordering: Erased | service=ordering | status=Erased | deleted=3 | ...": a sentence for people, fields for the coordinator.
    private static string Describe(PrivacyRequestAnswered a)
        => string.Join(" | ",
            $"{a.Service}: {a.Status}" + (a.Right == DataSubjectRight.Erasure ? $", {a.RowsDeleted} rows deleted, {a.RowsAnonymised} anonymised, {a.RowsRetained} retained" : string.Empty),
            "service=" + a.Service,
            "status=" + a.Status,
            "deleted=" + a.RowsDeleted.ToString(CultureInfo.InvariantCulture),
            "anonymised=" + a.RowsAnonymised.ToString(CultureInfo.InvariantCulture),
            "retained=" + a.RowsRetained.ToString(CultureInfo.InvariantCulture),
            "recipients=" + string.Join(",", a.Recipients),
            "reasons=" + (a.Reasons ?? string.Empty).Replace("|", "/", StringComparison.Ordinal));

    private static string? Field(string detail, string name)
        => detail.Split(" | ").Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0] == name)?[1];

    [LoggerMessage(EventId = 185, Level = LogLevel.Information, Message = "Answer of service {Service} to request {RequestId} ignored: the request is closed or unknown")]
    private static partial void LogIgnored(ILogger logger, string service, Guid requestId);

    [LoggerMessage(EventId = 186, Level = LogLevel.Information, Message = "Erasure request {RequestId} completed: all {Services} services answered")]
    private static partial void LogCompleted(ILogger logger, Guid requestId, int services);

    [LoggerMessage(EventId = 187, Level = LogLevel.Information, Message = "Access request {RequestId} completed: the parts of {Services} services are assembled in {Path}")]
    private static partial void LogExported(ILogger logger, Guid requestId, int services, string path);
}

/// <summary>Assembles the export parts of the services into one document; each part names the service that holds it.</summary>
internal static class DistributedExport
{
    public const string Format = "ncs-privacy-distributed-export/1";

    public static async Task<string> AssembleAsync(PrivacyMessagingOptions options, DataSubjectRequestInfo request, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(options.ExportDirectory, request.Id.ToString("N"));
        var path = Path.Combine(options.ExportDirectory, request.Id.ToString("N") + ".json");
        await using (var stream = File.Create(path))
        await using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteString("requestId", request.Id);
            writer.WriteString("subjectCategory", request.SubjectCategory);
            writer.WriteStartArray("parts");
            foreach (var service in services)
            {
                writer.WriteStartObject();
                writer.WriteString("service", service);
                var part = Path.Combine(folder, service + ".json");
                if (File.Exists(part))
                {
                    writer.WritePropertyName("export");
                    using var document = JsonDocument.Parse(await File.ReadAllTextAsync(part, cancellationToken).ConfigureAwait(false));
                    document.RootElement.WriteTo(writer);
                }
                else
                {
                    writer.WriteNull("export"); // the service holds nothing of the subject
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return path;
    }
}
