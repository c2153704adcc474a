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

        await Section(output, "1. The processing register (Art. 30), generated from the code", async () =>
            await output.WriteAsync(services.GetRequiredService<IProcessingRegister>().Render(RegisterFormat.Markdown)));

        var anna = new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Anna);
        await Section(output, "2. Anna's export (Art. 15 access, Art. 20 portability)", async () =>
            await output.WriteLineAsync(await ExportAsync(services, anna, cancellationToken)));

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
            await output.WriteAsync(plan.ToMarkdown()));

        await Section(output, "5. The erasure runs: one transaction, set-based statements, an audit record without personal values", async () =>
        {
            var result = await services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan, cancellationToken);
            await output.WriteLineAsync($"Status {result.Status}: {result.RowsDeleted} rows deleted, {result.RowsAnonymised} rows anonymised, {result.Statements} SQL statements.");
            await output.WriteLineAsync($"Recipients to tell (Art. 19): {string.Join(", ", plan.Recipients.Select(r => r.Id))}.");
        });

        await Section(output, "6. What remains of Anna, and why: a fresh export", async () =>
        {
            await output.WriteLineAsync("Only what the plan retained is left: the invoice still under Bokföringslagen, minimised.");
            await output.WriteLineAsync(await ExportAsync(services, anna, cancellationToken));
        });

        await Section(output, "7. Björn asks to be erased but has an unpaid invoice: refused, with the reason (Art. 12(4))", async () =>
        {
            var refused = await planner.PlanAsync(new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Bjorn), "demo-request-2", cancellationToken);
            await output.WriteAsync(refused.ToMarkdown());
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
