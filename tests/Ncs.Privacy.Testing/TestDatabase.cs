using Xunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ncs.Privacy.Testing;

/// <summary>
/// An empty database of its own for one test (or one test class): a SQLite file, or a database created on the
/// <see cref="PostgresServer"/>. Dropped or deleted on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _name;

    private TestDatabase(DatabaseProvider provider, string name, string connectionString)
    {
        Provider = provider;
        _name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The engine.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The connection string of this database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database.</summary>
    /// <param name="provider">The engine.</param>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var name = "ncs_" + Guid.NewGuid().ToString("N")[..16];
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var file = Path.Combine(Path.GetTempPath(), name + ".db");
                return new TestDatabase(provider, name, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);
            case DatabaseProvider.PostgreSql:
                var server = await PostgresServer.GetAsync();
                return new TestDatabase(provider, name, await server.CreateDatabaseAsync(name));
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, null);
        }
    }

    /// <summary>Points a context at this database.</summary>
    /// <param name="options">The context's options.</param>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Provider == DatabaseProvider.Sqlite
            ? options.UseSqlite(ConnectionString)
            : options.UseNpgsql(ConnectionString);
    }

    /// <summary>The names of the tables in the database (to prove that nothing was written).</summary>
    public async Task<IReadOnlyList<string>> TableNamesAsync()
    {
        var names = new List<string>();
        if (Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }
        else
        {
            await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        return names;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
            {
                File.Delete(path);
            }
        }
        else
        {
            var server = await PostgresServer.GetAsync();
            await server.DropDatabaseAsync(_name);
        }
    }
}

/// <summary>The providers, as xunit theory data: every database test runs on both.</summary>
public sealed class Providers : TheoryData<DatabaseProvider>
{
    /// <summary>Both engines.</summary>
    public Providers()
    {
        Add(DatabaseProvider.Sqlite);
        Add(DatabaseProvider.PostgreSql);
    }
}
