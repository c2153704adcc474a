using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Npgsql;

namespace Ncs.Privacy.Benchmarks.Data;

/// <summary>Sizes of the database benchmarks; <see cref="ShortVariable"/> shrinks them for the CI short mode.</summary>
public static class BenchSettings
{
    /// <summary>Set to 1 by benchmarks/run-short.sh: small data sets, so that every benchmark runs in seconds.</summary>
    public const string ShortVariable = "NCS_PRIVACY_BENCH_SHORT";

    public static bool Short => Environment.GetEnvironmentVariable(ShortVariable) == "1";

    /// <summary>Subjects besides the measured ones, each with 10 rows of its own (1 order, 3 lines, 6 events).</summary>
    public static int OtherSubjects => Short ? 1_000 : 100_000;

    /// <summary>Rows (orders + lines + events) of the measured subjects of the export benchmark.</summary>
    public static IReadOnlyList<int> ExportSizes => Short ? [10, 1_000] : [10, 1_000, 100_000];

    /// <summary>Rows of the measured subjects of the erasure benchmark.</summary>
    public static IReadOnlyList<int> ErasureSizes => Short ? [10] : [10, 1_000, 100_000];

    /// <summary>Expired rows the retention sweep removes.</summary>
    public static int ExpiredRows => Short ? 10_000 : 1_000_000;
}

/// <summary>
/// A benchmark database on a real engine: a SQLite file in the temporary folder, or a database on the
/// <see cref="PostgresServer"/> (the test fixture: NCS_PRIVACY_POSTGRES, or a private PostgreSQL 15 cluster).
/// Generated once, set-based (recursive CTE / generate_series), and reused while its name (the data shape) matches.
/// </summary>
public sealed class ShopDatabase
{
    private ShopDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options)
        => Provider == DatabaseProvider.Sqlite ? options.UseSqlite(ConnectionString) : options.UseNpgsql(ConnectionString);

    /// <summary>A context without the privacy extension: what the hand-written baselines use.</summary>
    public ShopContext PlainContext() => new(PlainOptions());

    public DbContextOptions<ShopContext> PlainOptions() => (DbContextOptions<ShopContext>)Configure(new DbContextOptionsBuilder<ShopContext>()).Options;

    /// <summary>Opens the database named <paramref name="name"/>, generating it with <paramref name="generate"/> unless a complete one exists.</summary>
    public static async Task<ShopDatabase> OpenAsync(DatabaseProvider provider, string name, Func<ShopDatabase, Task> generate)
    {
        ShopDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "ncs-privacy-bench");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, name + ".db");
            database = new ShopDatabase(provider, new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString);
            if (File.Exists(file) && await database.IsReadyAsync())
            {
                return database;
            }

            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
            {
                File.Delete(path);
            }
        }
        else
        {
            var server = await PostgresServer.GetAsync();
            var dbName = "ncs_bench_" + name.Replace('-', '_').ToLowerInvariant();
            var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = dbName }.ConnectionString;
            // Settings of the application's connection to try (both sides of a benchmark use them), e.g. NCS_PRIVACY_BENCH_NPGSQL="Max Auto Prepare=32":
            // Npgsql then prepares statements it has seen, and PostgreSQL parses and plans them once per connection.
            if (Environment.GetEnvironmentVariable("NCS_PRIVACY_BENCH_NPGSQL") is { Length: > 0 } extra)
            {
                connectionString = new NpgsqlConnectionStringBuilder(connectionString + ";" + extra).ConnectionString;
            }

            database = new ShopDatabase(provider, connectionString);
            bool exists;
            await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
            {
                await admin.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", admin);
                command.Parameters.AddWithValue("n", dbName);
                exists = (long)(await command.ExecuteScalarAsync())! > 0;
            }

            if (exists && await database.IsReadyAsync())
            {
                return database;
            }

            await server.DropDatabaseAsync(dbName);
            await server.CreateDatabaseAsync(dbName);
        }

        Console.WriteLine($"// Generating the {provider} benchmark database '{name}'...");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await using (var context = database.PlainContext())
        {
            await context.Database.EnsureCreatedAsync();
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            await database.ExecuteAsync("PRAGMA journal_mode = WAL");
        }

        await generate(database);
        await database.ExecuteAsync(provider == DatabaseProvider.Sqlite ? "ANALYZE" : "VACUUM ANALYZE");
        await database.ExecuteAsync("CREATE TABLE bench_ready (id int)");
        Console.WriteLine($"// Generated '{name}' on {provider} in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return database;
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private DbConnection Open() => Provider == DatabaseProvider.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            return await ScalarAsync("SELECT count(*) FROM bench_ready") >= 0;
        }
        catch (DbException)
        {
            return false;
        }
    }

    // ---- Set-based data generation -------------------------------------------------------------------------------------

    /// <summary>A SQL timestamp literal in the engine's EF Core representation (UTC).</summary>
    public string Timestamp(DateTime utc) => Provider == DatabaseProvider.Sqlite
        ? "'" + utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'"
        : "TIMESTAMPTZ '" + utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00'";

    /// <summary>Runs <c>INSERT INTO {target} SELECT {select} FROM n</c> over the numbers i = 1..count.</summary>
    public Task InsertNumberedAsync(string target, string select, long count)
        => ExecuteAsync(Provider == DatabaseProvider.Sqlite
            ? $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) INSERT INTO {target} SELECT {select} FROM n"
            : $"INSERT INTO {target} SELECT {select} FROM generate_series(1, {count}) AS n(i)");
}

