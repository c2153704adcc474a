using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Query;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// A personal field of an entity type's row: a property of the entity itself, or of an owned type stored in the same
/// row (<c>OwnsOne</c>) or a complex type, reached through <see cref="Path"/>.
/// </summary>
/// <param name="Classified">The property and its classification.</param>
/// <param name="Path">The owned navigations and complex properties from the row to the property's declaring type; empty for the entity's own.</param>
internal sealed record FieldPath(ClassifiedProperty Classified, IReadOnlyList<IPropertyBase> Path)
{
    public IProperty Property => Classified.Property;

    /// <summary>The dotted name the plan shows, e.g. <c>ShippingAddress.Street</c>.</summary>
    public string Name => string.Join(".", Path.Select(p => p.Name).Append(Property.Name));

    /// <summary>The name people read, as the export gives it, e.g. "Shipping address › Street".</summary>
    public string DisplayName => string.Join(" › ", Path.Select(ExportNames.Field).Append(ExportNames.Field(Property)));

    public static FieldPath Direct(ClassifiedProperty property) => new(property, []);

    /// <summary>
    /// The owned navigation through which the field lies in rows of another table (an owned collection, or an owned type
    /// in a table of its own), or null when the field is in the row itself.
    /// </summary>
    public INavigation? Separate => Path.OfType<INavigation>().FirstOrDefault(IsSeparate);

    /// <summary>The field as the separate owned rows see it (the path after <see cref="Separate"/>); the field itself when it is in the row.</summary>
    public FieldPath Target => Separate is { } separate ? new(Classified, Path.SkipWhile(p => p != separate).Skip(1).ToArray()) : this;

    /// <summary>The entity type whose rows hold the field: the separate owned type, or <paramref name="row"/>'s.</summary>
    public IEntityType TargetEntityType(IEntityType row) => Separate?.TargetEntityType ?? row;

    /// <summary>Whether an ownership navigation leads to rows of another table: a collection, or an owned type mapped to a table of its own.</summary>
    public static bool IsSeparate(INavigation navigation)
        => navigation.ForeignKey.IsOwnership && (navigation.IsCollection || navigation.TargetEntityType.GetTableName() != navigation.DeclaringEntityType.GetTableName());

    /// <summary>
    /// The owned rows of the field's <see cref="Separate"/> navigation that belong to <paramref name="owners"/>:
    /// <c>owners.SelectMany(o =&gt; o.Addresses)</c> or <c>owners.Select(o =&gt; o.Address)</c>, through the owned types in
    /// the row on the way; EF Core runs ExecuteUpdate on them as one UPDATE of the owned table.
    /// </summary>
    public IQueryable SeparateRows(IQueryable owners)
    {
        var query = owners;
        foreach (var step in Path)
        {
            var row = Expression.Parameter(query.ElementType, "o");
            var access = Member(row, step);
            var target = ((INavigation)step).TargetEntityType.ClrType;
            var collection = step is INavigation { IsCollection: true };
            var method = collection
                ? ClosedMethods.Of(QueryableMethods.SelectManyWithoutCollectionSelector, query.ElementType, target)
                : ClosedMethods.Select(query.ElementType, target);
            var selector = Expression.Lambda(
                typeof(Func<,>).MakeGenericType(query.ElementType, collection ? typeof(IEnumerable<>).MakeGenericType(target) : target), access, row);
            query = query.Provider.CreateQuery(Expression.Call(method, query.Expression, Expression.Quote(selector)));
            if (step == Separate)
            {
                break;
            }
        }

        return query;
    }

    /// <summary><c>row.Path.Property</c>, through CLR members where they exist (EF Core translates both).</summary>
    public Expression Access(Expression row)
    {
        var current = row;
        foreach (var step in Path)
        {
            current = Member(current, step);
        }

        return Member(current, Property);
    }

    // An indexer property (a property bag's, an implicit join table's) has the indexer as its PropertyInfo, which needs the
    // property's name as argument: EF.Property reaches it instead.
    internal static Expression Member(Expression instance, IPropertyBase property)
        => property.PropertyInfo is { } info && !property.IsIndexerProperty() && info.DeclaringType!.IsAssignableFrom(instance.Type)
            ? Expression.Property(instance, info)
            : EntityStatements.Property(instance, property);
}

