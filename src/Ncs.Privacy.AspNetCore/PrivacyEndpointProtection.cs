using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ncs.Privacy.AspNetCore;

/// <summary>
/// What every privacy endpoint group shares, whichever method maps it: responses are neither cached nor sniffed, and a
/// cookie-authenticated POST must carry ASP.NET Core's antiforgery token. One definition, so that the subject endpoints
/// and the request endpoints cannot drift apart.
/// </summary>
internal static class PrivacyEndpointProtection
{
    /// <summary>Adds <c>Cache-Control: no-store</c>, <c>Pragma: no-cache</c> and <c>X-Content-Type-Options: nosniff</c> to every response of the group.</summary>
    public static RouteGroupBuilder WithPrivacyResponseHeaders(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            // Personal data and plans must not stay in a browser's or a proxy's cache, and no response is sniffed into
            // something executable. OnStarting: the headers survive a cleared response (the exception handler's 500).
            var response = context.HttpContext.Response;
            response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            }, response);
            return await next(context).ConfigureAwait(false);
        });
        return group;
    }

    /// <summary>Refuses, before the handler runs, every POST of the group that <see cref="IsSameSiteAsync"/> does not accept.</summary>
    public static RouteGroupBuilder WithCrossSiteRequestProtection(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (HttpMethods.IsPost(http.Request.Method) && !await IsSameSiteAsync(http).ConfigureAwait(false))
            {
                return CrossSiteRefused();
            }

            return await next(context).ConfigureAwait(false);
        });
        return group;
    }

    /// <summary>
    /// True unless the POST is authenticated by a cookie without a valid antiforgery token. What decides is the scheme that
    /// actually authenticated the request (the authentication result's ticket), not the headers it carries: a browser adds
    /// cookies on its own but never a bearer token, while an unrelated <c>Authorization</c> header (Basic, say) next to a
    /// cookie that authenticated the request proves nothing. When no ticket says which scheme it was (a custom middleware
    /// set the user), a request with cookies is treated as cookie-authenticated unless it carries a bearer token.
    /// </summary>
    public static async Task<bool> IsSameSiteAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true || http.Request.Cookies.Count == 0)
        {
            return true;
        }

        var byCookie = await IsCookieAuthenticatedAsync(http).ConfigureAwait(false)
            ?? !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        return !byCookie || await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http).ConfigureAwait(false);
    }

    /// <summary>Whether a cookie handler authenticated the request; null when the request does not say which scheme did.</summary>
    private static async Task<bool?> IsCookieAuthenticatedAsync(HttpContext http)
    {
        var schemes = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme;
        if (string.IsNullOrEmpty(schemes))
        {
            return null;
        }

        var handlers = http.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
        foreach (var scheme in schemes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // A scheme the request names but the application cannot resolve is treated as a cookie: the check then applies.
            if (await handlers.GetHandlerAsync(http, scheme).ConfigureAwait(false) is null or CookieAuthenticationHandler)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The 400 answer to a cookie-authenticated POST without a valid antiforgery token.</summary>
    public static IResult CrossSiteRefused() => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid",
        detail: "A request signed in by a cookie must send the token from GET antiforgery in the header it names (cross-site request protection). Nothing was changed.");
}
