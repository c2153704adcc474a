using System.Text.Json;

namespace Ncs.Privacy.Tests;

/// <summary>
/// Checks the rendered register against docs/schemas/processing-register.schema.json with the keywords the schema
/// uses (type, const, enum, properties, required, additionalProperties, items, $ref), so the documented schema
/// cannot drift from the output.
/// </summary>
public class RegisterSchemaTests
{
    [Fact]
    public void The_register_conforms_to_the_documented_schema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "processing-register.schema.json")));
        var register = new ProcessingRegister(PrivacyPolicy.Load(Model.ShopModel.Options())).Render(RegisterFormat.Json);
        using var json = JsonDocument.Parse(register);
        var errors = new List<string>();
        Validate(json.RootElement, schema.RootElement, schema.RootElement, "$", errors);
        Assert.Empty(errors);
    }

    [Fact]
    public void The_checker_reports_drift()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "processing-register.schema.json")));
        using var json = JsonDocument.Parse("""{"schemaVersion": 1, "policy": 1, "extra": true}""");
        var errors = new List<string>();
        Validate(json.RootElement, schema.RootElement, schema.RootElement, "$", errors);
        Assert.Contains(errors, e => e.Contains("$.schemaVersion", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("$.policy", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'extra'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'controller'", StringComparison.Ordinal));
    }

    private static void Validate(JsonElement value, JsonElement schema, JsonElement root, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = root;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part);
            }

            Validate(value, target, root, path, errors);
            return;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
            if (!allowed.Any(t => Is(value, t)))
            {
                errors.Add($"{path}: {value.ValueKind} is not {string.Join("|", allowed)}");
                return;
            }
        }

        if (schema.TryGetProperty("const", out var constant) && value.GetRawText() != constant.GetRawText())
        {
            errors.Add($"{path}: {value.GetRawText()} is not {constant.GetRawText()}");
        }

        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => o.GetRawText() == value.GetRawText()))
        {
            errors.Add($"{path}: {value.GetRawText()} is not one of {options.GetRawText()}");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            schema.TryGetProperty("properties", out var properties);
            foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray() : default)
            {
                if (!value.TryGetProperty(required.GetString()!, out _))
                {
                    errors.Add($"{path}: required property '{required.GetString()}' is missing");
                }
            }

            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Validate(property.Value, propertySchema, root, $"{path}.{property.Name}", errors);
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{path}: property '{property.Name}' is not in the schema");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Validate(item, items, root, $"{path}[{i++}]", errors);
            }
        }
    }

    private static bool Is(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new InvalidOperationException($"The checker does not know schema type '{type}'."),
    };
}
