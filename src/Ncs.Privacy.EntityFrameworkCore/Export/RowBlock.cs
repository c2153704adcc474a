using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// One entity-type block of an export: the rows of one <see cref="SubjectShare"/>, projected to the exported values
/// (shadow properties included) and streamed without tracking, query filters ignored.
/// </summary>
internal sealed class RowBlock
{
    private static readonly MethodInfo StreamMethod = typeof(RowBlock).GetMethod(nameof(Stream), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo WriteRowsMethod = typeof(RowBlock).GetMethod(nameof(WriteRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    // An enum is written by its member's name ("Curly"), not its number: the number means nothing to the person reading
    // the export (Art. 12(1)) nor to another controller receiving it (Art. 20).
    private static readonly JsonSerializerOptions ValueOptions = new(JsonSerializerDefaults.General)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // as the export's writer encodes: values serialized apart read the same
    };

    // Encoded as the export's writer encodes (DataSubjectExporter): the same bytes as writing the names as strings.
    private static readonly System.Text.Encodings.Web.JavaScriptEncoder NameEncoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key", NameEncoder);
    private static readonly JsonEncodedText ValuesName = JsonEncodedText.Encode("values", NameEncoder);
    private static readonly JsonEncodedText OwnedName = JsonEncodedText.Encode("owned", NameEncoder);
    private static readonly JsonEncodedText RowsName = JsonEncodedText.Encode("rows", NameEncoder);

    /// <summary>A share's block depends on the model alone: built once per share (per model), not per export.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SubjectShare, StrongBoxOf> Blocks = [];

    private readonly SubjectShare _share;
    private readonly IReadOnlyList<IProperty> _keys;
    private readonly IReadOnlyList<ClassifiedProperty> _values;
    private readonly IReadOnlyList<OwnedNode> _owned;
    private readonly JsonEncodedText[] _keyNames;
    private readonly JsonEncodedText[] _valueNames;
    private readonly LambdaExpression? _exactType;
    private readonly LambdaExpression[] _orderKeys;
    private readonly ParameterExpression _row;
    private readonly Expression[] _items;
    private readonly LambdaExpression _projection;
    private readonly MethodInfo _stream;

    // The streamed rows (issue 18): projected to a value tuple of the values' own types and written by a delegate compiled
    // once per block, with the writer's typed methods: no object[] and no box per row.
    private readonly LambdaExpression _typedProjection;
    private readonly Delegate _typedWrite;
    private readonly MethodInfo _writeRows;

    private RowBlock(SubjectShare share, IReadOnlyList<IProperty> keys, IReadOnlyList<ClassifiedProperty> values, IReadOnlyList<OwnedNode> owned)
    {
        _share = share;
        _keys = keys;
        _values = values;
        _owned = owned;
        _keyNames = keys.Select(k => JsonEncodedText.Encode(k.Name, NameEncoder)).ToArray();
        _valueNames = values.Select(v => JsonEncodedText.Encode(v.Name, NameEncoder)).ToArray();
        var entityType = share.Entity.EntityType;
        _exactType = SubjectQueries.ExactTypeFilter(entityType);
        _orderKeys = [.. keys.Select(k =>
        {
            var parameter = Expression.Parameter(entityType.ClrType, "o");
            return Expression.Lambda(SubjectQueries.Property(parameter, k), parameter);
        })];
        _row = Expression.Parameter(entityType.ClrType, "e");
        _items = Items(_row);
        _projection = Projection(_items);
        _stream = StreamMethod.MakeGenericMethod(entityType.ClrType);
        var tuple = TypedRows.Tuple([.. Unboxed(_items)]);
        _typedProjection = Expression.Lambda(typeof(Func<,>).MakeGenericType(entityType.ClrType, tuple.Type), tuple, _row);
        _typedWrite = TypedRows.Writer(tuple.Type, _keyNames, _valueNames, _owned.Count);
        _writeRows = WriteRowsMethod.MakeGenericMethod(entityType.ClrType, tuple.Type);
        var root = share.Entity.Root;
        IsSubjectRow = !root.IsReference && entityType == root.EntityType && share.OwnsRow && share.Paths is [{ Steps.Count: 0 }];
    }

    /// <summary>
    /// True for the block of the subject's own row, by key (the root entity type's exact rows): a row read here proves that
    /// the subject exists, so this block, read first, is also the export's existence check (issue 18).
    /// </summary>
    public bool IsSubjectRow { get; }

    public static RowBlock? For(SubjectShare share) => Blocks.GetValue(share, s => new StrongBoxOf(Create(s))).Block;

    private static RowBlock? Create(SubjectShare share)
    {
        var entityType = share.Entity.EntityType;
        var values = share.PersonalProperties.Where(p => p.IsExported).ToArray();
        var owned = share.OwnsRow ? OwnedNode.Children(entityType, share.Entity.Root.Graph) : [];
        if (values.Length == 0 && owned.Count == 0)
        {
            return null;
        }

        var keys = entityType.FindPrimaryKey()?.Properties ?? [];
        return new RowBlock(share, keys, values, owned);
    }

    /// <summary>
    /// Reads the subject's own row (<see cref="IsSubjectRow"/>) before anything of the block is written, and with it whether an
    /// erasure of the subject is recorded (<paramref name="erasureRecorded"/>, a condition of the same statement; false when null).
    /// The rows are read to the end, so that the connection is free for the next statement. Any block's rows can be read so
    /// (boxed, as <c>object[]</c>), in the order <see cref="WriteAsync"/> streams them.
    /// </summary>
    public async Task<(List<object?[]> Rows, bool ErasureRecorded)> ReadSubjectRowAsync(DbContext context, object subjectId, Expression? erasureRecorded, CancellationToken cancellationToken)
    {
        var projection = erasureRecorded is null
            ? _projection
            : Projection([.. _items, Box(erasureRecorded)]);
        var rows = new List<object?[]>(1);
        var query = _share.Query(context, subjectId);
        var stream = (IAsyncEnumerable<object?[]>)_stream.Invoke(null, [query, _exactType, projection, _orderKeys])!;
        await foreach (var row in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return (rows, erasureRecorded is not null && rows.Count > 0 && rows[0][_items.Length] is true);
    }

    /// <summary>
    /// The block's description, everything before its rows (names, paths, the fields and their uses, owned parts), in the
    /// language of <paramref name="texts"/>: the same for every subject whose <paramref name="history"/> is empty.
    /// </summary>
    public RawProperties Describe(string contextName, DocumentTexts texts, ErasureHistory history)
        => RawProperties.Capture((Block: this, contextName, texts, history), static (writer, state) => state.Block.WriteDescription(writer, state.contextName, state.texts, state.history));

    /// <summary>
    /// Writes the block: its <paramref name="description"/> (<see cref="Describe"/>), then its rows: <paramref name="rowsRead"/> when
    /// they were read already (<see cref="ReadSubjectRowAsync"/>), else streamed from the database. Flushes every
    /// <paramref name="flushThreshold"/> bytes after a row.
    /// </summary>
    public async Task<int> WriteAsync(Utf8JsonWriter writer, DbContext context, object subjectId, int flushThreshold, RawProperties description, List<object?[]>? rowsRead, CancellationToken cancellationToken)
    {
        writer.WriteStartObject();
        description.WriteTo(writer);
        writer.WriteStartArray(RowsName);

        var rows = 0;
        if (rowsRead is not null)
        {
            foreach (var row in rowsRead)
            {
                WriteRow(writer, row);
                rows++;
            }
        }
        else
        {
            var query = _share.Query(context, subjectId);
            rows = await ((Task<int>)_writeRows.Invoke(null, [query, _exactType, _typedProjection, _orderKeys, _typedWrite, this, writer, flushThreshold, cancellationToken])!).ConfigureAwait(false);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return rows;
    }

    private void WriteDescription(Utf8JsonWriter writer, string contextName, DocumentTexts texts, ErasureHistory history)
    {
        var entityType = _share.Entity.EntityType;
        writer.WriteString("context", contextName);
        writer.WriteString("entity", ModelClassification.Name(entityType));
        writer.WriteString("name", texts.Policy(ExportNames.Entity(entityType)));
        writer.WriteString("group", texts.Policy(ExportNames.Group(_share)) is var group && group.Length > 0 ? group : texts["Html.Account"]);
        writer.WriteString("about", _share.Navigation);
        writer.WriteBoolean("shared", _share.IsShared);
        ExportHeader.WriteIds(writer, "paths", _share.Paths.Select(p => p.ToString()));
        WriteFields(writer, entityType, _values, texts, history);
        if (_owned.Count > 0)
        {
            writer.WriteStartObject("owned");
            foreach (var node in _owned)
            {
                node.Describe(writer, texts);
            }

            writer.WriteEndObject();
        }
    }

    private void WriteRow(Utf8JsonWriter writer, object?[] row)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(KeyName);
        for (var i = 0; i < _keyNames.Length; i++)
        {
            writer.WritePropertyName(_keyNames[i]);
            WriteValue(writer, row[i]);
        }

        writer.WriteEndObject();
        writer.WriteStartObject(ValuesName);
        for (var i = 0; i < _valueNames.Length; i++)
        {
            writer.WritePropertyName(_valueNames[i]);
            WriteValue(writer, row[_keyNames.Length + i]);
        }

        writer.WriteEndObject();
        if (_owned.Count > 0)
        {
            writer.WriteStartObject(OwnedName);
            for (var i = 0; i < _owned.Count; i++)
            {
                _owned[i].Write(writer, row[_keys.Count + _values.Count + i]);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// The block's field descriptions, written once: <c>"fields": {"Email": {"name": "E-mail", "uses": [...]}}</c>.
    /// Values refer to them by name; purposes, bases, retention and recipients are described once in the header.
    /// </summary>
    internal static void WriteFields(Utf8JsonWriter writer, IReadOnlyTypeBase declaringType, IReadOnlyList<ClassifiedProperty> properties, DocumentTexts texts, ErasureHistory history)
    {
        writer.WriteStartObject("fields");
        foreach (var property in properties)
        {
            writer.WriteStartObject(property.Name);
            writer.WriteString("name", texts.Policy(ExportNames.Field(property.Property)));
            var uses = history.Uses(declaringType, property, out var anonymised);
            if (anonymised)
            {
                writer.WriteBoolean("anonymised", true);
            }

            writer.WriteStartArray("uses");
            foreach (var use in uses)
            {
                writer.WriteStartObject();
                writer.WriteString("purpose", use.Purpose.Id);
                writer.WriteString("retention", use.Retention.Id);
                if (use.Category is not null)
                {
                    writer.WriteString("category", use.Category.Id);
                }

                if (use.Recipients.Count != use.Purpose.Recipients.Count)
                {
                    ExportHeader.WriteIds(writer, "recipients", use.Recipients.Select(r => r.Id));
                }

                if (use.Source is not null)
                {
                    writer.WriteString("source", texts.Policy(use.Source));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// A value, with the writer's typed methods for the types JSON has a form for: the same bytes the serializer writes
    /// (its converters for these types call the same methods on the same writer, whose encoder applies), without its
    /// per-value type resolution (issue 18). Other types (enums, DateOnly, TimeOnly, byte arrays...) go to the serializer.
    /// </summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case short number:
                writer.WriteNumberValue(number);
                break;
            case byte number:
                writer.WriteNumberValue(number);
                break;
            case uint number:
                writer.WriteNumberValue(number);
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case DateTime time:
                writer.WriteStringValue(time);
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time);
                break;
            case Guid guid:
                writer.WriteStringValue(guid);
                break;
            case System.Net.IPAddress or System.Net.NetworkInformation.PhysicalAddress:
                // PostgreSQL's inet and macaddr: their text form (10.0.0.1), not their properties (IPAddress.ScopeId throws for IPv4).
                writer.WriteStringValue(value.ToString());
                break;
            default:
                WriteSerialized(writer, value);
                break;
        }
    }

    /// <summary>
    /// A value of another type through the serializer; one the serializer cannot write (a provider's type whose properties
    /// throw) is written as its text, so that no mapped type makes a subject's export fail. Serialized apart first, so that a
    /// failure half-way leaves nothing in the document.
    /// </summary>
    private static void WriteSerialized(Utf8JsonWriter writer, object value)
    {
        byte[] json;
        try
        {
            json = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), ValueOptions);
        }
#pragma warning disable CA1031 // whatever the serializer throws for the value, its text is the export's answer
        catch (Exception)
#pragma warning restore CA1031
        {
            writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        writer.WriteRawValue(json, skipInputValidation: true);
    }

    private Expression[] Items(ParameterExpression row)
    {
        var items = new List<Expression>();
        items.AddRange(_keys.Select(k => Box(SubjectQueries.Property(row, k))));
        items.AddRange(_values.Select(v => Box(SubjectQueries.Property(row, v.Property))));
        // A complex property is read by member access: EF Core translates e.Card in a projection, not EF.Property(e, "Card").
        items.AddRange(_owned.Select(o => Box(o.Member is IComplexProperty { PropertyInfo: { } clr } ? Expression.Property(row, clr) : SubjectQueries.Property(row, o.Member))));
        return [.. items];
    }

    private LambdaExpression Projection(IEnumerable<Expression> items)
        => Expression.Lambda(typeof(Func<,>).MakeGenericType(_row.Type, typeof(object[])), Expression.NewArrayInit(typeof(object), items), _row);

    private static Expression Box(Expression value) => Expression.Convert(value, typeof(object));

    /// <summary>The compiled row writer's calls back into the block (TypedRows.Writer).</summary>
    internal static void StartKey(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(KeyName);
    }

    internal static void StartValues(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.WriteStartObject(ValuesName);
    }

    internal static void StartOwned(Utf8JsonWriter writer) => writer.WriteStartObject(OwnedName);

    internal void WriteOwned(Utf8JsonWriter writer, int index, object? value) => _owned[index].Write(writer, value);

    internal static void WriteAny(Utf8JsonWriter writer, object? value) => WriteValue(writer, value);

    private static IEnumerable<Expression> Unboxed(IEnumerable<Expression> items)
        => items.Select(i => i is UnaryExpression { NodeType: ExpressionType.Convert } convert && convert.Type == typeof(object) ? convert.Operand : i);

    private static async Task<int> WriteRowsAsync<T, TRow>(IQueryable query, LambdaExpression? exactType, LambdaExpression projection, IReadOnlyList<LambdaExpression> keys, Delegate write, RowBlock block, Utf8JsonWriter writer, int flushThreshold, CancellationToken cancellationToken)
        where T : class
    {
        var rows = Ordered<T>(query, exactType, keys).AsNoTracking().Select((Expression<Func<T, TRow>>)projection).AsAsyncEnumerable();
        var writeRow = (Action<Utf8JsonWriter, TRow, RowBlock>)write;
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            writeRow(writer, row, block);
            count++;
            if (writer.BytesPending > flushThreshold)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return count;
    }

    private static IAsyncEnumerable<object?[]> Stream<T>(IQueryable query, LambdaExpression? exactType, LambdaExpression projection, IReadOnlyList<LambdaExpression> keys)
        where T : class
        => Ordered<T>(query, exactType, keys).AsNoTracking().Select((Expression<Func<T, object?[]>>)projection).AsAsyncEnumerable();

    private static IQueryable<T> Ordered<T>(IQueryable query, LambdaExpression? exactType, IReadOnlyList<LambdaExpression> keys)
        where T : class
    {
        var rows = (IQueryable<T>)query;
        if (exactType is not null)
        {
            rows = rows.Where((Expression<Func<T, bool>>)exactType);
        }

        // A stable order makes exports comparable between runs.
        for (var i = 0; i < keys.Count; i++)
        {
            var call = Expression.Call(ClosedMethods.OrderBy(i > 0, typeof(T), keys[i].Body.Type), rows.Expression, Expression.Quote(keys[i]));
            rows = rows.Provider.CreateQuery<T>(call);
        }

        return rows;
    }

    /// <summary>A cached block, or none (a share with nothing to export): ConditionalWeakTable keeps reference values.</summary>
    private sealed record StrongBoxOf(RowBlock? Block);

    /// <summary>
    /// An owned navigation or a complex property, and what of it is exported, read from the materialised instance
    /// (owned types and complex types have no query of their own).
    /// </summary>
    private sealed class OwnedNode
    {
        private readonly ClassifiedProperty[] _values;
        private readonly IReadOnlyList<OwnedNode> _children;

        private OwnedNode(IPropertyBase member, ITypeBase target, string typeName, bool isCollection, ClassifiedProperty[] values, IReadOnlyList<OwnedNode> children)
        {
            Target = target;
            Member = member;
            TypeName = typeName;
            IsCollection = isCollection;
            _values = values;
            _children = children;
        }

        public IPropertyBase Member { get; }

        private ITypeBase Target { get; }

        private string TypeName { get; }

        private bool IsCollection { get; }

        public static IReadOnlyList<OwnedNode> Children(ITypeBase owner, SubjectGraph graph)
        {
            var nodes = new List<OwnedNode>();
            if (owner is IEntityType entityType)
            {
                foreach (var navigation in entityType.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent))
                {
                    Add(nodes, navigation, navigation.TargetEntityType, navigation.IsCollection, graph);
                }
            }

            foreach (var complex in owner.GetComplexProperties())
            {
                Add(nodes, complex, complex.ComplexType, complex.IsCollection, graph);
            }

            return nodes;
        }

        private static void Add(List<OwnedNode> nodes, IPropertyBase member, ITypeBase target, bool isCollection, SubjectGraph graph)
        {
            var values = target.GetProperties()
                .Where(p => !p.IsShadowProperty())
                .Select(graph.Classify)
                .Where(p => p.IsExported && p.Subject is null)
                .ToArray();
            var children = Children(target, graph);
            if (values.Length > 0 || children.Count > 0)
            {
                nodes.Add(new OwnedNode(member, target, ModelClassification.Name(target), isCollection, values, children));
            }
        }

        /// <summary>Describes the part once: <c>"ShippingAddress": {"entity": ..., "name": ..., "collection": false, "fields": {...}}</c>.</summary>
        public void Describe(Utf8JsonWriter writer, DocumentTexts texts)
        {
            writer.WriteStartObject(Member.Name);
            writer.WriteString("entity", TypeName);
            writer.WriteString("name", texts.Policy(ExportNames.Field(Member)));
            writer.WriteBoolean("collection", IsCollection);
            WriteFields(writer, Target, _values, texts, ErasureHistory.None);
            if (_children.Count > 0)
            {
                writer.WriteStartObject("owned");
                foreach (var child in _children)
                {
                    child.Describe(writer, texts);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        public void Write(Utf8JsonWriter writer, object? value)
        {
            writer.WritePropertyName(Member.Name);
            writer.WriteStartArray();
            if (value is not null)
            {
                if (IsCollection)
                {
                    foreach (var item in (System.Collections.IEnumerable)value)
                    {
                        WriteInstance(writer, item);
                    }
                }
                else
                {
                    WriteInstance(writer, value);
                }
            }

            writer.WriteEndArray();
        }

        private static object? Read(IPropertyBase member, object instance)
            => member.PropertyInfo is { } property ? property.GetValue(instance)
                : member.FieldInfo is { } field ? field.GetValue(instance)
                : null;

        private void WriteInstance(Utf8JsonWriter writer, object instance)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("values");
            foreach (var property in _values)
            {
                writer.WritePropertyName(property.Name);
                WriteValue(writer, Read(property.Property, instance));
            }

            writer.WriteEndObject();
            if (_children.Count > 0)
            {
                writer.WriteStartObject("owned");
                foreach (var child in _children)
                {
                    child.Write(writer, Read(child.Member, instance));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }
    }
}
