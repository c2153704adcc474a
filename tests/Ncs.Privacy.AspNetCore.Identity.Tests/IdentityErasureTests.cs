using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Identity;

namespace Ncs.Privacy.AspNetCore.Identity.Tests;

/// <summary>
/// The done-when of issue 13 on real Identity: two users with everything Identity holds, an order under a legal hold
/// and a shared ticket; the export covers Identity's own download; erasure of the user whose row must stay succeeds and
/// ends every way back in; the other user is untouched.
/// </summary>
public sealed class IdentityErasureTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Export_has_everything_Identitys_download_has_and_erasure_ends_every_way_back_in(DatabaseProvider provider)
    {
        await using var host = await IdentityShopHost.StartAsync(provider);
        var alice = await host.SeedUserAsync("alice");
        var bob = await host.SeedUserAsync("bob");
        await host.WithContextAsync(async db =>
        {
            db.Orders.Add(new ShopOrder { UserId = alice.Id, Amount = 249.50m, PlacedAt = DateTime.UtcNow.AddDays(-3) });
            db.Tickets.Add(new SupportTicket { CustomerId = alice.Id, AgentId = bob.Id, Question = "Where is my parcel?", AgentSignature = "Bob, support" });
            db.Tickets.Add(new SupportTicket { CustomerId = alice.Id, AgentId = null, Question = "Nobody answered yet" });
            db.Tickets.Add(new SupportTicket { CustomerId = bob.Id, AgentId = alice.Id, Question = "Bob asks", AgentSignature = "Alice, support" });
            db.Newsletters.Add(new NewsletterSubscription { UserId = alice.Id, SubscribedAt = DateTime.UtcNow.AddYears(-1) });
            return await db.SaveChangesAsync();
        });

        var bobBefore = await SnapshotAsync(host, bob.Id);
        var token = await host.SignInAsync(alice.Email!, useCookies: false);
        var cookie = await host.SignInAsync(alice.Email!, useCookies: true);
        Assert.NotNull(token);
        Assert.NotNull(cookie);
        using var client = host.Client();

        // The export: at least what Identity's DownloadPersonalData page writes.
        using var exportRequest = IdentityShopHost.Request(HttpMethod.Get, "/api/privacy/me/export", bearer: token);
        var exportResponse = await client.SendAsync(exportRequest);
        Assert.Equal(HttpStatusCode.OK, exportResponse.StatusCode);
        var export = await exportResponse.Content.ReadAsStringAsync();
        var authenticatorKey = await host.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<ApplicationUser>>();
            return await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(alice.Id))!);
        });
        foreach (var expected in new[]
                 {
                     alice.Id, "alice@shop.example", "+46 70 000 00 05", "\"EmailConfirmed\"", "\"PhoneNumberConfirmed\"", "\"TwoFactorEnabled\"",
                     "\"UserName\"", "\"Email\"", "\"PhoneNumber\"", "ALICE", "google-alice-key", authenticatorKey!, "Customer", "Where is my parcel?",
                 })
        {
            Assert.Contains(expected, export, StringComparison.Ordinal);
        }

        // Credentials and secrets are never in the file.
        Assert.DoesNotContain("ya29.secret-of-alice", export, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", export, StringComparison.Ordinal); // Identity's password hash prefix
        var stored = await host.WithContextAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == alice.Id));
        Assert.DoesNotContain(stored.SecurityStamp!, export, StringComparison.Ordinal);
        var recoveryCodes = await host.WithContextAsync(db => db.UserTokens.AsNoTracking().SingleAsync(t => t.UserId == alice.Id && t.Name == "RecoveryCodes"));
        foreach (var code in recoveryCodes.Value!.Split(';'))
        {
            Assert.DoesNotContain(code, export, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("bob@shop.example", export, StringComparison.Ordinal);
        Assert.DoesNotContain("google-bob-key", export, StringComparison.Ordinal);

        // Erasure through the cookie (with the antiforgery token): the order's hold keeps Alice's row.
        var (cookies, headerName, requestToken) = await host.AntiforgeryAsync(cookie!);
        using var planRequest = IdentityShopHost.Request(HttpMethod.Get, "/privacy/me/erasure-plan", cookie: cookies);
        var planResponse = await client.SendAsync(planRequest);
        Assert.Equal(HttpStatusCode.OK, planResponse.StatusCode);
        using var erase = IdentityShopHost.Request(HttpMethod.Post, "/privacy/me/erasure", cookie: cookies);
        erase.Headers.TryAddWithoutValidation("If-Match", planResponse.Headers.ETag!.Tag);
        erase.Headers.Add(headerName, requestToken);
        var erased = await client.SendAsync(erase);
        Assert.True(erased.StatusCode == HttpStatusCode.OK, await erased.Content.ReadAsStringAsync());
        // Signed out in the same response: Identity's cookie is cleared.
        Assert.Contains(erased.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=;", StringComparison.Ordinal));

        var row = await host.WithContextAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == alice.Id));
        Assert.Null(row.PasswordHash);
        Assert.Null(row.UserName);
        Assert.Null(row.NormalizedUserName);
        Assert.Null(row.Email);
        Assert.Null(row.NormalizedEmail);
        Assert.Null(row.PhoneNumber);
        Assert.Null(row.DisplayName);
        Assert.NotNull(row.SecurityStamp);
        Assert.NotEqual(stored.SecurityStamp, row.SecurityStamp);
        Assert.Equal(0, await host.WithContextAsync(db => db.UserTokens.CountAsync(t => t.UserId == alice.Id)));
        Assert.Equal(0, await host.WithContextAsync(db => db.UserLogins.CountAsync(l => l.UserId == alice.Id)));
        Assert.Equal(0, await host.WithContextAsync(db => db.UserClaims.CountAsync(c => c.UserId == alice.Id)));
        Assert.Equal(0, await host.WithContextAsync(db => db.UserRoles.CountAsync(r => r.UserId == alice.Id)));
        Assert.Equal(249.50m, await host.WithContextAsync(db => db.Orders.Where(o => o.UserId == alice.Id).Select(o => o.Amount).SingleAsync()));
        // The ticket with no agent is Alice's alone: it goes, rather than staying as "another subject's data".
        Assert.Equal(0, await host.WithContextAsync(db => db.Tickets.CountAsync(t => t.CustomerId == alice.Id && t.AgentId == null)));

        // No way back in: password, external login, the old token, the old cookie; refused, never a 500.
        Assert.Null(await host.SignInAsync("alice@shop.example", useCookies: false));
        var external = await host.WithServicesAsync(async s =>
        {
            var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = s };
            s.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = http;
            return await s.GetRequiredService<SignInManager<ApplicationUser>>().ExternalLoginSignInAsync("Google", "google-alice-key", isPersistent: false);
        });
        Assert.False(external.Succeeded);
        using var oldToken = IdentityShopHost.Request(HttpMethod.Get, "/api/privacy/me/export", bearer: token);
        var oldTokenResponse = await client.SendAsync(oldToken);
        Assert.True(oldTokenResponse.StatusCode == HttpStatusCode.Unauthorized, await oldTokenResponse.Content.ReadAsStringAsync());
        using var oldTokenPage = IdentityShopHost.Request(HttpMethod.Get, "/account", bearer: token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(oldTokenPage)).StatusCode);
        using var oldCookie = IdentityShopHost.Request(HttpMethod.Get, "/account", cookie: cookie);
        var oldCookieResponse = await client.SendAsync(oldCookie);
        Assert.Equal(HttpStatusCode.Unauthorized, oldCookieResponse.StatusCode);
        using var oldCookieExport = IdentityShopHost.Request(HttpMethod.Get, "/privacy/me/export", cookie: cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(oldCookieExport)).StatusCode);

        // Bob, who shares a ticket with Alice, is byte-identical.
        Assert.Equal(bobBefore, await SnapshotAsync(host, bob.Id));
        var bobToken = await host.SignInAsync("bob@shop.example", useCookies: false);
        Assert.NotNull(bobToken);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task Classify_IdentityUser_reaches_ApplicationUser_and_the_start_up_check_accepts_Identitys_schema()
    {
        await using var host = await IdentityShopHost.StartAsync(DatabaseProvider.Sqlite);
        var model = await host.WithContextAsync(db => Task.FromResult(db.Model));
        var user = model.FindEntityType(typeof(ApplicationUser))!;
        Assert.Equal(IdentityShopPolicy.Subjects.User, user.FindAnnotation(PrivacyAnnotationNames.DataSubject)?.Value);
        Assert.Equal("NotPersonalData", user.FindProperty(nameof(IdentityUser.Id))![PrivacyAnnotationNames.Classification]);
        Assert.Equal("PersonalData", user.FindProperty(nameof(IdentityUser.Email))![PrivacyAnnotationNames.Classification]);
        Assert.Equal("PersonalData", user.FindProperty(nameof(IdentityUser.PasswordHash))![PrivacyAnnotationNames.Classification]);
        var register = host.App.Services.GetRequiredService<IProcessingRegister>().Render(RegisterFormat.Markdown);
        Assert.Contains("IdentityUserLogin<string>", register, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", register, StringComparison.Ordinal);
    }

    /// <summary>Everything of Bob's: his row, claims, logins, tokens, roles, his tickets whole, and what he wrote on Alice's.</summary>
    private static Task<string> SnapshotAsync(IdentityShopHost host, string id) => host.WithContextAsync(async db =>
    {
        var text = new StringBuilder();
        text.Append(JsonSerializer.Serialize(await db.Users.AsNoTracking().SingleAsync(u => u.Id == id))).Append('\n');
        text.Append(JsonSerializer.Serialize(await db.UserClaims.AsNoTracking().Where(c => c.UserId == id).OrderBy(c => c.Id).ToListAsync())).Append('\n');
        text.Append(JsonSerializer.Serialize(await db.UserLogins.AsNoTracking().Where(c => c.UserId == id).OrderBy(c => c.LoginProvider).ToListAsync())).Append('\n');
        text.Append(JsonSerializer.Serialize(await db.UserTokens.AsNoTracking().Where(c => c.UserId == id).OrderBy(c => c.LoginProvider).ThenBy(c => c.Name).ToListAsync())).Append('\n');
        text.Append(JsonSerializer.Serialize(await db.UserRoles.AsNoTracking().Where(c => c.UserId == id).OrderBy(c => c.RoleId).ToListAsync())).Append('\n');
        text.Append(JsonSerializer.Serialize(await db.Tickets.AsNoTracking().Where(t => t.CustomerId == id).OrderBy(t => t.Id).Select(t => new { t.Id, t.Question, t.AgentId }).ToListAsync())).Append('\n');
        text.Append(JsonSerializer.Serialize(await db.Tickets.AsNoTracking().Where(t => t.AgentId == id).OrderBy(t => t.Id).Select(t => new { t.Id, t.AgentSignature }).ToListAsync()));
        return text.ToString();
    });
}

/// <summary>Without <c>AddIdentity</c>, the start-up check lists Identity's columns with type names that compile.</summary>
public sealed class IdentityStartUpMessageTests
{
    [Fact]
    public async Task Without_AddIdentity_the_start_up_check_names_Identitys_generic_types_as_CSharp_does()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<IdentityShopContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(IdentityShopPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(IdentityShopPolicy).Namespace!))).AddEntityFrameworkCore<IdentityShopContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var error = Assert.Throws<PrivacyModelException>(() => scope.ServiceProvider.GetRequiredService<IdentityShopContext>().Model);
        Assert.Contains("IdentityUserLogin<string>.ProviderDisplayName", error.Message, StringComparison.Ordinal);
        Assert.Contains("Classify<IdentityUserLogin<string>>", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", error.Message, StringComparison.Ordinal);
    }
}
