using System.Text.Json;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Identifies one data subject: the category of its <see cref="DataSubjectAttribute"/> root and its key.</summary>
/// <param name="Category">Identifier of a data-subject category the policy declares (e.g. <c>"customer"</c>).</param>
/// <param name="Id">The subject's primary key value (converted to the key's type where that is lossless, e.g. <c>"42"</c> for an <c>int</c>).</param>
public sealed record DataSubjectReference(string Category, object Id);

/// <summary>
/// Writes everything held about one data subject as JSON (GDPR Art. 15 access, Art. 20 portability): every value
/// the subject graph attributes to the subject, soft-deleted rows included, each with its purposes, legal basis,
/// retention, recipients and source; the subject's rights; the controller's contact; and sections from every
/// registered <see cref="IExportContributor"/>. The format is described in docs/export-format.md.
/// </summary>
public interface IDataSubjectExporter
{
    /// <summary>Streams the export to <paramref name="destination"/>; memory does not grow with the number of rows.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="destination">A writable stream; left open.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="DataSubjectNotFoundException">No registered context holds the subject's root row; nothing was written.</exception>
    /// <exception cref="ArgumentException">The category is not declared, no registered context has a root for it, or the id does not fit the key.</exception>
    /// <remarks>
    /// A failure while rows are streamed (the database goes away) leaves a truncated document in <paramref name="destination"/>:
    /// write to a temporary file and hand it over only when this method returns.
    /// </remarks>
    Task<DataSubjectExportSummary> ExportAsync(DataSubjectReference subject, Stream destination, CancellationToken cancellationToken = default);
}

/// <summary>What an export wrote.</summary>
/// <param name="Rows">Rows written, owned rows not counted separately.</param>
/// <param name="EntityTypes">Entity-type blocks written (one per entity type and share).</param>
/// <param name="Sections">Names of the contributed sections written.</param>
public sealed record DataSubjectExportSummary(int Rows, int EntityTypes, IReadOnlyList<string> Sections);

/// <summary>The subject of an export or erasure request does not exist in any registered context. Nothing was written.</summary>
public sealed class DataSubjectNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="subject">The subject that was not found.</param>
    public DataSubjectNotFoundException(DataSubjectReference subject)
        : base($"No '{subject?.Category}' data subject with the given identifier exists (soft-deleted rows included); nothing was written.")
    {
        Subject = subject;
    }

    /// <summary>Creates the exception.</summary>
    public DataSubjectNotFoundException()
        : base("The data subject does not exist; nothing was written.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public DataSubjectNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DataSubjectNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The subject that was not found (the message leaves its identifier out, so that logging it discloses nothing).</summary>
    public DataSubjectReference? Subject { get; }
}

/// <summary>
/// Adds a section to every data-subject export, for data that lives outside the registered DbContexts (a mailing-list
/// provider, files, another service). Register implementations with <c>AddExportContributor&lt;T&gt;()</c>.
/// </summary>
public interface IExportContributor
{
    /// <summary>The section's name, unique among contributors (e.g. <c>"mailing-list"</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Writes exactly one JSON value (usually an object) about the subject; write <c>null</c> when there is nothing.
    /// Each value should say, like the database values, for which purpose and under which retention it is kept.
    /// </summary>
    /// <param name="context">The subject and the policy.</param>
    /// <param name="writer">The export's writer, positioned where the value goes.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>A task that completes when the value is written.</returns>
    Task WriteAsync(ExportContributionContext context, Utf8JsonWriter writer, CancellationToken cancellationToken);
}

/// <summary>What an <see cref="IExportContributor"/> is told.</summary>
/// <param name="Subject">The subject being exported.</param>
/// <param name="Policy">The policy, for purposes and retention rules to cite.</param>
public sealed record ExportContributionContext(DataSubjectReference Subject, PrivacyPolicy Policy)
{
    /// <summary>
    /// The export's own service scope, set by <see cref="IDataSubjectExporter"/>: a DbContext resolved from it is the
    /// instance the export reads the subject's rows with, whose connection the export holds open until its last section
    /// is written. A contributor that reads a registered context should resolve it here rather than create a scope of
    /// its own: no second context, no second connection, no second look-up of the subject (the export has already
    /// proved the subject exists). Null when the context was made by other code (a test); then create a scope.
    /// </summary>
    /// <remarks>
    /// Valid only while <see cref="IExportContributor.WriteAsync"/> runs; the export disposes the scope when it ends, so
    /// neither keep it nor dispose what it resolves. Use the context for reads: the export is not a unit of work, and
    /// what is left in its change tracker is never saved.
    /// </remarks>
    public IServiceProvider? Services { get; init; }
}
