using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>An anonymisation the model cannot honour is a clear error before anything is written (hard cases 4 and 8).</summary>
public class ContradictionTests
{
    private static async Task<(TestDatabase Database, ServiceProvider Services)> CreateAsync<TContext>(DatabaseProvider provider, Func<TContext, Task> seed)
        where TContext : DbContext
    {
        var database = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<TContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(ErasurePolicy))).AddEntityFrameworkCore<TContext>().AddErasure(o => o.AuditKey = Harness.AuditKey);
        var provider_ = services.BuildServiceProvider();
        await using var scope = provider_.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        await context.Database.EnsureCreatedAsync();
        await seed(context);
        return (database, provider_);
    }

    /// <summary>The model is refused when it is built (start-up), before any plan, and the database is never created.</summary>
    private static async Task<PrivacyModelException> StartupFailsAsync<TContext>(DatabaseProvider provider)
        where TContext : DbContext
    {
        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => CreateAsync<TContext>(provider, _ => Task.CompletedTask));
        return error;
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Null_on_a_NOT_NULL_column_names_the_property_and_the_fix(DatabaseProvider provider)
    {
        var error = await StartupFailsAsync<NullOnRequiredContext>(provider);
        Assert.Contains("NullOnRequired.Nickname: is NOT NULL", error.Message, StringComparison.Ordinal);
        Assert.Contains("choose Anonymisation = AnonymisationStrategy.RandomToken", error.Message, StringComparison.Ordinal);
        Assert.Equal(PrivacyModelProblemKind.AnonymisationNotExecutable, Assert.Single(error.Problems).Kind);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_placeholder_on_a_unique_column_names_the_property_and_the_fix(DatabaseProvider provider)
    {
        var error = await StartupFailsAsync<RedactOnUniqueContext>(provider);
        Assert.Contains("RedactOnUnique.Login: has a unique index", error.Message, StringComparison.Ordinal);

        // Only strategies that fit the column are offered.
        Assert.Contains("choose Anonymisation = AnonymisationStrategy.RandomToken or Anonymisation = AnonymisationStrategy.RandomEmail [", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A kept row's owned collection (issue 11): once refused at start-up, now anonymised with the row by one UPDATE of
    /// the owned table; the plan names the owned fields.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_kept_row_with_an_owned_collection_of_personal_data_is_anonymised_with_it(DatabaseProvider provider)
    {
        var (database, services) = await CreateAsync<OwnedCollectionContext>(provider, context =>
        {
            context.Add(new WithOwnedCollection { Id = 1, Name = "Ann", Phones = [new Phone { Number = "+46 1" }, new Phone { Number = "+46 2" }] });
            context.Add(new WithOwnedCollection { Id = 2, Name = "Bo", Phones = [new Phone { Number = "+46 3" }] });
            return context.SaveChangesAsync();
        });
        await using (database)
        await using (services)
        {
            var plan = await services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(ErasurePolicy.Subjects.Employee, 1), "REQ-OWNED");
            var step = Assert.Single(plan.Steps, s => s.RowCount > 0);
            Assert.Equal(ErasureRowAction.Anonymise, step.Action);
            Assert.Equal(ErasureFieldAction.Anonymise, step.Fields.Single(f => f.Name == "Phones.Number").Action);
            Assert.Equal(ErasureStatus.Applied, (await services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);

            await using var scope = services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<OwnedCollectionContext>();
            var rows = await context.Set<WithOwnedCollection>().AsNoTracking().OrderBy(e => e.Id).ToListAsync();
            Assert.All(rows[0].Phones, p => Assert.StartsWith("erased-", p.Number, StringComparison.Ordinal));
            Assert.Equal(2, rows[0].Phones.Count);
            Assert.Equal(["+46 3"], rows[1].Phones.Select(p => p.Number));
            Assert.Equal("Bo", rows[1].Name);
        }
    }
}
