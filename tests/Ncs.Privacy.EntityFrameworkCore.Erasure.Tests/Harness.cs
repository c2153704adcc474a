using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>Keeps every log message (with its exception) that the library writes.</summary>
public sealed class LogSink : Microsoft.Extensions.Logging.ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (category.StartsWith("Ncs.Privacy", StringComparison.Ordinal))
            {
                sink._lines.Enqueue($"{category} {eventId.Id} {formatter(state, exception)} {exception}");
            }
        }
    }
}

/// <summary>A clock the tests set.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Counts the SQL commands EF Core sends, and fails the n-th data-changing one on request.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private readonly Lock _gate = new();

    public List<string> Commands { get; } = [];

    /// <summary>When set, the n-th (1-based) DELETE or UPDATE from now on throws before it reaches the database.</summary>
    public int? FailOnWrite { get; set; }

    private int _writes;

    public void Reset()
    {
        lock (_gate)
        {
            Commands.Clear();
            _writes = 0;
        }
    }

    public int Count => Commands.Count;

    public IReadOnlyList<string> Writes => Commands.Where(IsWrite).ToArray();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private static bool IsWrite(string sql)
    {
        var text = sql.TrimStart();
        return text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase);
    }

    private void Record(DbCommand command)
    {
        lock (_gate)
        {
            Commands.Add(command.CommandText);
            if (IsWrite(command.CommandText) && ++_writes == FailOnWrite)
            {
                FailOnWrite = null;
                throw new InvalidOperationException("Injected failure half-way through the erasure.");
            }
        }
    }
}

/// <summary>One test's database, services and seed data.</summary>
public sealed class Harness : IAsyncDisposable
{
    public const string AuditKey = "test-audit-key-0123456789abcdef-0123456789";
    public const int Alice = 1;
    public const int Bob = 2;
    public const int Carol = 3;
    public const int Eve = 7;

    public static LogSink Logs { get; } = new();

