using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore.Identity;

/// <summary>ASP.NET Core Identity, first class: its schema classified, its credentials destroyed and its sessions ended by erasure.</summary>
public static class IdentityPrivacyBuilderExtensions
{
    /// <summary>
    /// Classifies every column of ASP.NET Core Identity's schema (<c>AspNetUsers</c>, <c>AspNetUserClaims</c>,
    /// <c>AspNetUserLogins</c>, <c>AspNetUserTokens</c>, <c>AspNetUserPasskeys</c>, <c>AspNetUserRoles</c>,
    /// <c>AspNetRoles</c>, <c>AspNetRoleClaims</c>) with the purposes and retention named here, makes the user the
    /// root of <paramref name="subjectCategory"/>, adds the export's <c>identity</c> section (authenticator key, roles,
    /// credentials held) and ends an erased user's sessions: erasure destroys the password hash, tokens, recovery codes
    /// and authenticator key and rotates the security stamp, every request signed in by Identity is checked against
    /// the stamp, and <c>POST me/erasure</c> signs the caller out (Art. 15, 17, 20).
    /// </summary>
    /// <typeparam name="TUser">The application's user class (<c>IdentityUser</c> or a class derived from it).</typeparam>
    /// <param name="builder">The builder <c>AddPrivacy</c> returned.</param>
    /// <param name="subjectCategory">The data-subject category of the accounts.</param>
    /// <param name="purpose">The purpose the account's data is kept for (a purpose the policy declares).</param>
    /// <param name="retention">The retention rule of the account's data (a rule the policy declares).</param>
    /// <param name="configure">Other settings (a separate purpose for credentials, session checking).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An identifier is empty. Unknown identifiers fail start-up with the policy's other problems.</exception>
    /// <example><code>
    /// builder.Services.AddPrivacy(p => p.UsePolicy(typeof(ShopPolicy)))
    ///     .AddEntityFrameworkCore&lt;ApplicationDbContext&gt;()
    ///     .AddErasure()
    ///     .AddEndpoints()
    ///     .AddIdentity&lt;ApplicationUser&gt;(ShopPolicy.Subjects.Customer, ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount);
    /// </code></example>
    public static IPrivacyBuilder AddIdentity<TUser>(this IPrivacyBuilder builder, string subjectCategory, string purpose, string retention, Action<IdentityPrivacyOptions>? configure = null)
        where TUser : IdentityUser<string>
        => AddIdentity<TUser, string>(builder, subjectCategory, purpose, retention, configure);

    /// <summary>As <see cref="AddIdentity{TUser}(IPrivacyBuilder, string, string, string, Action{IdentityPrivacyOptions}?)"/>, for a user class whose key is not a string.</summary>
    /// <typeparam name="TUser">The application's user class.</typeparam>
    /// <typeparam name="TKey">The type of its key (<c>Guid</c>, <c>int</c>...).</typeparam>
    /// <param name="builder">The builder <c>AddPrivacy</c> returned.</param>
    /// <param name="subjectCategory">The data-subject category of the accounts.</param>
    /// <param name="purpose">The purpose the account's data is kept for.</param>
    /// <param name="retention">The retention rule of the account's data.</param>
    /// <param name="configure">Other settings.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An identifier is empty.</exception>
    public static IPrivacyBuilder AddIdentity<TUser, TKey>(this IPrivacyBuilder builder, string subjectCategory, string purpose, string retention, Action<IdentityPrivacyOptions>? configure = null)
        where TUser : IdentityUser<TKey>
        where TKey : IEquatable<TKey>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectCategory);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        ArgumentException.ThrowIfNullOrWhiteSpace(retention);
        var options = new IdentityPrivacyOptions { SubjectCategory = subjectCategory, AccountPurpose = purpose, AccountRetention = retention };
        configure?.Invoke(options);
        if (string.IsNullOrWhiteSpace(options.SecurityPurpose) && options.SecurityPurpose is not null)
        {
            throw new ArgumentException("IdentityPrivacyOptions.SecurityPurpose is blank: leave it null to use the account's purpose.", nameof(configure));
        }

        IdentityClassification.Apply<TKey>(builder, options);
        var services = builder.Services;
        services.AddSingleton(options);
        services.Configure<PrivacyEndpointOptions>(o => o.SelfServiceCategory ??= subjectCategory);
        builder.AddExportContributor<IdentityExportContributor<TUser>>();
        services.Replace(ServiceDescriptor.Scoped<IErasedSubjectSignOut, IdentityErasedSubjectSignOut<TUser>>());

        if (options.ValidateSessionsOnEveryRequest)
        {
            // Replaces ASP.NET Core's AuthenticationService with a subclass that also checks the security stamp;
            // AddAuthentication only adds its own when none is registered.
            services.Replace(ServiceDescriptor.Scoped<IAuthenticationService, IdentitySessionCheckingAuthenticationService<TUser>>());
        }

        return builder;
    }
}
