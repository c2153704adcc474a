using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>An operator's check that the sender is the subject (the evidence is their note).</summary>
public sealed class OperatorCheck : IRequestVerifier
{
    public const string Name = "operator-check";

    public string Method => Name;

    public ValueTask<RequestVerificationResult> VerifyAsync(RequestVerificationContext context, CancellationToken cancellationToken)
        => ValueTask.FromResult(string.IsNullOrWhiteSpace(context.Evidence) ? RequestVerificationResult.Failure("No note.") : RequestVerificationResult.Success);
}

/// <summary>The three services' contexts in one process (a modular monolith), each on its own database.</summary>
public sealed class LocalShop : IAsyncDisposable
{
    public const string AuditKey = "distributed-tests-audit-key-0123456789abcdef";

    private LocalShop(TestDatabase identity, TestDatabase ordering, TestDatabase basket, ServiceProvider services)
    {
        Identity = identity;
        Ordering = ordering;
        Basket = basket;
        Services = services;
    }

    public TestDatabase Identity { get; }

    public TestDatabase Ordering { get; }

    public TestDatabase Basket { get; }

    public ServiceProvider Services { get; }

    public static DateTime Now => DateTime.UtcNow;

    /// <summary>Creates the databases, seeds Alice and Bob, builds the services (only the contexts named).</summary>
    public static async Task<LocalShop> CreateAsync(DatabaseProvider provider, bool identity = true, bool ordering = true, bool basket = true)
    {
        var identityDb = await TestDatabase.CreateAsync(provider);
        var orderingDb = await TestDatabase.CreateAsync(provider);
        var basketDb = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<IdentityServiceContext>(o => identityDb.Configure(o));
        services.AddDbContext<OrderingContext>(o => orderingDb.Configure(o));
        services.AddDbContext<BasketContext>(o => basketDb.Configure(o));
        var privacy = services.AddPrivacy(p => p.UsePolicy(typeof(DistributedPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(DistributedPolicy).Namespace!)));
        if (identity)
        {
            privacy.AddEntityFrameworkCore<IdentityServiceContext>();
        }

        if (ordering)
        {
            privacy.AddEntityFrameworkCore<OrderingContext>();
        }

        if (basket)
        {
            privacy.AddEntityFrameworkCore<BasketContext>();
        }

        privacy.AddErasure(o => o.AuditKey = AuditKey);
        if (identity)
        {
            privacy.AddPrivacyRequests<IdentityServiceContext>().AddRequestVerifier<OperatorCheck>();
        }

        var provided = services.BuildServiceProvider();
        await using (var scope = provided.CreateAsyncScope())
        {
            await DistributedSeed.SeedIdentityAsync(scope.ServiceProvider.GetRequiredService<IdentityServiceContext>());
            await DistributedSeed.SeedOrderingAsync(scope.ServiceProvider.GetRequiredService<OrderingContext>(), Now);
            await DistributedSeed.SeedBasketAsync(scope.ServiceProvider.GetRequiredService<BasketContext>(), Now);
        }

        return new LocalShop(identityDb, orderingDb, basketDb, provided);
    }

    public async Task StartAsync()
    {
        foreach (var hosted in Services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    public async Task<string> DumpAsync<TContext>()
        where TContext : DbContext
    {
        await using var scope = Services.CreateAsyncScope();
        return await DistributedSeed.DumpAsync(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    /// <summary>Receives and verifies an erasure request of <paramref name="subject"/>, as an operator would from an e-mail.</summary>
    public async Task<Guid> VerifiedRequestAsync(DataSubjectRight right, string subject)
    {
        var requests = Services.GetRequiredService<IDataSubjectRequestService>();
        var request = await requests.ReceiveAsync(new DataSubjectRequestSubmission(right, RequestChannel.Email) { Reference = "MAIL-17" });
        await requests.VerifyAsync(request.Id, new DataSubjectReference(DistributedPolicy.Subjects.Customer, subject), OperatorCheck.Name, "Reply from the address on file.");
        return request.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Identity.DisposeAsync();
        await Ordering.DisposeAsync();
        await Basket.DisposeAsync();
    }
}
