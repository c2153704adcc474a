using System.Security.Claims;

namespace Ncs.Privacy;

/// <summary>
/// Verifies that whoever made a data-subject request is the subject (GDPR Art. 12(6): the controller may ask for the
/// information necessary to confirm the identity). The application supplies one verifier per method it accepts: the
/// signed-in user, a code sent to the address on file, an operator's check. A request runs only once a verifier accepted
/// it; the request records the verifier's <see cref="Method"/>.
/// </summary>
public interface IRequestVerifier
{
    /// <summary>The method's name, recorded on the request (e.g. <c>signed-in</c>, <c>email-code</c>, <c>operator-check</c>); never a personal value.</summary>
    string Method { get; }

    /// <summary>Checks the evidence.</summary>
    /// <param name="context">The request, the subject it claims and the evidence.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether the requester is the subject; a refusal carries a reason to show the operator.</returns>
    ValueTask<RequestVerificationResult> VerifyAsync(RequestVerificationContext context, CancellationToken cancellationToken);
}

/// <summary>What a <see cref="IRequestVerifier"/> is given.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Right">The right invoked.</param>
/// <param name="Channel">How the request arrived.</param>
/// <param name="SubjectCategory">The data-subject category the requester claims to belong to.</param>
/// <param name="SubjectId">The subject's key the requester claims to be (invariant text).</param>
/// <param name="Evidence">What the requester or operator supplied (a confirmation code, a note of the check made); not stored.</param>
/// <param name="User">The signed-in user who asks for verification (the subject, or an operator), when there is one.</param>
public sealed record RequestVerificationContext(
    Guid RequestId,
    DataSubjectRight Right,
    RequestChannel Channel,
    string SubjectCategory,
    string SubjectId,
    string? Evidence,
    ClaimsPrincipal? User);

/// <summary>A verifier's answer.</summary>
/// <param name="Verified">True when the requester is the subject.</param>
/// <param name="Reason">Why not, when not (shown to the operator; not stored).</param>
public sealed record RequestVerificationResult(bool Verified, string? Reason = null)
{
    /// <summary>The requester is the subject.</summary>
    public static RequestVerificationResult Success { get; } = new(true);

    /// <summary>The requester could not be verified.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The result.</returns>
    public static RequestVerificationResult Failure(string reason) => new(false, reason);
}
