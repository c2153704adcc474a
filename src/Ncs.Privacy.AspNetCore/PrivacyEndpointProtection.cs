using Microsoft.AspNetCore.Antiforgery;
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
    /// True unless the POST is authenticated by a cookie without a valid antiforgery token. A request with an
    /// <c>Authorization</c> header (a bearer token) cannot be forged cross-site: browsers never add that header on their own.
    /// </summary>
    public static async Task<bool> IsSameSiteAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true || http.Request.Headers.Authorization.Count > 0 || http.Request.Cookies.Count == 0)
        {
            return true;
        }

        return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http).ConfigureAwait(false);
    }

    /// <summary>The 400 answer to a cookie-authenticated POST without a valid antiforgery token.</summary>
    public static IResult CrossSiteRefused() => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid",
        detail: "A request signed in by a cookie must send the token from GET antiforgery in the header it names (cross-site request protection). Nothing was changed.");
}
