using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>
/// Issue 18, round 5: the erasure's audit row is written with one INSERT built once per model, without the change tracker
/// (<see cref="AuditInsert"/>). What is read back must be what <c>SaveChanges</c> wrote (each column through its type
/// mapping: a Guid as SQLite's TEXT, a DateTimeOffset as each engine stores it), and an application that takes part in
/// saves (a <see cref="ISaveChangesInterceptor"/>) still sees the row go through <c>SaveChanges</c>.
/// </summary>
public class AuditInsertTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_audit_row_reads_back_with_every_value_the_executor_wrote(DatabaseProvider provider)
    {
        await using var run = await RunAsync(provider, interceptor: null);
        var (plan, result, record) = await EraseAsync(run);

        Assert.Equal(ErasureStatus.Applied, result.Status);
        Assert.NotEqual(Guid.Empty, record.Id);
        Assert.Equal(PrivacyAuditRecord.ErasureKind, record.Kind);
        Assert.Equal(plan.PlanId, record.PlanId);
        Assert.Equal("REQ-18-AUDIT", record.RequestId);
        Assert.Equal(ShapePolicy.Subjects.Customer, record.SubjectCategory);
        Assert.Equal(PrivacyAuditRecord.Hash(System.Text.Encoding.UTF8.GetBytes(Harness.AuditKey), ShapePolicy.Subjects.Customer, "1"), record.SubjectKeyHash);
        Assert.Equal(new DateTimeOffset(Shape.Today), record.OccurredAt);
        Assert.Equal(plan.Policy, record.Policy);
        Assert.Equal(result.RowsDeleted + result.RowsAnonymised, record.Rows);
        Assert.Equal(plan.Steps.Where(s => s.RowCount > 0).Select(s => s.EntityType), record.ReadEntries().Select(e => e.EntityType));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plan.Recipients.Select(r => r.Id)), record.Recipients);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task With_a_SaveChanges_interceptor_the_audit_row_goes_through_SaveChanges(DatabaseProvider provider)
    {
        var interceptor = new SavedAudit();
        await using var run = await RunAsync(provider, interceptor);
        var (plan, result, record) = await EraseAsync(run);

        Assert.Equal(ErasureStatus.Applied, result.Status);
        Assert.Equal(new Guid?[] { plan.PlanId }, interceptor.PlanIds);
        Assert.Equal(plan.PlanId, record.PlanId);
    }

    private static async Task<(ErasurePlan Plan, ErasureResult Result, PrivacyAuditRecord Record)> EraseAsync(Run run)
    {
        var plan = await run.Services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-18-AUDIT");
        var result = await run.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan);
        await using var scope = run.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<PostalCodeContext>();
        var record = await context.Set<PrivacyAuditRecord>().AsNoTracking().SingleAsync(a => a.PlanId == plan.PlanId);
        return (plan, result, record);
    }

    private static async Task<Run> RunAsync(DatabaseProvider provider, IInterceptor? interceptor)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var shape = new PostalCodeShape();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(new FixedTime(new DateTimeOffset(Shape.Today)));
        shape.Register(collection, o =>
            {
                database.Configure(o);
                if (interceptor is not null)
                {
                    o.AddInterceptors(interceptor);
                }
            })
            .AddErasure(o => o.AuditKey = Harness.AuditKey);
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<PostalCodeContext>();
            await context.Database.EnsureCreatedAsync();
            await shape.SeedAsync(context);
        }

        return new Run(database, services);
    }

    private sealed class Run(TestDatabase database, ServiceProvider services) : IAsyncDisposable
    {
        public ServiceProvider Services { get; } = services;

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    /// <summary>The plan ids of the audit rows SaveChanges was about to insert.</summary>
    private sealed class SavedAudit : SaveChangesInterceptor
    {
        public List<Guid?> PlanIds { get; } = [];

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            PlanIds.AddRange(eventData.Context!.ChangeTracker.Entries<PrivacyAuditRecord>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.PlanId));
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }
}
