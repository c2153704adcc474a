using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>Every row of every table of a shape (audit excluded): table → row key → column → value (null for NULL).</summary>
public sealed class TableDump : Dictionary<string, Dictionary<string, Dictionary<string, string?>>>
{
    public IEnumerable<(string Table, string Row, string Column, string? Value)> Cells
        => this.SelectMany(t => t.Value.SelectMany(r => r.Value.Select(c => (t.Key, r.Key, c.Key, c.Value))));

    public override string ToString()
        => string.Join(Environment.NewLine, this.SelectMany(t => t.Value.Select(r => $"{t.Key}[{r.Key}]: {string.Join(", ", r.Value.Select(c => $"{c.Key}={c.Value ?? "NULL"}"))}")));
}

/// <summary>One shape on one database: its services (as an application registers them), start-up, dumps, and the runs.</summary>
public sealed class ShapeRun : IAsyncDisposable
{
    private ShapeRun(Shape shape, TestDatabase database, ServiceProvider services)
    {
        Shape = shape;
        Database = database;
        Services = services;
    }

    public Shape Shape { get; }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public IErasurePlanner Planner => Services.GetRequiredService<IErasurePlanner>();

    public IErasureExecutor Executor => Services.GetRequiredService<IErasureExecutor>();

    public IRetentionEnforcer Enforcer => Services.GetRequiredService<IRetentionEnforcer>();

    /// <summary>Registers the shape and starts it: the model is built (the start-up check runs) and the schema created; sweeps take <paramref name="retentionBatchSize"/> rows a batch.</summary>
    public static async Task<ShapeRun> StartAsync(Shape shape, DatabaseProvider provider, bool seed = true, int retentionBatchSize = 2)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FixedTime(new DateTimeOffset(Shape.Today)));
        shape.Register(services, o => database.Configure(o)).AddErasure(o =>
        {
            o.AuditKey = Harness.AuditKey;
            o.RetentionBatchSize = retentionBatchSize;
        });
        var run = new ShapeRun(shape, database, services.BuildServiceProvider());
        try
        {
            await using var scope = run.Services.CreateAsyncScope();
            var context = run.Context(scope);
            await context.Database.EnsureCreatedAsync();
            if (seed)
            {
                await shape.SeedAsync(context);
            }
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }

        return run;
    }

    public DbContext Context(AsyncServiceScope scope) => (DbContext)scope.ServiceProvider.GetRequiredService(Shape.ContextType);

    public async Task<TableDump> DumpAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var context = Context(scope);
        var dump = new TableDump();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            foreach (var table in context.Model.GetRelationalModel().Tables.Where(t => t.Name != "PrivacyAudit").OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                var rows = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal);
                await using var command = connection.CreateCommand();
                command.CommandText = table.Schema is null ? $"SELECT * FROM \"{table.Name}\"" : $"SELECT * FROM \"{table.Schema}\".\"{table.Name}\"";
                await using var reader = await command.ExecuteReaderAsync();
                var keyColumns = table.PrimaryKey?.Columns.Select(c => c.Name).ToArray();
                while (await reader.ReadAsync())
                {
                    var row = new Dictionary<string, string?>(StringComparer.Ordinal);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[reader.GetName(i)] = await reader.IsDBNullAsync(i) ? null : Shape.Reveal(Text(reader.GetValue(i)));
                    }

                    var key = string.Join("|", (keyColumns ?? row.Keys.ToArray()).Select(c => row[c]));
                    rows[key] = row;
                }

                dump[table.Name] = rows;
            }
        }
        finally
        {
            await connection.CloseAsync();
        }

        return dump;
    }

    private static string Text(object value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>The application reads every row of every entity type back (converters included) and exports every subject.</summary>
    public async Task ReadEverythingAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var context = Context(scope);
        foreach (var entityType in context.Model.GetEntityTypes().Where(t => !t.IsOwned() && t.GetTableName() is not null && t.BaseType is null))
        {
            var set = entityType.HasSharedClrType
                ? (IQueryable<object>)typeof(DbContext).GetMethods().Single(m => m.Name == nameof(DbContext.Set) && m.GetParameters().Length == 1).MakeGenericMethod(entityType.ClrType).Invoke(context, [entityType.Name])!
                : (IQueryable<object>)typeof(DbContext).GetMethods().Single(m => m.Name == nameof(DbContext.Set) && m.GetParameters().Length == 0).MakeGenericMethod(entityType.ClrType).Invoke(context, null)!;
            _ = await set.AsNoTracking().ToListAsync();
        }

        var exporter = scope.ServiceProvider.GetRequiredService<IDataSubjectExporter>();
        foreach (var subject in Shape.Subjects)
        {
            using var stream = new MemoryStream();
            try
            {
                await exporter.ExportAsync(new DataSubjectReference(ShapePolicy.Subjects.Customer, subject), stream);
            }
            catch (DataSubjectNotFoundException)
            {
                // an erased subject whose row was deleted
            }
        }
    }

    public async Task<int> AuditCountAsync(string kind)
    {
        await using var scope = Services.CreateAsyncScope();
        return await Context(scope).Set<PrivacyAuditRecord>().CountAsync(a => a.Kind == kind);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
