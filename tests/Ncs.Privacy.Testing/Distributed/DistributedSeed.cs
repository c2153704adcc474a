using Microsoft.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Distributed;

/// <summary>Two customers, Alice and Bob, spread over the three services' databases.</summary>
public static class DistributedSeed
{
    public const string Alice = "alice-7f3a";
    public const string Bob = "bob-21c9";

    /// <summary>Every personal value the seed writes for Alice (to prove none is left where the plan did not retain it).</summary>
    public static readonly string[] AliceValues = ["alice@example.se", "Alice Andersson", "Storgatan 1, Umeå", "Happy birthday Alice", "alice-basket-note"];

    /// <summary>Bob's personal values: none may change when Alice is erased.</summary>
    public static readonly string[] BobValues = ["bob@example.se", "Bob Berg", "Kungsgatan 2, Luleå", "Bob Berg (billing)", "Congrats Bob", "bob-basket-note"];

    /// <summary>Bob's values in the ordering database.</summary>
    public static readonly string[] BobOrderingValues = ["Kungsgatan 2, Luleå", "Bob Berg (billing)", "Congrats Bob"];

    public static async Task SeedIdentityAsync(IdentityServiceContext context)
    {
        await context.Database.EnsureCreatedAsync();
        context.Accounts.AddRange(
            new Account { Id = Alice, Email = "alice@example.se", Name = "Alice Andersson" },
            new Account { Id = Bob, Email = "bob@example.se", Name = "Bob Berg" });
        await context.SaveChangesAsync();
    }

    /// <summary>Alice has an order of last year (its billing name under Bokföringslagen) and one from 2017 whose hold has ended.</summary>
    public static async Task SeedOrderingAsync(OrderingContext context, DateTime now)
    {
        await context.Database.EnsureCreatedAsync();
        context.Orders.AddRange(
            new Order
            {
                Id = 1, BuyerId = Alice, PlacedAt = now.AddYears(-1), DeliveryAddress = "Storgatan 1, Umeå", BillingName = "Alice Andersson",
                Lines = [new OrderLine { Id = 1, Product = "NCS S 1050-Y90R", GiftMessage = "Happy birthday Alice" }, new OrderLine { Id = 2, Product = "NCS S 0500-N" }],
            },
            new Order { Id = 2, BuyerId = Alice, PlacedAt = new DateTime(2017, 5, 1, 0, 0, 0, DateTimeKind.Utc), DeliveryAddress = "Storgatan 1, Umeå", BillingName = "Alice Andersson" },
            new Order
            {
                Id = 3, BuyerId = Bob, PlacedAt = now.AddMonths(-2), DeliveryAddress = "Kungsgatan 2, Luleå", BillingName = "Bob Berg (billing)",
                Lines = [new OrderLine { Id = 3, Product = "NCS S 2030-B", GiftMessage = "Congrats Bob" }],
            });
        await context.SaveChangesAsync();
    }

    public static async Task SeedBasketAsync(BasketContext context, DateTime now)
    {
        await context.Database.EnsureCreatedAsync();
        context.Baskets.AddRange(
            new Basket { UserId = Alice, UpdatedAt = now.AddDays(-1), Items = [new BasketItem { Id = 1, Product = "NCS S 3005-R", Note = "alice-basket-note" }] },
            new Basket { UserId = Bob, UpdatedAt = now.AddDays(-2), Items = [new BasketItem { Id = 2, Product = "NCS S 1000-N", Note = "bob-basket-note" }] });
        await context.SaveChangesAsync();
    }

    /// <summary>Everything each database holds, as text, to search for values.</summary>
    public static async Task<string> DumpAsync(DbContext context)
    {
        var text = new System.Text.StringBuilder();
        foreach (var entityType in context.Model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned()))
        {
            var table = entityType.GetTableName()!;
            var connection = context.Database.GetDbConnection();
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await context.Database.OpenConnectionAsync();
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(' ').Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
