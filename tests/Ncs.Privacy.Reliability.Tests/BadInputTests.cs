using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Reliability.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>
/// The bad-input catalogue (hard case 8; listed in docs/reliability.md): each input must fail with a clear error of the
/// documented type whose message names the problem, and write nothing (the full dump is unchanged).
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output, ShopPerProvider shops) : IClassFixture<ShopPerProvider>
{
    /// <summary>One bad input: what to do (with the rich world loaded and a reviewed plan for customer 1), and the error expected.</summary>
    public sealed record Case(string Name, Type Expected, string Fragment, Func<Shop, ErasurePlan, Task> Act, Func<Shop, Task>? Arrange = null, string Known = "");

    private static DataSubjectReference Customer(object id) => new("customer", id);

    private static Task Plan(Shop shop, object id, string request = "REQ-1") => shop.Planner.PlanAsync(Customer(id), request);

    private static Task Export(Shop shop, string category, object id) => Shop.ExportAsync(shop.Services, category, id);

    /// <summary>The reviewed plan's JSON with one change, read back and executed.</summary>
    private static Task Tampered(Shop shop, ErasurePlan plan, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(plan.ToJson())!.AsObject();
        change(json);
        return shop.Executor.ExecuteAsync(ErasurePlan.FromJson(json.ToJsonString()));
    }

    private static JsonObject Step(JsonObject plan, string entity, Func<JsonObject, bool>? where = null)
        => plan["steps"]!.AsArray().Select(s => s!.AsObject()).First(s => s["entityType"]!.GetValue<string>().EndsWith("." + entity, StringComparison.Ordinal) && (int)s["rowCount"]! > 0 && (where?.Invoke(s) ?? true));

    public static IReadOnlyList<Case> Catalogue { get; } =
    [
        new("unknown subject: the plan finds nobody, executing it writes nothing, the export refuses", typeof(DataSubjectNotFoundException), "nothing was written", async (shop, _) =>
        {
            var plan = await shop.Planner.PlanAsync(Customer(999), "REQ-1");
            Assert.Equal(ErasureOutcome.SubjectNotFound, plan.Outcome);
            Assert.Equal(ErasureStatus.SubjectNotFound, (await shop.Executor.ExecuteAsync(plan)).Status);
            using var stream = new MemoryStream();
            try
            {
                await shop.Services.GetRequiredService<IDataSubjectExporter>().ExportAsync(Customer(999), stream);
            }
            finally
            {
                Assert.Equal(0, stream.Length);
            }
        }),
        new("undeclared category (plan)", typeof(ArgumentException), "martian", (shop, _) => shop.Planner.PlanAsync(new DataSubjectReference("martian", 1), "REQ-1")),
        new("undeclared category (export)", typeof(ArgumentException), "martian", (shop, _) => Export(shop, "martian", 1)),
        new("category of 100,000 characters", typeof(ArgumentException), "not declared", (shop, _) => shop.Planner.PlanAsync(new DataSubjectReference(new string('c', 100_000), 1), "REQ-1")),
        new("malformed id: \"abc\" for an int key", typeof(ArgumentException), "Int32", (shop, _) => Plan(shop, "abc")),
        new("malformed id: \"abc\" for an int key (export)", typeof(ArgumentException), "Int32", (shop, _) => Export(shop, "customer", "abc")),
        new("malformed id: null", typeof(ArgumentNullException), "subject.Id", (shop, _) => Plan(shop, null!)),
        new("id of the wrong type: a Guid for an int key", typeof(ArgumentException), "Int32", (shop, _) => Plan(shop, Guid.NewGuid())),
        new("id of the wrong type: a DateTime for an int key", typeof(ArgumentException), "Int32", (shop, _) => Plan(shop, DateTime.UtcNow)),
        new("id that does not convert losslessly: 1.5 (double) for an int key", typeof(ArgumentException), "Int32", (shop, _) => Plan(shop, 1.5)),
        new("id that does not convert losslessly: 1.5 (double) for an int key (export)", typeof(ArgumentException), "Int32", (shop, _) => Export(shop, "customer", 1.5)),
        new("id of the wrong type: true (bool) for an int key", typeof(ArgumentException), "Int32", (shop, _) => Plan(shop, true)),
        new("oversized id: 2^40 for an int key", typeof(ArgumentException), "Int32", (shop, _) => Plan(shop, 1L << 40)),
        new("oversized id: 10,000 digits", typeof(ArgumentException), "Int32", (shop, _) => Plan(shop, new string('9', 10_000))),
        new("empty request id", typeof(ArgumentException), "request id", (shop, _) => Plan(shop, 1, "")),
        new("blank request id", typeof(ArgumentException), "request id", (shop, _) => Plan(shop, 1, "   ")),
        new("oversized request id: 100,000 characters", typeof(ArgumentException), "100000 characters", (shop, _) => Plan(shop, 1, new string('r', 100_000))),
        new("oversized request id in a plan document: 1,000,000 characters", typeof(ArgumentException), "1000000 characters", (shop, plan) => Tampered(shop, plan, p => p["requestId"] = new string('r', 1_000_000))),
        new("stale plan: an order was added after planning", typeof(ErasurePlanStaleException), "make a new plan", (shop, plan) => shop.Executor.ExecuteAsync(plan), async shop =>
        {
            await using var context = shop.Context();
            context.Orders.Add(new Order { Id = 900, CustomerId = 1, DeliveryNote = "late" });
            await context.SaveChangesAsync();
        }),
        new("stale plan: an order was removed after planning", typeof(ErasurePlanStaleException), "make a new plan", (shop, plan) => shop.Executor.ExecuteAsync(plan), async shop =>
        {
            await using var context = shop.Context();
            await context.OrderLines.Where(l => l.OrderId == 2).ExecuteDeleteAsync();
            await context.Orders.IgnoreQueryFilters().Where(o => o.Id == 2).ExecuteDeleteAsync();
        }),
        new("plan from another database whose subject differs", typeof(InvalidOperationException), "another database", async (shop, _) =>
        {
            await using var other = await Shop.CreateAsync(shop.Provider);
            await other.LoadAsync(FaultTests.Rich with { Customers = [FaultTests.Rich.Customers[1], FaultTests.Rich.Customers[0]] });
            await shop.Executor.ExecuteAsync(await other.PlanAsync(World.Customer(1)));
        }),
        new("plan from another database that holds the same subject with other values", typeof(InvalidOperationException), "another database", async (shop, _) =>
        {
            await using var other = await Shop.CreateAsync(shop.Provider);
            await other.LoadAsync(FaultTests.Rich);
            await using (var context = other.Context())
            {
                await context.Customers.ExecuteUpdateAsync(s => s.SetProperty(c => c.Phone, "other-database"));
            }

            await shop.Executor.ExecuteAsync(await other.PlanAsync(World.Customer(1)));
        }),
        new("plan for another DbContext", typeof(InvalidOperationException), "OtherContext", (shop, plan) => Tampered(shop, plan, p => p["context"] = "Other.OtherContext")),
        new("plan under another policy", typeof(InvalidOperationException), "Another policy", (shop, plan) => Tampered(shop, plan, p => p["policy"] = "Another policy")),
        new("tampered plan: not JSON", typeof(FormatException), "not a valid erasure plan", (shop, plan) => shop.Executor.ExecuteAsync(ErasurePlan.FromJson(plan.ToJson()[..40]))),
        new("tampered plan: unknown format", typeof(FormatException), "format", (shop, plan) => Tampered(shop, plan, p => p["format"] = "ncs-privacy-erasure-plan/9")),
        new("tampered plan: an unknown action", typeof(FormatException), "not a valid erasure plan", (shop, plan) => Tampered(shop, plan, p => Step(p, "Order")["action"] = "shred")),
        new("tampered plan: a held invoice deleted", typeof(InvalidOperationException), "legal hold", (shop, plan) => Tampered(shop, plan, p => Step(p, "Invoice", s => (string)s["rows"]! == "legalHoldInForce")["action"] = "delete")),
        new("tampered plan: a held field anonymised", typeof(InvalidOperationException), "BillingName", (shop, plan) => Tampered(shop, plan, p =>
        {
            var field = Step(p, "Invoice", s => (string)s["rows"]! == "legalHoldInForce")["fields"]!.AsArray().Select(f => f!.AsObject()).First(f => (string)f["name"]! == "BillingName");
            field["action"] = "anonymise";
            field["strategy"] = "randomToken";
        })),
        new("tampered plan: another anonymisation strategy", typeof(InvalidOperationException), "Email", (shop, plan) => Tampered(shop, plan, p =>
            Step(p, "Customer")["fields"]!.AsArray().Select(f => f!.AsObject()).First(f => (string)f["name"]! == "Email")["strategy"] = "redact")),
        new("tampered plan: a non-personal field anonymised", typeof(InvalidOperationException), "AmountCents", (shop, plan) => Tampered(shop, plan, p =>
            Step(p, "Invoice", s => (string)s["rows"]! == "legalHoldInForce")["fields"]!.AsArray().Add(new JsonObject { ["name"] = "AmountCents", ["action"] = "anonymise", ["strategy"] = "zero" }))),
        new("tampered plan: an entity type the model does not have", typeof(InvalidOperationException), "subject graph", (shop, plan) => Tampered(shop, plan, p => Step(p, "Order")["entityType"] = "Shop.Nothing")),
        new("tampered plan: a row count changed", typeof(ErasurePlanStaleException), "make a new plan", (shop, plan) => Tampered(shop, plan, p => Step(p, "Order")["rowCount"] = 7)),
        new("tampered plan: another subject's id", typeof(ErasurePlanStaleException), "make a new plan", (shop, plan) => Tampered(shop, plan, p => p["subjectId"] = "2")),
        new("tampered plan: a step removed (the customer's tickets would keep the question)", typeof(InvalidOperationException), "SupportTicket", (shop, plan) => Tampered(shop, plan, p =>
        {
            var steps = p["steps"]!.AsArray();
            steps.Remove(Step(p, "SupportTicket"));
        })),
    ];

    public static TheoryData<DatabaseProvider, string> Cases
    {
        get
        {
            var data = new TheoryData<DatabaseProvider, string>();
            foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
            {
                foreach (var bad in Catalogue)
                {
                    data.Add(provider, bad.Name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_input_fails_clearly_and_writes_nothing(DatabaseProvider provider, string name)
    {
        var bad = Catalogue.Single(c => c.Name == name);
        var shop = await shops.GetAsync(provider);
        await shop.LoadAsync(FaultTests.Rich);
        var plan = await shop.PlanAsync(World.Customer(1));
        if (bad.Arrange is { } arrange)
        {
            await arrange(shop);
        }

        var before = await shop.DumpAsync();
        var error = await Record.ExceptionAsync(() => bad.Act(shop, plan));
        var after = await shop.DumpAsync();
        var written = before.DifferenceFrom(after);
        Counts.Report(output, $"{nameof(A_bad_input_fails_clearly_and_writes_nothing)}({provider}, {name})", error is null ? "no error" : $"{error.GetType().Name}{(written is null ? ", nothing written" : ", wrote " + written)}");
        Assert.True(error is not null, $"{name}: no error{(written is null ? string.Empty : "; it wrote: " + written)}{bad.Known}");
        Assert.True(
            bad.Expected.IsInstanceOfType(error) && error.Message.Contains(bad.Fragment, StringComparison.OrdinalIgnoreCase),
            $"{name}: expected {bad.Expected.Name} naming '{bad.Fragment}', got {error.GetType().Name}: {error.Message[..Math.Min(300, error.Message.Length)]}");
        Assert.True(written is null, $"{name}: wrote {written}");
    }

    [Fact]
    public async Task An_invalid_policy_stops_start_up_naming_the_problem_and_nothing_is_written()
    {
        await using var shop = await Shop.CreateAsync(DatabaseProvider.Sqlite);
        await shop.LoadAsync(FaultTests.Rich);
        var before = await shop.DumpAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<ShopContext>(o => shop.Database.Configure(o));
        var error = Record.Exception(() =>
        {
            services.AddPrivacy(p => p.UsePolicy(typeof(BrokenPolicy))).AddEntityFrameworkCore<ShopContext>().AddErasure(o => o.AuditKey = Shop.AuditKey);
            using var provider = services.BuildServiceProvider();
            provider.GetRequiredService<IErasurePlanner>();
        });
        Assert.NotNull(error);
        Assert.True(error is Microsoft.Extensions.Options.OptionsValidationException or PrivacyPolicyException or PrivacyModelException, error.ToString());
        Assert.StartsWith("The privacy policy is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains("P7Q", error.Message, StringComparison.Ordinal);
        Assert.Contains("[UnknownPurpose]", error.Message, StringComparison.Ordinal);
        Assert.Null((await shop.DumpAsync()).DifferenceFrom(before));
    }
}

/// <summary>One shop per engine for a test class (emptied and reloaded by each test).</summary>
public sealed class ShopPerProvider : IAsyncDisposable
{
    private readonly Dictionary<DatabaseProvider, Task<Shop>> _shops = [];
    private readonly Lock _gate = new();

    public Task<Shop> GetAsync(DatabaseProvider provider)
    {
        lock (_gate)
        {
            if (!_shops.TryGetValue(provider, out var shop))
            {
                _shops[provider] = shop = Shop.CreateAsync(provider);
            }

            return shop;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var shop in _shops.Values)
        {
            await (await shop).DisposeAsync();
        }
    }
}
