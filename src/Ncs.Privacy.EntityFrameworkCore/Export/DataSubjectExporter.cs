using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Localization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>A DbContext type registered with <c>AddEntityFrameworkCore&lt;TContext&gt;()</c>.</summary>
internal abstract class PrivacyDbContextRegistration
{
    public abstract Type ContextType { get; }
}

internal sealed class PrivacyDbContextRegistration<TContext> : PrivacyDbContextRegistration
    where TContext : DbContext
{
    public override Type ContextType => typeof(TContext);
}

/// <summary>Streams one subject's data from every registered context, then the contributed sections.</summary>
internal sealed partial class DataSubjectExporter(
    IServiceScopeFactory scopes,
    IEnumerable<PrivacyDbContextRegistration> registrations,
    IEnumerable<IExportContributor> contributors,
    PrivacyPolicy policy,
    TimeProvider time,
    ILogger<DataSubjectExporter> logger,
    IStringLocalizerFactory? localizers = null) : IDataSubjectExporter
{
    /// <summary>The export format's identifier and version; see docs/export-format.md.</summary>
    public const string Format = "ncs-privacy-export/2";

    private const int FlushThreshold = 32 * 1024;

    public async Task<DataSubjectExportSummary> ExportAsync(DataSubjectReference subject, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(subject.Id);
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream is not writable.", nameof(destination));
        }

        if (!policy.SubjectCategories.TryGetValue(subject.Category ?? string.Empty, out var category))
        {
            throw new ArgumentException(
                $"Data-subject category '{subject.Category}' is not declared by the policy (declared: {string.Join(", ", policy.SubjectCategories.Keys.Order(StringComparer.Ordinal))}).",
                nameof(subject));
        }

        var contributorList = contributors.ToArray();
        var duplicate = contributorList.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two export contributors are named '{duplicate.Key}': give each section its own name.");
        }

        var stopwatch = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var sources = new List<(DbContext Context, SubjectRoot Root, object Id)>();
        foreach (var registration in registrations.DistinctBy(r => r.ContextType))
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
            var root = context.GetSubjectGraph().FindRoot(category.Id);
            if (root is not null)
            {
                sources.Add((context, root, root.ConvertId(subject.Id)));
            }
        }

        if (sources.Count == 0)
        {
            throw new ArgumentException(
                $"No registered DbContext has an entity marked [DataSubject(\"{category.Id}\")]: register the context that holds it with AddEntityFrameworkCore<TContext>().",
                nameof(subject));
        }

        var found = false;
        foreach (var (context, root, id) in sources)
        {
            found |= await root.ExistsAsync(context, id, cancellationToken).ConfigureAwait(false);
        }

        if (!found)
        {
            LogSubjectNotFound(logger, category.Id);
            throw new DataSubjectNotFoundException(subject);
        }

        LogExportStarted(logger, category.Id, sources.Count);
        // The language is the caller's UI culture: in ASP.NET Core the request culture (UseRequestLocalization).
        var texts = new DocumentTexts(localizers, policy.DeclaringType, CultureInfo.CurrentUICulture);
        var rows = 0;
        var blocks = 0;
        var sections = new List<string>();
        // Compact: an export is read by programs (Art. 20); the HTML rendering is the one for people.
        await using (var writer = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteString("language", texts.Language);
            writer.WriteString("generatedAt", time.GetUtcNow());
            writer.WriteString("policy", texts.Policy(policy.Name));
            writer.WriteString("policyVersion", policy.Version);
            writer.WriteStartObject("subject");
            writer.WriteString("category", category.Id);
            writer.WriteString("description", texts.Policy(category.Description));
            writer.WriteString("id", Convert.ToString(subject.Id, System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            var uses = sources.SelectMany(s => ExportedProperties(s.Root)).SelectMany(p => p.Uses).ToArray();
            ExportHeader.Write(writer, policy, uses, texts);

            writer.WriteStartArray("data");
            foreach (var (context, root, id) in sources)
            {
                var history = await ErasureHistory.ReadAsync(scope.ServiceProvider, context, category.Id, id, cancellationToken).ConfigureAwait(false);
                foreach (var entity in root.Entities.Where(e => !e.IsOwned))
                {
                    foreach (var share in entity.Shares)
                    {
                        var block = RowBlock.For(share);
                        if (block is null)
                        {
                            continue;
                        }

                        blocks++;
                        rows += await block.WriteAsync(writer, context, id, FlushThreshold, destination, texts, history, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            writer.WriteEndArray();

            writer.WriteStartArray("sections");
            var contribution = new ExportContributionContext(subject, policy);
            foreach (var contributor in contributorList.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("name", contributor.Name);
                writer.WritePropertyName("content");
                var depth = writer.CurrentDepth;
                await contributor.WriteAsync(contribution, writer, cancellationToken).ConfigureAwait(false);
                if (writer.CurrentDepth != depth)
                {
                    throw new InvalidOperationException($"Export contributor '{contributor.Name}' left a JSON object or array open: it must write exactly one complete value.");
                }

                writer.WriteEndObject();
                sections.Add(contributor.Name);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        LogExportFinished(logger, category.Id, rows, blocks, sections.Count, stopwatch.ElapsedMilliseconds);
        return new DataSubjectExportSummary(rows, blocks, sections);
    }

    private static IEnumerable<ClassifiedProperty> ExportedProperties(SubjectRoot root)
    {
        foreach (var entity in root.Entities)
        {
            if (entity.IsOwned || entity.Shares.Any(s => s.OwnsRow))
            {
                foreach (var property in ComplexProperties(root.Graph, entity.EntityType.GetComplexProperties()).Where(p => p.IsExported && p.Subject is null))
                {
                    yield return property;
                }
            }

            if (entity.IsOwned)
            {
                foreach (var property in entity.Properties.Where(p => p.IsExported && p.Subject is null))
                {
                    yield return property;
                }

                continue;
            }

            foreach (var share in entity.Shares)
            {
                foreach (var property in share.PersonalProperties.Where(p => p.IsExported))
                {
                    yield return property;
                }
            }
        }
    }

    private static IEnumerable<ClassifiedProperty> ComplexProperties(SubjectGraph graph, IEnumerable<IComplexProperty> complexProperties)
    {
        foreach (var complex in complexProperties)
        {
            foreach (var property in complex.ComplexType.GetProperties())
            {
                yield return graph.Classify(property);
            }

            foreach (var nested in ComplexProperties(graph, complex.ComplexType.GetComplexProperties()))
            {
                yield return nested;
            }
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Data-subject export of a '{Category}' subject started over {Contexts} context(s)")]
    private static partial void LogExportStarted(ILogger logger, string category, int contexts);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Data-subject export of a '{Category}' subject finished: {Rows} rows in {Blocks} entity blocks and {Sections} contributed sections, in {ElapsedMs} ms")]
    private static partial void LogExportFinished(ILogger logger, string category, int rows, int blocks, int sections, long elapsedMs);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Data-subject export requested for a '{Category}' subject that does not exist; nothing was written")]
    private static partial void LogSubjectNotFound(ILogger logger, string category);
}