/// <summary>
/// Ids of one group of generated subjects: <see cref="Customers"/> customers from <see cref="CustomerBase"/> + 1, each with
/// <see cref="OrdersPerCustomer"/> orders of 3 lines of 2 events (10 rows per order), ids from the given bases.
/// </summary>
public sealed record SubjectGroup(int CustomerBase, int Customers, int OrdersPerCustomer, int OrderBase, int LineBase, int EventBase)
{
    public const int LinesPerOrder = 3;

    public const int EventsPerLine = 2;

    public static readonly DateTime OrderedAt = new(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime EventAt = new(2025, 6, 2, 0, 0, 0, DateTimeKind.Utc);

    public int Orders => Customers * OrdersPerCustomer;

    public int Lines => Orders * LinesPerOrder;

    public int Events => Lines * EventsPerLine;

    /// <summary>Related rows (orders, lines, events) per customer.</summary>
    public int RowsPerCustomer => OrdersPerCustomer * (1 + LinesPerOrder + (LinesPerOrder * EventsPerLine));

    /// <summary>Groups laid out one after the other: the measured subjects 1..n (one group each), then the others from 1,000,001.</summary>
    public static IReadOnlyList<SubjectGroup> Layout(IReadOnlyList<int> measuredRows, int others)
    {
        var groups = new List<SubjectGroup>();
        int orders = 0, lines = 0, events = 0;
        void Add(int customerBase, int customers, int ordersPerCustomer)
        {
            var group = new SubjectGroup(customerBase, customers, ordersPerCustomer, orders, lines, events);
            groups.Add(group);
            orders += group.Orders;
            lines += group.Lines;
            events += group.Events;
        }

        for (var i = 0; i < measuredRows.Count; i++)
        {
            if (measuredRows[i] % 10 != 0)
            {
                throw new ArgumentException("Measured sizes are multiples of 10 rows (an order, 3 lines, 6 events).", nameof(measuredRows));
            }

            Add(i, 1, measuredRows[i] / 10);
        }

        Add(1_000_000, others, 1);
        return groups;
    }

    public async Task InsertAsync(ShopDatabase database)
    {
        var ordered = database.Timestamp(OrderedAt);
        var at = database.Timestamp(EventAt);
        var created = database.Timestamp(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await database.InsertNumberedAsync(
            "customers (id, name, email, created_at)",
            $"{CustomerBase} + i, 'Customer ' || ({CustomerBase} + i), 'customer' || ({CustomerBase} + i) || '@example.test', {created}",
            Customers);
        await database.InsertNumberedAsync(
            "orders (id, customer_id, ordered_at, billing_name, delivery_note)",
            $"{OrderBase} + i, {CustomerBase} + 1 + (i - 1) / {OrdersPerCustomer}, {ordered}, 'Billing name ' || ({CustomerBase} + 1 + (i - 1) / {OrdersPerCustomer}), 'Leave at the door, order ' || ({OrderBase} + i)",
            Orders);
        await database.InsertNumberedAsync(
            "lines (id, order_id, product, quantity, gift_message)",
            $"{LineBase} + i, {OrderBase} + 1 + (i - 1) / {LinesPerOrder}, 'NCS S 1050-Y90R', 1 + i % 5, 'Happy birthday from line ' || ({LineBase} + i)",
            Lines);
        await database.InsertNumberedAsync(
            "events (id, line_id, at, signed_by)",
            $"{EventBase} + i, {LineBase} + 1 + (i - 1) / {EventsPerLine}, {at}, 'Signed by recipient ' || ({EventBase} + i)",
            Events);
    }

    /// <summary>Deletes every row of this group (for restoring a subject after an erasure).</summary>
    public async Task DeleteAsync(ShopDatabase database)
    {
        await database.ExecuteAsync($"DELETE FROM events WHERE id > {EventBase} AND id <= {EventBase + Events}");
        await database.ExecuteAsync($"DELETE FROM lines WHERE id > {LineBase} AND id <= {LineBase + Lines}");
        await database.ExecuteAsync($"DELETE FROM orders WHERE id > {OrderBase} AND id <= {OrderBase + Orders}");
        await database.ExecuteAsync($"DELETE FROM customers WHERE id > {CustomerBase} AND id <= {CustomerBase + Customers}");
    }
}
