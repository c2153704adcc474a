using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Rows of an export block as value tuples of the values' own types, and the writer of one row, compiled once per block
/// (issue 18): what the block's <c>object[]</c> projection cost per row, an array and a box per non-string value, is gone.
/// Each value is written as <see cref="RowBlock"/> writes a boxed one: the writer's typed method for the types JSON has a
/// form for, the same method the boxed path calls; any other type goes through the boxed path itself.
/// </summary>
internal static class TypedRows
{
    private static readonly MethodInfo WritePropertyName = typeof(Utf8JsonWriter).GetMethod(nameof(Utf8JsonWriter.WritePropertyName), [typeof(JsonEncodedText)])!;
    private static readonly MethodInfo WriteEndObject = typeof(Utf8JsonWriter).GetMethod(nameof(Utf8JsonWriter.WriteEndObject), Type.EmptyTypes)!;
    private static readonly MethodInfo WriteNullValue = typeof(Utf8JsonWriter).GetMethod(nameof(Utf8JsonWriter.WriteNullValue), Type.EmptyTypes)!;
    private static readonly MethodInfo StartKey = typeof(RowBlock).GetMethod(nameof(RowBlock.StartKey), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo StartValues = typeof(RowBlock).GetMethod(nameof(RowBlock.StartValues), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo StartOwned = typeof(RowBlock).GetMethod(nameof(RowBlock.StartOwned), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo WriteOwned = typeof(RowBlock).GetMethod(nameof(RowBlock.WriteOwned), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo WriteAny = typeof(RowBlock).GetMethod(nameof(RowBlock.WriteAny), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly Type[] Arities =
    [
        typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>),
        typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>),
    ];

    /// <summary><c>new ValueTuple&lt;...&gt;(items)</c>, nested in its eighth element beyond seven items.</summary>
    public static NewExpression Tuple(IReadOnlyList<Expression> items)
    {
        if (items.Count <= 7)
        {
            var types = items.Select(i => i.Type).ToArray();
            var type = Arities[items.Count - 1].MakeGenericType(types);
            return Expression.New(type.GetConstructor(types)!, items);
        }

        var rest = Tuple([.. items.Skip(7)]);
        var arguments = items.Take(7).Append(rest).ToArray();
        var argumentTypes = arguments.Select(a => a.Type).ToArray();
        var tuple = typeof(ValueTuple<,,,,,,,>).MakeGenericType(argumentTypes);
        return Expression.New(tuple.GetConstructor(argumentTypes)!, arguments);
    }

    /// <summary>
    /// An <c>Action&lt;Utf8JsonWriter, TRow, RowBlock&gt;</c> that writes one row as <see cref="RowBlock"/> does:
    /// <c>{"key": {...}, "values": {...}, "owned": {...}}</c>, the keys, then the values, then the owned parts in the tuple.
    /// </summary>
    public static Delegate Writer(Type tupleType, IReadOnlyList<JsonEncodedText> keyNames, IReadOnlyList<JsonEncodedText> valueNames, int owned)
    {
        var writer = Expression.Parameter(typeof(Utf8JsonWriter), "writer");
        var row = Expression.Parameter(tupleType, "row");
        var block = Expression.Parameter(typeof(RowBlock), "block");
        var body = new List<Expression> { Expression.Call(StartKey, writer) };
        var index = 0;
        foreach (var name in keyNames)
        {
            body.Add(Expression.Call(writer, WritePropertyName, Expression.Constant(name)));
            body.Add(Value(writer, Item(row, index++)));
        }

        body.Add(Expression.Call(StartValues, writer));
        foreach (var name in valueNames)
        {
            body.Add(Expression.Call(writer, WritePropertyName, Expression.Constant(name)));
            body.Add(Value(writer, Item(row, index++)));
        }

        body.Add(Expression.Call(writer, WriteEndObject));
        if (owned > 0)
        {
            body.Add(Expression.Call(StartOwned, writer));
            for (var i = 0; i < owned; i++)
            {
                body.Add(Expression.Call(block, WriteOwned, writer, Expression.Constant(i), Expression.Convert(Item(row, index++), typeof(object))));
            }

            body.Add(Expression.Call(writer, WriteEndObject));
        }

        body.Add(Expression.Call(writer, WriteEndObject));
        var action = typeof(Action<,,>).MakeGenericType(typeof(Utf8JsonWriter), tupleType, typeof(RowBlock));
        return Expression.Lambda(action, Expression.Block(body), writer, row, block).Compile();
    }

    private static Expression Item(Expression tuple, int index)
        => index < 7 ? Expression.Field(tuple, "Item" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) : Item(Expression.Field(tuple, "Rest"), index - 7);

    /// <summary>One value: a typed method where <see cref="RowBlock"/>'s boxed path would call one, the boxed path itself otherwise.</summary>
    private static Expression Value(Expression writer, Expression value)
    {
        if (Typed(value.Type) is { } typed)
        {
            return Expression.Call(typed, writer, value);
        }

        if (Nullable.GetUnderlyingType(value.Type) is { } underlying && Typed(underlying) is { } typedValue)
        {
            return Expression.Condition(
                Expression.Property(value, "HasValue"),
                Expression.Call(typedValue, writer, Expression.Call(value, value.Type.GetMethod(nameof(Nullable<int>.GetValueOrDefault), Type.EmptyTypes)!)),
                Expression.Call(writer, WriteNullValue),
                typeof(void));
        }

        return Expression.Call(WriteAny, writer, Expression.Convert(value, typeof(object)));
    }

    private static MethodInfo? Typed(Type type) => TypedWrites.GetValueOrDefault(type);

    private static readonly Dictionary<Type, MethodInfo> TypedWrites = typeof(TypedRows)
        .GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
        .Where(m => m.Name == nameof(Write))
        .ToDictionary(m => m.GetParameters()[1].ParameterType);

    // The cases of RowBlock.WriteValue, typed: the same writer methods, so the same bytes.
    private static void Write(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static void Write(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);

    private static void Write(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);

    private static void Write(Utf8JsonWriter writer, short value) => writer.WriteNumberValue(value);

    private static void Write(Utf8JsonWriter writer, byte value) => writer.WriteNumberValue(value);

    private static void Write(Utf8JsonWriter writer, uint value) => writer.WriteNumberValue(value);

    private static void Write(Utf8JsonWriter writer, ulong value) => writer.WriteNumberValue(value);

    private static void Write(Utf8JsonWriter writer, decimal value) => writer.WriteNumberValue(value);

    private static void Write(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);

    private static void Write(Utf8JsonWriter writer, DateTime value) => writer.WriteStringValue(value);

    private static void Write(Utf8JsonWriter writer, DateTimeOffset value) => writer.WriteStringValue(value);

    private static void Write(Utf8JsonWriter writer, Guid value) => writer.WriteStringValue(value);
}
