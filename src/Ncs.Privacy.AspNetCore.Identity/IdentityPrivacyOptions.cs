namespace Ncs.Privacy.AspNetCore.Identity;

/// <summary>
/// How ASP.NET Core Identity's tables are classified: the data-subject category of the accounts and the purposes and
/// retention rules (identifiers the policy declares) its columns are kept for. Named once, in
/// <see cref="IdentityPrivacyBuilderExtensions.AddIdentity{TUser}(IPrivacyBuilder, string, string, string, Action{IdentityPrivacyOptions}?)"/>.
/// </summary>
public sealed class IdentityPrivacyOptions
{
    /// <summary>The data-subject category whose root entity is the Identity user (for example <c>"customer"</c>).</summary>
    public string SubjectCategory { get; set; } = string.Empty;

    /// <summary>The purpose of the account's identifying data: user name, e-mail, phone number, claims, external logins.</summary>
    public string AccountPurpose { get; set; } = string.Empty;

    /// <summary>The retention rule of the account's data (typically one that ends with the account).</summary>
    public string AccountRetention { get; set; } = string.Empty;

    /// <summary>
    /// The purpose of the credentials and security state (password hash, security stamp, authenticator key, recovery
    /// codes, tokens, lockout, confirmations). Null: <see cref="AccountPurpose"/>.
    /// </summary>
    public string? SecurityPurpose { get; set; }

    /// <summary>The retention rule of the credentials and security state. Null: <see cref="AccountRetention"/>.</summary>
    public string? SecurityRetention { get; set; }

    /// <summary>
    /// The data category (an identifier the policy declares with <c>[DataCategory]</c>) of the account's identifying
    /// data: user name, e-mail, phone number, claims, external logins; the register lists it under Art. 30(1)(c). Null:
    /// none, and the register says "(no category declared)" for these columns.
    /// </summary>
    public string? AccountCategory { get; set; }

    /// <summary>The data category of the credentials and security state (for example one for "login and security data"). Null: <see cref="AccountCategory"/>.</summary>
    public string? SecurityCategory { get; set; }

    /// <summary>
    /// Whether every request signed in by Identity (cookie or bearer token) is checked against the account's current
    /// security stamp, so that an erased account's sessions stop at once (one lookup by key per request, as Identity's
    /// own <c>SecurityStampValidator</c> with a zero interval). Default true. When false, an erased user's cookie
    /// stops at Identity's next validation (30 minutes by default) and a bearer token at its expiry.
    /// </summary>
    public bool ValidateSessionsOnEveryRequest { get; set; } = true;
}
