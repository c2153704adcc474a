using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Ncs.Privacy.Testing;
using Ncs.Webshop.Hosting;

namespace Ncs.Webshop.Tests;

/// <summary>One running webshop per database engine, seeded like a first run, shared by the tests of the collection.</summary>
public sealed class WebshopHosts : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, (TestDatabase Database, WebApplication App)> _hosts = [];

    public async Task InitializeAsync()
    {
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
        {
            _hosts[provider] = await StartAsync(provider);
        }
    }

    public HttpClient Client(DatabaseProvider provider, string? user = null)
    {
        var client = _hosts[provider].App.GetTestClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(DemoAuthenticationHandler.Header, user);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public IServiceProvider Services(DatabaseProvider provider) => _hosts[provider].App.Services;

    /// <summary>A webshop of its own, for tests that change data other tests read.</summary>
    public static async Task<(TestDatabase Database, WebApplication App)> StartAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var args = new List<string> { $"--ConnectionStrings:Webshop={database.ConnectionString}", "--Logging:LogLevel:Default=Warning" };
        if (provider == DatabaseProvider.PostgreSql)
        {
            args.Add("--Database:Provider=postgres");
        }

        var app = WebshopApp.Build([.. args], builder => builder.WebHost.UseTestServer());
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
