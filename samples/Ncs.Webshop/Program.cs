using Ncs.Webshop.Hosting;

// dotnet run --project samples/Ncs.Webshop -- --demo   seeds a fresh embedded database and walks through the privacy features
// dotnet run --project samples/Ncs.Webshop             serves the HTTP API (SQLite file ncs-webshop.db, created and seeded on first run)
if (args.Contains("--demo"))
{
    var path = Path.Combine(Path.GetTempPath(), $"ncs-webshop-demo-{Guid.NewGuid():N}.db");
    var demoArgs = args.Where(a => a != "--demo")
        // A key of its own per run: the demo's database and audit trail are thrown away when it ends. No operator
        // account: the demo calls the services directly, and its customer list shows customers only.
        .Concat([$"--ConnectionStrings:Webshop=Data Source={path}", "--Logging:LogLevel:Default=Warning", $"--Privacy:AuditKey=demo-{Guid.NewGuid():N}{Guid.NewGuid():N}", "--Sample:OperatorEmail="])
        .ToArray();
    await using var demoApp = WebshopApp.Build(demoArgs);
    try
    {
        return await DemoRun.RunAsync(demoApp.Services, Console.Out);
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }
}

await using var app = WebshopApp.Build(args);
await WebshopApp.EnsureDatabaseAsync(app.Services);
await app.RunAsync();
return 0;