/// <summary>A field to set in a set-based update, with its new value as an expression over the row.</summary>
/// <param name="Field">The field.</param>
/// <param name="Value">An <c>Expression&lt;Func&lt;TEntity, TProperty&gt;&gt;</c>.</param>
internal sealed record PropertySetter(FieldPath Field, LambdaExpression Value);

/// <summary>
/// Untyped access to the typed EF Core operations erasure and retention need (count, aggregate, ExecuteDelete,
/// ExecuteUpdate), for entity types known only from the model. Each call is one SQL statement.
/// </summary>
internal static class EntityStatements
{
    private static readonly MethodInfo SetMethod = typeof(DbContext).GetMethods()
        .Single(m => m.Name == nameof(DbContext.Set) && m.IsGenericMethodDefinition && m.GetParameters().Length == 0);

    private static readonly MethodInfo SetByNameMethod = typeof(DbContext).GetMethods()
        .Single(m => m.Name == nameof(DbContext.Set) && m.IsGenericMethodDefinition && m.GetParameters().Length == 1);

    /// <summary>
    /// Every row of the entity type, soft-deleted ones included; with <paramref name="everyTenant"/> every query filter is
    /// ignored (the retention sweep: it acts on rows by their own dates, for every tenant, and reveals nothing), otherwise
    /// the filters that are not soft delete (a tenant's) stay applied.
    /// </summary>
    public static IQueryable All(DbContext context, IEntityType entityType, bool everyTenant = false)
    {
        var set = entityType.HasSharedClrType
            ? ClosedMethods.Of(SetByNameMethod, entityType.ClrType).Invoke(context, [entityType.Name])!
            : ClosedMethods.Of(SetMethod, entityType.ClrType).Invoke(context, null)!;
        return everyTenant
            ? (IQueryable)Call(nameof(IgnoreAllFiltersCore), entityType.ClrType, [set])
            : (IQueryable)Call(nameof(IgnoreFiltersCore), entityType.ClrType, [context, entityType, set]);
    }

    /// <summary>
    /// The query root of the entity type in this context, for subqueries (EF Core wants one context per query). Inside a
    /// query of <see cref="All"/> or a subject query it has no filter at all: it is what "rows that refer to this row" are
    /// asked of, and a row of another tenant refers as much as one of this tenant's (see <see cref="QueryFilterScope"/>).
    /// </summary>
    public static Expression Root(DbContext context, IEntityType entityType)
    {
        if (entityType.IsOwned() && entityType.FindOwnership() is { IsUnique: true, PrincipalToDependent: { } navigation } ownership)
        {
            // An owned type in its owner's row (OwnsOne gift details that refer to a customer) has no query root of its own:
            // its rows are the owner's, projected through the ownership navigation.
            var owner = ownership.PrincipalEntityType;
            var row = Expression.Parameter(owner.ClrType, "o");
            var select = Expression.Lambda(SubjectQueries.Property(row, navigation), row);
            return Expression.Call(ClosedMethods.Select(owner.ClrType, entityType.ClrType), Root(context, owner), Expression.Quote(select));
        }

        if (entityType.IsOwned() && entityType.FindOwnership() is { IsUnique: false, PrincipalToDependent: { } collection } owning)
        {
            // An owned collection (OwnsMany payer shares that refer to a customer) has no query root of its own either: its
            // rows are the owners', flattened through the ownership navigation.
            var owner = owning.PrincipalEntityType;
            var row = Expression.Parameter(owner.ClrType, "o");
            var many = Expression.Lambda(typeof(Func<,>).MakeGenericType(owner.ClrType, typeof(IEnumerable<>).MakeGenericType(entityType.ClrType)), SubjectQueries.Property(row, collection), row);
            return Expression.Call(typeof(Queryable), nameof(Queryable.SelectMany), [owner.ClrType, entityType.ClrType], Root(context, owner), Expression.Quote(many));
        }

        var set = entityType.HasSharedClrType
            ? ClosedMethods.Of(SetByNameMethod, entityType.ClrType).Invoke(context, [entityType.Name])!
            : ClosedMethods.Of(SetMethod, entityType.ClrType).Invoke(context, null)!;
        return ((IQueryable)set).Expression;
    }

