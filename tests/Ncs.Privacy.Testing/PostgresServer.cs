using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ncs.Privacy.Testing;

/// <summary>
/// One PostgreSQL server for the test process. When the environment variable <c>NCS_PRIVACY_POSTGRES</c> holds a
/// connection string (CI's <c>.ci/run</c> starts a server and sets it), that server is used. Otherwise the Debian
/// PostgreSQL 15 binaries are used to <c>initdb</c> a temporary cluster owned by the <c>postgres</c> OS user (PostgreSQL
/// refuses to run as root), started on a free loopback port with trust authentication and its socket in the temporary
/// folder, and stopped when the process exits. If neither works, <see cref="GetAsync"/> throws: database tests fail
/// with the reason, they are never skipped.
/// </summary>
public sealed class PostgresServer
{
    /// <summary>The environment variable that names an already running server.</summary>
    public const string EnvironmentVariable = "NCS_PRIVACY_POSTGRES";

    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private const string WorkPrefix = "ncs-privacy-pg-";

    private static readonly Lazy<Task<PostgresServer>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _dataDirectory;
    private readonly string? _workDirectory;
    private readonly bool _asPostgresUser;

    private PostgresServer(string adminConnectionString, string? workDirectory, string? dataDirectory, bool asPostgresUser)
    {
        AdminConnectionString = adminConnectionString;
        _workDirectory = workDirectory;
        _dataDirectory = dataDirectory;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>A connection string to the server's <c>postgres</c> database, for creating and dropping test databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The server, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Instance.Value;

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    /// <param name="name">A unique lower-case name.</param>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections.</summary>
    /// <param name="name">The database's name.</param>
    public async Task DropDatabaseAsync(string name)
    {
        await using (var pooled = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var existing = new PostgresServer(configured, null, null, false);
            await existing.ProbeAsync($"the server named by {EnvironmentVariable}");
            return existing;
        }

        if (!File.Exists(Path.Combine(BinDirectory, "pg_ctl")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({BinDirectory}/pg_ctl is missing): install Debian's postgresql-15 package, or set {EnvironmentVariable} to the connection string of a running server.");
        }

        RemoveStoppedClusters();
        var asPostgresUser = Environment.UserName == "root";
        var work = Path.Combine(Path.GetTempPath(), WorkPrefix + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(work, "data");
        Directory.CreateDirectory(work);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        if (asPostgresUser)
        {
            await RunAsync("chown", ["postgres", work], asPostgres: false, "give the temporary folder to the postgres user");
        }

        var port = FreePort();
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=30",
            work, data, asPostgresUser);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        await RunAsync(Path.Combine(BinDirectory, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], asPostgresUser, "initdb a temporary cluster");
        await RunAsync(
            Path.Combine(BinDirectory, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(work, "server.log"), "-w", "-t", "60", "-o",
                $"-c listen_addresses=127.0.0.1 -p {port} -k {work} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"],
            asPostgresUser,
            "start the temporary server",
            Path.Combine(work, "server.log"));
        await server.ProbeAsync("the temporary server");
        return server;
    }

    private async Task ProbeAsync(string what)
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"Could not connect to {what} ({new NpgsqlConnectionStringBuilder(AdminConnectionString) { Password = null }}): {e.Message}", e);
        }
    }

    private void Stop()
    {
        if (_dataDirectory is null || _workDirectory is null)
        {
            return;
        }

        try
        {
            RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], _asPostgresUser, "stop the temporary server").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already gone; nothing to stop.
        }

        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Deletes the folders of earlier runs whose server is no longer running (no <c>postmaster.pid</c>): the test host may
    /// end before the exit handler finishes deleting, and a stopped cluster is only disk space. A folder younger than an
    /// hour is left alone: another test process (dotnet test runs projects in parallel) may be in the middle of initdb,
    /// before its server has written postmaster.pid.
    /// </summary>
    private static void RemoveStoppedClusters()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), WorkPrefix + "*"))
        {
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid"))
                || Directory.GetCreationTimeUtc(folder) > DateTime.UtcNow.AddHours(-1))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres, string what, string? logFile = null)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not {what}: {file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var log = logFile is not null && File.Exists(logFile) ? Environment.NewLine + "server log:" + Environment.NewLine + await File.ReadAllTextAsync(logFile) : string.Empty;
            throw new InvalidOperationException(
                $"Could not {what}: '{file} {string.Join(' ', arguments)}' exited with {process.ExitCode}.{Environment.NewLine}{await error}{await output}{log}{Environment.NewLine}"
                + $"Set {EnvironmentVariable} to the connection string of a running PostgreSQL server to use that one instead.");
        }
    }
}
