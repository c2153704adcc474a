using Microsoft.AspNetCore.Identity;

namespace Ncs.Privacy.AspNetCore.Identity;

/// <summary>
/// Every column of ASP.NET Core Identity's schema, classified once (docs/identity.md has the table and the reasons).
/// Classified on Identity's generic base classes, so that the application's own derived classes
/// (<c>ApplicationUser : IdentityUser</c>, a custom role or claim class) are classified by the same rules.
/// </summary>
internal static class IdentityClassification
{
    private const string TechnicalKey = "Technical key: a random identifier that means nothing outside this database";

    public static void Apply<TKey>(IPrivacyBuilder privacy, IdentityPrivacyOptions o)
        where TKey : IEquatable<TKey>
    {
        var account = o.AccountPurpose;
        var kept = o.AccountRetention;
        var security = o.SecurityPurpose ?? o.AccountPurpose;
        var secured = o.SecurityRetention ?? o.AccountRetention;

        // Art. 30(1)(c): the categories of personal data the register lists for each column (null: none declared).
        var accountCategory = o.AccountCategory;
        var securityCategory = o.SecurityCategory ?? o.AccountCategory;
        Action<PersonalDataAttribute> Account(Action<PersonalDataAttribute>? more = null) => a => { a.Category = accountCategory; more?.Invoke(a); };
        Action<PersonalDataAttribute> Security(Action<PersonalDataAttribute>? more = null) => a => { a.Category = securityCategory; more?.Invoke(a); };

        privacy.Classify<IdentityUser<TKey>>(user => user
            .IsDataSubject(o.SubjectCategory)
            // Identity marks Id with its own [PersonalData]; it is the key every Identity table joins on, and erasure
            // keeps it on a row that must stay (an order under a legal hold refers to it).
            .NotPersonalData(u => u.Id, TechnicalKey + " (replaces Identity's [PersonalData] on IdentityUser.Id)")
            // NULL together with the normalized copies: the only anonymous value that stays equal to its normalized
            // form, so Identity's lookups (FindByNameAsync, FindByEmailAsync) keep working and find no one.
            .PersonalData(u => u.UserName, account, kept, Account(a => a.Anonymisation = AnonymisationStrategy.Null))
            .PersonalData(u => u.NormalizedUserName, account, kept, Account(a => { a.Anonymisation = AnonymisationStrategy.Null; a.Export = false; }))
            .PersonalData(u => u.Email, account, kept, Account(a => a.Anonymisation = AnonymisationStrategy.Null))
            .PersonalData(u => u.NormalizedEmail, account, kept, Account(a => { a.Anonymisation = AnonymisationStrategy.Null; a.Export = false; }))
            .PersonalData(u => u.PhoneNumber, account, kept, Account(a => a.Anonymisation = AnonymisationStrategy.Null))
            .PersonalData(u => u.EmailConfirmed, security, secured, Security())
            .PersonalData(u => u.PhoneNumberConfirmed, security, secured, Security())
            .PersonalData(u => u.TwoFactorEnabled, security, secured, Security())
            // Credentials: destroyed by erasure, never shown (a hash in a file the user may forward helps only an attacker).
            .PersonalData(u => u.PasswordHash, security, secured, Security(a => { a.Anonymisation = AnonymisationStrategy.Null; a.Export = false; }))
            // Rotated, not NULLed: every cookie and token issued before the erasure carries the old stamp and is refused;
            // Identity throws on a NULL stamp.
            .PersonalData(u => u.SecurityStamp, security, secured, Security(a => { a.Anonymisation = AnonymisationStrategy.RandomToken; a.Export = false; }))
            .NotPersonalData(u => u.ConcurrencyStamp, "A random version number for optimistic concurrency")
            .PersonalData(u => u.LockoutEnd, security, secured, Security())
            .PersonalData(u => u.LockoutEnabled, security, secured, Security())
            .PersonalData(u => u.AccessFailedCount, security, secured, Security()));

        privacy.Classify<IdentityUserClaim<TKey>>(claim => claim
            .NotPersonalData(c => c.Id, TechnicalKey)
            .NotPersonalData(c => c.ClaimType, "The claim's name (a URI such as 'given_name'), the same for everyone")
            .PersonalData(c => c.ClaimValue, account, kept, Account()));

        privacy.Classify<IdentityUserLogin<TKey>>(login => login
            .NotPersonalData(l => l.LoginProvider, "The name of the external provider (Google, Microsoft...)")
            .NotPersonalData(l => l.ProviderDisplayName, "The provider's display name")
            // The user's identifier at the provider: exported (as Identity's download does), and the row is deleted so
            // that the external login no longer signs anyone in.
            .PersonalData(l => l.ProviderKey, account, kept, Account(a => a.Erasure = ErasureAction.Delete)));

        privacy.Classify<IdentityUserToken<TKey>>(token => token
            .NotPersonalData(t => t.LoginProvider, "Which store or provider the token belongs to ('[AspNetUserStore]', 'Google')")
            .NotPersonalData(t => t.Name, "The token's name ('AuthenticatorKey', 'RecoveryCodes', 'access_token')")
            // Authenticator key, recovery codes and external access tokens: deleted by erasure. The export shows the
            // authenticator key (as Identity's download does) through IdentityExportContributor, not the rest.
            .PersonalData(t => t.Value, security, secured, Security(a => a.Export = false)));

        privacy.Classify<IdentityUserPasskey<TKey>>(passkey => passkey
            .PersonalData(p => p.CredentialId, security, secured, Security(a => { a.Erasure = ErasureAction.Delete; a.Export = false; })));
        privacy.Classify<IdentityPasskeyData>(data => data
            .PersonalData(d => d.Name, security, secured, Security())
            .PersonalData(d => d.CreatedAt, security, secured, Security())
            .PersonalData(d => d.PublicKey, security, secured, Security(a => a.Export = false))
            .PersonalData(d => d.SignCount, security, secured, Security(a => a.Export = false))
            .PersonalData(d => d.Transports, security, secured, Security(a => a.Export = false))
            .PersonalData(d => d.IsUserVerified, security, secured, Security(a => a.Export = false))
            .PersonalData(d => d.IsBackupEligible, security, secured, Security(a => a.Export = false))
            .PersonalData(d => d.IsBackedUp, security, secured, Security(a => a.Export = false))
            .PersonalData(d => d.AttestationObject, security, secured, Security(a => a.Export = false))
            .PersonalData(d => d.ClientDataJson, security, secured, Security(a => a.Export = false)));

        privacy.Classify<IdentityUserRole<TKey>>(role => role
            .NotPersonalData(r => r.UserId, TechnicalKey)
            .NotPersonalData(r => r.RoleId, TechnicalKey));

        privacy.Classify<IdentityRole<TKey>>(role => role
            .NotPersonalData(r => r.Id, TechnicalKey)
            .NotPersonalData(r => r.Name, "A role describes a function (Administrator), not a person")
            .NotPersonalData(r => r.NormalizedName, "A role describes a function, not a person")
            .NotPersonalData(r => r.ConcurrencyStamp, "A random version number for optimistic concurrency"));

        privacy.Classify<IdentityRoleClaim<TKey>>(claim => claim
            .NotPersonalData(c => c.Id, TechnicalKey)
            .NotPersonalData(c => c.RoleId, TechnicalKey)
            .NotPersonalData(c => c.ClaimType, "A role's claim describes the role, not a person")
            .NotPersonalData(c => c.ClaimValue, "A role's claim describes the role, not a person"));
    }
}
