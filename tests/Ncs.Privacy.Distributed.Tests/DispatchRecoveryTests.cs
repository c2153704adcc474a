using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;
using Ncs.Privacy.Wolverine;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>
/// The window between "the request is in progress" and "the services have it": DispatchAsync stores one durable dispatch
/// in the coordinator's own queue (Wolverine's envelope storage), and a coordinator that stops before that dispatch is
/// handled finishes it when a new host starts on the same databases, with no operator action. Real PostgreSQL transport.
/// </summary>
public sealed class DispatchRecoveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, TestDatabase> _data = [];
    private readonly Dictionary<string, IHost> _hosts = [];
    private readonly string _exports = Path.Combine(Path.GetTempPath(), "ncs-privacy-exports-" + Guid.NewGuid().ToString("N")[..8]);
    private TestDatabase _messaging = null!;

    public async Task InitializeAsync()
    {
        _messaging = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        foreach (var service in new[] { ServiceHost.Identity, ServiceHost.Ordering, ServiceHost.Basket })
        {
            _data[service] = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
            await ServiceHost.SeedAsync(service, _data[service]);
        }

        await Task.WhenAll(StartAsync(ServiceHost.Ordering), StartAsync(ServiceHost.Basket));
    }

    [Fact]
    public async Task A_coordinator_stopped_before_its_dispatch_was_handled_finishes_the_request_after_restart_without_operator_action()
    {
        // The first coordinator's request store refuses to record "dispatched" (a database failing at that moment): the
        // dispatch's handler fails before it sends anything, and Wolverine keeps the dispatch for another attempt.
        var refuse = new RefuseDispatchedEvent();
        await StartAsync(ServiceHost.Identity, refuse);
        var requests = _hosts[ServiceHost.Identity].Services.GetRequiredService<IDataSubjectRequestService>();
        var erasure = await VerifiedAsync(requests, DistributedSeed.Alice);
        var bob = await VerifiedAsync(requests, DistributedSeed.Bob);
        var alice = new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice);
        Assert.Equal([ServiceHost.Basket, ServiceHost.Identity, ServiceHost.Ordering],
            await _hosts[ServiceHost.Identity].Services.GetRequiredService<IDistributedPrivacyRequests>().DispatchAsync(erasure, alice));
        Assert.Equal(1, await DispatchEnvelopesAsync()); // stored when DispatchAsync returns
        Assert.Equal(DataSubjectRequestState.InProgress, (await requests.FindAsync(erasure))!.State);
        await UntilAsync(() => Task.FromResult(refuse.Refusals >= 2)); // tried, failed, tried again
        Assert.DoesNotContain(await requests.HistoryAsync(erasure), e => e.Kind is "dispatched" or "part-answered");
        Assert.Equal(1, await WaitingDispatchesAsync()); // in Wolverine's envelope storage, not handled
        Assert.Equal(0, await ServiceHost.ErasureRecordsAsync<OrderingContext>(_hosts[ServiceHost.Ordering], erasure));
        Assert.Contains("Happy birthday Alice", await ServiceHost.DumpAsync<OrderingContext>(_hosts[ServiceHost.Ordering]), StringComparison.Ordinal);

        // The coordinator stops; a new host on the same databases starts, and nobody dispatches again.
        await StopAsync(ServiceHost.Identity);
        await StartAsync(ServiceHost.Identity);
        requests = _hosts[ServiceHost.Identity].Services.GetRequiredService<IDataSubjectRequestService>();
        var done = await CompletedAsync(requests, erasure);
        Assert.Equal(DataSubjectRequestState.Completed, done.State);
        Assert.Contains("every service that held it (basket, identity, ordering)", done.Outcome!, StringComparison.Ordinal);

        // Nothing done twice: one "dispatched", one answer and one erasure audit record per service.
        var history = await requests.HistoryAsync(erasure);
        Assert.Single(history, e => e.Kind == "dispatched");
        Assert.Equal(3, history.Count(e => e.Kind == "part-answered"));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<IdentityServiceContext>(_hosts[ServiceHost.Identity], erasure));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<OrderingContext>(_hosts[ServiceHost.Ordering], erasure));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<BasketContext>(_hosts[ServiceHost.Basket], erasure));
        Assert.Equal(0, await WaitingDispatchesAsync());

        // Bob, verified but never dispatched, is untouched everywhere.
        Assert.Equal(DataSubjectRequestState.Verified, (await requests.FindAsync(bob))!.State);
        var all = await ServiceHost.DumpAsync<IdentityServiceContext>(_hosts[ServiceHost.Identity])
                  + await ServiceHost.DumpAsync<OrderingContext>(_hosts[ServiceHost.Ordering])
                  + await ServiceHost.DumpAsync<BasketContext>(_hosts[ServiceHost.Basket]);
        foreach (var value in DistributedSeed.BobValues)
        {
            Assert.Contains(value, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dispatching_again_while_the_first_dispatch_runs_is_harmless_and_a_closed_or_unverified_request_stores_nothing()
    {
        await StartAsync(ServiceHost.Identity);
        var requests = _hosts[ServiceHost.Identity].Services.GetRequiredService<IDataSubjectRequestService>();
        var distributed = _hosts[ServiceHost.Identity].Services.GetRequiredService<IDistributedPrivacyRequests>();
        var alice = new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice);
        var erasure = await VerifiedAsync(requests, DistributedSeed.Alice);

        await Task.WhenAll(distributed.DispatchAsync(erasure, alice), distributed.DispatchAsync(erasure, alice));
        await distributed.DispatchAsync(erasure, alice);
        Assert.Equal(3, await DispatchEnvelopesAsync()); // each stored when its DispatchAsync returned (handled ones are kept a while)
        Assert.Equal(DataSubjectRequestState.Completed, (await CompletedAsync(requests, erasure)).State);
        await Task.Delay(TimeSpan.FromSeconds(2)); // late duplicates land
        var history = await requests.HistoryAsync(erasure);
        Assert.Single(history, e => e.Kind == "dispatched");
        Assert.Equal(3, history.Count(e => e.Kind == "part-answered"));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<OrderingContext>(_hosts[ServiceHost.Ordering], erasure));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<BasketContext>(_hosts[ServiceHost.Basket], erasure));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<IdentityServiceContext>(_hosts[ServiceHost.Identity], erasure));

        // Closed, or not verified yet: refused before anything is stored.
        var before = await DispatchEnvelopesAsync();
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => distributed.DispatchAsync(erasure, alice));
        var unverified = await requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Erasure, RequestChannel.Email) { Reference = "MAIL-17-unverified" });
        var error = await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => distributed.DispatchAsync(unverified.Id, alice));
        Assert.Contains("VerifyAsync", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DispatchEnvelopesAsync());
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

    private async Task StartAsync(string service) => await StartAsync(service, null);

    private async Task StartAsync(string service, IInterceptor? interceptor)
    {
        var host = ServiceHost.Build(service, _data[service], _messaging, _exports, interceptor);
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

    /// <summary>Dispatches in the coordinator's Wolverine inbox that are not handled yet (incoming or scheduled for a retry).</summary>
    private Task<long> WaitingDispatchesAsync()
        => CountAsync("SELECT count(*) FROM privacy_identity.wolverine_incoming_envelopes WHERE message_type LIKE '%PrivacyDispatchRequested%' AND status <> 'Handled'");

    private Task<long> DispatchEnvelopesAsync()
        => CountAsync("SELECT count(*) FROM privacy_identity.wolverine_incoming_envelopes WHERE message_type LIKE '%PrivacyDispatchRequested%'");

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_messaging.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Guid> VerifiedAsync(IDataSubjectRequestService requests, string subject)
    {
        var request = await requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Erasure, RequestChannel.Email) { Reference = "MAIL-17-" + subject });
        await requests.VerifyAsync(request.Id, new DataSubjectReference(DistributedPolicy.Subjects.Customer, subject), OperatorCheck.Name, "Reply from the address on file.");
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

    /// <summary>The request store's database refuses to save a "dispatched" event: the dispatch handler fails before it sends.</summary>
    private sealed class RefuseDispatchedEvent : SaveChangesInterceptor
    {
        private int _refusals;

        public int Refusals => Volatile.Read(ref _refusals);

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<PrivacyRequestEvent>().Any(e => e.State == EntityState.Added && e.Entity.Kind == "dispatched"))
            {
                Interlocked.Increment(ref _refusals);
                throw new InvalidOperationException("The request store is unreachable.");
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }
}
