using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ncs.Privacy.AspNetCore.Identity;

/// <summary>
/// Checks every principal Identity signed in (cookie or bearer token: it carries Identity's security-stamp claim)
/// against the account's current security stamp, and turns a stale one into an anonymous principal: the request then
/// gets the sign-in challenge (a redirect or a 401), never a 500. Erasure rotates the stamp (or deletes the account),
/// so an erased user's sessions end at once, on every server, for bearer tokens too (which Identity never revalidates).
/// Principals from other schemes (no security-stamp claim) pass unchanged.
/// </summary>
/// <typeparam name="TUser">The application's user class.</typeparam>
internal sealed class IdentitySessionCheck<TUser>(IServiceProvider services, IOptions<IdentityOptions> identity, IClaimsTransformation? inner) : IClaimsTransformation
    where TUser : class
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (inner is not null)
        {
            principal = await inner.TransformAsync(principal).ConfigureAwait(false);
        }

        var claims = identity.Value.ClaimsIdentity;
        var stamp = principal.FindFirst(claims.SecurityStampClaimType)?.Value;
        var id = principal.FindFirst(claims.UserIdClaimType)?.Value;
        if (stamp is null || id is null)
        {
            return principal;
        }

        var users = services.GetRequiredService<UserManager<TUser>>();
        var user = await users.FindByIdAsync(id).ConfigureAwait(false);
        if (user is null || !users.SupportsUserSecurityStamp)
        {
            return user is null ? SignedOut : principal;
        }

        try
        {
            return string.Equals(await users.GetSecurityStampAsync(user).ConfigureAwait(false), stamp, StringComparison.Ordinal) ? principal : SignedOut;
        }
        catch (InvalidOperationException)
        {
            return SignedOut; // Identity throws on a NULL stamp: such an account signs nobody in
        }
    }

    private static ClaimsPrincipal SignedOut => new(new ClaimsIdentity());
}

/// <summary>Identity's own sign-out (application, external and two-factor cookies) after a user erased their own data.</summary>
/// <typeparam name="TUser">The application's user class.</typeparam>
internal sealed class IdentityErasedSubjectSignOut<TUser> : IErasedSubjectSignOut
    where TUser : class
{
    public Task SignOutAsync(Microsoft.AspNetCore.Http.HttpContext http, Ncs.Privacy.EntityFrameworkCore.DataSubjectReference subject, CancellationToken cancellationToken)
        => http.RequestServices.GetRequiredService<SignInManager<TUser>>().SignOutAsync();
}