    public static IQueryable Where(IQueryable query, LambdaExpression? predicate)
        => predicate is null
            ? query
            : query.Provider.CreateQuery(Expression.Call(ClosedMethods.Where(query.ElementType), query.Expression, Expression.Quote(predicate)));

    /// <summary>Restricts a query to rows of exactly this entity type (not derived types).</summary>
    public static IQueryable ExactType(IQueryable query, IEntityType entityType) => Where(query, SubjectQueries.ExactTypeFilter(entityType));

    public static Task<int> CountAsync(IQueryable query, CancellationToken cancellationToken)
        => (Task<int>)Call(nameof(CountCore), query.ElementType, [query, cancellationToken]);

    /// <summary>The smallest and largest value of a <c>DateTime?</c> expression over the rows.</summary>
    public static Task<(DateTime? Min, DateTime? Max)> RangeAsync(IQueryable query, LambdaExpression selector, CancellationToken cancellationToken)
        => (Task<(DateTime?, DateTime?)>)Call(selector.ReturnType == typeof(DateOnly?) ? nameof(DateRangeCore) : nameof(RangeCore), query.ElementType, [query, selector, cancellationToken]);

    public static Task<int> DeleteAsync(IQueryable query, CancellationToken cancellationToken)
        => (Task<int>)Call(nameof(DeleteCore), query.ElementType, [query, cancellationToken]);

    public static Task<int> UpdateAsync(IQueryable query, IReadOnlyList<PropertySetter> setters, CancellationToken cancellationToken)
    {
        // A group of an owned navigation in another table (ByTable) updates the owned rows of the selected owners.
        if (setters.Count > 0 && setters[0].Field.Separate is not null)
        {
            query = setters[0].Field.SeparateRows(query);
        }

        return (Task<int>)Call(nameof(UpdateCore), query.ElementType, [query, setters, cancellationToken]);
    }

    /// <summary>
    /// Whether ExecuteDelete can remove the entity type's rows: not in a table-per-type hierarchy (rows span tables), and
    /// not in a table another, non-owned entity type shares (table splitting: EF Core refuses to delete a row that holds
    /// another entity type's data). Rows that cannot be deleted are kept and anonymised.
    /// </summary>
    public static bool CanDelete(IReadOnlyEntityType entityType)
        => (entityType.GetMappingStrategy() != RelationalAnnotationNames.TptMappingStrategy
                || entityType.GetRootType().GetDerivedTypesInclusive().Select(t => t.GetTableName()).Distinct().Count() <= 1)
            && !SharesTable(entityType)
            && !IsTpcLeafWithOwnedColumns(entityType);

    /// <summary>
    /// Whether the entity type is a table-per-concrete-type type below the root whose table also holds an owned type's
    /// columns (<c>OwnsOne</c> on a leaf): EF Core takes the owned type's table mapping for another entity type sharing the
    /// table, as its hierarchy's root is not the table's principal, and refuses ExecuteDelete ("contains data for multiple
    /// entity types"). Its rows are kept and anonymised, as for table splitting.
    /// </summary>
    public static bool IsTpcLeafWithOwnedColumns(IReadOnlyEntityType entityType)
        => entityType.GetMappingStrategy() == RelationalAnnotationNames.TpcMappingStrategy
           && entityType.BaseType is not null
           && entityType.GetTableName() is { } table
           && entityType.Model.GetEntityTypes().Any(t => t.IsOwned() && t.GetTableName() == table && t.GetSchema() == entityType.GetSchema());

