using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Tests.Model;

/// <summary>The shop's policy, contexts, services and seed data.</summary>
public static class Shop
{
    public const int Alice = 1;
    public const int Bob = 2;
    public const int Carol = 3;
    public const int Eve = 7;
    public const int Frank = 8;

    private static readonly Lazy<PrivacyPolicy> LazyPolicy = new(() =>
    {
        var options = new PrivacyOptions { PolicyType = typeof(ShopPolicy) };
        options.ModelAssemblies.Add(typeof(ShopPolicy).Assembly);
        return PrivacyPolicy.Load(options);
    });

    /// <summary>One policy instance for the test process: it keys EF Core's model cache.</summary>
    public static PrivacyPolicy Policy => LazyPolicy.Value;

    public static TContext Context<TContext>(TestDatabase database, Func<DbContextOptions, TContext> create)
        where TContext : DbContext
        => create(database.Configure(new DbContextOptionsBuilder<TContext>()).UsePrivacy(Policy).Options);

    public static ShopContext Context(TestDatabase database) => Context(database, o => new ShopContext((DbContextOptions<ShopContext>)o));

    /// <summary>An application's services: the shop context registered the usual way, plus privacy.</summary>
    public static ServiceProvider Services(TestDatabase database, Action<IPrivacyBuilder>? configure = null, Action<IServiceCollection>? before = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        before?.Invoke(services);
        services.AddDbContext<ShopContext>(o => database.Configure(o));
        var privacy = services.AddPrivacy(p => p.UsePolicy(typeof(ShopPolicy))).AddEntityFrameworkCore<ShopContext>();
        configure?.Invoke(privacy);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public static async Task<TestDatabase> CreateSeededAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var context = Context(database);
        await context.Database.EnsureCreatedAsync();
        await SeedAsync(context);
        return database;
    }

    public static async Task SeedAsync(ShopContext context)
    {
        var alice = new Customer
        {
            Id = Alice,
            Name = "Alice Ann",
            Email = "alice@a.example",
            Address = new PostalAddress { Street = "Alice Street 1", City = "Aliceville" },
            Phones = [new Phone { Id = 1, Number = "+46-111-ALICE" }],
        };
        var bob = new BusinessCustomer
        {
            Id = Bob,
            Name = "Bob Bee",
            Email = "bob@b.example",
            OrgNumber = "BOB-ORG-556",
            Address = new PostalAddress { Street = "Bob Road 2", City = "Bobtown" },
            Phones = [new Phone { Id = 2, Number = "+46-222-BOB" }, new Phone { Id = 3, Number = "+46-223-BOB" }],
        };
        var carol = new Customer { Id = Carol, Name = "Carol Deleted", Email = "carol@c.example", IsDeleted = true };
        context.AddRange(alice, bob, carol);
        context.Entry(alice).Property("ReferralCode").CurrentValue = "REF-ALICE";
        context.Entry(bob).Property("ReferralCode").CurrentValue = "REF-BOB";
        context.Entry(carol).Property("ReferralCode").CurrentValue = "REF-CAROL";

        context.Orders.AddRange(
            new Order
            {
                Id = 10, CustomerId = Alice, OrderedAt = Utc(2024, 3, 15), DeliveryNote = "alice-note: leave at the door",
                Lines = [new OrderLine { Id = 100, Product = "NCS S 1050-Y90R", Quantity = 2, GiftMessage = "alice-gift-1" },
                         new OrderLine { Id = 101, Product = "NCS S 0500-N", Quantity = 1, GiftMessage = "alice-gift-2" }],
                Payments = [new CardPayment { Id = 1000, Amount = 120m, CardHolder = "ALICE CARDHOLDER" }, new Payment { Id = 1001, Amount = 5m }],
            },
            new Order { Id = 11, CustomerId = Alice, OrderedAt = Utc(2023, 1, 2), DeliveryNote = "alice-deleted-order", IsDeleted = true },
            new Order
            {
                Id = 20, CustomerId = Bob, OrderedAt = Utc(2024, 5, 1), DeliveryNote = "bob-note",
                Lines = [new OrderLine { Id = 200, Product = "NCS S 2030-B", Quantity = 5, GiftMessage = "bob-gift" }],
                Payments = [new CardPayment { Id = 2000, Amount = 300m, CardHolder = "BOB CARDHOLDER" }],
            },
            new Order { Id = 30, CustomerId = Carol, OrderedAt = Utc(2022, 6, 1), DeliveryNote = "carol-note" });

        context.Shipments.AddRange(
            new Shipment { OrderId = 10, Number = 1, Events = [new ShipmentEvent { Id = 1, SignedBy = "alice-signature" }] },
            new Shipment { OrderId = 20, Number = 1, Events = [new ShipmentEvent { Id = 2, SignedBy = "bob-signature" }] });

        context.Households.AddRange(
            new Household { Id = 100, Name = "Shared Household", Members = [alice, bob] },
            new Household { Id = 101, Name = "Alice-only Household", Members = [alice] });

        context.Employees.AddRange(new Employee { Id = Eve, Name = "Eve Agent" }, new Employee { Id = Frank, Name = "Frank Agent" });
        context.Tickets.AddRange(
            new SupportTicket { Id = 50, CustomerId = Alice, AgentId = Eve, Question = "alice-question", AgentNotes = "eve-notes-1" },
            new SupportTicket { Id = 51, CustomerId = Bob, AgentId = Frank, Question = "bob-question", AgentNotes = "frank-notes" },
            new SupportTicket { Id = 52, CustomerId = null, AgentId = Eve, Question = "anonymous-question", AgentNotes = "eve-notes-anonymous" });
        await context.SaveChangesAsync();
    }

    public static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);
}
