using System.Text.Json.Nodes;
using Ncs.Privacy.Testing;
using Xunit.Abstractions;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests;

/// <summary>The JSON a plan writes is the format docs/schemas/erasure-plan.schema.json describes.</summary>
public class PlanSchemaTests(ITestOutputHelper output)
{
    private static readonly string SchemaPath = Path.Combine(RepositoryRoot.Path, "docs", "schemas", "erasure-plan.schema.json");

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Every_outcome_of_a_plan_matches_the_schema(DatabaseProvider provider)
    {
        await using var harness = await Harness.CreateAsync(provider, p => p.AddErasureGuard<UnpaidDebtGuard>());
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(SchemaPath))!;
        var plans = new[]
        {
            await harness.Planner.PlanAsync(new DataSubjectReference("customer", Harness.Alice), "REQ-40"),
            await harness.Planner.PlanAsync(new DataSubjectReference("customer", Harness.Bob), "REQ-41"),
            await harness.Planner.PlanAsync(new DataSubjectReference("customer", 404), "REQ-42"),
            await harness.Planner.PlanAsync(new DataSubjectReference("employee", Harness.Eve), "REQ-43"),
        };
        Assert.Equal([ErasureOutcome.Erase, ErasureOutcome.Refused, ErasureOutcome.SubjectNotFound, ErasureOutcome.Erase], plans.Select(p => p.Outcome));

        foreach (var plan in plans)
        {
            var errors = new List<string>();
            MiniSchema.Validate(schema, JsonNode.Parse(plan.ToJson()), "$", errors);
            Assert.Empty(errors);
        }

        output.WriteLine(plans[0].ToJson());
        output.WriteLine(plans[0].ToMarkdown());
    }

    [Fact]
    public void The_validator_catches_what_the_schema_forbids()
    {
        var schema = JsonNode.Parse(File.ReadAllText(SchemaPath))!;
        var broken = JsonNode.Parse("""{"format":"ncs-privacy-erasure-plan/1","planId":"x","requestId":"","outcome":"maybe","steps":[{"order":0}],"extra":1}""");
        var errors = new List<string>();
        MiniSchema.Validate(schema, broken, "$", errors);
        Assert.Contains(errors, e => e.Contains("$.outcome", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("$.extra", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("$.steps[0].order", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("$.requestId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("subjectId", StringComparison.Ordinal));
    }
}

/// <summary>The part of JSON Schema the plan schema uses: type, const, enum, required, properties, additionalProperties, items, minimum, minLength, maxLength.</summary>
internal static class MiniSchema
{
    public static void Validate(JsonNode schema, JsonNode? value, string path, List<string> errors)
    {
        if (schema["const"] is { } constant && !JsonNode.DeepEquals(constant, value))
        {
            errors.Add($"{path}: expected {constant.ToJsonString()}");
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add($"{path}: {value?.ToJsonString()} is not one of {options.ToJsonString()}");
        }

        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToArray(),
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };
        var actual = value switch
        {
            null => "null",
            JsonObject => "object",
            JsonArray => "array",
            JsonValue v when v.TryGetValue<string>(out _) => "string",
            JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
            JsonValue v when v.TryGetValue<long>(out _) => "integer",
            _ => "number",
        };
        if (types.Length > 0 && !types.Contains(actual) && !(actual == "integer" && types.Contains("number")))
        {
            errors.Add($"{path}: is {actual}, expected {string.Join("|", types)}");
            return;
        }

        if (schema["minimum"] is { } minimum && actual == "integer" && value!.GetValue<long>() < minimum.GetValue<long>())
        {
            errors.Add($"{path}: below {minimum}");
        }

        if (actual == "string")
        {
            var text = value!.GetValue<string>();
            if (schema["minLength"] is { } minLength && text.Length < minLength.GetValue<int>())
            {
                errors.Add($"{path}: shorter than {minLength}");
            }

            if (schema["maxLength"] is { } maxLength && text.Length > maxLength.GetValue<int>())
            {
                errors.Add($"{path}: longer than {maxLength}");
            }
        }

        if (value is JsonObject obj)
        {
            foreach (var required in schema["required"]?.AsArray() ?? [])
            {
                if (!obj.ContainsKey(required!.GetValue<string>()))
                {
                    errors.Add($"{path}: missing {required}");
                }
            }

            var properties = schema["properties"]?.AsObject();
            foreach (var (name, child) in obj)
            {
                if (properties?[name] is { } childSchema)
                {
                    Validate(childSchema, child, $"{path}.{name}", errors);
                }
                else if (schema["additionalProperties"] is JsonValue additional && !additional.GetValue<bool>())
                {
                    errors.Add($"{path}.{name}: not allowed");
                }
            }
        }

        if (value is JsonArray array && schema["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(items, array[i], $"{path}[{i}]", errors);
            }
        }
    }
}
