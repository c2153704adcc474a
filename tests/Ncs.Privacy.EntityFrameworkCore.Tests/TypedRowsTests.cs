using System.Linq.Expressions;
using System.Text.Json;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>
/// Issue 18, round 4: a streamed export row is a value tuple written by a compiled writer. It must write what the boxed
/// path writes for every kind of value (typed methods, nullable values, values the serializer writes), and reach every
/// element of a tuple longer than seven (nested in its Rest).
/// </summary>
public class TypedRowsTests
{
    public static TheoryData<int> Widths() => [1, 7, 8, 15, 16];

    [Theory]
    [MemberData(nameof(Widths))]
    public void A_typed_row_writes_the_bytes_of_the_boxed_values(int width)
    {
        (object? Value, Type Type)[] kinds =
        [
            (42, typeof(int)), ("text é \"quoted\" <tag>", typeof(string)), (null, typeof(string)), (5, typeof(int?)), (null, typeof(int?)),
            (new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc), typeof(DateTime)), (Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), typeof(Guid)),
            (DayOfWeek.Friday, typeof(DayOfWeek)), (12.50m, typeof(decimal)), (1L, typeof(long)), ((short)2, typeof(short)), ((byte)3, typeof(byte)),
            (true, typeof(bool)), (new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)), typeof(DateTimeOffset)), (1.5, typeof(double)),
            (new DateOnly(2026, 12, 1), typeof(DateOnly)), (DayOfWeek.Monday, typeof(DayOfWeek?)), (7u, typeof(uint)),
        ];
        var items = Enumerable.Range(0, width).Select(i => kinds[i % kinds.Length]).ToArray();
        var keys = Math.Min(2, width - 1);
        var names = Enumerable.Range(0, width).Select(i => JsonEncodedText.Encode("F" + i)).ToArray();

        var tuple = TypedRows.Tuple([.. items.Select(i => Expression.Constant(i.Value, i.Type))]);
        var row = Expression.Lambda<Func<object>>(Expression.Convert(tuple, typeof(object))).Compile()();
        var write = TypedRows.Writer(tuple.Type, names[..keys], names[keys..], owned: 0);

        var typed = Write(writer => write.DynamicInvoke(writer, row, null));
        var boxed = Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("key");
            for (var i = 0; i < width; i++)
            {
                if (i == keys)
                {
                    writer.WriteEndObject();
                    writer.WriteStartObject("values");
                }

                writer.WritePropertyName(names[i]);
                RowBlock.WriteAny(writer, items[i].Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });

        Assert.Equal(boxed, typed);
        Assert.Contains("\"F" + (width - 1) + "\":", typed, StringComparison.Ordinal);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, RawProperties.WriterOptions))
        {
            writer.WriteStartArray();
            write(writer);
            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
