using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>
/// Migrations of a context whose references by value add a stand-in root (<c>SubjectReference&lt;customer&gt;</c>): what
/// <c>dotnet ef migrations add</c> builds from the design-time model creates no table and no foreign-key constraint for
/// it, and a database created by those migrations (not by EnsureCreated) exports and erases.
/// </summary>
public sealed class StandInMigrationsTests
{
    [Fact]
    public async Task Migrations_of_a_context_with_references_by_value_create_no_table_nor_constraint_for_the_stand_in_and_the_migrated_database_erases()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<OrderingContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(DistributedPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(DistributedPolicy).Namespace!)))
            .AddEntityFrameworkCore<OrderingContext>()
            .AddErasure(o => o.AuditKey = LocalShop.AuditKey);
        await using var provided = services.BuildServiceProvider();
        await using var scope = provided.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<OrderingContext>();

        // What `dotnet ef migrations add Initial` does with the context the application registers.
        var design = new ServiceCollection();
        design.AddEntityFrameworkDesignTimeServices();
        design.AddDbContextDesignTimeServices(context);
#pragma warning disable EF1001 // the provider's design-time services, as the tools load them
        new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices().ConfigureDesignTimeServices(design);
#pragma warning restore EF1001
        await using var designServices = design.BuildServiceProvider();
        var migration = designServices.GetRequiredService<IMigrationsScaffolder>().ScaffoldMigration("Initial", "Shop.Ordering.Migrations");

        Assert.Contains("SubjectReference<customer>", migration.SnapshotCode, StringComparison.Ordinal); // the model snapshot shows the stand-in
        Assert.Contains("ToSqlQuery", migration.SnapshotCode, StringComparison.Ordinal);
        Assert.DoesNotContain("SubjectReference", migration.MigrationCode, StringComparison.Ordinal); // no table, no constraint, no drop
        Assert.Contains("name: \"Orders\"", migration.MigrationCode, StringComparison.Ordinal);

        // The operations the migration holds, applied to a real server.
        var model = context.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;
        var operations = context.GetService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel());
        Assert.DoesNotContain(operations.OfType<CreateTableOperation>(), t => t.Name.Contains("SubjectReference", StringComparison.Ordinal));
        Assert.DoesNotContain(operations.OfType<CreateTableOperation>().SelectMany(t => t.ForeignKeys), f => f.PrincipalTable.Contains("SubjectReference", StringComparison.Ordinal));
        Assert.DoesNotContain(operations.OfType<AddForeignKeyOperation>(), f => f.PrincipalTable.Contains("SubjectReference", StringComparison.Ordinal));
        // The trap docs/distributed.md warns about: a design-time context built without AddPrivacy does not see the
        // references, so migrations made from it differ from the running model (the reference columns' indexes).
        await using (var plain = new OrderingContext((DbContextOptions<OrderingContext>)database.Configure(new DbContextOptionsBuilder<OrderingContext>()).Options))
        {
            var plainModel = plain.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;
            Assert.Contains(context.GetService<IMigrationsModelDiffer>().GetDifferences(plainModel.GetRelationalModel(), model.GetRelationalModel()).OfType<CreateIndexOperation>(),
                i => i.Columns.SequenceEqual(["BuyerId"]));
        }

        var commands = context.GetService<IMigrationsSqlGenerator>().Generate(operations, model);
        await context.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, context.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalConnection>());
        Assert.DoesNotContain(await database.TableNamesAsync(), t => t.Contains("SubjectReference", StringComparison.Ordinal));

        foreach (var hosted in provided.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        context.Orders.AddRange(
            new Order { Id = 1, BuyerId = DistributedSeed.Alice, PlacedAt = new DateTime(2017, 5, 1, 0, 0, 0, DateTimeKind.Utc), DeliveryAddress = "Storgatan 1, Umeå", BillingName = "Alice Andersson" },
            new Order { Id = 2, BuyerId = DistributedSeed.Bob, PlacedAt = DateTime.UtcNow, DeliveryAddress = "Kungsgatan 2, Luleå", BillingName = "Bob Berg (billing)" });
        await context.SaveChangesAsync();
        var plan = await provided.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice), "DSR-17-M1");
        Assert.Equal(ErasureStatus.Applied, (await provided.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);
        var dump = await DistributedSeed.DumpAsync(context);
        Assert.DoesNotContain("Storgatan", dump, StringComparison.Ordinal);
        Assert.Contains("Kungsgatan 2, Luleå", dump, StringComparison.Ordinal);
    }
}
