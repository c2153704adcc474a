using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Identity;
using P = Ncs.Privacy.Testing.Identity.IdentityShopPolicy.Purposes;
using R = Ncs.Privacy.Testing.Identity.IdentityShopPolicy.Retention;

namespace Ncs.Privacy.AspNetCore.Identity.Tests;

/// <summary>
/// An application made from the Individual-accounts template, on a real database behind the real test server:
/// Identity's API endpoints (cookie and bearer), the privacy endpoints mapped twice (<c>/privacy</c> for pages and
/// <c>/api/privacy</c> for the API), and the library adopted with <c>AddIdentity&lt;ApplicationUser&gt;</c>.
/// </summary>
public sealed class IdentityShopHost : IAsyncDisposable
{
    public const string Password = "Correct-Horse-7";
    public const string OperatorRole = "PrivacyOperator";

    private IdentityShopHost(TestDatabase database, WebApplication app, LogCapture logs)
    {
        Database = database;
        App = app;
        Logs = logs;
    }

    public TestDatabase Database { get; }

    public WebApplication App { get; }

    public LogCapture Logs { get; }

    /// <summary>Subjects whose erasure <see cref="RefusingGuard"/> refuses.</summary>
    public ConcurrentDictionary<string, bool> Refused { get; } = new();

    public static async Task<IdentityShopHost> StartAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var logs = new LogCapture();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        builder.Services.AddDbContext<IdentityShopContext>(o => database.Configure(o));
        builder.Services.AddIdentityApiEndpoints<ApplicationUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<IdentityShopContext>();
        builder.Services.AddAuthorization();
        builder.Services.AddProblemDetails();
        builder.Services.AddPrivacy(p => p.UsePolicy(typeof(IdentityShopPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(IdentityShopPolicy).Namespace!)))
            .AddEntityFrameworkCore<IdentityShopContext>()
            .AddObjections<IdentityShopContext>()
            .AddErasure(e => e.AuditKey = "identity-tests-audit-key-0123456789abcdef")
            .AddErasureGuard<RefusingGuard>()
            .AddEndpoints(e => e.OperatorRole = OperatorRole)
            .AddIdentity<ApplicationUser>(IdentityShopPolicy.Subjects.User, P.Account, R.WhileAccount, o => o.SecurityPurpose = P.Security);
        builder.Services.AddSingleton<RefusedSubjects>();

        var app = builder.Build();
        var host = new IdentityShopHost(database, app, logs);
        app.Services.GetRequiredService<RefusedSubjects>().Set = host.Refused;
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapIdentityApi<ApplicationUser>();
        app.MapGet("/account", (ClaimsPrincipal user) => Results.Text(user.FindFirstValue(ClaimTypes.NameIdentifier))).RequireAuthorization();
        app.MapPrivacyEndpoints();
        app.MapGroup("/api").MapPrivacyEndpoints();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdentityShopContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        return host;
    }

    public HttpClient Client() => App.GetTestClient();

    /// <summary>Creates a user with everything Identity can hold about one: password, external login, claim, role, authenticator key, recovery codes, tokens.</summary>
    public async Task<ApplicationUser> SeedUserAsync(string name, string? role = "Customer")
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var user = new ApplicationUser { UserName = $"{name}@shop.example", Email = $"{name}@shop.example", EmailConfirmed = true, PhoneNumber = "+46 70 000 00 0" + name.Length, DisplayName = name.ToUpperInvariant() };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddLoginAsync(user, new UserLoginInfo("Google", $"google-{name}-key", "Google")));
        Check(await users.AddClaimAsync(user, new Claim("given_name", name)));
        if (role is not null)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }

            Check(await users.AddToRoleAsync(user, role));
        }

        Check(await users.ResetAuthenticatorKeyAsync(user));
        Assert.NotNull(await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10));
        Check(await users.SetAuthenticationTokenAsync(user, "Google", "access_token", $"ya29.secret-of-{name}"));
        return user;
    }

    public async Task<T> WithContextAsync<T>(Func<IdentityShopContext, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IdentityShopContext>());
    }

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Signs in through Identity's <c>/login</c>: a bearer token, or (useCookies) the cookie's header value.</summary>
    public async Task<string?> SignInAsync(string email, bool useCookies, string password = Password)
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync(useCookies ? "/login?useCookies=true" : "/login", new { email, password });
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        if (useCookies)
        {
            return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? bearer = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    /// <summary>The antiforgery cookie and header a cookie-authenticated POST sends back.</summary>
    public async Task<(string Cookie, string HeaderName, string Token)> AntiforgeryAsync(string cookie)
    {
        using var client = Client();
        using var request = Request(HttpMethod.Get, "/privacy/antiforgery", cookie: cookie);
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var antiforgeryCookie = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        return (cookie + "; " + antiforgeryCookie, body.GetProperty("headerName").GetString()!, body.GetProperty("requestToken").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await Database.DisposeAsync();
    }

    private static void Check(IdentityResult result) => Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}

/// <summary>Which subjects the guard refuses (set per host).</summary>
public sealed class RefusedSubjects
{
    public ConcurrentDictionary<string, bool> Set { get; set; } = new();
}

/// <summary>Refuses the erasure of the subjects in <see cref="RefusedSubjects"/> (a debt, a dispute).</summary>
public sealed class RefusingGuard(RefusedSubjects refused) : IErasureGuard
{
    public ValueTask<IReadOnlyList<ErasureObjection>> CheckAsync(ErasureGuardContext context, CancellationToken cancellationToken)
        => ValueTask.FromResult<IReadOnlyList<ErasureObjection>>(refused.Set.ContainsKey(Convert.ToString(context.SubjectId, System.Globalization.CultureInfo.InvariantCulture)!)
            ? [new ErasureObjection("An open dispute about the account")]
            : []);
}

/// <summary>Keeps every log entry, to prove what is and is not logged at error level.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Entries.Enqueue((category, logLevel, formatter(state, exception), exception));
    }
}
