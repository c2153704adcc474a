// Ncs.Privacy across three services: identity (the coordinator, with the request store), ordering and basket, each
// with its own PostgreSQL database; Wolverine carries the requests over its PostgreSQL transport in a fourth, shared
// messaging database. One command: dotnet run --project samples/Ncs.Shop.Distributed
// PostgreSQL: the server named by NCS_PRIVACY_POSTGRES (a connection string), or a private server started from
// Debian's PostgreSQL 15 (/usr/lib/postgresql/15/bin) for the run and removed after it. See docs/distributed.md.
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ncs.Privacy;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Wolverine;
using Ncs.Shop.Distributed;
using Wolverine;

const string AuditKey = "sample-audit-key-keep-me-outside-the-database-0123";
string[] services = ["identity", "ordering", "basket"];
var exports = Path.Combine(Path.GetTempPath(), "ncs-shop-distributed-exports");

Console.WriteLine("Ncs.Privacy across services: identity (coordinator), ordering and basket, each with its own database.");
var server = await PostgresServer.GetAsync();
var run = Guid.NewGuid().ToString("N")[..8];
var databases = new Dictionary<string, string>();
foreach (var name in services.Append("messaging"))
{
    databases[name] = await server.CreateDatabaseAsync($"shop_{name}_{run}");
}

Console.WriteLine($"PostgreSQL: databases shop_identity_{run}, shop_ordering_{run}, shop_basket_{run} and shop_messaging_{run} (Wolverine's queues).");
await SeedAsync();
var hosts = new Dictionary<string, IHost>();
try
{
    Console.WriteLine("Starting the three services (Wolverine compiles its handlers at start-up)...");
    await Task.WhenAll(services.Select(StartAsync));
    var requests = hosts["identity"].Services.GetRequiredService<IDataSubjectRequestService>();
    var distributed = hosts["identity"].Services.GetRequiredService<IDistributedPrivacyRequests>();
    var anna = new DataSubjectReference(ShopPolicy.Subjects.Customer, "anna-5b1e");

    Console.WriteLine();
    Console.WriteLine("1. Anna asks, by e-mail, for a copy of her data (Art. 15).");
    var access = await ReceiveAsync(requests, DataSubjectRight.Access, anna);
    Console.WriteLine($"   Sent to: {string.Join(", ", await distributed.DispatchAsync(access, anna))}");
    var accessDone = await UntilClosedAsync(requests, access);
    var document = JsonDocument.Parse(await File.ReadAllTextAsync(distributed.ExportPath(access))).RootElement;
    foreach (var part in document.GetProperty("parts").EnumerateArray())
    {
        var blocks = part.GetProperty("export").ValueKind == JsonValueKind.Null ? 0 : part.GetProperty("export").GetProperty("data").GetArrayLength();
        Console.WriteLine($"   part from {part.GetProperty("service").GetString(),-9} {blocks} data block(s)");
    }

    Console.WriteLine($"   {accessDone.State}: one document, each part naming its service: {distributed.ExportPath(access)}");

    Console.WriteLine();
    Console.WriteLine("2. Anna asks for erasure (Art. 17). The basket service is down when the request is sent.");
    await StopAsync("basket");
    var erasure = await ReceiveAsync(requests, DataSubjectRight.Erasure, anna);
    await distributed.DispatchAsync(erasure, anna);
    await UntilAsync(async () => (await requests.HistoryAsync(erasure)).Count(e => e.Kind == "part-answered") == 2);
    var waiting = (await requests.FindAsync(erasure))!;
    Console.WriteLine($"   identity and ordering answered; the request is {waiting.State}, due {waiting.DueOn:yyyy-MM-dd} (Art. 12(3)), waiting for basket.");
    Console.WriteLine("   The basket service comes back...");
    await StartAsync("basket");
    var erased = await UntilClosedAsync(requests, erasure);
    Console.WriteLine($"   {erased.State}: {erased.Outcome}");
    Console.WriteLine("   History (names and counts, never a value):");
    foreach (var e in await requests.HistoryAsync(erasure))
    {
        Console.WriteLine($"     {e.OccurredAtUtc:HH:mm:ss} {e.Kind,-14} {e.Detail?.Split(" | ")[0]}");
    }

    Console.WriteLine();
    Console.WriteLine("3. What is left of Anna, service by service:");
    Console.WriteLine($"   identity: {await CountAsync<IdentityContext>("identity", c => c.Customers.CountAsync(x => x.Id == "anna-5b1e"))} customer row(s)");
    Console.WriteLine($"   ordering: {await CountAsync<OrderingContext>("ordering", c => c.Orders.CountAsync(x => x.BuyerId == "anna-5b1e"))} order(s), billing names kept 7 years (Bokföringslagen), addresses anonymised");
    Console.WriteLine($"   basket:   {await CountAsync<BasketContext>("basket", c => c.Baskets.CountAsync(x => x.UserId == "anna-5b1e"))} basket(s)");
    Console.WriteLine($"   Bert, another customer: {await CountAsync<OrderingContext>("ordering", c => c.Orders.CountAsync(x => x.BuyerId == "bert-9c0d" && x.DeliveryAddress == "Kungsgatan 2, Luleå"))} order untouched");
}
catch (Exception e) when (e is TimeoutException or InvalidOperationException or DbUpdateException)
{
    // Returning (rather than crashing) lets the private PostgreSQL server stop when the process exits.
    Console.Error.WriteLine($"The sample stopped: {e.Message}");
    Environment.ExitCode = 1;
}
finally
{
    foreach (var name in hosts.Keys.ToArray())
    {
        await StopAsync(name);
    }

    foreach (var name in databases.Keys)
    {
        await server.DropDatabaseAsync($"shop_{name}_{run}");
    }
}

