using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ncs.Privacy.Testing;

namespace Ncs.Webshop.Tests;

/// <summary>NCS takes requests by e-mail: an operator records an objection and an erasure request through the operator API and answers both.</summary>
public class RequestApiTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_operator_records_and_answers_emailed_requests(DatabaseProvider provider)
    {
        var (database, app) = await WebshopHosts.StartAsync(provider);
        try
        {
            // The operator signs in with Identity and calls the API with the bearer token.
            using var op = await WebshopHosts.SignedInAsync(app, "operator");

            var recorded = await op.PostAsJsonAsync("/privacy/requests", new { right = "objection", channel = "email", purpose = "customer-experience", reference = "NCS-MAIL-1" });
            Assert.Equal("no-store", recorded.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", string.Join(",", recorded.Headers.GetValues("X-Content-Type-Options")));
            var objection = await Json(recorded);
            var objectionId = objection.GetProperty("id").GetString();
            Assert.Equal("received", objection.GetProperty("state").GetString());
            await op.PostAsJsonAsync($"/privacy/requests/{objectionId}/verify", new { subjectId = "2", method = "operator-check", evidence = "Sent from the address on file." });
            var objected = await Json(await op.PostAsJsonAsync($"/privacy/requests/{objectionId}/objection", new { subjectId = "2" }));
            Assert.Equal("completed", objected.GetProperty("state").GetString());

            var erasure = await Json(await op.PostAsJsonAsync("/privacy/requests", new { right = "erasure", channel = "email", reference = "NCS-MAIL-2" }));
            var erasureId = erasure.GetProperty("id").GetString();
            await op.PostAsJsonAsync($"/privacy/requests/{erasureId}/verify", new { subjectId = "3", method = "operator-check", evidence = "Reply from the address on file." });
            var plan = await op.GetAsync($"/privacy/requests/{erasureId}/erasure-plan?subjectId=3");
            Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
            using var run = new HttpRequestMessage(HttpMethod.Post, $"/privacy/requests/{erasureId}/erasure") { Content = JsonContent.Create(new { subjectId = "3" }) };
            run.Headers.TryAddWithoutValidation("If-Match", plan.Headers.ETag!.ToString());
            var erased = await Json(await op.SendAsync(run));
            Assert.Equal("completed", erased.GetProperty("state").GetString());

            var open = await Json(await op.GetAsync("/privacy/requests?state=received,verified,inProgress"));
            Assert.Equal(0, open.GetArrayLength());
            Assert.Equal(2, (await Json(await op.GetAsync("/privacy/requests?state=completed"))).GetArrayLength());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            await database.DisposeAsync();
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
