using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.AspNetCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakReceivedAtZoneTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task A_received_time_without_an_offset_is_refused_or_read_in_the_controllers_time_zone(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        Harness.Register(builder.Services, database, new ManualTime(Harness.Start), new LogSink())
            .AddEndpoints(o => o.SelfServiceCategory = RequestPolicy.Subjects.Customer)
            .AddRequestEndpoints();
        builder.Services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, TestAuthentication>("Test", null);
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPrivacyRequestEndpoints();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RequestContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        var op = app.GetTestClient();
        op.DefaultRequestHeaders.Add("X-Test-User", "operator");

        // The operator copies the arrival time from the mail client, in the controller's zone (Stockholm): 28 February, 23:30.
        // Read as the server's zone (UTC here) it becomes 1 March in Stockholm, and the due day moves from 28 March to 1 April.
        var response = await op.PostAsJsonAsync("/privacy/requests", new { right = "access", channel = "email", receivedAt = "2026-02-28T23:30:00", reference = "MAIL-0228" });
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("2026-02-28", body.GetProperty("receivedOn").GetString());
            Assert.Equal("2026-03-28", body.GetProperty("dueOn").GetString());
        }
    }
}
