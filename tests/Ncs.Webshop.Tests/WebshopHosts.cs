using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Ncs.Privacy.Testing;
using Ncs.Webshop.Hosting;

namespace Ncs.Webshop.Tests;

/// <summary>One running webshop per database engine, seeded like a first run, shared by the tests of the collection.</summary>
public sealed class WebshopHosts : IAsyncLifetime
{
    public const string OperatorEmail = "privacy@ncscolour.example";
    public const string OperatorPassword = "Tests-Only-Operator-1!";

    private readonly Dictionary<DatabaseProvider, (TestDatabase Database, WebApplication App)> _hosts = [];

    public async Task InitializeAsync()
    {
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
        {
            _hosts[provider] = await StartAsync(provider);
        }
    }

    public HttpClient Client(DatabaseProvider provider) => Accept(_hosts[provider].App.GetTestClient());

    /// <summary>A client signed in with Identity's bearer token: <c>customer:1</c> (a seeded customer) or <c>operator</c>.</summary>
    public Task<HttpClient> ClientAsync(DatabaseProvider provider, string user) => SignedInAsync(_hosts[provider].App, user);

    /// <summary>Signs in through the sample's <c>POST /account/login</c> and returns a client that sends the bearer token.</summary>
    public static async Task<HttpClient> SignedInAsync(WebApplication app, string user)
    {
        var (email, password) = await CredentialsAsync(app, user);
        var client = Accept(app.GetTestClient());
        var login = await client.PostAsJsonAsync("/account/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The seeded credentials of <c>customer:N</c> or <c>operator</c> (sample only).</summary>
    public static async Task<(string Email, string Password)> CredentialsAsync(WebApplication app, string user)
    {
        if (user == "operator")
        {
            return (OperatorEmail, OperatorPassword);
        }

        var id = int.Parse(user["customer:".Length..], System.Globalization.CultureInfo.InvariantCulture);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Model.WebshopContext>();
        return ((await db.Customers.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.Email).SingleAsync())!, DemoData.SamplePassword);
    }

    private static HttpClient Accept(HttpClient client)
    {
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public IServiceProvider Services(DatabaseProvider provider) => _hosts[provider].App.Services;

    /// <summary>A webshop of its own, for tests that change data other tests read.</summary>
    /// <param name="provider">The engine.</param>
    /// <param name="configure">More configuration of the application's builder (an interceptor), after the test server's.</param>
    public static async Task<(TestDatabase Database, WebApplication App)> StartAsync(DatabaseProvider provider, Action<WebApplicationBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var args = new List<string>
        {
            $"--ConnectionStrings:Webshop={database.ConnectionString}", "--Logging:LogLevel:Default=Warning", "--Privacy:AuditKey=webshop-tests-audit-key-0123456789abcdef",
            $"--Sample:OperatorEmail={OperatorEmail}", $"--Sample:OperatorPassword={OperatorPassword}",
        };
        if (provider == DatabaseProvider.PostgreSql)
        {
            args.Add("--Database:Provider=postgres");
        }

        var app = WebshopApp.Build([.. args], builder =>
        {
            builder.WebHost.UseTestServer();
            configure?.Invoke(builder);
        });
        await WebshopApp.EnsureDatabaseAsync(app.Services);
        await app.StartAsync();
        return (database, app);
    }

    public async Task DisposeAsync()
    {
        foreach (var (database, app) in _hosts.Values)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            await database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebshopCollection : ICollectionFixture<WebshopHosts>
{
    public const string Name = "webshop";
}
