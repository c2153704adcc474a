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

    private static async Task<Exception> PlanFailsAsync<TContext>(DatabaseProvider provider, object row)
        where TContext : DbContext
    {
        var (database, services) = await CreateAsync<TContext>(provider, async c =>
        {
            c.Add(row);
            await c.SaveChangesAsync();
        });
        await using (database)
        await using (services)
        {
            var error = await Record.ExceptionAsync(() => services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference("employee", 1), "REQ-50"));
            await using var scope = services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            Assert.Equal(0, await context.Set<PrivacyAuditRecord>().CountAsync());
            Assert.NotNull(error);
            return error;
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Null_on_a_NOT_NULL_column_names_the_property_and_the_fix(DatabaseProvider provider)
    {
        var error = await PlanFailsAsync<NullOnRequiredContext>(provider, new NullOnRequired { Id = 1, Nickname = "nick" });
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("NullOnRequired.Nickname is NOT NULL", error.Message, StringComparison.Ordinal);
        Assert.Contains("RandomToken", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_placeholder_on_a_unique_column_names_the_property_and_the_fix(DatabaseProvider provider)
    {
        var error = await PlanFailsAsync<RedactOnUniqueContext>(provider, new RedactOnUnique { Id = 1, Login = "login" });
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("RedactOnUnique.Login has a unique index", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_kept_row_with_an_owned_collection_of_personal_data_is_refused_by_name(DatabaseProvider provider)
    {
        var error = await PlanFailsAsync<OwnedCollectionContext>(provider, new WithOwnedCollection { Id = 1, Name = "n", Phones = [new Phone { Number = "123" }] });
        Assert.IsType<NotSupportedException>(error);
        Assert.Contains("WithOwnedCollection.Phones", error.Message, StringComparison.Ordinal);
    }
}
