using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore;

/// <summary>
/// Ends the session of the request that erased its own data subject (<c>POST me/erasure</c>, or an operator erasing
/// themselves), so that the response already carries the sign-out (Art. 17: nothing of the account stays usable).
/// The default signs out of the application's default sign-out scheme when it has one; the ASP.NET Core Identity
/// package replaces it with Identity's own sign-out (application, external and two-factor cookies).
/// </summary>
public interface IErasedSubjectSignOut
{
    /// <summary>Signs the current request out after <paramref name="subject"/>, the signed-in user's own subject, was erased.</summary>
    /// <param name="http">The request that asked for the erasure.</param>
    /// <param name="subject">The erased subject.</param>
    /// <param name="cancellationToken">Cancels the sign-out.</param>
    /// <returns>A task that completes when the sign-out is written to the response.</returns>
    Task SignOutAsync(HttpContext http, DataSubjectReference subject, CancellationToken cancellationToken);
}

/// <summary>Signs out of the default sign-out scheme, when the application has one that can sign out (a cookie).</summary>
internal sealed class DefaultErasedSubjectSignOut(IAuthenticationSchemeProvider schemes, IAuthenticationHandlerProvider handlers) : IErasedSubjectSignOut
{
    public async Task SignOutAsync(HttpContext http, DataSubjectReference subject, CancellationToken cancellationToken)
    {
        var scheme = await schemes.GetDefaultSignOutSchemeAsync().ConfigureAwait(false);
        if (scheme is not null && await handlers.GetHandlerAsync(http, scheme.Name).ConfigureAwait(false) is IAuthenticationSignOutHandler)
        {
            await http.SignOutAsync(scheme.Name).ConfigureAwait(false);
        }
    }
}
