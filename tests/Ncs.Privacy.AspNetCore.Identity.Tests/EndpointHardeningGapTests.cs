using System.Net;
using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.AspNetCore.Identity.Tests;

/// <summary>Gaps in the hardening of the privacy endpoints, found by trying them as a personal-data API.</summary>
public sealed class EndpointHardeningGapTests
{
    private static readonly string Long = new('x', 5000);

    [Fact]
    public async Task The_export_archive_does_not_echo_a_5000_character_category_in_its_problem_details()
    {
        await using var host = await IdentityShopHost.StartAsync(DatabaseProvider.Sqlite);
        var op = await host.SeedUserAsync("operator", IdentityShopHost.OperatorRole);
        var token = await host.SignInAsync(op.Email!, useCookies: false);
        using var client = host.Client();
        using var request = IdentityShopHost.Request(HttpMethod.Get, $"/privacy/subjects/{Long}/1/export/archive", bearer: token);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(Long[..100], body, StringComparison.Ordinal); // today: "Data-subject category 'xxxx…(5000)…'"
        Assert.Contains("5000 characters", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_authenticated_POST_with_an_unrelated_Authorization_header_still_needs_the_antiforgery_token()
    {
        await using var host = await IdentityShopHost.StartAsync(DatabaseProvider.Sqlite);
        var alice = await host.SeedUserAsync("alice");
        var cookie = await host.SignInAsync(alice.Email!, useCookies: true);
        using var client = host.Client();

        // Identity's composite scheme authenticates by the cookie unless the header is "Bearer ...": the request is
        // cookie-authenticated, so the antiforgery check must apply (today it is skipped because some Authorization
        // header is present, and the objection is recorded: 200).
        using var forged = IdentityShopHost.Request(HttpMethod.Post, "/privacy/me/objections/security", cookie: cookie);
        forged.Headers.TryAddWithoutValidation("Authorization", "Basic Zm9vOmJhcg==");
        var response = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_POSTs_answered_412_record_nothing_and_do_not_use_up_the_subjects_erasure_budget()
    {
        await using var host = await IdentityShopHost.StartAsync(DatabaseProvider.Sqlite);
        var alice = await host.SeedUserAsync("alice");
        var token = await host.SignInAsync(alice.Email!, useCookies: false);
        using var client = host.Client();

        // A busy account whose data changes between review and confirmation: each POST is answered 412 and writes
        // nothing, yet today each one takes a permit of the per-subject limit, so the reviewed erasure is refused 429
        // for an hour (Art. 12(3): without undue delay).
        for (var i = 0; i < 10; i++)
        {
            using var stale = IdentityShopHost.Request(HttpMethod.Post, "/api/privacy/me/erasure", bearer: token);
            stale.Headers.TryAddWithoutValidation("If-Match", "\"stale-plan\"");
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
        }

        Assert.Equal(0, await host.WithContextAsync(db => db.Set<Ncs.Privacy.EntityFrameworkCore.PrivacyAuditRecord>().CountAsync()));
        using var plan = IdentityShopHost.Request(HttpMethod.Get, "/api/privacy/me/erasure-plan", bearer: token);
        var planResponse = await client.SendAsync(plan);
        using var erase = IdentityShopHost.Request(HttpMethod.Post, "/api/privacy/me/erasure", bearer: token);
        erase.Headers.TryAddWithoutValidation("If-Match", planResponse.Headers.ETag!.Tag);
        var erased = await client.SendAsync(erase);
        Assert.True(erased.StatusCode == HttpStatusCode.OK, $"{erased.StatusCode}: {await erased.Content.ReadAsStringAsync()}");
    }
}
