using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;
using Ncs.Privacy.Wolverine;
using Wolverine;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>
/// Three services as separate hosts (identity, ordering, basket), each with its own PostgreSQL database on one server,
/// carried by Wolverine's PostgreSQL transport through a fourth, shared messaging database.
/// </summary>
public sealed class ThreeServicesTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private readonly Dictionary<string, TestDatabase> _data = [];
    private readonly Dictionary<string, IHost> _hosts = [];
    private readonly string _exports = Path.Combine(Path.GetTempPath(), "ncs-privacy-exports-" + Guid.NewGuid().ToString("N")[..8]);
    private TestDatabase _messaging = null!;

    private IHost Identity => _hosts[ServiceHost.Identity];

    public async Task InitializeAsync()
    {
        _messaging = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        foreach (var service in new[] { ServiceHost.Identity, ServiceHost.Ordering, ServiceHost.Basket })
        {
            _data[service] = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
            await ServiceHost.SeedAsync(service, _data[service]);
        }

        // Started together: each compiles its handlers at start-up.
        await Task.WhenAll(new[] { ServiceHost.Identity, ServiceHost.Ordering, ServiceHost.Basket }.Select(StartAsync));
    }

    [Fact]
    public async Task Export_and_erasure_of_one_customer_complete_across_three_services_and_services_stopped_mid_erasure_finish_after_restart()
    {
        var requests = Identity.Services.GetRequiredService<IDataSubjectRequestService>();
        var distributed = Identity.Services.GetRequiredService<IDistributedPrivacyRequests>();
        var alice = new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice);

        // 1. Access: one document, each part saying which service holds it.
        var access = await VerifiedAsync(requests, DataSubjectRight.Access);
        Assert.Equal([ServiceHost.Basket, ServiceHost.Identity, ServiceHost.Ordering], await distributed.DispatchAsync(access, alice));
        Assert.Equal(DataSubjectRequestState.Completed, (await CompletedAsync(requests, access)).State);
        var document = await File.ReadAllTextAsync(distributed.ExportPath(access));
        var parts = JsonDocument.Parse(document).RootElement.GetProperty("parts").EnumerateArray().ToArray();
        Assert.Equal([ServiceHost.Basket, ServiceHost.Identity, ServiceHost.Ordering], parts.Select(p => p.GetProperty("service").GetString()));
        Assert.Contains("alice@example.se", parts[1].GetProperty("export").GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Happy birthday Alice", parts[2].GetProperty("export").GetRawText(), StringComparison.Ordinal);
        Assert.Contains("alice-basket-note", parts[0].GetProperty("export").GetRawText(), StringComparison.Ordinal);
        foreach (var value in DistributedSeed.BobValues)
        {
            Assert.DoesNotContain(value, document, StringComparison.Ordinal);
        }

        // 2. Erasure while the basket service is down, and while the ordering database refuses the erasure half-way
        // (a trigger fails the delete of order lines after the order's other steps ran): ordering's transaction rolls back
        // and Wolverine schedules the part again; the ordering service is stopped in the middle of those attempts.
        await StopAsync(ServiceHost.Basket);
        await SqlAsync(_data[ServiceHost.Ordering],
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'maintenance'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse BEFORE DELETE ON \"OrderLine\" FOR EACH ROW EXECUTE FUNCTION refuse()");
        var erasure = await VerifiedAsync(requests, DataSubjectRight.Erasure);
        await distributed.DispatchAsync(erasure, alice);
        await UntilAsync(async () => (await requests.HistoryAsync(erasure)).Count(e => e.Kind == "part-answered") == 1);
        await Task.Delay(TimeSpan.FromSeconds(3)); // ordering tries, fails, is rescheduled
        Assert.Equal(DataSubjectRequestState.InProgress, (await requests.FindAsync(erasure))!.State);
        Assert.Contains("Happy birthday Alice", await ServiceHost.DumpAsync<OrderingContext>(_hosts[ServiceHost.Ordering]), StringComparison.Ordinal);
        Assert.Equal(0, await ServiceHost.ErasureRecordsAsync<OrderingContext>(_hosts[ServiceHost.Ordering], erasure));
        await StopAsync(ServiceHost.Ordering);

        // 3. The database is repaired and both services come back (new hosts on the same databases): they find the
        // request waiting, finish it, and the request completes.
        await SqlAsync(_data[ServiceHost.Ordering], "DROP TRIGGER refuse ON \"OrderLine\"");
        await Task.WhenAll(StartAsync(ServiceHost.Ordering), StartAsync(ServiceHost.Basket));
        var done = await CompletedAsync(requests, erasure);
        Assert.Equal(DataSubjectRequestState.Completed, done.State);
        Assert.Contains("every service that held it (basket, identity, ordering)", done.Outcome!, StringComparison.Ordinal);

        // 4. Nothing done twice, even when a request is delivered again (at least once): one audit record per service,
        // one answer per service; a duplicate delivery to ordering is recognised by the request id.
        await _hosts[ServiceHost.Ordering].Services.GetRequiredService<IMessageBus>()
            .EndpointFor(new Uri("postgresql://" + PrivacyMessagingOptions.QueueOf(ServiceHost.Ordering)))
            .SendAsync(new PrivacyRequestDispatched(erasure, DataSubjectRight.Erasure, DistributedPolicy.Subjects.Customer, DistributedSeed.Alice, DateTimeOffset.UtcNow));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<IdentityServiceContext>(Identity, erasure));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<OrderingContext>(_hosts[ServiceHost.Ordering], erasure));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<BasketContext>(_hosts[ServiceHost.Basket], erasure));
        var history = await requests.HistoryAsync(erasure);
        Assert.Equal(3, history.Count(e => e.Kind == "part-answered"));

        // 5. Only Alice was touched, in every database; the request log holds none of her values.
        var all = await ServiceHost.DumpAsync<IdentityServiceContext>(Identity)
                  + await ServiceHost.DumpAsync<OrderingContext>(_hosts[ServiceHost.Ordering])
                  + await ServiceHost.DumpAsync<BasketContext>(_hosts[ServiceHost.Basket]);
        foreach (var value in DistributedSeed.AliceValues.Where(v => v != "Alice Andersson"))
        {
            Assert.DoesNotContain(value, all, StringComparison.Ordinal);
        }

        Assert.Single(all.Split('\n'), l => l.Contains("Alice Andersson", StringComparison.Ordinal)); // the held billing name
        foreach (var value in DistributedSeed.BobValues)
        {
            Assert.Contains(value, all, StringComparison.Ordinal);
        }

        var log = JsonSerializer.Serialize(history) + JsonSerializer.Serialize(done);
        foreach (var value in DistributedSeed.AliceValues.Append(DistributedSeed.Alice))
        {
            Assert.DoesNotContain(value, log, StringComparison.Ordinal);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var service in _hosts.Keys.ToArray())
        {
            await StopAsync(service);
        }

        foreach (var database in _data.Values.Append(_messaging))
        {
            await database.DisposeAsync();
        }

        if (Directory.Exists(_exports))
        {
            Directory.Delete(_exports, recursive: true);
        }
    }

    private async Task StartAsync(string service)
    {
        var host = ServiceHost.Build(service, _data[service], _messaging, _exports);
        await host.StartAsync();
        lock (_hosts)
        {
            _hosts[service] = host;
        }
    }

    private async Task StopAsync(string service)
    {
        var host = _hosts[service];
        _hosts.Remove(service);
        await host.StopAsync();
        host.Dispose();
    }

    private static async Task SqlAsync(TestDatabase database, params string[] statements)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new Npgsql.NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<Guid> VerifiedAsync(IDataSubjectRequestService requests, DataSubjectRight right)
    {
        var request = await requests.ReceiveAsync(new DataSubjectRequestSubmission(right, RequestChannel.Email) { Reference = "MAIL-17-" + right });
        await requests.VerifyAsync(request.Id, new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice), OperatorCheck.Name, "Reply from the address on file.");
        return request.Id;
    }

    private static async Task<DataSubjectRequestInfo> CompletedAsync(IDataSubjectRequestService requests, Guid id)
    {
        DataSubjectRequestInfo? info = null;
        await UntilAsync(async () => (info = await requests.FindAsync(id))!.IsOpen == false);
        return info!;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"Not reached within {Patience.TotalSeconds} s.");
            }

            await Task.Delay(200);
        }
    }
}
