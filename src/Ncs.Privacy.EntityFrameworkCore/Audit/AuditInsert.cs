using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Writes one <see cref="PrivacyAuditRecord"/> with an INSERT built once per model, in the context's current transaction,
/// without the change tracker (issue 18, round 5): <c>SaveChanges</c> for one row ran EF Core's whole update pipeline per
/// erasure (change detection, a modification command, the SQL generated again, the entry accepted afterwards), which the
/// statement does not need. The command goes through EF Core's relational command, so command interceptors, logging and
/// the command timeout apply as to any other statement; values are sent as parameters through each column's type mapping
/// (its value converter included), as <c>SaveChanges</c> sends them.
/// </summary>
/// <remarks>
/// <c>SaveChanges</c> is still used, and nothing changes for the application, when the audit table is mapped otherwise than
/// <see cref="PrivacyAuditModelBuilderExtensions.AddPrivacyAudit"/> maps it (a shadow or computed column, a value generated
/// by the database, a type hierarchy, table splitting or a view), when the context overrides <c>SaveChanges</c>, or when a
/// <see cref="ISaveChangesInterceptor"/> is registered: those are the application's ways of taking part in a save, and the
/// audit row keeps going through them. Handlers of <see cref="DbContext.SavingChanges"/> no longer see the erasure's audit
/// row (docs/decisions.md, "Issue 18, round 5").
/// </remarks>
internal sealed class AuditInsert
{
    private static readonly ConditionalWeakTable<IModel, StrongBox<AuditInsert?>> Inserts = new();

    private static readonly ConditionalWeakTable<Type, StrongBox<bool>> OverridesSave = new();

    private readonly IRelationalCommand _command;
    private readonly (string Name, Func<PrivacyAuditRecord, object?> Value)[] _columns;

    private AuditInsert(IRelationalCommand command, (string Name, Func<PrivacyAuditRecord, object?> Value)[] columns)
    {
        _command = command;
        _columns = columns;
    }

    /// <summary>
    /// Inserts <paramref name="record"/> in the context's current transaction: one statement. A failure of the statement (a
    /// unique or other constraint violation, a broken connection) is a <see cref="DbUpdateException"/> whose inner exception
    /// is the cause, as <c>SaveChanges</c> throws it; cancellation is not wrapped.
    /// </summary>
    public static async Task WriteAsync(DbContext context, PrivacyAuditRecord record, CancellationToken cancellationToken)
    {
        if (For(context) is not { } insert)
        {
            context.Add(record);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var values = new Dictionary<string, object?>(insert._columns.Length, StringComparer.Ordinal);
        foreach (var (name, value) in insert._columns)
        {
            values[name] = value(record);
        }

        var parameters = new RelationalCommandParameterObject(
            context.GetService<IRelationalConnection>(),
            values,
            null,
            context,
            context.GetService<IRelationalCommandDiagnosticsLogger>(),
            CommandSource.SaveChanges);
        try
        {
            await insert._command.ExecuteNonQueryAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (DbUpdateException or OperationCanceledException))
        {
            // As SaveChanges wraps what its statement throws (a constraint violation, a broken connection).
            throw new DbUpdateException($"The privacy audit record could not be written: {exception.Message}", exception);
        }
    }

    /// <summary>The model's insert, or null when the audit row has to go through <c>SaveChanges</c> (see the remarks).</summary>
    private static AuditInsert? For(DbContext context)
    {
        if (OverridesSave.GetValue(context.GetType(), static type => new StrongBox<bool>(Overrides(type))).Value
            || context.GetService<IInterceptors>().Aggregate<ISaveChangesInterceptor>() is not null)
        {
            return null;
        }

        return Cached(context);
    }

    private static AuditInsert? Cached(DbContext context)
    {
        if (!Inserts.TryGetValue(context.Model, out var known))
        {
            known = new StrongBox<AuditInsert?>(Build(context));
            Inserts.AddOrUpdate(context.Model, known);
        }

        return known.Value;
    }

    private static bool Overrides(Type type)
    {
        static bool Declared(Type type, string name, Type[] parameters)
            => type.GetMethod(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance, parameters)?.DeclaringType != typeof(DbContext);

        return Declared(type, nameof(DbContext.SaveChangesAsync), [typeof(bool), typeof(CancellationToken)])
            || Declared(type, nameof(DbContext.SaveChangesAsync), [typeof(CancellationToken)])
            || Declared(type, nameof(DbContext.SaveChanges), [typeof(bool)])
            || Declared(type, nameof(DbContext.SaveChanges), Type.EmptyTypes);
    }

    private static AuditInsert? Build(DbContext context)
    {
        var entityType = context.Model.FindEntityType(typeof(PrivacyAuditRecord));
        if (entityType is null || entityType.BaseType is not null || entityType.GetDirectlyDerivedTypes().Any()
            || entityType.GetTableName() is not { } table || entityType.GetViewName() is not null || entityType.GetSqlQuery() is not null
            || entityType.GetMappingFragments().Any() || entityType.GetNavigations().Any() || entityType.GetComplexProperties().Any()
            || entityType.GetSkipNavigations().Any())
        {
            return null;
        }

        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var helper = context.GetService<ISqlGenerationHelper>();
        var builder = context.GetService<IRelationalCommandBuilderFactory>().Create();
        var record = Expression.Parameter(typeof(PrivacyAuditRecord), "record");
        var columns = new List<(string, Func<PrivacyAuditRecord, object?>)>();
        var names = new List<string>();
        var placeholders = new List<string>();
        foreach (var property in entityType.GetProperties())
        {
            if (property.PropertyInfo is not { } member || property.GetColumnName(store) is not { } column
                || property.GetComputedColumnSql() is not null
                || (property.ValueGenerated != ValueGenerated.Never && !property.IsPrimaryKey()))
            {
                return null; // a column the application added or the database fills: SaveChanges knows what to do with it
            }

            var name = "p" + columns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.AddParameter(name, helper.GenerateParameterName(name), property.GetRelationalTypeMapping(), property.IsNullable, System.Data.ParameterDirection.Input);
            names.Add(helper.DelimitIdentifier(column));
            placeholders.Add(helper.GenerateParameterNamePlaceholder(name));
            columns.Add((name, Expression.Lambda<Func<PrivacyAuditRecord, object?>>(Expression.Convert(Expression.Property(record, member), typeof(object)), record).Compile()));
        }

        var sql = $"INSERT INTO {helper.DelimitIdentifier(table, entityType.GetSchema())} ({string.Join(", ", names)}) VALUES ({string.Join(", ", placeholders)})";
        builder.Append(sql, sensitive: false);
        return new AuditInsert(builder.Build(), [.. columns]);
    }
}
