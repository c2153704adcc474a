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

    // Per exporter (one per service provider, so per localizer factory): what is the same for every export of one model
    // and language. Bounded: the models of the registered contexts, the languages the library has texts for.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<CultureInfo, DocumentTexts> _texts = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<HeaderKey, RawProperties> _headers = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(RowBlock Block, CultureInfo Language, Type Context), RawProperties> _descriptions = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SubjectRoot, RowBlock[]> _blocks = new();
    private PrivacyDbContextRegistration[]? _registrations;
    private (IExportContributor[] Ordered, string? Duplicate)? _contributors;

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

        var (contributorList, duplicate) = _contributors ??= OrderContributors(contributors);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two export contributors are named '{duplicate}': give each section its own name.");
        }

        var stopwatch = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var sources = new List<(DbContext Context, SubjectRoot Root, object Id)>(1);
        foreach (var registration in _registrations ??= [.. registrations.DistinctBy(r => r.ContextType)])
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

        // One connection per source context for the whole export (issue 18): every block, the erasure history and the
        // built-in sections (objections, restrictions, requests, Identity) read through the export's own context, so the
        // connection is taken from the pool once and returned once, instead of once per query and per section.
        await using var connections = await OpenConnections.OpenAsync(sources, cancellationToken).ConfigureAwait(false);

        // The language is the caller's UI culture: in ASP.NET Core the request culture (UseRequestLocalization).
        var culture = CultureInfo.CurrentUICulture;
        if (!_texts.TryGetValue(culture, out var texts))
        {
            texts = _texts.GetOrAdd(culture, new DocumentTexts(localizers, policy.DeclaringType, culture));
        }

        var rows = 0;
        var blocks = 0;
        IReadOnlyList<string> sections = [];

        // Nothing may be written for a subject that does not exist. The existence check is the first block's read of the
        // subject's own row (issue 18: no round trip of its own): until a row proves the subject, the writer is not flushed
        // (the header and empty blocks wait in its buffer), and if none does, what it holds is discarded.
        bool? found = null;
        var started = false;
        var writer = new Utf8JsonWriter(destination, RawProperties.WriterOptions);
        await using (writer.ConfigureAwait(false))
        {
            try
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
                Header(sources, texts).WriteTo(writer);

                writer.WriteStartArray("data");
                foreach (var (context, root, id) in sources)
                {
                    var sourceBlocks = _blocks.GetOrAdd(root, static r => [.. r.Entities.Where(e => !e.IsOwned).SelectMany(e => e.Shares).Select(RowBlock.For).OfType<RowBlock>()]);
                    List<object?[]>? subjectRows = null;
                    ErasureHistory? history = null;
                    if (sourceBlocks.Length > 0 && sourceBlocks[0].IsSubjectRow)
                    {
                        var recorded = ErasureHistory.RecordedCondition(scope.ServiceProvider, context, category.Id, id);
                        (subjectRows, var erased) = await sourceBlocks[0].ReadSubjectRowAsync(context, id, recorded, cancellationToken).ConfigureAwait(false);
                        if (subjectRows.Count > 0)
                        {
                            found = true;
                            history = erased ? null : ErasureHistory.None;
                        }
                    }

                    // No row of the subject's own read first (the root has no exported field, is a reference, or the subject's
                    // row is of a derived type): whether it exists is asked of every context, before a row of another block
                    // could be flushed.
                    if (found is null)
                    {
                        found = false;
                        foreach (var (otherContext, otherRoot, otherId) in sources)
                        {
                            found |= await otherRoot.ExistsAsync(otherContext, otherId, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    if (found is false)
                    {
                        break;
                    }

                    if (!started)
                    {
                        LogExportStarted(logger, category.Id, sources.Count);
                        started = true;
                    }

                    history ??= await ErasureHistory.ReadAsync(scope.ServiceProvider, context, category.Id, id, cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < sourceBlocks.Length; i++)
                    {
                        var block = sourceBlocks[i];
                        var description = history.IsEmpty
                            ? _descriptions.GetOrAdd((block, texts.Culture, context.GetType()), static (key, texts) => key.Block.Describe(key.Context.Name, texts, ErasureHistory.None), texts)
                            : block.Describe(context.GetType().Name, texts, history);
                        blocks++;
                        rows += await block.WriteAsync(writer, context, id, FlushThreshold, description, i == 0 ? subjectRows : null, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch
            {
                if (found is not true)
                {
                    writer.Reset(Stream.Null); // nothing was flushed: drop what the buffer holds, so the destination stays empty
                }

                throw;
            }

            if (found is false)
            {
                writer.Reset(Stream.Null);
                LogSubjectNotFound(logger, category.Id);
                throw new DataSubjectNotFoundException(subject);
            }

            writer.WriteEndArray();

            writer.WriteStartArray("sections");
            if (contributorList.Length > 0)
            {
                var names = new List<string>(contributorList.Length);
                // The sections read through the export's scope: its contexts, its open connections (see Services' remarks).
                var contribution = new ExportContributionContext(subject, policy) { Services = scope.ServiceProvider };
                foreach (var contributor in contributorList)
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
                    names.Add(contributor.Name);
                }

                sections = names;
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        LogExportFinished(logger, category.Id, rows, blocks, sections.Count, stopwatch.ElapsedMilliseconds);
        return new DataSubjectExportSummary(rows, blocks, sections);
    }

    /// <summary>The connections an export opened, closed when it ends (whether it succeeded or not).</summary>
    private sealed class OpenConnections(List<DbContext> opened) : IAsyncDisposable
    {
        public static async Task<OpenConnections> OpenAsync(List<(DbContext Context, SubjectRoot Root, object Id)> sources, CancellationToken cancellationToken)
        {
            var result = new OpenConnections(new List<DbContext>(sources.Count));
            try
            {
                foreach (var (context, _, _) in sources)
                {
                    await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    result.Add(context);
                }
            }
            catch
            {
                await result.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return result;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var context in opened)
            {
                await context.Database.CloseConnectionAsync().ConfigureAwait(false);
            }

            opened.Clear();
        }

        private void Add(DbContext context) => opened.Add(context);
    }

    private static (IExportContributor[] Ordered, string? Duplicate) OrderContributors(IEnumerable<IExportContributor> contributors)
    {
        var list = contributors.ToArray();
        var duplicate = list.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        return ([.. list.OrderBy(c => c.Name, StringComparer.Ordinal)], duplicate);
    }

    /// <summary>The Art. 15 header (ExportHeader), written once per set of subject roots and language.</summary>
    private RawProperties Header(List<(DbContext Context, SubjectRoot Root, object Id)> sources, DocumentTexts texts)
    {
        var key = new HeaderKey(texts.Culture, [.. sources.Select(s => s.Root)]);
        return _headers.GetOrAdd(key, static (key, state) =>
        {
            var uses = key.Roots.SelectMany(ExportedProperties).SelectMany(p => p.Uses).ToArray();
            return RawProperties.Capture((state.policy, uses, state.texts), static (writer, s) => ExportHeader.Write(writer, s.policy, s.uses, s.texts));
        }, (policy, texts));
    }

    /// <summary>A language and the subject roots an export reads (their models), compared by identity.</summary>
    private sealed class HeaderKey(CultureInfo language, SubjectRoot[] roots) : IEquatable<HeaderKey>
    {
        public CultureInfo Language { get; } = language;

        public SubjectRoot[] Roots { get; } = roots;

        public bool Equals(HeaderKey? other) => other is not null && Language.Equals(other.Language) && Roots.SequenceEqual(other.Roots, ReferenceEqualityComparer.Instance);

        public override bool Equals(object? obj) => Equals(obj as HeaderKey);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Language);
            foreach (var root in Roots)
            {
                hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(root));
            }

            return hash.ToHashCode();
        }
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
