using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Ncs.Webshop.Hosting;

/// <summary>
/// SAMPLE ONLY — never use in production. Signs a request in from the header <c>X-Demo-User</c>: <c>customer:42</c>
/// is customer 42, <c>operator</c> is a privacy operator. It stands in for the shop's real sign-in (cookies, OpenID
/// Connect) so the endpoints' authorization can be tried with curl and tested end to end.
/// </summary>
internal sealed class DemoAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Demo";
    public const string Header = "X-Demo-User";
    public const string OperatorRole = "PrivacyOperator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var value = values[0]!;
        Claim[] claims = value switch
        {
            "operator" => [new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, OperatorRole)],
            _ when value.StartsWith("customer:", StringComparison.Ordinal) && int.TryParse(value.AsSpan("customer:".Length), out var id) && id > 0
                => [new Claim(ClaimTypes.Name, value), new Claim(ClaimTypes.NameIdentifier, id.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            _ => [],
        };
        return Task.FromResult(claims.Length == 0
            ? AuthenticateResult.Fail($"{Header} must be 'operator' or 'customer:<id>'.")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName)));
    }
}
