namespace Ncs.Privacy.Wolverine;

/// <summary>
/// Sent by the coordinating service to every service that holds the subject's category: carry out your part of the
/// request in your own database and answer with <see cref="PrivacyRequestAnswered"/>. Delivered at least once: a service
/// handles it idempotently (by <see cref="RequestId"/>).
/// </summary>
/// <param name="RequestId">The data-subject request (the coordinator's request store).</param>
/// <param name="Right">Erasure, access or portability.</param>
/// <param name="SubjectCategory">The subject's category.</param>
/// <param name="SubjectId">The subject's identifier in its stored text form (as plans and audit records write it).</param>
/// <param name="DueAtUtc">When the request must be answered (Art. 12(3)), for the services' logs; late parts still run.</param>
public sealed record PrivacyRequestDispatched(Guid RequestId, DataSubjectRight Right, string SubjectCategory, string SubjectId, DateTimeOffset DueAtUtc);

/// <summary>A service's answer to <see cref="PrivacyRequestDispatched"/>: what it did in its own database. Holds no personal value, except <see cref="Export"/> for access requests.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Service">The answering service's name.</param>
/// <param name="Right">The right the request invokes.</param>
/// <param name="Status">What the service did.</param>
/// <param name="RowsDeleted">Rows deleted (erasure).</param>
/// <param name="RowsAnonymised">Rows anonymised (erasure).</param>
/// <param name="RowsRetained">Rows kept where the law requires it (erasure).</param>
/// <param name="Recipients">Recipients of the erased data to notify (Art. 19).</param>
/// <param name="Reasons">For a refusal, the reasons the subject is told (Art. 12(4)).</param>
/// <param name="Export">For access and portability, the service's export (the <c>ncs-privacy-export</c> JSON document); null otherwise.</param>
public sealed record PrivacyRequestAnswered(
    Guid RequestId,
    string Service,
    DataSubjectRight Right,
    PrivacyPartStatus Status,
    long RowsDeleted,
    long RowsAnonymised,
    long RowsRetained,
    IReadOnlyList<string> Recipients,
    string? Reasons,
    string? Export);

/// <summary>What one service did with its part of a request.</summary>
public enum PrivacyPartStatus
{
    /// <summary>The service erased the subject's data (each local context in its own transaction).</summary>
    Erased = 0,

    /// <summary>The service had already erased this request's data (a message delivered again): nothing was done twice.</summary>
    AlreadyErased = 1,

    /// <summary>The service holds nothing of the subject.</summary>
    NotHeld = 2,

    /// <summary>A guard of the service refused the erasure (Art. 17(3)); the reasons are in the answer.</summary>
    Refused = 3,

    /// <summary>The service exported the subject's data.</summary>
    Exported = 4,
}
