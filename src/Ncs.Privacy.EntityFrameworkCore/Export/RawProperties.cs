using System.Buffers;
using System.Text.Json;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Properties of an export written once and kept as their UTF-8 JSON (issue 18: the header and a block's description are
/// the same for every export of one policy, model and language). Written back with <see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/>,
/// they are the same bytes the writer wrote the first time: the export is compact, so a value's bytes do not depend on
/// where it stands.
/// </summary>
internal sealed class RawProperties
{
    /// <summary>The export writer's options (DataSubjectExporter): compact, relaxed escaping.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly JsonEncodedText[] _names;
    private readonly ReadOnlyMemory<byte>[] _values;

    private RawProperties(JsonEncodedText[] names, ReadOnlyMemory<byte>[] values)
    {
        _names = names;
        _values = values;
    }

    /// <summary>Runs <paramref name="write"/> inside an object of a writer of its own and keeps each property it wrote.</summary>
    public static RawProperties Capture<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer, state);
            writer.WriteEndObject();
        }

        var json = buffer.WrittenMemory.ToArray();
        var names = new List<JsonEncodedText>();
        var values = new List<ReadOnlyMemory<byte>>();
        var reader = new Utf8JsonReader(json);
        reader.Read(); // the object
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            names.Add(JsonEncodedText.Encode(reader.GetString()!, WriterOptions.Encoder));
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip(); // to the end of an object or array; a no-op for a single token
            values.Add(json.AsMemory(start, (int)reader.BytesConsumed - start));
        }

        return new RawProperties([.. names], [.. values]);
    }

    /// <summary>Writes the properties into the object <paramref name="writer"/> is in.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            writer.WritePropertyName(_names[i]);
            writer.WriteRawValue(_values[i].Span, skipInputValidation: true);
        }
    }
}
