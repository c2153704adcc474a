using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Ncs.Privacy.Testing;
using Ncs.Webshop.Hosting;

namespace Ncs.Webshop.Tests;

/// <summary>The sample signs customers in with ASP.NET Core Identity and starts only with its secrets in place.</summary>
[Collection(WebshopCollection.Name)]
public sealed class IdentitySignInTests(WebshopHosts hosts)
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_customer_registers_with_what_NCS_asks_for_and_signs_in_by_cookie_and_by_token(DatabaseProvider db)
    {
        using var client = hosts.Client(db);
        var email = $"new-{db}@example.se".ToLowerInvariant();
        var registered = await client.PostAsJsonAsync("/account/registration", new { email, password = "Ncs-Register-1!", name = "Nils Nyberg", phone = "+46 8 617 47 00", professionalCategory = "Architect" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/account/register", new { email = "x@example.se", password = "Ncs-Register-1!" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/account/registration", new { email = "y@example.se", password = "Ncs-Register-1!" })).StatusCode);

        var token = (await (await client.PostAsJsonAsync("/account/login", new { email, password = "Ncs-Register-1!" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/privacy/me/export");
        api.Headers.Authorization = new("Bearer", token);
        var export = await (await client.SendAsync(api)).Content.ReadAsStringAsync();
        foreach (var value in new[] { email, "Nils Nyberg", "+46 8 617 47 00", "Architect" })
        {
            Assert.Contains(value, export, StringComparison.Ordinal);
        }

        var cookieLogin = await client.PostAsJsonAsync("/account/login?useCookies=true", new { email, password = "Ncs-Register-1!" });
        var cookie = string.Join("; ", cookieLogin.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var page = new HttpRequestMessage(HttpMethod.Get, "/privacy/me/objections");
        page.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(page)).StatusCode);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_export_names_the_subject_by_its_canonical_key(DatabaseProvider db)
    {
        using var client = await hosts.ClientAsync(db, "operator");
        foreach (var spelling in new[] { "1", "00001", "+1" })
        {
            var export = await client.GetFromJsonAsync<JsonElement>($"/privacy/subjects/customer/{Uri.EscapeDataString(spelling)}/export");
            Assert.Equal("1", export.GetProperty("subject").GetProperty("id").GetString());
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_export_archive_answers_a_malformed_or_unknown_identifier_as_the_JSON_export_does(DatabaseProvider db)
    {
        using var client = await hosts.ClientAsync(db, "operator");
        var malformed = new string('y', 300);
        foreach (var route in new[] { "export", "export/archive" })
        {
            var bad = await client.GetAsync($"/privacy/subjects/customer/{malformed}/{route}");
            var body = await bad.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.DoesNotContain(malformed[..50], body, StringComparison.Ordinal);
            Assert.Contains("300 characters", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/privacy/subjects/customer/0099999/{route}")).StatusCode);
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_export_archive_names_the_subject_by_its_canonical_key(DatabaseProvider db)
    {
        using var client = await hosts.ClientAsync(db, "operator");
        foreach (var spelling in new[] { "1", "00001", "+1", " 1" })
        {
            var response = await client.GetAsync($"/privacy/subjects/customer/{Uri.EscapeDataString(spelling)}/export/archive");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"'{spelling}': {response.StatusCode}");
            using var archive = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync(), System.IO.Compression.ZipArchiveMode.Read);
            var json = archive.Entries.Single(e => e.FullName.EndsWith(".json", StringComparison.Ordinal));
            using var reader = new StreamReader(json.Open());
            var export = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement;
            Assert.Equal("1", export.GetProperty("subject").GetProperty("id").GetString());
        }
    }

    [Fact]
    public void Outside_Development_the_sample_refuses_to_start_without_an_audit_key_and_says_where_to_put_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => WebshopApp.Build(["--environment=Production"], b => b.WebHost.UseTestServer()));
        Assert.Contains("Privacy:AuditKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("user-secrets", error.Message, StringComparison.Ordinal);
        Assert.Contains("Privacy__AuditKey", error.Message, StringComparison.Ordinal);

        using var development = WebshopApp.Build(["--environment=Development", "--Privacy:AuditKey="], b => b.WebHost.UseTestServer()) as IDisposable;
        Assert.NotNull(development);
    }
}
