using System.Security.Claims;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Data-subject requests as records (GDPR Art. 12): receive a request from any channel, verify the requester (Art. 12(6))
/// with an application-supplied <see cref="IRequestVerifier"/>, carry it out through the library (export, rectification,
/// erasure, restriction, objection), extend it with reasons, and complete or refuse it with reasons (Art. 12(4)). Every
/// change is a row in the request log, without personal values. Nothing runs for a request that is not verified.
/// Register with <c>AddPrivacyRequests&lt;TContext&gt;()</c>; see docs/requests.md.
/// </summary>
public interface IDataSubjectRequestService
{
    /// <summary>Records a request as received; its due day is one month from the day of receipt (<see cref="RequestDeadline"/>).</summary>
    /// <param name="submission">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The request as stored.</returns>
    /// <exception cref="ArgumentException">The receipt time is in the future or not UTC, the reference looks like a personal value, or the purpose is missing, undeclared or not objectable; nothing was written.</exception>
    /// <exception cref="DataSubjectNotFoundException">The submission names a subject that does not exist; nothing was written.</exception>
    Task<DataSubjectRequestInfo> ReceiveAsync(DataSubjectRequestSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>The request, or null when there is none with this id.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The request.</returns>
    Task<DataSubjectRequestInfo?> FindAsync(Guid requestId, CancellationToken cancellationToken = default);

    /// <summary>Requests matching a filter, earliest due first.</summary>
    /// <param name="filter">The filter; empty for all.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The requests.</returns>
    Task<IReadOnlyList<DataSubjectRequestInfo>> ListAsync(DataSubjectRequestFilter filter, CancellationToken cancellationToken = default);

    /// <summary>The request's history, oldest first.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<DataSubjectRequestEventInfo>> HistoryAsync(Guid requestId, CancellationToken cancellationToken = default);

    /// <summary>Verifies the requester with the verifier whose <see cref="IRequestVerifier.Method"/> is <paramref name="method"/>; on success the request is Verified and linked to the subject (by keyed hash).</summary>
    /// <param name="requestId">The request (state Received).</param>
    /// <param name="subject">The subject the requester claims to be.</param>
    /// <param name="method">The verification method.</param>
    /// <param name="evidence">The evidence for the verifier (not stored).</param>
    /// <param name="user">The signed-in user asking, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The verified request.</returns>
    /// <exception cref="RequestVerificationException">The verifier refused; the failed attempt is in the request's history.</exception>
    /// <exception cref="DataSubjectRequestStateException">The request is not in state Received, or it is linked to another subject.</exception>
    /// <exception cref="ArgumentException">No verifier has this method.</exception>
    /// <exception cref="DataSubjectNotFoundException">The subject does not exist.</exception>
    Task<DataSubjectRequestInfo> VerifyAsync(Guid requestId, DataSubjectReference subject, string method, string? evidence, ClaimsPrincipal? user = null, CancellationToken cancellationToken = default);

    /// <summary>Extends the deadline by one or two months in total (Art. 12(3)); allowed only before the first month ends, with the reason to give the subject.</summary>
    /// <param name="requestId">The open request.</param>
    /// <param name="months">The total extension, 1 or 2.</param>
    /// <param name="reason">Why (the complexity or number of requests), as told to the subject.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The request with its new due day.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is closed, the first month has ended, or the extension would exceed two months.</exception>
    /// <exception cref="ArgumentException">No reason, or months not 1 or 2.</exception>
    Task<DataSubjectRequestInfo> ExtendAsync(Guid requestId, int months, string reason, CancellationToken cancellationToken = default);

    /// <summary>Completes a verified request with the answer given.</summary>
    /// <param name="requestId">The request (Verified or InProgress).</param>
    /// <param name="outcome">What was done.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The completed request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not verified, or it is closed.</exception>
    Task<DataSubjectRequestInfo> CompleteAsync(Guid requestId, string outcome, CancellationToken cancellationToken = default);

    /// <summary>Refuses a request with reasons; the outcome adds the right to complain to <see cref="DataSubjectRequestOptions.SupervisoryAuthority"/> and to a judicial remedy (Art. 12(4)).</summary>
    /// <param name="requestId">The open request.</param>
    /// <param name="reasons">Why, citing the law or the policy; never a personal value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The refused request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is closed.</exception>
    /// <exception cref="ArgumentException">No reasons.</exception>
    Task<DataSubjectRequestInfo> RefuseAsync(Guid requestId, string reasons, CancellationToken cancellationToken = default);

    /// <summary>Records that the subject withdrew the request.</summary>
    /// <param name="requestId">The open request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The withdrawn request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is closed.</exception>
    Task<DataSubjectRequestInfo> WithdrawAsync(Guid requestId, CancellationToken cancellationToken = default);

    /// <summary>Records that a recipient was told of the rectification, erasure or restriction (Art. 19).</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="recipient">A recipient identifier from <see cref="DataSubjectRequestInfo.RecipientsToNotify"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException">The recipient is not one to notify for this request.</exception>
    Task<DataSubjectRequestInfo> RecordRecipientNotifiedAsync(Guid requestId, string recipient, CancellationToken cancellationToken = default);

    /// <summary>Carries out an access or portability request: writes the export (Art. 15/20) and completes the request.</summary>
    /// <param name="requestId">The verified request.</param>
    /// <param name="subject">The subject (must be the request's).</param>
    /// <param name="destination">Where the export is written.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What the export wrote.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not verified, is closed, is of another right or of another subject.</exception>
    Task<DataSubjectExportSummary> ExportAsync(Guid requestId, DataSubjectReference subject, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Plans the erasure an erasure request asks for (Art. 17), for review; the plan carries the request's number.</summary>
    /// <param name="requestId">The verified erasure request.</param>
    /// <param name="subject">The subject (must be the request's).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not verified, is closed, is of another right or of another subject.</exception>
    Task<ErasurePlan> PlanErasureAsync(Guid requestId, DataSubjectReference subject, CancellationToken cancellationToken = default);

    /// <summary>Runs a reviewed plan of <see cref="PlanErasureAsync"/>: completes the request with the recipients to notify, or refuses it with the plan's reasons.</summary>
    /// <param name="requestId">The verified erasure request.</param>
    /// <param name="plan">The reviewed plan.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The completed or refused request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not verified, is closed, is of another right, or the plan is of another request or subject.</exception>
    /// <exception cref="ErasurePlanStaleException">The data changed since planning; nothing was erased, the request stays in progress.</exception>
    /// <exception cref="DataSubjectNotFoundException">The plan found no subject (it was deleted meanwhile); nothing was erased, the request stays in progress.</exception>
    Task<DataSubjectRequestInfo> EraseAsync(Guid requestId, ErasurePlan plan, CancellationToken cancellationToken = default);

    /// <summary>Carries out an objection request (Art. 21): records the objection to the request's purpose and completes the request.</summary>
    /// <param name="requestId">The verified objection request.</param>
    /// <param name="subject">The subject (must be the request's).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The completed request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not verified, is closed, is of another right or of another subject.</exception>
    /// <exception cref="InvalidOperationException">Objections are not registered (<c>AddObjections&lt;TContext&gt;()</c>).</exception>
    Task<DataSubjectRequestInfo> ObjectAsync(Guid requestId, DataSubjectReference subject, CancellationToken cancellationToken = default);

    /// <summary>Carries out a restriction request (Art. 18): restricts the request's purpose (or every purpose) until <paramref name="untilUtc"/> or until lifted, and completes the request with the recipients to notify.</summary>
    /// <param name="requestId">The verified restriction request.</param>
    /// <param name="subject">The subject (must be the request's).</param>
    /// <param name="untilUtc">When the restriction ends by itself (UTC); null: until lifted.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The completed request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not verified, is closed, is of another right or of another subject.</exception>
    Task<DataSubjectRequestInfo> RestrictAsync(Guid requestId, DataSubjectReference subject, DateTime? untilUtc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rectifies one personal field of the subject's data (Art. 16): the field must be classified as personal data and belong
    /// to the subject; the value is converted to the property's type and validated by the model (required, maximum length,
    /// validation attributes) before it is saved. The change and its log entry are saved in one transaction; the log names the
    /// entity type and field, never the old or new value. The request stays in progress: call <see cref="CompleteAsync"/> when done.
    /// </summary>
    /// <param name="requestId">The verified rectification request.</param>
    /// <param name="subject">The subject (must be the request's).</param>
    /// <param name="change">The field and its corrected value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The recipients to notify of this correction (Art. 19).</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not verified, is closed, is of another right or of another subject.</exception>
    /// <exception cref="ArgumentException">The entity type or field is unknown, not personal, not the subject's, an owned or key field; the row is not the subject's; or the value is invalid. Nothing was written.</exception>
    Task<RectificationResult> RectifyAsync(Guid requestId, DataSubjectReference subject, RectificationChange change, CancellationToken cancellationToken = default);
}

/// <summary>A request to record.</summary>
/// <param name="Right">The right invoked.</param>
/// <param name="Channel">How it arrived.</param>
public sealed record DataSubjectRequestSubmission(DataSubjectRight Right, RequestChannel Channel)
{
    /// <summary>When it arrived (UTC); null: now. For an e-mail, the time the mail was received, not when it was recorded.</summary>
    public DateTime? ReceivedAtUtc { get; init; }

    /// <summary>The subject, when already known (a signed-in user); otherwise it is named at verification.</summary>
    public DataSubjectReference? Subject { get; init; }

    /// <summary>For an objection (required) or a restriction of one purpose.</summary>
    public string? Purpose { get; init; }

    /// <summary>The operator's reference (ticket number): letters, digits and <c>-_.:/#</c>, at most 100 characters; never an e-mail address.</summary>
    public string? Reference { get; init; }
}

/// <summary>Which requests to list.</summary>
public sealed record DataSubjectRequestFilter
{
    /// <summary>Only these states; null or empty for all.</summary>
    public IReadOnlyList<DataSubjectRequestState>? States { get; init; }

    /// <summary>Only requests due on or before this day.</summary>
    public DateOnly? DueOnOrBefore { get; init; }

    /// <summary>Only requests of this right.</summary>
    public DataSubjectRight? Right { get; init; }

    /// <summary>Only this subject's requests (matched by keyed hash).</summary>
    public DataSubjectReference? Subject { get; init; }
}

/// <summary>A request as stored.</summary>
/// <param name="Id">The request number.</param>
/// <param name="Right">The right.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Reference">The operator's reference.</param>
/// <param name="Purpose">The purpose, for an objection or restriction.</param>
/// <param name="SubjectCategory">The subject's category, once known.</param>
/// <param name="SubjectKnown">Whether the request is linked to a subject.</param>
/// <param name="State">The state.</param>
/// <param name="ReceivedAtUtc">When received.</param>
/// <param name="ReceivedOn">The day of receipt (controller's time zone).</param>
/// <param name="DueOn">The last day to answer.</param>
/// <param name="DueAtUtc">The end of that day (UTC).</param>
/// <param name="ExtensionMonths">Months of extension.</param>
/// <param name="ExtensionReason">Why it was extended.</param>
/// <param name="VerificationMethod">How the requester was verified.</param>
/// <param name="VerifiedAtUtc">When.</param>
/// <param name="ClosedAtUtc">When completed, refused or withdrawn.</param>
/// <param name="Outcome">The answer or reasons.</param>
/// <param name="RecipientsToNotify">Recipient identifiers to notify (Art. 19).</param>
/// <param name="RecipientsNotified">Recipients notified, and when.</param>
public sealed record DataSubjectRequestInfo(
    Guid Id,
    DataSubjectRight Right,
    RequestChannel Channel,
    string? Reference,
    string? Purpose,
    string? SubjectCategory,
    bool SubjectKnown,
    DataSubjectRequestState State,
    DateTime ReceivedAtUtc,
    DateOnly ReceivedOn,
    DateOnly DueOn,
    DateTimeOffset DueAtUtc,
    int ExtensionMonths,
    string? ExtensionReason,
    string? VerificationMethod,
    DateTime? VerifiedAtUtc,
    DateTime? ClosedAtUtc,
    string? Outcome,
    IReadOnlyList<string> RecipientsToNotify,
    IReadOnlyDictionary<string, DateTime> RecipientsNotified)
{
    /// <summary>Whether the request is still open (Received, Verified or InProgress).</summary>
    public bool IsOpen => State is DataSubjectRequestState.Received or DataSubjectRequestState.Verified or DataSubjectRequestState.InProgress;
}

/// <summary>One event of a request's history.</summary>
/// <param name="OccurredAtUtc">When.</param>
/// <param name="Kind">What happened.</param>
/// <param name="State">The state after it.</param>
/// <param name="Detail">Names and counts, never values.</param>
public sealed record DataSubjectRequestEventInfo(DateTime OccurredAtUtc, string Kind, DataSubjectRequestState State, string? Detail);

/// <summary>A correction of one field (Art. 16).</summary>
/// <param name="EntityType">The entity type: its CLR name (<c>Customer</c>), full name, or EF Core name.</param>
/// <param name="Property">The property's name.</param>
/// <param name="Value">The corrected value: of the property's type, its invariant text, or a <see cref="System.Text.Json.JsonElement"/>.</param>
public sealed record RectificationChange(string EntityType, string Property, object? Value)
{
    /// <summary>The row's primary key, for a type other than the subject's root (the root's row is the subject's own).</summary>
    public object? RowKey { get; init; }
}

/// <summary>What a rectification did.</summary>
/// <param name="EntityType">The entity type.</param>
/// <param name="Property">The field.</param>
/// <param name="Changed">False when the stored value already equalled the correction.</param>
/// <param name="RecipientsToNotify">Recipients the field is disclosed to, to be told of the correction (Art. 19).</param>
public sealed record RectificationResult(string EntityType, string Property, bool Changed, IReadOnlyList<string> RecipientsToNotify);

/// <summary>A request cannot do this in its state (or is of another right or subject); nothing was written.</summary>
public sealed class DataSubjectRequestStateException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DataSubjectRequestStateException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public DataSubjectRequestStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public DataSubjectRequestStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The verifier did not accept the requester; the request stays Received and the failed attempt is in its history.</summary>
public sealed class RequestVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RequestVerificationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The verifier's reason.</param>
    public RequestVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The verifier's reason.</param>
    /// <param name="innerException">The cause.</param>
    public RequestVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