    /// <summary>Whether another non-owned entity type, outside this one's hierarchy, is mapped to the same table.</summary>
    public static bool SharesTable(IReadOnlyEntityType entityType)
    {
        if (entityType.GetTableName() is not { } table)
        {
            return false;
        }

        var schema = entityType.GetSchema();
        var root = entityType.GetRootType();
        // Asking every type's table name for every type made the start-up check quadratic (issue 18: 250,000 table names
        // built for 500 entity types). A finished model cannot change, so its tables' non-owned types are listed once; a
        // model still being built is listed once per check that holds it still (TablesFixedDuring), else asked in full.
        Dictionary<(string?, string), HashSet<IReadOnlyEntityType>>? tables = null;
        if (IsReadOnly(entityType.Model))
        {
            tables = TableRoots.GetValue(entityType.Model, static model => TablesOf(model));
        }
        else if (_fixedTables is { } fixedTables && ReferenceEquals(fixedTables.Model, entityType.Model))
        {
            tables = fixedTables.Tables;
        }

        if (tables is null)
        {
            return entityType.Model.GetEntityTypes().Any(t => t.GetRootType() != root && !t.IsOwned() && t.GetTableName() == table && t.GetSchema() == schema);
        }

        return tables.TryGetValue((schema, table), out var shared) && shared.Any(r => r != root);
    }

    /// <summary>
    /// For a check that reads a model still being built without changing it (the start-up check in a convention): the
    /// model's tables are listed once for the check's duration, on this thread. Dispose to end it.
    /// </summary>
    public static IDisposable TablesFixedDuring(IReadOnlyModel model)
    {
        var previous = _fixedTables;
        _fixedTables = (model, TablesOf(model));
        return new FixedTables(previous);
    }

    [ThreadStatic]
    private static (IReadOnlyModel Model, Dictionary<(string?, string), HashSet<IReadOnlyEntityType>> Tables)? _fixedTables;

    private sealed class FixedTables((IReadOnlyModel, Dictionary<(string?, string), HashSet<IReadOnlyEntityType>>)? previous) : IDisposable
    {
        public void Dispose() => _fixedTables = previous;
    }

