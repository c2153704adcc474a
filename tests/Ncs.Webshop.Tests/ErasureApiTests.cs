using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Webshop.Hosting;

namespace Ncs.Webshop.Tests;

/// <summary>Erasure through the HTTP API, each test on a webshop of its own so that erasures do not meet.</summary>
public sealed class ErasureApiTests
{
    private static async Task<(TestDatabase Database, WebApplication App)> StartAsync(DatabaseProvider db) => await WebshopHosts.StartAsync(db);

    private static Task<HttpClient> ClientAsync(WebApplication app, string user) => WebshopHosts.SignedInAsync(app, user);

    private static async Task<HttpResponseMessage> EraseAsync(HttpClient client, string path, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_customer_reviews_the_plan_then_erases_and_only_the_bookkeeping_hold_remains(DatabaseProvider db)
    {
        var (database, app) = await StartAsync(db);
        await using var _ = database;
        await using var __ = app;
        using var anna = await ClientAsync(app, "customer:1");

        var planResponse = await anna.GetAsync("/privacy/me/erasure-plan");
        Assert.Equal(HttpStatusCode.OK, planResponse.StatusCode);
        var etag = planResponse.Headers.ETag?.Tag;
        Assert.NotNull(etag);
        var plan = await planResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("erase", plan.GetProperty("outcome").GetString());
        var planText = plan.GetRawText();
        Assert.Contains("Bokföringslagen", planText, StringComparison.Ordinal);
        Assert.Contains($"{DateTime.UtcNow.Year + 7}-01-01", planText, StringComparison.Ordinal); // last year's invoice: kept through year + 7 - 1
        Assert.Contains("service-providers", planText, StringComparison.Ordinal); // Art. 19: recipients to tell

        var markdown = await anna.GetStringAsync("/privacy/me/erasure-plan?format=markdown");
        Assert.Contains("# Raderingsplan", markdown, StringComparison.Ordinal); // the webshop's default language

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await EraseAsync(anna, "/privacy/me/erasure", null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await EraseAsync(anna, "/privacy/me/erasure", "\"0123456789abcdef0123456789abcdef\"")).StatusCode);
        var before = await anna.GetStringAsync("/privacy/me/export");
        Assert.Contains("anna.andersson@example.se", before, StringComparison.Ordinal); // nothing happened yet

        var erased = await EraseAsync(anna, "/privacy/me/erasure", etag);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var result = await erased.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("applied", result.GetProperty("result").GetProperty("status").GetString());

        // Anna's account is gone: her token no longer signs her in (a challenge, not an error), nor does her password.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anna.GetAsync("/privacy/me/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anna.PostAsJsonAsync("/account/login", new { email = "anna.andersson@example.se", password = DemoData.SamplePassword })).StatusCode);

        // Completeness: a fresh export (by an operator) shows only what the plan retains: the invoice still under the hold, minimised.
        using var operatorClient = await ClientAsync(app, "operator");
        var after = await operatorClient.GetStringAsync("/privacy/subjects/customer/1/export");
        foreach (var gone in new[] { "anna.andersson@example.se", "+46 70 123 45 67", "Architect", "Sveavägen 1", "torn page", "PAY-7F3A-2017" })
        {
            Assert.DoesNotContain(gone, after, StringComparison.Ordinal);
        }

        Assert.Contains("PAY-91C2-LAST", after, StringComparison.Ordinal); // held by Bokföringslagen until the end of year + 7
        Assert.Contains("Anna Andersson", after, StringComparison.Ordinal); // the held invoice's billing name

        // A second erasure is harmless: a new plan finds only the held invoice and already-anonymised rows; running it
        // keeps every retained value (the anonymised tokens are drawn anew, which discloses nothing).
        var second = await operatorClient.GetAsync("/privacy/subjects/customer/1/erasure-plan");
        Assert.Equal(HttpStatusCode.OK, (await EraseAsync(operatorClient, "/privacy/subjects/customer/1/erasure", second.Headers.ETag?.Tag)).StatusCode);
        Assert.Equal(WithoutTimestamp(after), WithoutTimestamp(await operatorClient.GetStringAsync("/privacy/subjects/customer/1/export")));
    }

    private static string WithoutTimestamp(string export) =>
        System.Text.RegularExpressions.Regex.Replace(
            string.Join('\n', export.Split('\n').Where(l => !l.Contains("\"generatedAt\"", StringComparison.Ordinal))),
            "erased-[0-9]+", "erased-#");

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasure_is_refused_with_the_reason_while_an_invoice_is_unpaid(DatabaseProvider db)
    {
        var (database, app) = await StartAsync(db);
        await using var _ = database;
        await using var __ = app;
        using var bjorn = await ClientAsync(app, "customer:2");

        var plan = await bjorn.GetFromJsonAsync<JsonElement>("/privacy/me/erasure-plan");
        Assert.Equal("refused", plan.GetProperty("outcome").GetString());
        Assert.Contains("unpaid invoice", plan.GetProperty("refusals")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);

        var response = await EraseAsync(bjorn, "/privacy/me/erasure", "*");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("unpaid invoice", problem, StringComparison.Ordinal);
        Assert.Contains("Art. 17(3)(e)", problem, StringComparison.Ordinal);
        Assert.Contains("bjorn.berg@example.se", await bjorn.GetStringAsync("/privacy/me/export"), StringComparison.Ordinal);

        // The refusal is audited, without the customer's values.
        await using var scope = app.Services.CreateAsyncScope();
        var shop = scope.ServiceProvider.GetRequiredService<Model.WebshopContext>();
        var audit = await shop.Set<Ncs.Privacy.EntityFrameworkCore.PrivacyAuditRecord>().AsNoTracking().ToListAsync();
        var refusal = Assert.Single(audit, r => r.Kind == Ncs.Privacy.EntityFrameworkCore.PrivacyAuditRecord.RefusalKind);
        Assert.DoesNotContain("bjorn", System.Text.Json.JsonSerializer.Serialize(refusal), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_customer_cannot_plan_or_erase_another_customer_but_an_operator_can(DatabaseProvider db)
    {
        var (database, app) = await StartAsync(db);
        await using var _ = database;
        await using var __ = app;
        using var anna = await ClientAsync(app, "customer:1");
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync("/privacy/subjects/customer/3/erasure-plan")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await EraseAsync(anna, "/privacy/subjects/customer/3/erasure", "*")).StatusCode);

        using var operatorClient = await ClientAsync(app, "operator");
        Assert.Contains("cecilia.carlsson@example.se", await operatorClient.GetStringAsync("/privacy/subjects/customer/3/export"), StringComparison.Ordinal);
        var plan = await operatorClient.GetAsync("/privacy/subjects/customer/3/erasure-plan");
        Assert.Equal(HttpStatusCode.OK, (await EraseAsync(operatorClient, "/privacy/subjects/customer/3/erasure", plan.Headers.ETag?.Tag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/privacy/subjects/customer/3/export")).StatusCode);

        // Isolation: Anna's data is untouched.
        Assert.Contains("anna.andersson@example.se", await anna.GetStringAsync("/privacy/me/export"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/privacy/subjects/customer/999/erasure-plan")).StatusCode);
    }
}
