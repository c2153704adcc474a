using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ncs.Privacy.AspNetCore.Identity;

/// <summary>
/// ASP.NET Core's authentication service, checking every principal Identity signed in (cookie or bearer token: it
/// carries Identity's security-stamp claim) against the account's current security stamp. A stale one fails
/// authentication, so the request gets the sign-in challenge (a redirect or a 401), never a 403 or a 500. Erasure
/// rotates the stamp (or deletes the account), so an erased user's sessions end at once, on every server, bearer
/// tokens included (Identity never revalidates those). Principals without the claim (other schemes) pass unchanged.
/// </summary>
/// <typeparam name="TUser">The application's user class.</typeparam>
internal sealed class IdentitySessionCheckingAuthenticationService<TUser>(
    IAuthenticationSchemeProvider schemes,
    IAuthenticationHandlerProvider handlers,
    IClaimsTransformation transform,
    IOptions<AuthenticationOptions> options,
    IOptions<IdentityOptions> identity)
    : AuthenticationService(schemes, handlers, transform, options)
    where TUser : class
{
    private const string CheckedKey = "Ncs.Privacy.Identity.SessionChecked";

    public override async Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme)
    {
        var result = await base.AuthenticateAsync(context, scheme).ConfigureAwait(false);
        if (!result.Succeeded || result.Principal is not { } principal)
        {
            return result;
        }

        var claims = identity.Value.ClaimsIdentity;
        var stamp = principal.FindFirst(claims.SecurityStampClaimType)?.Value;
        var id = principal.FindFirst(claims.UserIdClaimType)?.Value;
        if (stamp is null || id is null)
        {
            return result;
        }

        // A request may authenticate several times (a composite scheme, authorization): one lookup per request.
        var key = CheckedKey + "\n" + id + "\n" + stamp;
        if (context.Items.TryGetValue(key, out var known) && known is bool current)
        {
            return current ? result : Ended;
        }

        var valid = await IsCurrentAsync(context.RequestServices.GetRequiredService<UserManager<TUser>>(), id, stamp).ConfigureAwait(false);
        context.Items[key] = valid;
        return valid ? result : Ended;
    }

    private static AuthenticateResult Ended => AuthenticateResult.Fail("The account's sessions have ended (its security stamp changed, or it was erased).");

    private static async Task<bool> IsCurrentAsync(UserManager<TUser> users, string id, string stamp)
    {
        var user = await users.FindByIdAsync(id).ConfigureAwait(false);
        if (user is null)
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        try
        {
            return string.Equals(await users.GetSecurityStampAsync(user).ConfigureAwait(false), stamp, StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return false; // Identity throws on a NULL stamp: such an account signs nobody in
        }
    }
}

/// <summary>
/// Identity's own sign-out (application, external and two-factor cookies) after a user erased their own data, limited to
/// the schemes the application registered: an <c>AddIdentityCore</c> app with bearer tokens only has no Identity cookie,
/// and <see cref="SignInManager{TUser}.SignOutAsync"/> would throw there after the erasure had completed. Bearer tokens
/// need no sign-out: the rotated security stamp refuses them.
/// </summary>
/// <typeparam name="TUser">The application's user class.</typeparam>
internal sealed class IdentityErasedSubjectSignOut<TUser>(IAuthenticationSchemeProvider schemes, IAuthenticationHandlerProvider handlers) : IErasedSubjectSignOut
    where TUser : class
{
    private static readonly string[] IdentitySchemes = [IdentityConstants.ApplicationScheme, IdentityConstants.ExternalScheme, IdentityConstants.TwoFactorUserIdScheme];

    public async Task SignOutAsync(HttpContext http, Ncs.Privacy.EntityFrameworkCore.DataSubjectReference subject, CancellationToken cancellationToken)
    {
        foreach (var name in IdentitySchemes)
        {
            if (await schemes.GetSchemeAsync(name).ConfigureAwait(false) is not null
                && await handlers.GetHandlerAsync(http, name).ConfigureAwait(false) is IAuthenticationSignOutHandler)
            {
                await http.SignOutAsync(name).ConfigureAwait(false);
            }
        }
    }
}