async Task StartAsync(string name)
{
    var host = Host.CreateDefaultBuilder()
        .ConfigureLogging(l => l.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
        .ConfigureServices(s =>
        {
            var privacy = s.AddPrivacy(p => p.UsePolicy(typeof(ShopPolicy)));
            switch (name)
            {
                case "identity":
                    s.AddDbContext<IdentityContext>(o => o.UseNpgsql(databases[name]));
                    privacy.AddEntityFrameworkCore<IdentityContext>().AddErasure(o => o.AuditKey = AuditKey)
                        .AddPrivacyRequests<IdentityContext>(o => o.TimeZone = TimeZoneInfo.Utc).AddRequestVerifier<OperatorCheck>();
                    break;
                case "ordering":
                    s.AddDbContext<OrderingContext>(o => o.UseNpgsql(databases[name]));
                    privacy.AddEntityFrameworkCore<OrderingContext>().AddErasure(o => o.AuditKey = AuditKey);
                    break;
                default:
                    s.AddDbContext<BasketContext>(o => o.UseNpgsql(databases[name]));
                    privacy.AddEntityFrameworkCore<BasketContext>().AddErasure(o => o.AuditKey = AuditKey);
                    break;
            }
        })
        .UseWolverine(o =>
        {
            o.ServiceName = name;
            o.UsePrivacyMessaging(databases["messaging"], m =>
            {
                m.ServiceName = name;
                m.ExportDirectory = exports;
                if (name == "identity")
                {
                    m.IsCoordinator = true;
                    m.AddService("identity", ShopPolicy.Subjects.Customer)
                        .AddService("ordering", ShopPolicy.Subjects.Customer)
                        .AddService("basket", ShopPolicy.Subjects.Customer);
                }
            });
        })
        .Build();
    await host.StartAsync();
    lock (hosts)
    {
        hosts[name] = host;
    }
}

async Task StopAsync(string name)
{
    var host = hosts[name];
    hosts.Remove(name);
    await host.StopAsync();
    host.Dispose();
}

async Task SeedAsync()
{
    var now = DateTime.UtcNow;
    await using (var identity = new IdentityContext(new DbContextOptionsBuilder<IdentityContext>().UseNpgsql(databases["identity"]).Options))
    {
        await identity.Database.EnsureCreatedAsync();
        identity.Customers.AddRange(new Customer { Id = "anna-5b1e", Email = "anna@example.se", Name = "Anna Ek" }, new Customer { Id = "bert-9c0d", Email = "bert@example.se", Name = "Bert Berg" });
        await identity.SaveChangesAsync();
    }

    await using (var ordering = new OrderingContext(new DbContextOptionsBuilder<OrderingContext>().UseNpgsql(databases["ordering"]).Options))
    {
        await ordering.Database.EnsureCreatedAsync();
        ordering.Orders.AddRange(
            new Order { Id = 1, BuyerId = "anna-5b1e", PlacedAt = now.AddMonths(-3), DeliveryAddress = "Storgatan 1, Umeå", BillingName = "Anna Ek" },
            new Order { Id = 2, BuyerId = "bert-9c0d", PlacedAt = now.AddMonths(-1), DeliveryAddress = "Kungsgatan 2, Luleå", BillingName = "Bert Berg" });
        await ordering.SaveChangesAsync();
    }

    await using var basket = new BasketContext(new DbContextOptionsBuilder<BasketContext>().UseNpgsql(databases["basket"]).Options);
    await basket.Database.EnsureCreatedAsync();
    basket.Baskets.AddRange(new Basket { UserId = "anna-5b1e", UpdatedAt = now, Note = "NCS S 1050-Y90R for the kitchen" }, new Basket { UserId = "bert-9c0d", UpdatedAt = now });
    await basket.SaveChangesAsync();
}

async Task<Guid> ReceiveAsync(IDataSubjectRequestService requests, DataSubjectRight right, DataSubjectReference subject)
{
    var request = await requests.ReceiveAsync(new DataSubjectRequestSubmission(right, RequestChannel.Email) { Reference = "NCS-MAIL-" + right });
    await requests.VerifyAsync(request.Id, subject, OperatorCheck.Method, "Sent from the address on file.");
    Console.WriteLine($"   Recorded and verified: due {request.DueOn:yyyy-MM-dd} (one month from receipt, Art. 12(3)).");
    return request.Id;
}

async Task<int> CountAsync<TContext>(string name, Func<TContext, Task<int>> query)
    where TContext : DbContext
{
    await using var scope = hosts[name].Services.CreateAsyncScope();
    return await query(scope.ServiceProvider.GetRequiredService<TContext>());
}

static async Task<DataSubjectRequestInfo> UntilClosedAsync(IDataSubjectRequestService requests, Guid id)
{
    DataSubjectRequestInfo? info = null;
    await UntilAsync(async () => (info = await requests.FindAsync(id))!.IsOpen == false);
    return info!;
}

static async Task UntilAsync(Func<Task<bool>> condition)
{
    var deadline = DateTime.UtcNow.AddMinutes(2);
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException("The services did not answer within two minutes.");
        }

        await Task.Delay(250);
    }
}

/// <summary>An operator attests that the e-mail came from the address on file (Art. 12(6)).</summary>
internal sealed class OperatorCheck : IRequestVerifier
{
    public const string Method = "operator-check";

    string IRequestVerifier.Method => Method;

    public ValueTask<RequestVerificationResult> VerifyAsync(RequestVerificationContext context, CancellationToken cancellationToken)
        => ValueTask.FromResult(string.IsNullOrWhiteSpace(context.Evidence) ? RequestVerificationResult.Failure("Say how the sender was checked.") : RequestVerificationResult.Success);
}
