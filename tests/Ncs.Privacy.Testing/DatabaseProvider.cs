namespace Ncs.Privacy.Testing;

/// <summary>The real database engines every database test runs against.</summary>
public enum DatabaseProvider
{
    /// <summary>SQLite (the real engine, a file per test database).</summary>
    Sqlite,

    /// <summary>PostgreSQL 15, a real server (see <see cref="PostgresServer"/>).</summary>
    PostgreSql,
}
