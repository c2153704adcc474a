using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>The export's exact shape, and its agreement with docs/schemas/export.schema.json.</summary>
public sealed class ExportFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_export_has_the_documented_shape_and_exact_content(DatabaseProvider provider)
    {
        await using var database = await Shop.CreateSeededAsync(provider);
        await using var services = Shop.Services(database, before: s => s.AddSingleton<TimeProvider>(new FixedTime(Now)));

        var frank = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Employee, "8");
        var json = JsonNode.Parse(frank.Json)!.AsObject();

        Assert.Equal(
            ["format", "language", "generatedAt", "policy", "policyVersion", "subject", "controller", "purposes", "dataCategories", "recipients", "retention", "rights", "data", "sections"],
            json.Select(p => p.Key));
        Assert.Equal("ncs-privacy-export/2", (string?)json["format"]);
        Assert.Equal("en", (string?)json["language"]);
        Assert.Equal("2026-11-25T10:00:00+00:00", (string?)json["generatedAt"]);
        AssertJson("""{"category":"employee","description":"People who work for the shop.","id":"8"}""", json["subject"]);
        AssertJson(
            """
            {"name":"Test Shop AB","email":"privacy@shop.example","address":"Box 1, 111 11 Stockholm","phone":null,
             "registrationNumber":"556000-0000","representative":null,
             "dataProtectionOfficer":{"name":"DPO","email":"dpo@shop.example","phone":null},"supervisoryAuthority":null}
            """,
            json["controller"]);
        AssertJson(
            """
            [{"id":"account","name":"Account","description":"Run the customer's account and deliver orders.","legalBasis":"Contract","article":"Art. 6(1)(b)","basis":"contract",
              "specialCategoryCondition":null,"legitimateInterest":null,"law":null,"directMarketing":false,"mayObject":false,"recipients":[]},
             {"id":"customer-service","name":"Customer service","description":"Answer questions and complaints.","legalBasis":"Contract","article":"Art. 6(1)(b)","basis":"contract",
              "specialCategoryCondition":null,"legitimateInterest":null,"law":null,"directMarketing":false,"mayObject":false,"recipients":["helpdesk"]}]
            """,
            json["purposes"]);
        AssertJson(
            """
            [{"id":"communication","description":"What customers write to customer service.","specialCategory":false},
             {"id":"contact","description":"Name, e-mail, address, telephone.","specialCategory":false}]
            """,
            json["dataCategories"]);
        AssertJson(
            """
            [{"id":"helpdesk","kind":"Processor","description":"Help-desk software vendor.","country":"US","location":"US (outside the EEA)","locationDeclared":true,"thirdCountryTransfer":true,
              "safeguard":"StandardContractualClauses","safeguardArticle":"Art. 46(2)(c)","safeguardReference":null}]
            """,
            json["recipients"]);
        Assert.Equal(["account", "service"], json["retention"]!.AsArray().Select(r => (string?)r!["id"]));
        Assert.Equal("P2Y", (string?)json["retention"]![1]!["period"]);
        Assert.Equal(
            ["access", "rectification", "erasure", "restriction", "portability", "objection", "withdrawConsent", "complaint"],
            json["rights"]!.AsArray().Select(r => (string?)r!["right"]));
        Assert.Equal("Art. 77", (string?)json["rights"]![7]!["article"]);
        Assert.Contains("privacy@shop.example", (string?)json["rights"]![0]!["description"], StringComparison.Ordinal);
        AssertJson("""["account","customer-service"]""", json["rights"]![4]!["purposes"]);
        AssertJson("[]", json["rights"]![5]!["purposes"]);

        AssertJson(
            """
            [{"context":"ShopContext","entity":"Employee","name":"Employee","group":"Your account","about":null,"shared":false,"paths":["(the subject's own row)"],
              "fields":{"Name":{"name":"Name","uses":[{"purpose":"account","retention":"account","category":"contact"}]}},
              "rows":[{"key":{"Id":8},"values":{"Name":"Frank Agent"}}]},
             {"context":"ShopContext","entity":"SupportTicket","name":"Support ticket","group":"Support ticket","about":"Agent","shared":false,"paths":["SupportTicket.Agent"],
              "fields":{"AgentNotes":{"name":"Agent notes","uses":[{"purpose":"customer-service","retention":"service","category":"communication"}]}},
              "rows":[{"key":{"Id":51},"values":{"AgentNotes":"frank-notes"}}]}]
            """,
            json["data"]);
        AssertJson("[]", json["sections"]);
        Assert.Equal(new DataSubjectExportSummary(2, 2, []), frank.Summary with { Sections = [] });
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Every_export_conforms_to_the_published_schema(DatabaseProvider provider)
    {
        await using var database = await Shop.CreateSeededAsync(provider);
        await using var services = Shop.Services(database);
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(SchemaPath()))!;

        foreach (var (category, id) in new[] { ("customer", Shop.Alice), ("customer", Shop.Bob), ("customer", Shop.Carol), ("employee", Shop.Eve) })
        {
            var export = await ExportResult.RunAsync(services, category, id);
            var errors = new List<string>();
            MiniSchema.Validate(schema, schema, JsonNode.Parse(export.Json), "$", errors);
            Assert.Empty(errors);
        }

        // The validator is not vacuous: an extra property and a missing one are both caught.
        var broken = JsonNode.Parse((await ExportResult.RunAsync(services, "customer", Shop.Alice)).Json)!.AsObject();
        broken.Remove("rights");
        broken["surprise"] = 1;
        var found = new List<string>();
        MiniSchema.Validate(schema, schema, broken, "$", found);
        Assert.Equal(["$: missing 'rights'", "$: unexpected 'surprise'"], found.Order());
    }

    private static void AssertJson(string expected, JsonNode? actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {JsonNode.Parse(expected)!.ToJsonString()}{Environment.NewLine}actual   {actual?.ToJsonString()}");

    private static string SchemaPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "schemas", "export.schema.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/schemas/export.schema.json not found above the test's output folder.");
    }

}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>The subset of JSON Schema 2020-12 the export schema uses: type, const, enum, required, additionalProperties (false or a schema), properties, items, $ref.</summary>
internal static class MiniSchema
{
    public static void Validate(JsonNode root, JsonNode schema, JsonNode? value, string path, List<string> errors)
    {
        if (schema["$ref"] is { } reference)
        {
            var name = ((string)reference!)["#/$defs/".Length..];
            Validate(root, root["$defs"]![name]!, value, path, errors);
            return;
        }

        if (schema["const"] is { } constant && !JsonNode.DeepEquals(constant, value))
        {
            errors.Add($"{path}: expected {constant.ToJsonString()}");
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add($"{path}: {value?.ToJsonString()} is not one of {options.ToJsonString()}");
        }

        if (schema["type"] is { } type)
        {
            var allowed = type is JsonArray array ? array.Select(t => (string)t!).ToArray() : [(string)type!];
            var actual = value switch
            {
                null => "null",
                JsonObject => "object",
                JsonArray => "array",
                JsonValue v when v.GetValueKind() == JsonValueKind.String => "string",
                JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "boolean",
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString().Contains('.', StringComparison.Ordinal) ? "number" : "integer",
                _ => "unknown",
            };
            if (!allowed.Contains(actual) && !(actual == "integer" && allowed.Contains("number")))
            {
                errors.Add($"{path}: {actual} where {string.Join("|", allowed)} is expected");
                return;
            }
        }

        if (value is JsonObject obj)
        {
            var properties = schema["properties"]?.AsObject();
            foreach (var required in schema["required"]?.AsArray() ?? [])
            {
                if (!obj.ContainsKey((string)required!))
                {
                    errors.Add($"{path}: missing '{(string)required!}'");
                }
            }

            foreach (var (name, child) in obj)
            {
                if (properties?[name] is { } childSchema)
                {
                    Validate(root, childSchema, child, $"{path}.{name}", errors);
                }
                else if (schema["additionalProperties"] is JsonValue additional && !(bool)additional)
                {
                    errors.Add($"{path}: unexpected '{name}'");
                }
                else if (schema["additionalProperties"] is JsonObject valueSchema)
                {
                    Validate(root, valueSchema, child, $"{path}.{name}", errors); // a map: every value follows one schema
                }
            }
        }

        if (value is JsonArray items && schema["items"] is { } itemSchema)
        {
            for (var i = 0; i < items.Count; i++)
            {
                Validate(root, itemSchema, items[i], $"{path}[{i}]", errors);
            }
        }
    }
}
