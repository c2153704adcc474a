using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>Table-per-type hierarchies: EF Core cannot delete their rows set-based, so erasure and the sweep anonymise them, one UPDATE per table.</summary>
public class TablePerTypeTests
{
    private static async Task<(TestDatabase Database, ServiceProvider Services, FixedTime Time)> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var time = new FixedTime(Harness.Today);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddDbContext<TptContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(ErasurePolicy))).AddEntityFrameworkCore<TptContext>().AddErasure(o => o.AuditKey = Harness.AuditKey);
        var built = services.BuildServiceProvider();
        await using var scope = built.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TptContext>();
        await context.Database.EnsureCreatedAsync();
        context.Add(new Worker { Id = 1, Name = "Wendy Worker" });
        context.Add(new Worker { Id = 2, Name = "Walter Worker" });
        context.AddRange(
            new Expense { Id = 10, WorkerId = 1, SpentAt = Harness.Utc(2020, 1, 1), Comment = "wendy-taxi" },
            new CardExpense { Id = 11, WorkerId = 1, SpentAt = Harness.Utc(2020, 1, 1), Comment = "wendy-hotel", CardHolder = "WENDY CARD" },
            new CardExpense { Id = 12, WorkerId = 2, SpentAt = Harness.Utc(2026, 1, 1), Comment = "walter-hotel", CardHolder = "WALTER CARD" });
        await context.SaveChangesAsync();
        return (database, built, time);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasure_anonymises_table_per_type_rows_with_one_update_per_table(DatabaseProvider provider)
    {
        var (database, services, _) = await CreateAsync(provider);
        await using (database)
        await using (services)
        {
            var plan = await services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference("employee", 1), "REQ-60");
            var card = plan.Steps.Single(s => s.EntityType.EndsWith(".CardExpense", StringComparison.Ordinal));
            Assert.Equal((ErasureRowAction.Anonymise, 1L), (card.Action, card.RowCount));
            Assert.Contains("table-per-type", card.Note, StringComparison.Ordinal);

            var result = await services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan);

            Assert.Equal(ErasureStatus.Applied, result.Status);
            await using var scope = services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<TptContext>();
            var expenses = await context.Set<Expense>().OrderBy(e => e.Id).ToListAsync();
            Assert.Null(expenses[0].Comment);
            Assert.Null(expenses[1].Comment);
            Assert.StartsWith("erased-", ((CardExpense)expenses[1]).CardHolder, StringComparison.Ordinal);
            Assert.Equal(("walter-hotel", "WALTER CARD"), (expenses[2].Comment, ((CardExpense)expenses[2]).CardHolder));
            Assert.StartsWith("erased-", (await context.Set<Worker>().SingleAsync(w => w.Id == 1)).Name, StringComparison.Ordinal);
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_sweep_anonymises_expired_table_per_type_rows_table_by_table(DatabaseProvider provider)
    {
        var (database, services, _) = await CreateAsync(provider);
        await using (database)
        await using (services)
        {
            var enforcer = services.GetRequiredService<IRetentionEnforcer>();
            var result = await enforcer.SweepAsync();

            Assert.Equal(0, result.RowsDeleted);
            Assert.Equal(3, result.RowsAnonymised); // Expense 10 and CardExpense 11 (Comment), CardExpense 11 (CardHolder)
            await using var scope = services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<TptContext>();
            var expenses = await context.Set<Expense>().OrderBy(e => e.Id).ToListAsync();
            Assert.Equal([null, null, "walter-hotel"], expenses.Select(e => e.Comment));
            Assert.StartsWith("erased-", ((CardExpense)expenses[1]).CardHolder, StringComparison.Ordinal);
            Assert.Empty((await enforcer.SweepAsync()).Entries);
        }
    }
}