    private static Dictionary<(string?, string), HashSet<IReadOnlyEntityType>> TablesOf(IReadOnlyModel model)
    {
        var map = new Dictionary<(string?, string), HashSet<IReadOnlyEntityType>>();
        foreach (var type in model.GetEntityTypes().Where(t => !t.IsOwned()))
        {
            if (type.GetTableName() is { } name)
            {
                var key = (type.GetSchema(), name);
                if (!map.TryGetValue(key, out var roots))
                {
                    map[key] = roots = [];
                }

                roots.Add(type.GetRootType());
            }
        }

        return map;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyModel, Dictionary<(string?, string), HashSet<IReadOnlyEntityType>>> TableRoots = new();

    /// <summary>Whether the model can no longer change: a runtime model, or a design-time one that EF Core finalised.</summary>
    private static bool IsReadOnly(IReadOnlyModel model)
        => model is RuntimeModel || model is Microsoft.EntityFrameworkCore.Infrastructure.AnnotatableBase { IsReadOnly: true };

    /// <summary>
    /// The setters grouped by the table their column is in: one UPDATE may change one table only. Fields of owned rows in
    /// another table (an owned collection) form a group per owned navigation, updated through
    /// <see cref="FieldPath.SeparateRows"/>.
    /// </summary>
    public static IEnumerable<IReadOnlyList<PropertySetter>> ByTable(IEntityType entityType, IReadOnlyList<PropertySetter> setters)
        => setters
            .Where(s => !Anonymiser.IsComputed(s.Field.Property))
            .GroupBy(s => s.Field.Separate is { } separate
                ? "owned:" + separate.DeclaringEntityType.Name + "." + separate.Name
                : TableOf(entityType, s.Field))
            .Select(g => (IReadOnlyList<PropertySetter>)g.ToArray());

    /// <summary>
    /// The table that holds a field of a row of <paramref name="entityType"/> in the row itself (not in separate owned rows):
    /// in a table-per-type hierarchy the table of the type that declares the entity's member on the way, its own property
    /// or the owned navigation or complex property that leads to it (an owned address on the base type is in the base's
    /// table, also for a derived type's rows); in any other mapping the entity type's table.
    /// </summary>
    public static string? TableOf(IEntityType entityType, FieldPath field)
    {
        var member = field.Path.Count > 0 ? field.Path[0] : (IPropertyBase)field.Property;
        return entityType.GetMappingStrategy() == RelationalAnnotationNames.TptMappingStrategy && member.DeclaringType is IEntityType declaring && declaring.GetTableName() is { } table
            ? table
            : entityType.GetTableName();
    }

    /// <summary>
    /// At most <paramref name="count"/> rows of <paramref name="query"/> (a retention batch), in a shape EF Core turns into a
    /// correct UPDATE or DELETE also for table-per-type rows. With a single-column key:
    /// <c>rows.Where(e =&gt; query.Take(count).Select(x =&gt; x.Key).Contains(e.Key))</c>, an uncorrelated
    /// <c>IN (SELECT ... LIMIT n)</c> without ordering, so that the engine finds the batch through whatever index serves the
    /// predicate (the anchor's) and then each row by its key: the batch costs what its rows cost, not the table's size.
    /// Every batch changes the rows it selects so that they no longer match, so which rows come first does not matter.
    /// With a composite key: <c>rows.Where(e =&gt; batch.Any(x =&gt; x.Key == e.Key))</c> in primary-key order, a correlated
    /// <c>EXISTS</c> (SQLite evaluates it per row of the table; no engine has a row-value <c>IN</c> EF Core translates).
    /// </summary>
    public static IQueryable Batch(DbContext context, IQueryable query, IEntityType entityType, int count, bool everyTenant = false)
    {
        var key = entityType.FindPrimaryKey()!.Properties;
        if (key.Count == 1)
        {
            var keys = (IQueryable)Call(nameof(BatchKeysCore), query.ElementType, [query, key[0], count]);
            var parameter = Expression.Parameter(entityType.ClrType, "e");
            var contains = Expression.Call(ClosedMethods.Contains(keys.ElementType), keys.Expression, Property(parameter, key[0]));
            return Where(ExactType(All(context, entityType, everyTenant), entityType), Expression.Lambda(contains, parameter));
        }

        var limited = (IQueryable)Call(nameof(BatchCore), query.ElementType, [query, key, count]);
        var row = Expression.Parameter(entityType.ClrType, "e");
        var other = Expression.Parameter(entityType.ClrType, "x");
        Expression? same = null;
        foreach (var property in key)
        {
            var equal = Expression.Equal(Property(other, property), Property(row, property));
            same = same is null ? equal : Expression.AndAlso(same, equal);
        }

        var any = ClosedMethods.AnyWithPredicate(entityType.ClrType);
        var inBatch = Expression.Lambda(Expression.Call(any, limited.Expression, Expression.Quote(Expression.Lambda(same!, other))), row);
        return Where(ExactType(All(context, entityType, everyTenant), entityType), inBatch);
    }

    /// <summary><c>query.Take(count).Select(x =&gt; x.Key)</c>: the keys of a retention batch, unordered (see <see cref="Batch"/>).</summary>
    public static IQueryable BatchKeys(IQueryable query, IProperty key, int count)
        => (IQueryable)Call(nameof(BatchKeysCore), query.ElementType, [query, key, count]);

    /// <summary>The rows of exactly this entity type whose single-column primary key is one of <paramref name="keys"/> (an array of the key's CLR type).</summary>
    public static IQueryable WithKeys(DbContext context, IEntityType entityType, Array keys, bool everyTenant = false)
    {
        var key = entityType.FindPrimaryKey()!.Properties[0];
        var row = Expression.Parameter(entityType.ClrType, "e");
        // A field of a holder, not a constant: EF Core sends the keys as a parameter.
        var holder = Activator.CreateInstance(typeof(System.Runtime.CompilerServices.StrongBox<>).MakeGenericType(keys.GetType()), keys)!;
        var values = Expression.Field(Expression.Constant(holder), "Value");
        var contains = Expression.Call(ClosedMethods.EnumerableContains(key.ClrType), values, Property(row, key));
        return Where(ExactType(All(context, entityType, everyTenant), entityType), Expression.Lambda(contains, row));
    }

    /// <summary>The single-column primary-key values of the rows, as an array of the key's CLR type.</summary>
    public static Task<Array> KeysAsync(IQueryable query, IEntityType entityType, CancellationToken cancellationToken)
        => (Task<Array>)ClosedMethods.Private2(typeof(EntityStatements), nameof(KeysCore), query.ElementType, entityType.FindPrimaryKey()!.Properties[0].ClrType)
            .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [query, entityType.FindPrimaryKey()!.Properties[0], cancellationToken], null)!;

