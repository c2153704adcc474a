using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.Reliability.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>Every row of every table: table → row key → column → value as invariant text (null stays null).</summary>
public sealed class Dump(SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, string?>>> tables)
{
    public SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, string?>>> Tables { get; } = tables;

    public string Json => JsonSerializer.Serialize(Tables);

    public int Rows => Tables.Values.Sum(t => t.Count);

    /// <summary>The first difference, or null when both dumps are byte-identical.</summary>
    public string? DifferenceFrom(Dump other, Func<string?, string?>? normalise = null, params string[] ignoreTables)
    {
        normalise ??= v => v;
        foreach (var table in Tables.Keys.Union(other.Tables.Keys).Where(t => !ignoreTables.Contains(t)))
        {
            var mine = Tables.GetValueOrDefault(table) ?? [];
            var theirs = other.Tables.GetValueOrDefault(table) ?? [];
            foreach (var row in mine.Keys.Union(theirs.Keys))
            {
                if (!mine.TryGetValue(row, out var a))
                {
                    return $"{table} row {row} appeared";
                }

                if (!theirs.TryGetValue(row, out var b))
                {
                    return $"{table} row {row} disappeared";
                }

                foreach (var column in a.Keys.Union(b.Keys))
                {
                    var x = a.GetValueOrDefault(column);
                    var y = b.GetValueOrDefault(column);
                    if (normalise(x) != normalise(y))
                    {
                        return $"{table} row {row} column {column}: '{x}' became '{y}'";
                    }
                }
            }
        }

        return null;
    }
}

/// <summary>One database (SQLite file or PostgreSQL database) with the shop schema, its services, and the instruments.</summary>
public sealed class Shop : IAsyncDisposable
{
    public const string AuditKey = "reliability-audit-key-0123456789abcdef-0123";

    /// <summary>Tables in an order in which rows can be deleted.</summary>
    public static readonly string[] Tables = ["InvoiceLines", "Invoices", "OrderLines", "Orders", "Tickets", "Messages", "CustomerHousehold", "Households", "Customers", "Avatars", "DeliverySlips", "BillingAddresses", "Employees", "PrivacyAudit"];

    private readonly Action<IPrivacyBuilder>? _privacy;

    private Shop(TestDatabase database, Action<IPrivacyBuilder>? privacy)
    {
        Database = database;
        _privacy = privacy;
        Services = Build();
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; private set; }

    public FaultInjector Faults { get; } = new();

    public LogCapture Logs { get; } = new();

    public FixedTime Time { get; } = new(World.Today);

    public DatabaseProvider Provider => Database.Provider;

    public IErasurePlanner Planner => Services.GetRequiredService<IErasurePlanner>();

    public IErasureExecutor Executor => Services.GetRequiredService<IErasureExecutor>();

    /// <summary>Creates the database and the schema.</summary>
    /// <param name="provider">The engine.</param>
    /// <param name="privacy">More privacy registrations (guards, contributors) for this shop's services.</param>
    public static async Task<Shop> CreateAsync(DatabaseProvider provider, Action<IPrivacyBuilder>? privacy = null)
    {
        var shop = new Shop(await TestDatabase.CreateAsync(provider), privacy);
        await using var context = shop.Context();
        await context.Database.EnsureCreatedAsync();
        return shop;
    }

    /// <summary>Another application instance on the same database: its own services, connection pool and model.</summary>
    public ServiceProvider AnotherInstance(Action<ErasureOptions>? options = null, FaultInjector? faults = null) => Build(options, faults ?? new FaultInjector());

    public ServiceProvider Build(Action<ErasureOptions>? options = null, FaultInjector? faults = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(Time);
        var injector = faults ?? Faults;
        services.AddDbContext<ShopContext>(o => Database.Configure(o).AddInterceptors(injector, FastSqlite.Instance));
        var privacy = services.AddPrivacy(p => p.UsePolicy(typeof(ReliabilityPolicy)))
            .AddEntityFrameworkCore<ShopContext>()
            .AddErasure(o =>
            {
                o.AuditKey = AuditKey;
                options?.Invoke(o);
            });
        _privacy?.Invoke(privacy);
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public ShopContext Context() => Services.CreateScope().ServiceProvider.GetRequiredService<ShopContext>();

    private readonly Dictionary<int, ServiceProvider> _tenants = [];

    /// <summary>The application's services as one tenant's requests resolve them: the context's "Tenant" filter is set.</summary>
    public ServiceProvider ForTenant(int tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var services))
        {
            services = Build(more: s => s.AddScoped(sp => new ShopContext(sp.GetRequiredService<DbContextOptions<ShopContext>>()) { Tenant = tenant }));
            _tenants[tenant] = services;
        }

