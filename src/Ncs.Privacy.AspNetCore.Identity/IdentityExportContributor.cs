using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore.Identity;

/// <summary>
/// The export's <c>identity</c> section: what Identity's own "Download personal data" page shows that the columns
/// cannot (the authenticator key, which lives in a token row next to recovery codes), the account's roles, and which
/// credentials are held without showing them (password, recovery codes, tokens). See docs/decisions.md.
/// </summary>
/// <remarks>
/// Reads in the export's scope (<see cref="ExportContributionContext.Services"/>): its context and open connection. When
/// the user store is Identity's EF Core one, the section is read from Identity's tables with four queries whatever the
/// account holds (the user, its tokens, its logins, its roles); any other store is asked through <see cref="UserManager{TUser}"/>,
/// one call per item. Both give the same section (IdentityExportTests).
/// </remarks>
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

        IdentityAccount? account;
        if (context.Services is { } services)
        {
            account = await ReadAsync(services, id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await using var scope = scopes.CreateAsyncScope();
            account = await ReadAsync(scope.ServiceProvider, id, cancellationToken).ConfigureAwait(false);
        }

        Write(account, context.Policy, writer);
    }

    /// <summary>The account as the section shows it: from Identity's tables when the store is EF Core's, else through the user manager.</summary>
    internal static Task<IdentityAccount?> ReadAsync(IServiceProvider services, string id, CancellationToken cancellationToken) =>
        services.GetService<IUserStore<TUser>>() is { } store && IdentityTables.For(store.GetType()) is { } tables
            ? tables.ReadAsync(store, id, cancellationToken)
            : ReadThroughUserManagerAsync(services.GetRequiredService<UserManager<TUser>>(), id);

    /// <summary>Any user store: one <see cref="UserManager{TUser}"/> call per item, each asked only where the store supports it.</summary>
    internal static async Task<IdentityAccount?> ReadThroughUserManagerAsync(UserManager<TUser> users, string id)
    {
        var user = await users.FindByIdAsync(id).ConfigureAwait(false);
        if (user is null)
        {
            return null;
        }

        var key = users.SupportsUserAuthenticatorKey ? await users.GetAuthenticatorKeyAsync(user).ConfigureAwait(false) : null;
        IReadOnlyList<string?>? roles = users.SupportsUserRole ? [.. await users.GetRolesAsync(user).ConfigureAwait(false)] : null;
        var password = users.SupportsUserPassword && await users.HasPasswordAsync(user).ConfigureAwait(false);
        var codes = users.SupportsUserTwoFactorRecoveryCodes ? await users.CountRecoveryCodesAsync(user).ConfigureAwait(false) : 0;
        var accessTokens = new List<string>();
        if (users.SupportsUserLogin)
        {
            foreach (var login in await users.GetLoginsAsync(user).ConfigureAwait(false))
            {
                if (await users.GetAuthenticationTokenAsync(user, login.LoginProvider, "access_token").ConfigureAwait(false) is not null)
                {
                    accessTokens.Add(login.LoginProvider);
                }
            }
        }

        return new IdentityAccount(key, roles, password, codes, accessTokens);
    }

    private void Write(IdentityAccount? account, PrivacyPolicy policy, Utf8JsonWriter writer)
    {
        if (account is null)
        {
            writer.WriteNullValue();
            return;
        }

        var security = options.SecurityPurpose ?? options.AccountPurpose;
        var retention = options.SecurityRetention ?? options.AccountRetention;
        writer.WriteStartObject();
        writer.WriteString("purpose", security);
        writer.WriteString("retention", retention);
        writer.WriteString("legalBasis", policy.Purposes.TryGetValue(security, out var purpose) ? purpose.LegalBasis.ToString() : null);

        // Identity's DownloadPersonalData includes the authenticator key: the user may need it to set up a new device.
        if (account.AuthenticatorKey is { } key)
        {
            writer.WriteString("authenticatorKey", key);
        }

        if (account.Roles is { } roles)
        {
            writer.WriteStartArray("roles");
            foreach (var role in roles.Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(role);
            }

            writer.WriteEndArray();
        }

        // Held, and named so the user knows, but never shown: a file the user may forward must not carry what signs in.
        writer.WriteStartArray("credentialsHeldNotShown");
        if (account.HasPassword)
        {
            writer.WriteStringValue("password (as a salted hash)");
        }

        if (account.RecoveryCodes > 0)
        {
            writer.WriteStringValue($"{account.RecoveryCodes} unused two-factor recovery codes");
        }

        foreach (var provider in account.AccessTokenProviders.Order(StringComparer.Ordinal))
        {
            writer.WriteStringValue($"access token from {provider}");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>What the <c>identity</c> section shows of an account.</summary>
/// <param name="AuthenticatorKey">The authenticator key, if one is set.</param>
/// <param name="Roles">The names of the account's roles; null when the store keeps no roles (no <c>roles</c> member is written).</param>
/// <param name="HasPassword">Whether a password hash is held.</param>
/// <param name="RecoveryCodes">The number of unused two-factor recovery codes.</param>
/// <param name="AccessTokenProviders">The external login providers, one per login, that hold an access token for it.</param>
internal sealed record IdentityAccount(string? AuthenticatorKey, IReadOnlyList<string?>? Roles, bool HasPassword, int RecoveryCodes, IReadOnlyList<string> AccessTokenProviders);

/// <summary>
/// Reads an account's section from Identity's EF Core tables, for a store that is Identity's <c>UserStore</c> or
/// <c>UserOnlyStore</c> (found by name, so that this package needs no reference to Identity's EF Core package): four
/// queries (user, tokens, logins, roles) in the store's context, whatever the account holds.
/// </summary>
internal abstract class IdentityTables
{
    /// <summary>Identity's own name for the tokens its store keeps (UserStoreBase.InternalLoginProvider).</summary>
    protected const string StoreProvider = "[AspNetUserStore]";

    private const string StoreNamespace = "Microsoft.AspNetCore.Identity.EntityFrameworkCore";

    private static readonly ConcurrentDictionary<Type, IdentityTables?> ByStoreType = new();

    /// <summary>The reader for a store type, or null when the store is not Identity's EF Core store.</summary>
    public static IdentityTables? For(Type storeType) => ByStoreType.GetOrAdd(storeType, Create);

    public abstract Task<IdentityAccount?> ReadAsync(object store, string id, CancellationToken cancellationToken);

    private static IdentityTables? Create(Type storeType)
    {
        for (var type = storeType; type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType || type.Namespace != StoreNamespace)
            {
                continue;
            }

            var name = type.GetGenericTypeDefinition().Name;
            var arguments = type.GetGenericArguments();
            Type[]? tables = name switch
            {
                // UserStore<TUser, TRole, TContext, TKey, TUserClaim, TUserRole, TUserLogin, TUserToken, TRoleClaim[, TUserPasskey]>
                "UserStore`9" or "UserStore`10" => [arguments[0], arguments[3], arguments[7], arguments[6], arguments[5], arguments[1]],
                // UserOnlyStore<TUser, TContext, TKey, TUserClaim, TUserLogin, TUserToken[, TUserPasskey]>: no roles
                "UserOnlyStore`6" or "UserOnlyStore`7" => [arguments[0], arguments[2], arguments[5], arguments[4], typeof(IdentityUserRole<>).MakeGenericType(arguments[2]), typeof(IdentityRole<>).MakeGenericType(arguments[2])],
                _ => null,
            };
            if (tables is null)
            {
                continue;
            }

            PropertyInfo? context;
            try
            {
                context = storeType.GetProperty("Context", BindingFlags.Public | BindingFlags.Instance);
            }
            catch (AmbiguousMatchException)
            {
                return null;
            }

            if (context is null || !typeof(DbContext).IsAssignableFrom(context.PropertyType))
            {
                return null;
            }

            try
            {
                var reader = typeof(IdentityTables<,,,,,>).MakeGenericType(tables);
                return (IdentityTables)Activator.CreateInstance(reader, context, name.StartsWith("UserStore`", StringComparison.Ordinal))!;
            }
            catch (ArgumentException)
            {
                return null; // a generic argument outside Identity's base classes' constraints: ask the user manager
            }
        }

        return null;
    }
}

/// <summary>The queries of <see cref="IdentityTables"/> for one set of Identity's entity classes.</summary>
internal sealed class IdentityTables<TUser, TKey, TUserToken, TUserLogin, TUserRole, TRole>(PropertyInfo contextProperty, bool hasRoles) : IdentityTables
    where TUser : IdentityUser<TKey>
    where TKey : IEquatable<TKey>
    where TUserToken : IdentityUserToken<TKey>
    where TUserLogin : IdentityUserLogin<TKey>
    where TUserRole : IdentityUserRole<TKey>
    where TRole : IdentityRole<TKey>
{
    private static readonly TypeConverter KeyConverter = TypeDescriptor.GetConverter(typeof(TKey));

    public override async Task<IdentityAccount?> ReadAsync(object store, string id, CancellationToken cancellationToken)
    {
        var context = (DbContext)contextProperty.GetValue(store)!;

        // As the store's FindByIdAsync: the key converted from its invariant text, the user's query filters applied.
        var key = (TKey)KeyConverter.ConvertFromInvariantString(id)!;

        // 1: no password; 2: a password hash is held.
        var users = await context.Set<TUser>().AsNoTracking().Where(u => u.Id.Equals(key)).Select(u => u.PasswordHash == null ? 1 : 2)
            .ToListAsync(cancellationToken).ConfigureAwait(false); // by key: one row at most
        if (users.Count == 0)
        {
            return null;
        }

        var hasPassword = users[0] == 2;

        var tokens = await context.Set<TUserToken>().AsNoTracking().Where(t => t.UserId.Equals(key))
            .Select(t => new TokenRow(t.LoginProvider, t.Name, t.Value))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var logins = await context.Set<TUserLogin>().AsNoTracking().Where(l => l.UserId.Equals(key)).Select(l => l.LoginProvider)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        List<string?>? roles = null;
        if (hasRoles)
        {
            roles = await (from userRole in context.Set<TUserRole>().AsNoTracking()
                           join role in context.Set<TRole>().AsNoTracking() on userRole.RoleId equals role.Id
                           where userRole.UserId.Equals(key)
                           select role.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        string? authenticatorKey = null;
        var codes = 0;
        foreach (var token in tokens)
        {
            if (token.LoginProvider == StoreProvider && token.Name == "AuthenticatorKey")
            {
                authenticatorKey = token.Value;
            }
            else if (token.LoginProvider == StoreProvider && token.Name == "RecoveryCodes" && token.Value is { Length: > 0 } merged)
            {
                codes = merged.AsSpan().Count(';') + 1; // as the store's CountCodesAsync
            }
        }

        // One line per login whose provider holds an access token, as the user manager's path (GetAuthenticationTokenAsync per login).
        var accessTokens = logins.Where(provider => tokens.Any(t => t.LoginProvider == provider && t.Name == "access_token" && t.Value is not null)).ToList();
        return new IdentityAccount(authenticatorKey, roles, hasPassword, codes, accessTokens);
    }

    private sealed record TokenRow(string LoginProvider, string Name, string? Value);
}