    private Harness(TestDatabase database, ServiceProvider services, CommandCounter counter, FixedTime time)
    {
        Database = database;
        Services = services;
        Counter = counter;
        Time = time;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public CommandCounter Counter { get; }

    public FixedTime Time { get; }

    public IErasurePlanner Planner => Services.GetRequiredService<IErasurePlanner>();

    public IErasureExecutor Executor => Services.GetRequiredService<IErasureExecutor>();

    public IRetentionEnforcer Enforcer => Services.GetRequiredService<IRetentionEnforcer>();

    /// <summary>"Now" in the tests: 2026-11-25, so a 2024 invoice is held until 2032-01-01 and a 2017 one is released.</summary>
    public static DateTimeOffset Today => new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static async Task<Harness> CreateAsync(DatabaseProvider provider, Action<IPrivacyBuilder>? configure = null, bool seed = true, Action<ErasureOptions>? options = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var counter = new CommandCounter();
        var time = new FixedTime(Today);
        var harness = new Harness(database, BuildServices(database, counter, time, configure, options), counter, time);
        await using (var context = harness.Context())
        {
            await context.Database.EnsureCreatedAsync();
            if (seed)
            {
                await SeedAsync(context);
            }
        }

        counter.Reset();
        return harness;
    }

    /// <summary>Another application instance on the same database: its own services, connection pool and model.</summary>
    public ServiceProvider AnotherInstance(Action<ErasureOptions>? options = null) => BuildServices(Database, new CommandCounter(), Time, null, options);

    private static ServiceProvider BuildServices(TestDatabase database, CommandCounter counter, FixedTime time, Action<IPrivacyBuilder>? configure, Action<ErasureOptions>? options)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        services.AddSingleton<TimeProvider>(time);
        services.AddDbContext<ErasureContext>(o => database.Configure(o).AddInterceptors(counter));
        var privacy = services.AddPrivacy(p => p.UsePolicy(typeof(ErasurePolicy)))
            .AddEntityFrameworkCore<ErasureContext>()
            .AddErasure(o =>
            {
                o.AuditKey = AuditKey;
                options?.Invoke(o);
            });
        configure?.Invoke(privacy);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public ErasureContext Context() => Services.CreateScope().ServiceProvider.GetRequiredService<ErasureContext>();

    public static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A UTC time without a kind, as a <c>timestamp without time zone</c> column holds it (tickets on PostgreSQL).</summary>
    public static DateTime Unzoned(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);

    public static async Task SeedAsync(ErasureContext context)
    {
        context.Customers.AddRange(
            new Customer { Id = Alice, Name = "Alice Ann", Email = "alice@a.example", Phone = "+46-111-ALICE", BirthDate = new DateTime(1980, 7, 14, 0, 0, 0, DateTimeKind.Utc), Address = new PostalAddress { Street = "Alice Street 1", City = "Aliceville" } },
            new Customer { Id = Bob, Name = "Bob Bee", Email = "bob@b.example", Phone = "+46-222-BOB", BirthDate = new DateTime(1975, 2, 3, 0, 0, 0, DateTimeKind.Utc), Address = new PostalAddress { Street = "Bob Road 2", City = "Bobtown" } },
            new Customer { Id = Carol, Name = "Carol Sea", Email = "carol@c.example", BirthDate = new DateTime(1990, 12, 31, 0, 0, 0, DateTimeKind.Utc), IsDeleted = true });
        context.Employees.Add(new Employee { Id = Eve, Name = "Eve Agent" });
        context.Households.AddRange(
            new Household { Id = 100, Name = "Shared Household", Members = [context.Customers.Local.Single(c => c.Id == Alice), context.Customers.Local.Single(c => c.Id == Bob)] },
            new Household { Id = 101, Name = "alice-household", Members = [context.Customers.Local.Single(c => c.Id == Alice)] });
        context.Orders.AddRange(
            new Order
            {
                Id = 10, CustomerId = Alice, OrderedAt = Utc(2024, 3, 1), DeliveryNote = "alice-delivery-note",
                Lines = [new OrderLine { Id = 100, Product = "NCS S 1050-Y90R", GiftMessage = "alice-gift-1" }, new OrderLine { Id = 101, Product = "NCS S 0500-N", GiftMessage = "alice-gift-2" }],
            },
            new Order { Id = 11, CustomerId = Alice, OrderedAt = Utc(2023, 1, 2), DeliveryNote = "alice-deleted-order-note", IsDeleted = true },
            new Order
            {
                Id = 20, CustomerId = Bob, OrderedAt = Utc(2024, 5, 1), DeliveryNote = "bob-delivery-note",
                Lines = [new OrderLine { Id = 200, Product = "NCS S 2030-B", GiftMessage = "bob-gift" }],
            },
            new Order { Id = 30, CustomerId = Carol, OrderedAt = Utc(2022, 6, 1), DeliveryNote = "carol-delivery-note" });
        context.Invoices.AddRange(
            new Invoice
            {
                Id = 1, CustomerId = Alice, InvoiceDate = Utc(2024, 3, 15), BillingName = "ALICE BILLING", AmountCents = 12000, Note = "alice-invoice-note", Contact = new ContactPerson { Name = "alice-contact" },
                Lines = [new InvoiceLine { Id = 1, Text = "ALICE LINE TEXT", GiftWrapNote = "alice-wrap" }],
            },
            new Invoice
            {
                Id = 2, CustomerId = Alice, InvoiceDate = Utc(2017, 6, 1), BillingName = "ALICE OLD BILLING", AmountCents = 500, Note = "alice-old-invoice-note", Contact = new ContactPerson { Name = "alice-old-contact" },
                Lines = [new InvoiceLine { Id = 2, Text = "ALICE OLD LINE", GiftWrapNote = "alice-old-wrap" }],
            },
            new Invoice { Id = 3, CustomerId = Bob, InvoiceDate = Utc(2025, 1, 10), BillingName = "BOB BILLING", AmountCents = 3000, Note = "bob-invoice-note", Contact = new ContactPerson { Name = "bob-contact" }, IsDeleted = true });
        context.Tickets.AddRange(
            new SupportTicket { Id = 50, CustomerId = Alice, AgentId = Eve, OpenedAt = Unzoned(2026, 1, 5), Question = "alice-question", AgentNotes = "eve-notes-on-alice" },
            new SupportTicket { Id = 51, CustomerId = Bob, AgentId = Eve, OpenedAt = Unzoned(2026, 2, 5), Question = "bob-question", AgentNotes = "eve-notes-on-bob" });
        await context.SaveChangesAsync();
    }

    /// <summary>The personal values Alice's erasure must remove (everything but what the legal hold keeps).</summary>
    public static readonly string[] AliceErased =
    [
        "Alice Ann", "alice@a.example", "+46-111-ALICE", "alice-delivery-note", "alice-gift-1", "alice-gift-2", "alice-deleted-order-note",
        "alice-invoice-note", "alice-wrap", "ALICE OLD BILLING", "alice-old-invoice-note", "ALICE OLD LINE", "alice-old-wrap", "alice-question",
        "Alice Street 1", "Aliceville", "alice-contact", "alice-old-contact", "alice-household",
    ];

    /// <summary>Every row of every table, as JSON, soft-deleted rows included: to prove that nothing changed.</summary>
    public async Task<string> SnapshotAsync(bool audit = true)
    {
        await using var context = Context();
        var snapshot = new
        {
            Customers = await context.Customers.IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            Orders = await context.Orders.IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            OrderLines = await context.OrderLines.AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            Invoices = await context.Invoices.IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            InvoiceLines = await context.InvoiceLines.AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            Employees = await context.Employees.AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            Tickets = await context.Tickets.AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            Audit = audit ? await context.Audit.AsNoTracking().OrderBy(c => c.Id).ToListAsync() : [],
            Households = await context.Households.AsNoTracking().OrderBy(h => h.Id).ToListAsync(),
            Links = await context.Set<Dictionary<string, object>>("CustomerHousehold").AsNoTracking()
                .OrderBy(l => l["HouseholdsId"]).ThenBy(l => l["MembersId"]).Select(l => $"{l["HouseholdsId"]}-{l["MembersId"]}").ToListAsync(),
        };
        return JsonSerializer.Serialize(snapshot);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