        return services;
    }

    public async Task ResetAsync()
    {
        await using var context = Context();
        await using var transaction = await context.Database.BeginTransactionAsync();
        foreach (var table in Tables)
        {
#pragma warning disable EF1002 // table names are constants
            await context.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\"");
#pragma warning restore EF1002
        }

        await transaction.CommitAsync();
    }

    public async Task SeedAsync(World world)
    {
        await using var context = Context();
        context.Employees.AddRange(world.Employees);
        context.Avatars.AddRange(world.Avatars);
        context.DeliverySlips.AddRange(world.DeliverySlips);
        context.BillingAddresses.AddRange(world.BillingAddresses);
        await context.SaveChangesAsync();
        context.Customers.AddRange(world.Customers);
        context.Households.AddRange(world.Households);
        context.Orders.AddRange(world.Orders);
        context.Invoices.AddRange(world.Invoices);
        context.Tickets.AddRange(world.Tickets);
        context.Messages.AddRange(world.Messages);
        await context.SaveChangesAsync();
        context.ChangeTracker.Clear();
    }

    /// <summary>A fresh world (new entity instances) for the spec, reset and seeded.</summary>
    public async Task<World> LoadAsync(WorldSpec spec)
    {
        var world = new World(spec);
        Logs.Clear();
        await ResetAsync();
        await SeedAsync(world);
        return world;
    }

    public async Task<Dump> DumpAsync()
    {
        var tables = new SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, string?>>>(StringComparer.Ordinal);
        await using var context = Context();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var table in Tables)
        {
            var rows = new SortedDictionary<string, SortedDictionary<string, string?>>(StringComparer.Ordinal);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new SortedDictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = Text(reader.IsDBNull(i) ? null : reader.GetValue(i));
                }

                var key = row.TryGetValue("Id", out var id) ? id!
                    : table == "DeliverySlips" ? World.SlipKey(row["TenantId"]!, row["Number"]!)
                    : string.Join("|", row.Values);
                rows[key] = row;
            }

            tables[table] = rows;
        }

        return new Dump(tables);
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexString(b),
        bool b => b ? "1" : "0",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The subject's export, or null when the subject does not exist.</summary>
    public Task<string?> ExportAsync(string subject)
    {
        var (category, id) = World.Parse(subject);
        return ExportAsync(Services, category, id);
    }

    public static async Task<string?> ExportAsync(IServiceProvider services, string category, object id)
    {
        var exporter = services.GetRequiredService<IDataSubjectExporter>();
        using var stream = new MemoryStream();
        try
        {
            await exporter.ExportAsync(new DataSubjectReference(category, id), stream);
        }
        catch (DataSubjectNotFoundException)
        {
            Assert.Equal(0, stream.Length);
            return null;
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public Task<ErasurePlan> PlanAsync(string subject, string requestId = "REQ-1")
    {
        var (category, id) = World.Parse(subject);
        return Planner.PlanAsync(new DataSubjectReference(category, id), requestId);
    }

    /// <summary>Kills a PostgreSQL server process from a second connection and waits until it is gone.</summary>
    public async Task KillAsync(DbConnection victim)
    {
        var pid = ((Npgsql.NpgsqlConnection)victim).ProcessID;
        await using var admin = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using (var kill = new Npgsql.NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin))
        {
            kill.Parameters.AddWithValue("pid", pid);
            await kill.ExecuteScalarAsync();
        }

        // pg_terminate_backend only signals the backend. Under heavy load it can take seconds to go, and a kill that returned
        // before it went let the statement run on a live connection (the fault then did not happen, and the test failed
        // for the wrong reason). Wait up to a minute, and say so if it is still there.
        for (var i = 0; i < 6000; i++)
        {
            await using var probe = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = @pid", admin);
            probe.Parameters.AddWithValue("pid", pid);
            if ((long)(await probe.ExecuteScalarAsync())! == 0)
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new InvalidOperationException($"The test could not kill backend {pid}: it was still running a minute after pg_terminate_backend.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var tenant in _tenants.Values)
        {
            await tenant.DisposeAsync();
        }

        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
