using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;
using Ncs.Privacy.Wolverine;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>
/// The three services over Wolverine's PostgreSQL transport, as a new user would try them (issue 17, fresh tester):
/// several requests at once, a customer only one service holds, an unknown subject, and a service that fails right after
/// its local commit, before its answer is stored (what the transactional outbox must survive).
/// </summary>
public sealed class FreshServicesTests : IAsyncLifetime
{
    private const string Carol = "carol-55d0";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, TestDatabase> _data = [];
    private readonly Dictionary<string, IHost> _hosts = [];
    private readonly string _exports = Path.Combine(Path.GetTempPath(), "ncs-privacy-exports-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FailOnceAfterCommit _orderingCrash = new();
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

        // Carol has an account and nothing else: ordering and basket declare the category but hold nothing of her.
        await SqlAsync(_data[ServiceHost.Identity], $"INSERT INTO \"Accounts\" (\"Id\", \"Email\", \"Name\") VALUES ('{Carol}', 'carol@example.se', 'Carol Carlsson')");
        await Task.WhenAll(new[] { ServiceHost.Identity, ServiceHost.Ordering, ServiceHost.Basket }.Select(StartAsync));
    }

    [Fact]
    public async Task Requests_sent_at_once_for_several_customers_complete_each_touching_only_its_customer()
    {
        var requests = Identity.Services.GetRequiredService<IDataSubjectRequestService>();
        var distributed = Identity.Services.GetRequiredService<IDistributedPrivacyRequests>();
        var aliceErasure = await VerifiedAsync(requests, DataSubjectRight.Erasure, DistributedSeed.Alice);
        var bobAccess = await VerifiedAsync(requests, DataSubjectRight.Access, DistributedSeed.Bob);
        var carolAccess = await VerifiedAsync(requests, DataSubjectRight.Portability, Carol);

        // An unknown subject cannot be verified (the coordinator holds the root): a clear error, and nothing is sent.
        var unknown = await requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Erasure, RequestChannel.Email) { Reference = "MAIL-17-nobody" });
        await Assert.ThrowsAsync<DataSubjectNotFoundException>(() => requests.VerifyAsync(unknown.Id, Subject("nobody-0000"), OperatorCheck.Name, "Reply from the address on file."));
        Assert.Equal(DataSubjectRequestState.Received, (await requests.FindAsync(unknown.Id))!.State);
        await Assert.ThrowsAsync<DataSubjectRequestStateException>(() => distributed.DispatchAsync(unknown.Id, Subject("nobody-0000")));

        await Task.WhenAll(
            distributed.DispatchAsync(aliceErasure, Subject(DistributedSeed.Alice)),
            distributed.DispatchAsync(bobAccess, Subject(DistributedSeed.Bob)),
            distributed.DispatchAsync(carolAccess, Subject(Carol)));
        var alice = await CompletedAsync(requests, aliceErasure);
        var bob = await CompletedAsync(requests, bobAccess);
        var carol = await CompletedAsync(requests, carolAccess);

        Assert.Equal(DataSubjectRequestState.Completed, alice.State);
        Assert.Equal(DataSubjectRequestState.Completed, bob.State);
        Assert.Equal(DataSubjectRequestState.Completed, carol.State);

        // Bob's document: his parts only, each naming its service, none of Alice's values (read while she was being erased).
        var bobDocument = await File.ReadAllTextAsync(distributed.ExportPath(bobAccess));
        var bobParts = JsonDocument.Parse(bobDocument).RootElement.GetProperty("parts").EnumerateArray().ToArray();
        Assert.Equal([ServiceHost.Basket, ServiceHost.Identity, ServiceHost.Ordering], bobParts.Select(p => p.GetProperty("service").GetString()));
        Assert.All(bobParts, p => Assert.Equal(JsonValueKind.Object, p.GetProperty("export").ValueKind));
        foreach (var value in DistributedSeed.BobValues)
        {
            Assert.Contains(value, bobDocument, StringComparison.Ordinal);
        }

        foreach (var value in DistributedSeed.AliceValues)
        {
            Assert.DoesNotContain(value, bobDocument, StringComparison.Ordinal);
        }

        // Carol: the services that hold nothing of her say so (null), identity has her part.
        var carolParts = JsonDocument.Parse(await File.ReadAllTextAsync(distributed.ExportPath(carolAccess))).RootElement.GetProperty("parts").EnumerateArray()
            .ToDictionary(p => p.GetProperty("service").GetString()!, p => p.GetProperty("export"));
        Assert.Equal(JsonValueKind.Null, carolParts[ServiceHost.Basket].ValueKind);
        Assert.Equal(JsonValueKind.Null, carolParts[ServiceHost.Ordering].ValueKind);
        Assert.Contains("carol@example.se", carolParts[ServiceHost.Identity].GetRawText(), StringComparison.Ordinal);

        // Nothing anywhere changed but Alice.
        var all = await ServiceHost.DumpAsync<IdentityServiceContext>(Identity)
                  + await ServiceHost.DumpAsync<OrderingContext>(_hosts[ServiceHost.Ordering])
                  + await ServiceHost.DumpAsync<BasketContext>(_hosts[ServiceHost.Basket]);
        foreach (var value in DistributedSeed.BobValues.Append("carol@example.se").Append("Carol Carlsson"))
        {
            Assert.Contains(value, all, StringComparison.Ordinal);
        }

        foreach (var value in DistributedSeed.AliceValues.Where(v => v != "Alice Andersson"))
        {
            Assert.DoesNotContain(value, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_service_that_fails_after_its_local_commit_still_answers_what_it_erased_and_erases_once()
    {
        var requests = Identity.Services.GetRequiredService<IDataSubjectRequestService>();
        var distributed = Identity.Services.GetRequiredService<IDistributedPrivacyRequests>();
        var erasure = await VerifiedAsync(requests, DataSubjectRight.Erasure, DistributedSeed.Alice);

        // Ordering's erasure commits, then the handler fails before Wolverine stores its answer (a crash between the local
        // commit and the send). The message stays in ordering's durable inbox and is tried again.
        _orderingCrash.Armed = true;
        await distributed.DispatchAsync(erasure, Subject(DistributedSeed.Alice));
        var done = await CompletedAsync(requests, erasure);

        Assert.Equal(1, _orderingCrash.Failures);
        Assert.Equal(DataSubjectRequestState.Completed, done.State);
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<OrderingContext>(_hosts[ServiceHost.Ordering], erasure));
        Assert.DoesNotContain("Happy birthday Alice", await ServiceHost.DumpAsync<OrderingContext>(_hosts[ServiceHost.Ordering]), StringComparison.Ordinal);

        // The answer reports what the committed erasure did (two orders: one deleted with its lines, one anonymised under
        // its legal hold), not "0 rows" because the retry found the work done.
        var ordering = (await requests.HistoryAsync(erasure)).Single(e => e.Kind == "part-answered" && e.Detail!.StartsWith("ordering:", StringComparison.Ordinal));
        Assert.DoesNotContain(", 0 rows deleted, 0 anonymised", ordering.Detail!, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 rows deleted", done.Outcome!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dispatch_stopped_after_the_request_moved_to_in_progress_is_finished_by_dispatching_again()
    {
        var requests = Identity.Services.GetRequiredService<IDataSubjectRequestService>();
        var distributed = Identity.Services.GetRequiredService<IDistributedPrivacyRequests>();
        var erasure = await VerifiedAsync(requests, DataSubjectRight.Erasure, DistributedSeed.Alice);

        // What DispatchAsync records before it sends, then the coordinator stops: no message was stored.
        var progress = (IDataSubjectRequestProgress)requests;
        await progress.StartActionAsync(erasure, Subject(DistributedSeed.Alice), [DataSubjectRight.Erasure]);
        await progress.RecordProgressAsync(erasure, "dispatched", "to basket, identity, ordering");
        await StopAsync(ServiceHost.Identity);
        await StartAsync(ServiceHost.Identity);
        requests = Identity.Services.GetRequiredService<IDataSubjectRequestService>();
        Assert.Equal(DataSubjectRequestState.InProgress, (await requests.FindAsync(erasure))!.State);

        // The documented recovery: the operator dispatches again; every service erases once.
        await Identity.Services.GetRequiredService<IDistributedPrivacyRequests>().DispatchAsync(erasure, Subject(DistributedSeed.Alice));
        Assert.Equal(DataSubjectRequestState.Completed, (await CompletedAsync(requests, erasure)).State);
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<OrderingContext>(_hosts[ServiceHost.Ordering], erasure));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<BasketContext>(_hosts[ServiceHost.Basket], erasure));
        Assert.Equal(1, await ServiceHost.ErasureRecordsAsync<IdentityServiceContext>(Identity, erasure));
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

    private static DataSubjectReference Subject(string id) => new(DistributedPolicy.Subjects.Customer, id);

    private async Task StartAsync(string service)
    {
        var host = ServiceHost.Build(service, _data[service], _messaging, _exports, service == ServiceHost.Ordering ? _orderingCrash : null);
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

    private static async Task SqlAsync(TestDatabase database, string statement)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Guid> VerifiedAsync(IDataSubjectRequestService requests, DataSubjectRight right, string subject)
    {
        var request = await requests.ReceiveAsync(new DataSubjectRequestSubmission(right, RequestChannel.Email) { Reference = "MAIL-17-" + subject });
        await requests.VerifyAsync(request.Id, Subject(subject), OperatorCheck.Name, "Reply from the address on file.");
        return request.Id;
    }

    private static async Task<DataSubjectRequestInfo> CompletedAsync(IDataSubjectRequestService requests, Guid id)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var info = await requests.FindAsync(id);
            if (info is { IsOpen: false })
            {
                return info;
            }

            if (clock.Elapsed > Patience)
            {
                var history = string.Join("\n", (await requests.HistoryAsync(id)).Select(e => $"{e.Kind}: {e.Detail}"));
                throw new TimeoutException($"Request {id} not closed within {Patience.TotalSeconds} s; it is {info?.State}:\n{history}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Fails the first transaction that commits after it is armed, right after the commit: the work is done, the caller sees a failure.</summary>
    private sealed class FailOnceAfterCommit : DbTransactionInterceptor
    {
        private int _failures;

        public volatile bool Armed;

        public int Failures => _failures;

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (Armed && Interlocked.CompareExchange(ref _failures, 1, 0) == 0)
            {
                throw new InvalidOperationException("The process stopped after the local commit, before the answer was stored.");
            }

            return Task.CompletedTask;
        }
    }
}