    private static async Task<Array> KeysCore<T, TKey>(IQueryable query, IProperty key, CancellationToken cancellationToken)
    {
        var row = Expression.Parameter(typeof(T), "e");
        var selector = Expression.Lambda<Func<T, TKey>>(Property(row, key), row);
        return await ((IQueryable<T>)query).Select(selector).ToArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>dependents.Any(d =&gt; d.ForeignKey == principal.Key)</c>: the principal row is referenced by one of the dependents.</summary>
    public static Expression Referenced(Expression dependents, IForeignKey foreignKey, Expression principal)
    {
        var dependentType = dependents.Type.GetGenericArguments()[0];
        var inner = Expression.Parameter(dependentType, "d");
        Expression? join = null;
        for (var i = 0; i < foreignKey.Properties.Count; i++)
        {
            var left = Property(inner, foreignKey.Properties[i]);
            var right = Property(principal, foreignKey.PrincipalKey.Properties[i]);
            var type = Nullable.GetUnderlyingType(left.Type) ?? left.Type;
            var nullable = type.IsValueType ? typeof(Nullable<>).MakeGenericType(type) : type;
            var equal = Expression.Equal(left.Type == nullable ? left : Expression.Convert(left, nullable), right.Type == nullable ? right : Expression.Convert(right, nullable));
            join = join is null ? equal : Expression.AndAlso(join, equal);
        }

        var any = ClosedMethods.AnyWithPredicate(dependentType);
        return Expression.Call(any, dependents, Expression.Quote(Expression.Lambda(join!, inner)));
    }

    /// <summary>
    /// The owned rows inside <paramref name="owners"/> (a query of the owner type): <c>owners.Select(o =&gt; o.Profile)</c> for
    /// an owned reference, <c>owners.SelectMany(o =&gt; o.Phones)</c> for an owned collection. Owned types have no query root.
    /// </summary>
    public static Expression OwnedRows(Expression owners, IEntityType owned)
    {
        var ownership = owned.FindOwnership()!;
        var navigation = ownership.PrincipalToDependent!;
        var ownerType = owners.Type.GetGenericArguments()[0];
        var row = Expression.Parameter(ownerType, "o");
        if (ownership.IsUnique)
        {
            var select = Expression.Lambda(SubjectQueries.Property(row, navigation), row);
            return Expression.Call(typeof(Queryable), nameof(Queryable.Select), [ownerType, owned.ClrType], owners, Expression.Quote(select));
        }

        var sequence = typeof(IEnumerable<>).MakeGenericType(owned.ClrType);
        // No cast: EF Core translates the navigation itself (a List<T> is an IEnumerable<T>), not a conversion of it.
        var many = Expression.Lambda(typeof(Func<,>).MakeGenericType(ownerType, sequence), SubjectQueries.Property(row, navigation), row);
        return Expression.Call(typeof(Queryable), nameof(Queryable.SelectMany), [ownerType, owned.ClrType], owners, Expression.Quote(many));
    }

    /// <summary><c>e =&gt; EF.Property&lt;T&gt;(e, name)</c>.</summary>
    public static Expression Property(Expression row, IReadOnlyPropertyBase property) => SubjectQueries.Property(row, property);

    private static object Call(string name, Type elementType, object?[] arguments)
        => ClosedMethods.Private1(typeof(EntityStatements), name, elementType).Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null)!; // EF Core's own errors surface as themselves

    // Soft-delete filters ignored, tenant filters kept (issue 12): one rule for every query, see QueryFilterScope.
    private static IQueryable IgnoreFiltersCore<T>(DbContext context, IEntityType entityType, DbSet<T> set)
        where T : class
        => QueryFilterScope.Apply(context, entityType, set);

    // Every filter ignored (the retention sweep, issue 12 round 5): rows are swept by their own dates, for every tenant.
    private static IQueryable IgnoreAllFiltersCore<T>(DbSet<T> set)
        where T : class
        => set.IgnoreQueryFilters();

    private static Task<int> CountCore<T>(IQueryable query, CancellationToken cancellationToken)
        => ((IQueryable<T>)query).CountAsync(cancellationToken);

