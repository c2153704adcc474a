using System.Security.Claims;

namespace Ncs.Privacy.AspNetCore;

/// <summary>Settings of the privacy endpoints and of the default authorization hook.</summary>
public sealed class PrivacyEndpointOptions
{
    /// <summary>The role that reaches every subject and the register (a privacy operator, customer service, the DPO). Default <c>PrivacyOperator</c>.</summary>
    public string OperatorRole { get; set; } = "PrivacyOperator";

    /// <summary>The claim whose value is the signed-in user's own subject identifier. Default <see cref="ClaimTypes.NameIdentifier"/>.</summary>
    public string SubjectIdClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>The data-subject category signed-in users belong to (self-service). Null: the policy's only category, if it has exactly one.</summary>
    public string? SelfServiceCategory { get; set; }

    /// <summary>Whether anyone may read the processing register. Default false: operators only.</summary>
    public bool RegisterIsPublic { get; set; }

    /// <summary>
    /// How many erasure POSTs one data subject may receive per hour (in this process) before the endpoint answers 429
    /// with <c>Retry-After</c>. Bounds what repeated requests (a refused erasure retried in a loop) write to the audit
    /// trail. Default 10.
    /// </summary>
    public int ErasureRequestsPerHour { get; set; } = 10;
}

/// <summary>What a request wants to do, for <see cref="IPrivacyRequestAuthorizer"/>.</summary>
public enum PrivacyOperation
{
    /// <summary>Read the processing register.</summary>
    ReadRegister,

    /// <summary>Export a subject's data (Art. 15/20).</summary>
    Export,

    /// <summary>See a subject's erasure plan.</summary>
    PlanErasure,

    /// <summary>Erase a subject's data (Art. 17).</summary>
    Erase,

    /// <summary>Record or read a subject's objections (Art. 21).</summary>
    Object,
}

/// <summary>
/// Decides whether the signed-in user may perform an operation on a subject. The default lets an operator (role
/// <see cref="PrivacyEndpointOptions.OperatorRole"/>) reach any subject and a signed-in user reach only the subject
/// whose identifier is their <see cref="PrivacyEndpointOptions.SubjectIdClaimType"/> claim. Register your own
/// implementation to use other rules (a tenant check, a step-up authentication before erasure...).
/// </summary>
public interface IPrivacyRequestAuthorizer
{
    /// <summary>True when <paramref name="user"/> may perform <paramref name="operation"/> on <paramref name="subject"/>.</summary>
    /// <param name="user">The signed-in user.</param>
    /// <param name="subject">The subject, or null for operations on no subject (the register).</param>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    /// <returns>Whether the operation is allowed.</returns>
    ValueTask<bool> IsAllowedAsync(ClaimsPrincipal user, Ncs.Privacy.EntityFrameworkCore.DataSubjectReference? subject, PrivacyOperation operation, CancellationToken cancellationToken);
}
