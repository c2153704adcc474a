using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// A random value that equals one a unique column already holds (a random int among 2^31) is not "a constraint a new plan
/// would hit again": the transaction rolls back and the executor runs the same plan again with new draws.
/// </summary>
public class RandomCollisionTests
{
    /// <summary>SQLite's random(), replaced on every connection: the first draws give the value customer 2's badge holds.</summary>
    private sealed class CollidingRandom(long colliding, int collidingCalls) : DbConnectionInterceptor
    {
        private int _calls;

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Register(connection);
            return Task.CompletedTask;
        }

        private void Register(DbConnection connection)
            => ((SqliteConnection)connection).CreateFunction("random", () => Interlocked.Increment(ref _calls) <= collidingCalls ? colliding : 4_000_000_000_000_000_000L + (_calls * 1_000_000_000_000L));
    }

    [Fact]
    public async Task A_random_value_that_collides_in_a_unique_column_is_drawn_again()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        // EF Core's SQLite random int: CAST(abs(random() / 9.2233720368547758E+18) * 2147483647.0 AS INTEGER); aim at 7002.
        var colliding = (long)((7002.5 / int.MaxValue) * 9.2233720368547758E+18);
        var random = new CollidingRandom(colliding, collidingCalls: 4);
        var shape = new UniqueGuidShape();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FixedTime(new DateTimeOffset(Shape.Today)));
        shape.Register(services, o => database.Configure(o).AddInterceptors(random)).AddErasure(o => o.AuditKey = Harness.AuditKey);
        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<UniqueGuidContext>();
            await context.Database.EnsureCreatedAsync();
            await shape.SeedAsync(context);
        }

        var plan = await provider.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, 1), "REQ-COLLIDE");
        var result = await provider.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan);

        Assert.Equal(ErasureStatus.Applied, result.Status);
        await using var check = provider.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<UniqueGuidContext>().Set<GuidCustomer>().AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        Assert.NotEqual(7001, rows[0].Badge);
        Assert.NotEqual(7002, rows[0].Badge);
        Assert.Equal(7002, rows[1].Badge);
    }
}
