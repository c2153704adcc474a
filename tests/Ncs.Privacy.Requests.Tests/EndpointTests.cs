using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ncs.Privacy.AspNetCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Signs a test request in from <c>X-Test-User</c>: <c>customer:1</c>, or <c>operator</c>.</summary>
public sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var user = Request.Headers["X-Test-User"].ToString();
        Claim[] claims = user switch
        {
            "" => [],
            "operator" => [new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, "PrivacyOperator")],
            _ when user.StartsWith("customer:", StringComparison.Ordinal) => [new Claim(ClaimTypes.NameIdentifier, user["customer:".Length..])],
            _ => [new Claim(ClaimTypes.Name, user)],
        };
        return Task.FromResult(claims.Length == 0
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, "Test")), "Test")));
    }
}

/// <summary>The request endpoints through the real ASP.NET Core pipeline (TestServer), on both engines.</summary>
public class EndpointTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static async Task<(WebApplication App, TestDatabase Database)> StartAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        Harness.Register(builder.Services, database, new ManualTime(Harness.Start), new LogSink())
            .AddEndpoints(o => o.SelfServiceCategory = RequestPolicy.Subjects.Customer)
            .AddRequestEndpoints();
        builder.Services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, TestAuthentication>("Test", null);
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPrivacyRequestEndpoints();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<RequestContext>();
            await context.Database.EnsureCreatedAsync();
            await RequestContext.SeedAsync(context, Harness.Start.UtcDateTime);
        }

        await app.StartAsync();
        return (app, database);
    }

    private static HttpClient Client(WebApplication app, string? user)
    {
        var client = app.GetTestClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add("X-Test-User", user);
        }

        return client;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_subject_sees_only_their_own_requests(DatabaseProvider provider)
    {
        var (app, database) = await StartAsync(provider);
        await using var _ = app;
        await using var __ = database;
        var alice = Client(app, "customer:1");
        var bob = Client(app, "customer:2");

        var submitted = await alice.PostAsJsonAsync("/privacy/me/requests", new { right = "access" });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var aliceRequest = await ReadAsync(submitted);
        Assert.Equal("verified", aliceRequest.GetProperty("state").GetString());
        Assert.Equal("signed-in", aliceRequest.GetProperty("verificationMethod").GetString());
        Assert.Equal("2026-04-16", aliceRequest.GetProperty("dueOn").GetString());
        var id = aliceRequest.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await bob.PostAsJsonAsync("/privacy/me/requests", new { right = "erasure" })).StatusCode);

        var aliceList = await ReadAsync(await alice.GetAsync("/privacy/me/requests"));
        Assert.Equal([id], aliceList.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        var bobList = await ReadAsync(await bob.GetAsync("/privacy/me/requests"));
        Assert.DoesNotContain(id, bobList.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Single(bobList.EnumerateArray());

        // Another person's request does not exist for Bob: not readable, not withdrawable, not runnable.
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/privacy/me/requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/privacy/me/requests/{id}/withdraw", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/privacy/me/requests/{id}/export", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/privacy/me/requests/{id}")).StatusCode);

        // Subjects do not reach the operator API; anonymous callers reach nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/privacy/requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync($"/privacy/requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync($"/privacy/requests/{id}/complete", new { text = "done" })).StatusCode);
        var anonymous = Client(app, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/privacy/me/requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/privacy/requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(app, "someone").GetAsync("/privacy/me/requests")).StatusCode);

        // Alice runs her own access request: her export, with her request in it.
        var export = await alice.PostAsync($"/privacy/me/requests/{id}/export", null);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var exported = await export.Content.ReadAsStringAsync();
        Assert.Contains("alice@requests.example", exported);
        Assert.DoesNotContain("bob@requests.example", exported);
        Assert.Equal("completed", (await ReadAsync(await alice.GetAsync($"/privacy/me/requests/{id}"))).GetProperty("state").GetString());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_operator_records_verifies_extends_and_answers_emailed_requests(DatabaseProvider provider)
    {
        var (app, database) = await StartAsync(provider);
        await using var _ = app;
        await using var __ = database;
        var op = Client(app, "operator");

        // An e-mailed erasure request: recorded with the time the mail arrived, verified by the operator's check.
        var recorded = await op.PostAsJsonAsync("/privacy/requests", new { right = "erasure", channel = "email", receivedAt = "2026-03-14T18:30:00+01:00", reference = "MAIL-1402" });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var erasure = await ReadAsync(recorded);
        var erasureId = erasure.GetProperty("id").GetGuid();
        Assert.Equal("2026-04-14", erasure.GetProperty("dueOn").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await op.GetAsync($"/privacy/requests/{erasureId}/erasure-plan?subjectId=2")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await op.PostAsJsonAsync($"/privacy/requests/{erasureId}/verify", new { subjectId = "2", method = "operator-check", evidence = "" })).StatusCode);
        var verified = await op.PostAsJsonAsync($"/privacy/requests/{erasureId}/verify", new { subjectId = "2", method = "operator-check", evidence = "Sent from the address on file." });
        Assert.Equal("verified", (await ReadAsync(verified)).GetProperty("state").GetString());

        var planResponse = await op.GetAsync($"/privacy/requests/{erasureId}/erasure-plan?subjectId=2");
        Assert.Equal(HttpStatusCode.OK, planResponse.StatusCode);
        var etag = planResponse.Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await op.PostAsJsonAsync($"/privacy/requests/{erasureId}/erasure", new { subjectId = "2" })).StatusCode);
        using var erase = new HttpRequestMessage(HttpMethod.Post, $"/privacy/requests/{erasureId}/erasure") { Content = JsonContent.Create(new { subjectId = "2" }) };
        erase.Headers.TryAddWithoutValidation("If-Match", etag);
        var erased = await op.SendAsync(erase);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal("completed", (await ReadAsync(erased)).GetProperty("state").GetString());

        // An e-mailed objection, carried out.
        var objection = await ReadAsync(await op.PostAsJsonAsync("/privacy/requests", new { right = "objection", channel = "email", purpose = "marketing", subjectId = "1" }));
        var objectionId = objection.GetProperty("id").GetGuid();
        await op.PostAsJsonAsync($"/privacy/requests/{objectionId}/verify", new { subjectId = "1", evidence = "Reply from the address on file." });
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/privacy/requests/{objectionId}/objection", new { subjectId = "1" })).StatusCode);

        // A letter, extended and then refused with reasons and the right to complain.
        var letter = await ReadAsync(await op.PostAsJsonAsync("/privacy/requests", new { right = "access", channel = "letter" }));
        var letterId = letter.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/privacy/requests/{letterId}/extend", new { months = 2, reason = "" })).StatusCode);
        var extended = await ReadAsync(await op.PostAsJsonAsync($"/privacy/requests/{letterId}/extend", new { months = 2, reason = "The archive is searched by hand." }));
        Assert.Equal("2026-06-16", extended.GetProperty("dueOn").GetString());
        var refused = await ReadAsync(await op.PostAsJsonAsync($"/privacy/requests/{letterId}/refuse", new { text = "The letter's signature does not match (Art. 12(6))." }));
        Assert.Equal("refused", refused.GetProperty("state").GetString());
        Assert.Contains("IMY", refused.GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/privacy/requests/{letterId}/complete", new { text = "x" })).StatusCode);

        // Filters.
        var all = await ReadAsync(await op.GetAsync("/privacy/requests"));
        Assert.Equal(3, all.GetArrayLength());
        Assert.Equal(2, (await ReadAsync(await op.GetAsync("/privacy/requests?state=completed"))).GetArrayLength());
        Assert.Equal([letterId], (await ReadAsync(await op.GetAsync("/privacy/requests?state=refused"))).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal([erasureId], (await ReadAsync(await op.GetAsync("/privacy/requests?dueBefore=2026-04-14"))).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal([erasureId], (await ReadAsync(await op.GetAsync("/privacy/requests?state=completed&right=erasure"))).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, (await op.GetAsync("/privacy/requests?state=lost")).StatusCode);
        var detail = await ReadAsync(await op.GetAsync($"/privacy/requests/{erasureId}"));
        Assert.Contains(detail.GetProperty("history").EnumerateArray(), e => e.GetProperty("kind").GetString() == "erased");
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/privacy/requests/{Guid.NewGuid()}")).StatusCode);

        // A posted rectification and restriction for Alice, verified by the operator.
        var fix = (await ReadAsync(await op.PostAsJsonAsync("/privacy/requests", new { right = "rectification", channel = "letter", subjectId = "1" }))).GetProperty("id").GetGuid();
        await op.PostAsJsonAsync($"/privacy/requests/{fix}/verify", new { subjectId = "1", evidence = "Signed letter matches the account." });
        var invalid = await op.PostAsJsonAsync($"/privacy/requests/{fix}/rectification", new { subjectId = "1", entityType = "RequestCustomer", property = "Email", value = "no address" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.DoesNotContain("no address", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var fixedEmail = await ReadAsync(await op.PostAsJsonAsync($"/privacy/requests/{fix}/rectification", new { subjectId = "1", entityType = "RequestCustomer", property = "Email", value = "ann@requests.example" }));
        Assert.Equal("mailer", fixedEmail.GetProperty("recipientsToNotify").EnumerateArray().Single().GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/privacy/requests/{fix}/rectification", new { subjectId = "1", entityType = "RequestTicket", property = "AgentNote", value = "x", rowKey = 100 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/privacy/requests/{fix}/rectification", new { subjectId = "2", entityType = "RequestCustomer", property = "Phone", value = "+46" })).StatusCode);
        Assert.Equal("completed", (await ReadAsync(await op.PostAsJsonAsync($"/privacy/requests/{fix}/complete", new { text = "Corrected." }))).GetProperty("state").GetString());
        var restrict = (await ReadAsync(await op.PostAsJsonAsync("/privacy/requests", new { right = "restriction", channel = "email", purpose = "analytics", subjectId = "1" }))).GetProperty("id").GetGuid();
        await op.PostAsJsonAsync($"/privacy/requests/{restrict}/verify", new { subjectId = "1", evidence = "Reply from the address on file." });
        var restricted = await ReadAsync(await op.PostAsJsonAsync($"/privacy/requests/{restrict}/restriction", new { subjectId = "1", until = "2026-06-30T00:00:00Z" }));
        Assert.Equal("completed", restricted.GetProperty("state").GetString());
        Assert.True(await app.Services.GetRequiredService<Ncs.Privacy.EntityFrameworkCore.IRestrictionRegistry>().IsRestrictedAsync(new Ncs.Privacy.EntityFrameworkCore.DataSubjectReference("customer", 1), "analytics"));

        await using var scope = app.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<RequestContext>();
        Assert.DoesNotContain("bob@requests.example", await context.Customers.IgnoreQueryFilters().Select(c => c.Email).ToListAsync());
    }

    [Fact]
    public async Task No_problem_detail_of_the_request_endpoints_repeats_a_5000_character_input()
    {
        var (app, database) = await StartAsync(DatabaseProvider.Sqlite);
        await using var _ = app;
        await using var __ = database;
        var alice = Client(app, "customer:1");
        var op = Client(app, "operator");
        var longText = new string('x', 5000);
        var created = await ReadAsync(await op.PostAsJsonAsync("/privacy/requests", new { right = "erasure", channel = "email", subjectId = "1" }));
        var id = created.GetProperty("id").GetString();

        var responses = new[]
        {
            await alice.PostAsJsonAsync("/privacy/me/requests", new { right = "restriction", purpose = longText }),
            await op.PostAsJsonAsync("/privacy/requests", new { right = "objection", channel = "email", purpose = longText, subjectId = "1" }),
            await op.GetAsync($"/privacy/requests/{id}/erasure-plan?category={longText}&subjectId=1"),
            await op.PostAsJsonAsync($"/privacy/requests/{id}/verify", new { subjectId = "1", method = longText, evidence = "Sent from the address on file." }),
        };
        foreach (var response in responses)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
            Assert.DoesNotContain(longText[..100], body, StringComparison.Ordinal);
        }
    }
}
