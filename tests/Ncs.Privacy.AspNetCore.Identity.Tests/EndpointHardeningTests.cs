using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Identity;

namespace Ncs.Privacy.AspNetCore.Identity.Tests;

/// <summary>The privacy endpoints measured as a personal-data API: headers, no echo, cross-site requests, bounds, races.</summary>
public sealed class EndpointHardeningTests
{
    private static readonly string Long = new('x', 5000);

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Every_response_is_no_store_and_nosniff_and_no_problem_repeats_its_input(DatabaseProvider provider)
    {
        await using var host = await IdentityShopHost.StartAsync(provider);
        var alice = await host.SeedUserAsync("alice");
        var op = await host.SeedUserAsync("operator", IdentityShopHost.OperatorRole);
        var user = await host.SignInAsync(alice.Email!, useCookies: false);
        var operatorToken = await host.SignInAsync(op.Email!, useCookies: false);
        using var client = host.Client();

        var cases = new (string Path, string? Token, HttpStatusCode Status)[]
        {
            ("/privacy/register", operatorToken, HttpStatusCode.OK),
            ("/api/privacy/register", operatorToken, HttpStatusCode.OK), // mapped twice, no duplicate endpoint name
            ("/privacy/register", null, HttpStatusCode.Unauthorized),
            ("/privacy/register?format=" + Long, operatorToken, HttpStatusCode.BadRequest),
            ("/privacy/me/export", user, HttpStatusCode.OK),
            ("/privacy/me/erasure-plan", user, HttpStatusCode.OK),
            ("/privacy/me/erasure-plan?format=" + Long, user, HttpStatusCode.BadRequest),
            ("/privacy/me/objections", user, HttpStatusCode.OK),
            ($"/privacy/subjects/user/{op.Id}/export", user, HttpStatusCode.Forbidden),
            ($"/privacy/subjects/user/{alice.Id}/export", operatorToken, HttpStatusCode.OK),
            ("/privacy/subjects/user/no-such-user/export", operatorToken, HttpStatusCode.NotFound),
            ($"/privacy/subjects/{Long}/1/export", operatorToken, HttpStatusCode.BadRequest),
            ($"/privacy/subjects/{Long}/1/erasure-plan", operatorToken, HttpStatusCode.BadRequest),
        };
        foreach (var (path, token, status) in cases)
        {
            using var request = IdentityShopHost.Request(HttpMethod.Get, path, bearer: token);
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{path[..Math.Min(path.Length, 60)]}: {response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.DoesNotContain(Long[..100], body, StringComparison.Ordinal);
            if (path.Contains(Long, StringComparison.Ordinal))
            {
                Assert.Contains("5000 characters", body, StringComparison.Ordinal);
            }
        }

        using var purpose = IdentityShopHost.Request(HttpMethod.Post, "/privacy/me/objections/" + Long, bearer: user);
        var purposeResponse = await client.SendAsync(purpose);
        var purposeBody = await purposeResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, purposeResponse.StatusCode);
        Assert.DoesNotContain(Long[..100], purposeBody, StringComparison.Ordinal);
        Assert.Contains("5000 characters", purposeBody, StringComparison.Ordinal);
        Assert.Equal("no-store", purposeResponse.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_cookie_authenticated_POST_needs_the_antiforgery_token_and_a_bearer_POST_does_not()
    {
        await using var host = await IdentityShopHost.StartAsync(DatabaseProvider.Sqlite);
        var alice = await host.SeedUserAsync("alice");
        var cookie = await host.SignInAsync(alice.Email!, useCookies: true);
        var token = await host.SignInAsync(alice.Email!, useCookies: false);
        using var client = host.Client();

        using var forged = IdentityShopHost.Request(HttpMethod.Post, "/privacy/me/objections/security", cookie: cookie);
        var forgedResponse = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, forgedResponse.StatusCode);
        Assert.Contains("Antiforgery", await forgedResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var forgedErasure = IdentityShopHost.Request(HttpMethod.Post, "/privacy/me/erasure", cookie: cookie);
        forgedErasure.Headers.TryAddWithoutValidation("If-Match", "*");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(forgedErasure)).StatusCode);
        Assert.Equal(0, await host.WithContextAsync(db => db.Set<PrivacyObjection>().CountAsync()));
        Assert.NotNull(await host.WithContextAsync(db => db.Users.AsNoTracking().Where(u => u.Id == alice.Id).Select(u => u.Email).SingleAsync()));

        var (cookies, header, requestToken) = await host.AntiforgeryAsync(cookie!);
        using var genuine = IdentityShopHost.Request(HttpMethod.Post, "/privacy/me/objections/security", cookie: cookies);
        genuine.Headers.Add(header, requestToken);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(genuine)).StatusCode);

        using var bearer = IdentityShopHost.Request(HttpMethod.Post, "/api/privacy/me/objections/security", bearer: token);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(bearer)).StatusCode);
        Assert.Equal(1, await host.WithContextAsync(db => db.Set<PrivacyObjection>().CountAsync()));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_refused_erasure_repeated_writes_a_bounded_audit_trail_then_answers_429(DatabaseProvider provider)
    {
        await using var host = await IdentityShopHost.StartAsync(provider);
        var alice = await host.SeedUserAsync("alice");
        host.Refused[alice.Id] = true;
        var token = await host.SignInAsync(alice.Email!, useCookies: false);
        using var client = host.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            using var request = IdentityShopHost.Request(HttpMethod.Post, "/api/privacy/me/erasure", bearer: token);
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(10, await host.WithContextAsync(db => db.Set<PrivacyAuditRecord>().CountAsync(a => a.Kind == PrivacyAuditRecord.RefusalKind)));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Duplicate_objections_racing_each_other_all_succeed_and_nothing_is_logged_as_an_error(DatabaseProvider provider)
    {
        await using var host = await IdentityShopHost.StartAsync(provider);
        var alice = await host.SeedUserAsync("alice");
        var token = await host.SignInAsync(alice.Email!, useCookies: false);
        using var client = host.Client();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var request = IdentityShopHost.Request(HttpMethod.Post, "/api/privacy/me/objections/security", bearer: token);
            return (await client.SendAsync(request)).StatusCode;
        }));
        Assert.All(responses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(1, await host.WithContextAsync(db => db.Set<PrivacyObjection>().CountAsync()));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Exception is not null);
    }

    [Fact]
    public async Task A_text_key_is_never_rewritten_so_00001_is_not_another_users_1()
    {
        await using var host = await IdentityShopHost.StartAsync(DatabaseProvider.Sqlite);
        var op = await host.SeedUserAsync("operator", IdentityShopHost.OperatorRole);
        var token = await host.SignInAsync(op.Email!, useCookies: false);
        await host.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<ApplicationUser>>();
            return await users.CreateAsync(new ApplicationUser { Id = "1", UserName = "one@shop.example", Email = "one@shop.example" });
        });
        using var client = host.Client();
        using var padded = IdentityShopHost.Request(HttpMethod.Get, "/privacy/subjects/user/00001/export", bearer: token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(padded)).StatusCode);
        using var exact = IdentityShopHost.Request(HttpMethod.Get, "/privacy/subjects/user/1/export", bearer: token);
        Assert.Contains("\"id\": \"1\"", (await (await client.SendAsync(exact)).Content.ReadAsStringAsync()).Replace("\"id\":\"1\"", "\"id\": \"1\"", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
