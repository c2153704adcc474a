namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Records an action that runs in several steps, in several contexts or services, on one data-subject request: it starts
/// once, each part is logged as it answers, and the request completes when the last part has. Implemented by the
/// <see cref="IDataSubjectRequestService"/> that <c>AddPrivacyRequests&lt;TContext&gt;()</c> registers (cast it); used by
/// <see cref="IErasureCoordinator"/> and by the messaging integrations (docs/distributed.md). The log holds names, states
/// and counts, never a personal value.
/// </summary>
public interface IDataSubjectRequestProgress
{
    /// <summary>Checks that the request is verified, of <paramref name="subject"/> and of one of <paramref name="rights"/>, and moves it to InProgress.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="subject">The subject the action is for: the verified one.</param>
    /// <param name="rights">The rights the action serves.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not verified, closed, of another subject or another right.</exception>
    /// <exception cref="KeyNotFoundException">No such request.</exception>
    Task<DataSubjectRequestInfo> StartActionAsync(Guid requestId, DataSubjectReference subject, IReadOnlyList<DataSubjectRight> rights, CancellationToken cancellationToken = default);

    /// <summary>Adds an event to an open request's history without changing its state (a part answered, a part failed).</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="kind">The event's kind (e.g. <c>part-erased</c>).</param>
    /// <param name="detail">Names and counts, at most 2,000 characters; never a personal value.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="DataSubjectRequestStateException">The request is closed.</exception>
    Task RecordProgressAsync(Guid requestId, string kind, string detail, CancellationToken cancellationToken = default);

    /// <summary>Completes (or refuses) a request in progress with its outcome and the recipients to notify (Art. 19).</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="refused">True to record a refusal (the outcome then carries the right to complain, Art. 12(4)).</param>
    /// <param name="kind">The event's kind (e.g. <c>erased</c>).</param>
    /// <param name="detail">Names and counts; never a personal value.</param>
    /// <param name="outcome">The answer to the subject.</param>
    /// <param name="recipients">Recipients to notify.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The closed request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not in progress (another operator closed it).</exception>
    Task<DataSubjectRequestInfo> FinishActionAsync(Guid requestId, bool refused, string kind, string detail, string outcome, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default);

    /// <summary>The request id an erasure plan of this request carries into the audit trail.</summary>
    /// <param name="requestId">The request.</param>
    string ErasureRequestId(Guid requestId);
}
