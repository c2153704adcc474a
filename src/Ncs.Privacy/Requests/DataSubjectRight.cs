namespace Ncs.Privacy;

/// <summary>The data subject's right a request invokes (GDPR Chapter III).</summary>
public enum DataSubjectRight
{
    /// <summary>Access to the personal data and the information of Art. 15.</summary>
    Access = 1,

    /// <summary>Data portability (Art. 20): the data in a structured, machine-readable format.</summary>
    Portability = 2,

    /// <summary>Rectification of inaccurate data (Art. 16).</summary>
    Rectification = 3,

    /// <summary>Erasure, the "right to be forgotten" (Art. 17).</summary>
    Erasure = 4,

    /// <summary>Restriction of processing (Art. 18): the data is stored, not otherwise processed.</summary>
    Restriction = 5,

    /// <summary>Objection to processing for a purpose (Art. 21).</summary>
    Objection = 6,
}

/// <summary>How a request reached the controller. Art. 12 applies to every channel alike: the deadline runs from receipt.</summary>
public enum RequestChannel
{
    /// <summary>Submitted through the application's HTTP API by the signed-in subject.</summary>
    Http = 1,

    /// <summary>Received by e-mail and recorded by an operator.</summary>
    Email = 2,

    /// <summary>Received by letter and recorded by an operator.</summary>
    Letter = 3,

    /// <summary>Received another way (telephone, in person) and recorded by an operator.</summary>
    Other = 4,
}

/// <summary>
/// Where a request stands. Received → Verified → InProgress → Completed, Refused or Withdrawn; a request can be refused
/// or withdrawn from any open state. Nothing runs for a request before it is verified (Art. 12(6)).
/// </summary>
public enum DataSubjectRequestState
{
    /// <summary>Recorded; the requester's identity is not yet verified.</summary>
    Received = 1,

    /// <summary>The requester was verified to be the subject (the method is recorded).</summary>
    Verified = 2,

    /// <summary>Work on the request has started (an export, rectification, erasure...).</summary>
    InProgress = 3,

    /// <summary>Answered: the action was taken (Art. 12(3)).</summary>
    Completed = 4,

    /// <summary>Not acted on, with reasons and the right to complain given (Art. 12(4)).</summary>
    Refused = 5,

    /// <summary>The subject withdrew the request.</summary>
    Withdrawn = 6,
}
