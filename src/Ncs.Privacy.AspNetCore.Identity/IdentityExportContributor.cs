using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore.Identity;

/// <summary>
/// The export's <c>identity</c> section: what Identity's own "Download personal data" page shows that the columns
/// cannot (the authenticator key, which lives in a token row next to recovery codes), the account's roles, and which
/// credentials are held without showing them (password, recovery codes, tokens). See docs/decisions.md.
/// </summary>
/// <typeparam name="TUser">The application's user class.</typeparam>
internal sealed class IdentityExportContributor<TUser>(IServiceScopeFactory scopes, IdentityPrivacyOptions options) : IExportContributor
    where TUser : class
{
    public string Name => "identity";

    public async Task WriteAsync(ExportContributionContext context, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var id = Convert.ToString(context.Subject.Id, System.Globalization.CultureInfo.InvariantCulture);
        if (context.Subject.Category != options.SubjectCategory || id is null)
        {
            writer.WriteNullValue();
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TUser>>();
        var user = await users.FindByIdAsync(id).ConfigureAwait(false);
        if (user is null)
        {
            writer.WriteNullValue();
            return;
        }

        var security = options.SecurityPurpose ?? options.AccountPurpose;
        var retention = options.SecurityRetention ?? options.AccountRetention;
        writer.WriteStartObject();
        writer.WriteString("purpose", security);
        writer.WriteString("retention", retention);
        writer.WriteString("legalBasis", context.Policy.Purposes.TryGetValue(security, out var purpose) ? purpose.LegalBasis.ToString() : null);

        // Identity's DownloadPersonalData includes the authenticator key: the user may need it to set up a new device.
        if (users.SupportsUserAuthenticatorKey && await users.GetAuthenticatorKeyAsync(user).ConfigureAwait(false) is { } key)
        {
            writer.WriteString("authenticatorKey", key);
        }

        if (users.SupportsUserRole)
        {
            writer.WriteStartArray("roles");
            foreach (var role in (await users.GetRolesAsync(user).ConfigureAwait(false)).Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(role);
            }

            writer.WriteEndArray();
        }

        // Held, and named so the user knows, but never shown: a file the user may forward must not carry what signs in.
        writer.WriteStartArray("credentialsHeldNotShown");
        if (users.SupportsUserPassword && await users.HasPasswordAsync(user).ConfigureAwait(false))
        {
            writer.WriteStringValue("password (as a salted hash)");
        }

        if (users.SupportsUserTwoFactorRecoveryCodes && await users.CountRecoveryCodesAsync(user).ConfigureAwait(false) is var codes and > 0)
        {
            writer.WriteStringValue($"{codes} unused two-factor recovery codes");
        }

        if (users.SupportsUserLogin)
        {
            foreach (var login in (await users.GetLoginsAsync(user).ConfigureAwait(false)).OrderBy(l => l.LoginProvider, StringComparer.Ordinal))
            {
                if (await users.GetAuthenticationTokenAsync(user, login.LoginProvider, "access_token").ConfigureAwait(false) is not null)
                {
                    writer.WriteStringValue($"access token from {login.LoginProvider}");
                }
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
