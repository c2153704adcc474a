namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Records and answers objections (GDPR Art. 21): a subject objects to a purpose, and from then on processing for
/// that purpose leaves them out. Objections are stored in the context registered with
/// <c>AddObjections&lt;TContext&gt;()</c>; query-side honouring is <see cref="ObjectionQueryableExtensions.WhereNotObjectedTo"/>.
/// </summary>
public interface IObjectionRegistry
{
    /// <summary>Records an objection; recording the same objection twice keeps the first.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="purpose">The purpose objected to; it must be one the subject may object to (<see cref="Purpose.SubjectMayObject"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The objection as stored.</returns>
    /// <exception cref="DataSubjectNotFoundException">The subject does not exist; nothing was written.</exception>
    /// <exception cref="ArgumentException">The purpose is unknown or not objectable (e.g. a legal obligation); nothing was written.</exception>
    Task<ObjectionEntry> ObjectAsync(DataSubjectReference subject, string purpose, CancellationToken cancellationToken = default);

    /// <summary>Whether the subject has objected to the purpose.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>True when an objection is recorded.</returns>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is not declared by the policy (a misspelt purpose must not answer "not objected").</exception>
    Task<bool> HasObjectedAsync(DataSubjectReference subject, string purpose, CancellationToken cancellationToken = default);

    /// <summary>The subject's objections, oldest first.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The objections.</returns>
    /// <exception cref="DataSubjectNotFoundException">The subject does not exist.</exception>
    Task<IReadOnlyList<ObjectionEntry>> ListAsync(DataSubjectReference subject, CancellationToken cancellationToken = default);
}

/// <summary>A recorded objection.</summary>
/// <param name="Purpose">The purpose objected to.</param>
/// <param name="ObjectedAtUtc">When it was recorded.</param>
/// <param name="Unconditional">True for direct marketing, where processing must stop without weighing (Art. 21(3)).</param>
public sealed record ObjectionEntry(string Purpose, DateTime ObjectedAtUtc, bool Unconditional);