    /// <summary>The range of a <c>DateOnly</c> anchor, as the midnights (UTC) its retention counts from.</summary>
    private static async Task<(DateTime?, DateTime?)> DateRangeCore<T>(IQueryable query, LambdaExpression selector, CancellationToken cancellationToken)
    {
        var typed = ((IQueryable<T>)query).Select((Expression<Func<T, DateOnly?>>)selector);
        var min = await typed.MinAsync(cancellationToken).ConfigureAwait(false);
        var max = await typed.MaxAsync(cancellationToken).ConfigureAwait(false);
        return (min?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), max?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }

    private static async Task<(DateTime?, DateTime?)> RangeCore<T>(IQueryable query, LambdaExpression selector, CancellationToken cancellationToken)
    {
        var typed = ((IQueryable<T>)query).Select((Expression<Func<T, DateTime?>>)selector);
        var min = await typed.MinAsync(cancellationToken).ConfigureAwait(false);
        var max = await typed.MaxAsync(cancellationToken).ConfigureAwait(false);
        return (min, max);
    }

    private static Task<int> DeleteCore<T>(IQueryable query, CancellationToken cancellationToken)
        => ((IQueryable<T>)query).ExecuteDeleteAsync(cancellationToken);

    private static Task<int> UpdateCore<T>(IQueryable query, IReadOnlyList<PropertySetter> setters, CancellationToken cancellationToken)
        => ((IQueryable<T>)query).ExecuteUpdateAsync(builder => Set(builder, setters), cancellationToken);

    private static void Set<T>(UpdateSettersBuilder<T> builder, IReadOnlyList<PropertySetter> setters)
    {
        foreach (var setter in setters)
        {
            ClosedMethods.Private2(typeof(EntityStatements), nameof(SetCore), typeof(T), setter.Field.Property.ClrType)
                .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [builder, setter], null);
        }
    }

    /// <summary>
    /// The expression EF Core runs for <see cref="DeleteAsync"/> (no <paramref name="setters"/>) or <see cref="UpdateAsync"/>
    /// of the query, without running it: what <see cref="StatementCache"/> compiles (issue 18).
    /// </summary>
    public static Expression? Terminal(IQueryable query, IReadOnlyList<PropertySetter>? setters)
    {
        if (setters is { Count: > 0 } && setters[0].Field.Separate is not null)
        {
            query = setters[0].Field.SeparateRows(query);
        }

        return (Expression?)Call(nameof(TerminalCore), query.ElementType, [query, setters]);
    }

    private static Expression? TerminalCore<T>(IQueryable query, IReadOnlyList<PropertySetter>? setters)
        => StatementCache.Terminal<T>(query, rows =>
        {
            if (setters is null)
            {
                rows.ExecuteDelete();
            }
            else
            {
                rows.ExecuteUpdate(builder => Set(builder, setters));
            }
        });

    private static void SetCore<T, TProperty>(UpdateSettersBuilder<T> builder, PropertySetter setter)
    {
        var row = Expression.Parameter(typeof(T), "e");
        var property = Expression.Lambda<Func<T, TProperty>>(setter.Field.Target.Access(row), row);
        builder.SetProperty(property, (Expression<Func<T, TProperty>>)setter.Value);
    }

    private static IQueryable BatchKeysCore<T>(IQueryable query, IProperty key, int count)
    {
        var row = Expression.Parameter(typeof(T), "x");
        var selector = Expression.Lambda(Property(row, key), row);
        var limited = ((IQueryable<T>)query).Take(count);
        return limited.Provider.CreateQuery(Expression.Call(ClosedMethods.Select(typeof(T), key.ClrType), limited.Expression, Expression.Quote(selector)));
    }

    private static IQueryable BatchCore<T>(IQueryable query, IReadOnlyList<IProperty> key, int count)
    {
        var typed = (IQueryable<T>)query;
        var row = Expression.Parameter(typeof(T), "e");
        IOrderedQueryable<T>? ordered = null;
        foreach (var property in key)
        {
            var selector = Expression.Lambda(Property(row, property), row);
            var method = ClosedMethods.OrderBy(ordered is not null, typeof(T), property.ClrType);
            ordered = (IOrderedQueryable<T>)method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [ordered ?? typed, selector], null)!;
        }

        return (ordered ?? typed).Take(count);
    }
}
