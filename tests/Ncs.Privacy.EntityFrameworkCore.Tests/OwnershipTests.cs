using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>Hard cases 14 (one definition of what a subject owns) and 17 (a schema change is caught at start-up).</summary>
public sealed class OwnershipTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Hard_case_14_export_and_the_subject_graph_agree_on_every_row(DatabaseProvider provider)
    {
        await using var database = await Shop.CreateSeededAsync(provider);
        await using var services = Shop.Services(database);
        using var scope = services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<ShopContext>();
        var graph = context.GetSubjectGraph();
        var owned = new Dictionary<(string Category, int Subject), HashSet<string>>();

        foreach (var (category, subject) in new[] { ("customer", Shop.Alice), ("customer", Shop.Bob), ("customer", Shop.Carol), ("employee", Shop.Eve), ("employee", Shop.Frank) })
        {
            var export = await ExportResult.RunAsync(services, category, subject);
            var root = graph.FindRoot(category)!;
            var rows = owned[(category, subject)] = [];
            foreach (var entity in root.Entities.Where(e => !e.IsOwned))
            {
                foreach (var share in entity.Shares)
                {
                    // What erasure will see: the share's query, the same one the export streams.
                    var keys = new List<string>();
                    foreach (var row in share.Query(context, subject).Cast<object>().AsNoTracking().ToList())
                    {
                        var key = entity.EntityType.FindPrimaryKey()!.Properties;
                        if (row.GetType() != entity.EntityType.ClrType)
                        {
                            continue; // exported under its own (derived) entity type
                        }

                        keys.Add(JsonSerializer.Serialize(key.ToDictionary(p => p.Name, p => p.GetGetter().GetClrValue(row))));
                        rows.Add($"{entity.EntityType.DisplayName()}/{share.Navigation}/{keys[^1]}");
                    }

                    var exported = export.Keys(entity.EntityType.DisplayName(), share.Navigation);
                    if (RowBlockHasValues(share))
                    {
                        Assert.Equal(keys.Order(), exported.Order());
                    }
                    else
                    {
                        Assert.Empty(exported); // a join entity or a type with no exported personal value: nothing to show
                    }
                }
            }
        }

        // Outside many-to-many rows, no row belongs to two customers.
        var shared = graph.FindRoot("customer")!.Entities.SelectMany(e => e.Shares).Where(s => s.IsShared).Select(s => s.Entity.EntityType.DisplayName() + "/").ToArray();
        var alice = owned[("customer", Shop.Alice)].Where(r => !shared.Any(r.StartsWith)).ToHashSet();
        var bob = owned[("customer", Shop.Bob)].Where(r => !shared.Any(r.StartsWith)).ToHashSet();
        Assert.Empty(alice.Intersect(bob));
        Assert.Contains("OrderLine//{\"Id\":101}", alice);
        Assert.Contains("Household//{\"Id\":100}", owned[("customer", Shop.Bob)]);
    }

    private static bool RowBlockHasValues(SubjectShare share)
        => share.PersonalProperties.Any(p => p.IsExported)
           || (share.OwnsRow && share.Entity.Root.Entities.Any(e => e.Owner == share.Entity && e.Properties.Any(p => p.IsExported)));

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Hard_case_17_a_new_column_fails_the_start_up_check_until_it_is_classified(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var changed = Shop.Context(database, o => new ChangedShopContext(o)))
        {
            var error = await Assert.ThrowsAsync<PrivacyModelException>(() => changed.Database.EnsureCreatedAsync());

            Assert.Equal(
                [("Customer", "Nickname"), ("Review", "Text")],
                error.Problems.Select(p => (p.EntityType, p.Property!)));
            Assert.All(error.Problems, p => Assert.Equal(PrivacyModelProblemKind.UnclassifiedProperty, p.Kind));
            Assert.Contains("Customer.Nickname: shadow property (String) is not classified", error.Message, StringComparison.Ordinal);
            Assert.Contains("Review.Text: property (String) is not classified: add [PersonalData(purpose, retention)] or [NotPersonalData(\"why\")] to Review.Text", error.Message, StringComparison.Ordinal);
            Assert.Empty(await database.TableNamesAsync());
        }

        await using var classified = Shop.Context(database, o => new ClassifiedChangedShopContext(o));
        await classified.Database.EnsureCreatedAsync();
        await Shop.SeedAsync(classified);
        classified.Add(new Review { Id = 1, CustomerId = Shop.Alice, Text = "alice-review" });
        classified.Entry(await classified.Customers.SingleAsync(c => c.Id == Shop.Alice)).Property("Nickname").CurrentValue = "alice-nick";
        await classified.SaveChangesAsync();

        var graph = classified.GetSubjectGraph();
        var review = graph.FindRoot("customer")!.Find(graph.Model.FindEntityType(typeof(Review))!)!;
        var rows = review.Query(classified, Shop.Alice).Cast<Review>().ToList();
        Assert.Equal("alice-review", Assert.Single(rows).Text);
        Assert.Contains("Review", await database.TableNamesAsync());
    }
}
