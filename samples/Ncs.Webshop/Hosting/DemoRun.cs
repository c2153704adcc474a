using System.Globalization;
using System.Text.Json;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Webshop.Model;
using Ncs.Webshop.Policy;

namespace Ncs.Webshop.Hosting;

/// <summary>The README's main job: seed, then show the register, an export, an objection, an erasure plan, the erasure and what remains.</summary>
internal static class DemoRun
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        // What the host would check at start-up: the policy, and that every mapped property is classified.
        var policy = services.GetRequiredService<PrivacyPolicy>();
        await WebshopApp.EnsureDatabaseAsync(services, cancellationToken);

        // NCS's customers and DPO read Swedish: the demo renders Swedish, as the HTTP API does by default (?culture=en for English).
        var swedish = CultureInfo.GetCultureInfo("sv");
        CultureInfo.CurrentUICulture = swedish;
        await Section(output, "1. Registret över behandlingar (art. 30), genererat från koden", async () =>
            await output.WriteAsync(services.GetRequiredService<IProcessingRegister>().Render(RegisterFormat.Markdown, swedish)));

        var anna = new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Anna);
        await Section(output, "2. Anna's export (Art. 15 access, Art. 20 portability): a summary; the files hold all of it", async () =>
            await SummariseExportAsync(services, anna, "anna-before-erasure", output, cancellationToken));

        await Section(output, "3. Cecilia objects to marketing (Art. 21); the mailing list leaves her out", async () =>
        {
            var registry = services.GetRequiredService<IObjectionRegistry>();
            await registry.ObjectAsync(new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Cecilia), NcsPolicy.Purposes.Marketing, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WebshopContext>();
            var mailingList = await db.Customers.WhereNotObjectedTo(db, NcsPolicy.Purposes.Marketing).OrderBy(c => c.Id).Select(c => c.Name).ToListAsync(cancellationToken);
            await output.WriteLineAsync($"Marketing mailing list: {string.Join(", ", mailingList)}");
        });

        var planner = services.GetRequiredService<IErasurePlanner>();
        var plan = await planner.PlanAsync(anna, "demo-request-1", cancellationToken);
        await Section(output, "4. Anna asks to be erased (Art. 17): the plan, reviewed before anything runs", async () =>
            await output.WriteAsync(plan.ToMarkdown(policy, swedish)));

        await Section(output, "5. The erasure runs: one transaction, set-based statements, an audit record without personal values", async () =>
        {
            var result = await services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan, cancellationToken);
            await output.WriteLineAsync($"Status {result.Status}: {result.RowsDeleted} rows deleted, {result.RowsAnonymised} rows anonymised, {result.Statements} SQL statements.");
            await output.WriteLineAsync($"Recipients to tell (Art. 19): {string.Join(", ", plan.Recipients.Select(r => r.Id))}.");
        });

        await Section(output, "6. What remains of Anna, and why: a fresh export", async () =>
        {
            await output.WriteLineAsync("Only what the plan retained is left: the invoice still under Bokföringslagen, minimised.");
            await SummariseExportAsync(services, anna, "anna-after-erasure", output, cancellationToken);
        });

        await Section(output, "7. Björn asks to be erased but has an unpaid invoice: refused, with the reason (Art. 12(4))", async () =>
        {
            var refused = await planner.PlanAsync(new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Bjorn), "demo-request-2", cancellationToken);
            await output.WriteAsync(refused.ToMarkdown(policy, swedish));
        });

        await Section(output, "8. Requests by e-mail (Art. 12): recorded by an operator, verified, answered before their due date", () =>
            DemoRequests.RunAsync(services, output, cancellationToken));

        await Section(output, $"The policy '{policy.Name}' declares {policy.Purposes.Count} purposes and {policy.RetentionRules.Count} retention rules; the model has {policy.Types.Count} classified types.", () => Task.CompletedTask);
        return 0;
    }

    internal static async Task<string> ExportAsync(IServiceProvider services, DataSubjectReference subject, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await services.GetRequiredService<IDataSubjectExporter>().ExportAsync(subject, buffer, cancellationToken);
        using var json = JsonDocument.Parse(buffer.ToArray());
        return JsonSerializer.Serialize(json.RootElement, Indented);
    }

    /// <summary>
    /// Writes the export's archive (JSON, HTML, CSV) and its JSON to files, and prints what each block holds, why and for
    /// how long, instead of the whole JSON.
    /// </summary>
    private static async Task SummariseExportAsync(IServiceProvider services, DataSubjectReference subject, string name, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ncs-webshop-demo");
        Directory.CreateDirectory(folder);
        var jsonPath = Path.Combine(folder, name + ".json");
        var archivePath = Path.Combine(folder, name + ".zip");
        await using (var file = File.Create(jsonPath))
        {
            await services.GetRequiredService<IDataSubjectExporter>().ExportAsync(subject, file, cancellationToken);
        }

        await using (var file = File.Create(archivePath))
        {
            await services.GetRequiredService<IDataSubjectExportArchive>().WriteAsync(subject, file, cancellationToken);
        }

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(jsonPath, cancellationToken));
        var root = json.RootElement;
        var purposes = root.GetProperty("purposes").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("name").GetString()!);
        var retention = root.GetProperty("retention").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("timeLimit").GetString()!);
        foreach (var block in root.GetProperty("data").EnumerateArray())
        {
            var fields = Fields(block).ToList();
            var uses = fields.SelectMany(f => f.Value.GetProperty("uses").EnumerateArray()).ToList();
            await output.WriteLineAsync($"- {block.GetProperty("group").GetString()} / {block.GetProperty("name").GetString()}: {block.GetProperty("rows").GetArrayLength()} rad(er); "
                + $"fält: {string.Join(", ", fields.Select(f => f.Value.GetProperty("name").GetString()))}");
            var anonymised = fields.Where(f => f.Value.TryGetProperty("anonymised", out _)).Select(f => f.Value.GetProperty("name").GetString()).ToList();
            if (anonymised.Count > 0)
            {
                await output.WriteLineAsync($"    anonymiserade, används inte längre: {string.Join(", ", anonymised)}");
            }

            await output.WriteLineAsync($"    varför: {string.Join("; ", uses.Select(u => purposes[u.GetProperty("purpose").GetString()!]).Distinct())}");
            await output.WriteLineAsync($"    hur länge: {string.Join("; ", uses.Select(u => retention[u.GetProperty("retention").GetString()!]).Distinct())}");
        }

        await output.WriteLineAsync($"{new FileInfo(jsonPath).Length} bytes JSON ({root.GetProperty("format").GetString()}): {jsonPath}");
        await output.WriteLineAsync($"Archive for the customer (export.json, export.html, csv/*.csv): {archivePath}");
    }

    /// <summary>A block's fields and its owned parts' fields.</summary>
    private static IEnumerable<JsonProperty> Fields(JsonElement description)
    {
        foreach (var field in description.GetProperty("fields").EnumerateObject())
        {
            yield return field;
        }

        if (description.TryGetProperty("owned", out var owned))
        {
            foreach (var part in owned.EnumerateObject().SelectMany(p => Fields(p.Value)))
            {
                yield return part;
            }
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task Section(TextWriter output, string title, Func<Task> body)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync(new string('=', title.Length));
        await output.WriteLineAsync(title);
        await output.WriteLineAsync(new string('=', title.Length));
        await output.WriteLineAsync();
        await body();
    }
}
