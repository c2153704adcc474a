using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ncs.Privacy;

/// <summary>The register as JSON: camelCase names, enums as camelCase strings, two-space indentation, LF line endings.</summary>
internal static class RegisterJson
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // The register is a file for people and diffs, never embedded in HTML: keep "+46", "ö" and "&" readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Render(ProcessingRegisterDocument document) => JsonSerializer.Serialize(document, Options) + "\n";
}
