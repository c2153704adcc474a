using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Ncs.Privacy;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Webshop.Hosting;
using Ncs.Webshop.Policy;
using Xunit.Abstractions;

namespace Ncs.Webshop.Tests;

/// <summary>
/// The documents people read, for NCS: the register in Swedish and English, and a customer's export (JSON, HTML, CSV)
/// checked against golden files and in a real headless browser. Set NCS_PRIVACY_UPDATE_GOLDEN=1 to rewrite the golden
/// files after an intended change, and review their diff.
/// </summary>
public sealed partial class CustomerDocumentsTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(RegisterFormat.Json, "sv")]
    [InlineData(RegisterFormat.Markdown, "sv")]
    [InlineData(RegisterFormat.Csv, "sv")]
    [InlineData(RegisterFormat.Json, "en")]
    [InlineData(RegisterFormat.Markdown, "en")]
    [InlineData(RegisterFormat.Csv, "en")]
    public async Task The_NCS_register_renders_exactly_the_golden_file(RegisterFormat format, string language)
    {
        var (database, app) = await StartAsync();
        await using var _ = database;
        await using var __ = app;
        var text = app.Services.GetRequiredService<IProcessingRegister>().Render(format, CultureInfo.GetCultureInfo(language));
        Golden($"ncs-register.{language}.{format switch { RegisterFormat.Json => "json", RegisterFormat.Markdown => "md", _ => "csv" }}", text);
    }

    [Fact]
    public void Every_text_of_the_NCS_policy_has_its_Swedish_translation()
    {
        var policy = PrivacyPolicy.Load(NcsPolicyOptions());
        var register = new ProcessingRegister(policy);
        var english = register.DocumentIn(CultureInfo.GetCultureInfo("en"));
        var texts = new List<string> { english.Policy };
        texts.AddRange(english.ProcessingActivities.SelectMany(a => new[] { a.Name, a.Description, a.LegalBasis.Detail, a.Assumption }.OfType<string>()));
        texts.AddRange(english.ProcessingActivities.SelectMany(a => a.PersonalData.SelectMany(c => c.Fields)).SelectMany(f => new[] { f.FieldName, f.Source }.OfType<string>()));
        texts.AddRange(english.DataCategories.Select(c => c.Description));
        texts.AddRange(english.DataSubjectCategories.Select(c => c.Description));
        texts.AddRange(english.Recipients.SelectMany(r => new[] { r.Description, r.Assumption }.OfType<string>()));
        texts.AddRange(english.TimeLimitsForErasure.SelectMany(t => new[] { t.Description, t.Assumption }.OfType<string>()));
        texts.AddRange(english.SecurityMeasures.SelectMany(m => new[] { m.Description, m.Assumption }.OfType<string>()));
        texts.AddRange(english.NonPersonalData.SelectMany(e => e.Members.SelectMany(m => new[] { m.Name, m.Reason }).Append(e.Name)));
        texts.AddRange(english.Notes);
        texts.AddRange(policy.Assumptions);
        texts.Add(policy.Controller.Assumption!);

        var localizer = new ResourceManagerStringLocalizerFactory(Microsoft.Extensions.Options.Options.Create(new LocalizationOptions()), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
            .Create(typeof(NcsPolicy));
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("sv");
        try
        {
            var missing = texts.Distinct().Where(t => localizer[t].ResourceNotFound).ToList();
            Assert.True(missing.Count == 0, "Not translated in Policy/NcsPolicy.sv.resx:\n" + string.Join("\n", missing));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task Annas_export_before_and_after_erasure_renders_the_golden_files_and_lists_only_the_purposes_that_still_apply()
    {
        var (database, app) = await StartAsync();
        await using var _ = database;
        await using var __ = app;
        var anna = new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Anna);

        var before = await ArchiveAsync(app.Services, anna, "sv");
        Golden("ncs-export.sv.json", Indent(before["export.json"]));
        Golden("ncs-export.sv.html", before["export.html"]);
        Golden("ncs-export.en.html", (await ArchiveAsync(app.Services, anna, "en"))["export.html"]);
        Assert.DoesNotContain('\n', before["export.json"]); // compact: the HTML is the document for people
        Assert.Equal(["csv/Customer.csv", "csv/CustomerServiceMessage.csv", "csv/IdentityUserClaim.csv", "csv/IdentityUserLogin.csv", "csv/Invoice.csv", "csv/Order.csv", "csv/OrderLine.csv", "export.html", "export.json"], before.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("Id,Belopp,Fakturanamn,Betald,Betalningsreferens,Skickad till e-postadress\r\n", before["csv/Invoice.csv"], StringComparison.Ordinal);

        var fieldsBefore = PaymentReferenceUses(before["export.json"]);
        Assert.Equal(["bookkeeping", "fraud-prevention"], fieldsBefore);

        var plan = await app.Services.GetRequiredService<IErasurePlanner>().PlanAsync(anna, "golden-erasure");
        Assert.Equal(ErasureStatus.Applied, (await app.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);

        var after = await ArchiveAsync(app.Services, anna, "sv");
        Golden("ncs-export-after-erasure.sv.json", Indent(WithoutRandomTokens(after["export.json"])));
        // Kept for bookkeeping, so no longer processed for fraud prevention; the e-mail address it was sent to was anonymised.
        Assert.Equal(["bookkeeping"], PaymentReferenceUses(after["export.json"]));
        using var json = JsonDocument.Parse(after["export.json"]);
        var invoice = json.RootElement.GetProperty("data").EnumerateArray().Single(b => b.GetProperty("entity").GetString() == "Invoice");
        Assert.True(invoice.GetProperty("fields").GetProperty("SentToEmail").GetProperty("anonymised").GetBoolean());
        Assert.Empty(invoice.GetProperty("fields").GetProperty("SentToEmail").GetProperty("uses").EnumerateArray());
        Assert.Contains("Anonymiserat efter din begäran om radering", after["export.html"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_erasure_an_anonymised_value_does_not_read_as_a_fact_about_the_customer()
    {
        var (database, app) = await StartAsync();
        await using var _ = database;
        await using var __ = app;
        var anna = new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Anna);
        var plan = await app.Services.GetRequiredService<IErasurePlanner>().PlanAsync(anna, "anonymised-facts");
        Assert.Equal(ErasureStatus.Applied, (await app.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);

        // Anna's customer row is kept (her invoice refers to it) with every field anonymised. Her page then told her
        // "Namn: erased-6210359863...", "E-postadress bekräftad: nej", "Antal misslyckade inloggningar: 0": placeholders
        // shown as data NCS holds about her, next to a "why" that says they are no longer about her. A value the erasure
        // anonymised reads as anonymised on the page and in its table, not as the placeholder.
        var after = await ArchiveAsync(app.Services, anna, "sv");
        var html = after["export.html"];
        Assert.DoesNotMatch(@"<th scope=""row"">Namn</th><td>erased-", html);
        Assert.DoesNotContain("<th scope=\"row\">E-postadress bekräftad</th><td>nej</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"row\">Antal misslyckade inloggningar</th><td>0</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("erased-", after["csv/Customer.csv"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_page_has_no_script_and_no_remote_resource_and_renders_in_a_headless_browser()
    {
        var (database, app) = await StartAsync();
        await using var _ = database;
        await using var __ = app;
        var html = (await ArchiveAsync(app.Services, new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Anna), "sv"))["export.html"];

        Assert.DoesNotMatch(Script(), html);
        Assert.DoesNotMatch(RemoteReference(), html);
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"sv\">", html, StringComparison.Ordinal);
        foreach (var group in new[] { "Ditt konto", "Beställningar", "Fakturor", "Meddelanden", "Dina rättigheter", "Integritetsskyddsmyndigheten (IMY)", "info@ncscolour.com" })
        {
            Assert.Contains(group, html, StringComparison.Ordinal);
        }

        var chromium = Chromium();
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var page = Path.Combine(folder, "ncs-export.sv.html");
        var shot = Path.Combine(folder, "ncs-export.sv.png");
        await File.WriteAllTextAsync(page, html, new UTF8Encoding(false));
        File.Delete(shot);
        var (exit, log) = await RunAsync(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,3000",
            $"--screenshot={shot}", new Uri(page).AbsoluteUri);
        var dom = await RunAsync(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", new Uri(page).AbsoluteUri);
        output.WriteLine($"Screenshot of the export page: {shot}");
        Assert.True(exit == 0 && File.Exists(shot), $"chromium exited with {exit}:\n{log}");
        var png = await File.ReadAllBytesAsync(shot);
        Assert.True(png.Length > 20_000 && png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "the screenshot is not a rendered PNG");
        // The browser parsed the page as written: its DOM holds the rights section and no element it had to invent a script for.
        Assert.Contains("id=\"rights\"", dom.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(Script(), dom.Output);
    }

    [Fact]
    public async Task The_plan_and_the_refusal_read_in_Swedish_with_fields_named_for_people_and_the_authority_named()
    {
        var (database, app) = await StartAsync();
        await using var _ = database;
        await using var __ = app;
        var policy = app.Services.GetRequiredService<PrivacyPolicy>();
        var planner = app.Services.GetRequiredService<IErasurePlanner>();
        var swedish = CultureInfo.GetCultureInfo("sv");

        var plan = (await planner.PlanAsync(new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Anna), "plan-text")).ToMarkdown(policy, swedish);
        Assert.Contains("# Raderingsplan ", plan, StringComparison.Ordinal);
        Assert.Contains("Leveransadress › Ort: raderas", plan, StringComparison.Ordinal);
        Assert.Contains("Räkenskapsinformation: Bokföringslagen (1999:1078) 7 kap. 2 §, till ", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("ShippingAddress.City", plan, StringComparison.Ordinal);
        Assert.Contains("(personuppgiftsbiträde, ej angiven)", plan, StringComparison.Ordinal);

        var refusal = (await planner.PlanAsync(new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Bjorn), "refusal-text")).ToMarkdown(policy, swedish);
        Assert.Contains("## Avslag (art. 12.4)", refusal, StringComparison.Ordinal);
        Assert.Contains("Du har en obetald faktura", refusal, StringComparison.Ordinal);
        Assert.Contains("Vår tillsynsmyndighet är Integritetsskyddsmyndigheten (IMY)", refusal, StringComparison.Ordinal);
        var english = (await planner.PlanAsync(new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Bjorn), "refusal-text-en")).ToMarkdown(policy, CultureInfo.GetCultureInfo("en"));
        Assert.Contains("Our supervisory authority is Integritetsskyddsmyndigheten (IMY)", english, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_archive_endpoint_serves_the_signed_in_customer_only_in_their_language(DatabaseProvider db)
    {
        var (database, app) = await WebshopHosts.StartAsync(db);
        await using var _ = database;
        await using var __ = app;
        using var anna = await WebshopHosts.SignedInAsync(app, "customer:1");

        var swedish = await anna.GetAsync("/privacy/me/export/archive");
        Assert.Equal(HttpStatusCode.OK, swedish.StatusCode);
        Assert.Equal("application/zip", swedish.Content.Headers.ContentType?.MediaType);
        var files = Read(await swedish.Content.ReadAsByteArrayAsync());
        Assert.Contains("Dina uppgifter hos NCS Colour AB", files["export.html"], StringComparison.Ordinal);
        Assert.Contains("anna.andersson@example.se", files["csv/Customer.csv"], StringComparison.Ordinal);

        var english = Read(await anna.GetByteArrayAsync("/privacy/me/export/archive?culture=en"));
        Assert.Contains("Your data at NCS Colour AB", english["export.html"], StringComparison.Ordinal);
        Assert.Contains("\"language\":\"en\"", english["export.json"], StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync("/privacy/subjects/customer/2/export/archive")).StatusCode);
        using var anonymous = app.GetTestClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/privacy/me/export/archive")).StatusCode);
        using var operatorClient = await WebshopHosts.SignedInAsync(app, "operator");
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/privacy/subjects/customer/999/export/archive")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorClient.GetAsync("/privacy/subjects/customer/not-a-number/export/archive")).StatusCode);
    }

    [Fact]
    public async Task The_export_page_keeps_a_long_value_on_a_narrow_screen_keeps_line_breaks_and_runs_nothing_a_value_holds()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var services = Ncs.Privacy.Testing.Documents.DocumentModel.Services(database);
        await Ncs.Privacy.Testing.Documents.DocumentModel.SeedAsync(services);
        var html = (await ArchiveAsync(services, new DataSubjectReference(Ncs.Privacy.Testing.Documents.DocumentPolicy.Subjects.Member, Ncs.Privacy.Testing.Documents.DocumentModel.Mallory), "en"))["export.html"];

        var chromium = Chromium();
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var page = Path.Combine(folder, "document-model.en.html");
        await File.WriteAllTextAsync(page, html, new UTF8Encoding(false));
        var shot = Path.Combine(folder, "document-model.en.png");
        File.Delete(shot);
        await RunAsync(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=800,2000", $"--screenshot={shot}", new Uri(page).AbsoluteUri);
        output.WriteLine($"Screenshot of the export page with markup and a long value: {shot}");

        // The values "<script>alert(1)</script>" and "\"><img src=x onerror=alert(2)>" are text in the page the browser built.
        var dom = await RunAsync(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", new Uri(page).AbsoluteUri);
        Assert.DoesNotContain("<script", dom.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", dom.Output, StringComparison.Ordinal);

        // Measured by the browser on a copy of the page with a probe (the page itself forbids scripts): a 5,000-character
        // value must wrap within an 800-pixel window, and a note of two lines must keep its line break.
        var probe = Path.Combine(folder, "document-model.en.probe.html");
        await File.WriteAllTextAsync(probe, html
            .Replace("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">", string.Empty, StringComparison.Ordinal)
            .Replace("</body>", "<script>var c=[...document.querySelectorAll('td')].find(function(t){return t.textContent.indexOf('First line')===0;});"
                + "document.body.setAttribute('data-probe',document.documentElement.scrollWidth+','+window.innerWidth+','+(c?c.getClientRects().length+':'+c.offsetHeight+':'+getComputedStyle(c).whiteSpace:'none'));</script></body>", StringComparison.Ordinal),
            new UTF8Encoding(false));
        var measured = await RunAsync(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=800,2000", "--dump-dom", new Uri(probe).AbsoluteUri);
        var values = ProbeValue().Match(measured.Output).Groups[1].Value.Split(',');
        output.WriteLine($"page width {values[0]} px in a {values[1]} px window; two-line note cell: {values[2]}");
        Assert.True(int.Parse(values[0], CultureInfo.InvariantCulture) <= int.Parse(values[1], CultureInfo.InvariantCulture),
            $"the page is {values[0]} px wide in a {values[1]} px window: a long value pushes the table off the screen");
        Assert.EndsWith(":pre-wrap", values[2], StringComparison.Ordinal);
    }

    [GeneratedRegex("data-probe=\"([^\"]*)\"")]
    private static partial Regex ProbeValue();

    [Fact]
    public async Task The_Swedish_plan_has_no_English_text()
    {
        var (database, app) = await StartAsync();
        await using var _ = database;
        await using var __ = app;
        var plan = await app.Services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Anna), "plan-note");
        var swedish = plan.ToMarkdown(app.Services.GetRequiredService<PrivacyPolicy>(), CultureInfo.GetCultureInfo("sv"));

        // Anna's customer row and her order stay (anonymised) because the kept invoice refers to them: the step's note says so.
        Assert.Contains(plan.Steps, s => s.Note is not null);
        Assert.DoesNotContain("rows that stay refer to them", swedish, StringComparison.Ordinal);
        Assert.DoesNotContain("the rest deleted", swedish, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_dates_its_planning_in_ISO_8601_UTC()
    {
        var (database, app) = await StartAsync();
        await using var _ = database;
        await using var __ = app;
        var plan = await app.Services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Anna), "plan-date");
        var policy = app.Services.GetRequiredService<PrivacyPolicy>();

        Assert.Contains("- Planerad: 2026-11-25T10:00:00Z\n", plan.ToMarkdown(policy, CultureInfo.GetCultureInfo("sv")), StringComparison.Ordinal);
        Assert.Contains("- Planned at: 2026-11-25T10:00:00Z\n", plan.ToMarkdown(policy, CultureInfo.GetCultureInfo("en")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_names_Identity_records_as_the_register_does()
    {
        var (database, app) = await StartAsync();
        await using var _ = database;
        await using var __ = app;
        var plan = (await app.Services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Anna), "plan-generic"))
            .ToMarkdown(app.Services.GetRequiredService<PrivacyPolicy>(), CultureInfo.GetCultureInfo("en"));

        // The register and the export say "Identity user claim"; the plan said "Identity user claim<int>".
        Assert.DoesNotContain("<int>", plan, StringComparison.Ordinal);
        Assert.Contains("| Identity user claim |", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_field_of_the_running_NCS_register_has_a_data_category()
    {
        var (database, app) = await StartAsync();
        await using var _ = database;
        await using var __ = app;

        // Art. 30(1)(c) asks for the categories of personal data; ASP.NET Core Identity's columns (user name, password
        // hash, lockout, tokens, passkeys) were listed as "(no category declared)".
        var register = app.Services.GetRequiredService<IProcessingRegister>().Document;
        var uncategorised = register.ProcessingActivities.SelectMany(a => a.PersonalData.Where(c => c.Category is null).SelectMany(c => c.Fields.Select(f => $"{a.Purpose}: {f.Entity}.{f.Member}"))).ToList();
        Assert.True(uncategorised.Count == 0, "Fields without a data category:\n" + string.Join("\n", uncategorised));
        Assert.DoesNotContain("(no category declared)", app.Services.GetRequiredService<IProcessingRegister>().Render(RegisterFormat.Markdown, CultureInfo.GetCultureInfo("en")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_running_NCS_register_and_export_name_every_Identity_column_and_reason_in_Swedish()
    {
        var (database, app) = await StartAsync();
        await using var _ = database;
        await using var __ = app;

        // The application registers ASP.NET Core Identity (AddIdentity): its columns and reasons are in the register the
        // DPO files, and in the customer's export, and were in English in the Swedish documents.
        var swedish = app.Services.GetRequiredService<IProcessingRegister>().Render(RegisterFormat.Markdown, CultureInfo.GetCultureInfo("sv"));
        var html = (await ArchiveAsync(app.Services, new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Anna), "sv"))["export.html"];
        foreach (var english in new[] { "Access failed count", "Password hash", "Phone number", "Lockout end", "Security stamp", "User name", "Two factor enabled",
            "Identity user claim", "Identity user login", "Identity user passkey", "Claim value", "Provider key", "Technical key", "A role describes", "Concurrency stamp" })
        {
            Assert.DoesNotContain(english, swedish, StringComparison.Ordinal);
            Assert.DoesNotContain(english, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_plan_endpoint_writes_its_Markdown_in_the_request_language_with_names_for_people()
    {
        var (database, app) = await WebshopHosts.StartAsync(DatabaseProvider.Sqlite);
        await using var _ = database;
        await using var __ = app;
        using var anna = await WebshopHosts.SignedInAsync(app, "customer:1");

        // The webshop's default language is Swedish (UseRequestLocalization); ?culture=en asks for English.
        var swedish = await anna.GetStringAsync("/privacy/me/erasure-plan?format=markdown");
        Assert.StartsWith("# Raderingsplan ", swedish, StringComparison.Ordinal);
        Assert.Contains("Leveransadress › Ort", swedish, StringComparison.Ordinal);
        var english = await anna.GetStringAsync("/privacy/me/erasure-plan?format=markdown&culture=en");
        Assert.StartsWith("# Erasure plan ", english, StringComparison.Ordinal);
        Assert.DoesNotContain("ShippingAddress.City", english, StringComparison.Ordinal);
    }

    private static List<string> PaymentReferenceUses(string json)
    {
        using var document = JsonDocument.Parse(json);
        var invoice = document.RootElement.GetProperty("data").EnumerateArray().Single(b => b.GetProperty("entity").GetString() == "Invoice");
        return invoice.GetProperty("fields").GetProperty("PaymentReference").GetProperty("uses").EnumerateArray().Select(u => u.GetProperty("purpose").GetString()!).ToList();
    }

    private static PrivacyOptions NcsPolicyOptions()
    {
        var options = new PrivacyOptions { PolicyType = typeof(NcsPolicy) };
        options.ModelAssemblies.Add(typeof(NcsPolicy).Assembly);
        return options;
    }

    private static async Task<(TestDatabase Database, WebApplication App)> StartAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var app = WebshopApp.Build([$"--ConnectionStrings:Webshop={database.ConnectionString}", "--Logging:LogLevel:Default=Error", "--Privacy:AuditKey=webshop-tests-audit-key-0123456789abcdef"], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Services.AddSingleton<TimeProvider>(new FixedClock(Now));
        });
        await WebshopApp.EnsureDatabaseAsync(app.Services);
        return (database, app);
    }

    private static async Task<Dictionary<string, string>> ArchiveAsync(IServiceProvider services, DataSubjectReference subject, string language)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            using var zip = new MemoryStream();
            await services.GetRequiredService<IDataSubjectExportArchive>().WriteAsync(subject, zip);
            return Read(zip.ToArray());
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static Dictionary<string, string> Read(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        });
    }

    /// <summary>Anonymised values are fresh random tokens on every run: the golden file holds a placeholder for each.</summary>
    private static string WithoutRandomTokens(string json)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        foreach (var block in root["data"]!.AsArray())
        {
            var anonymised = block!["fields"]!.AsObject().Where(f => f.Value!["anonymised"] is not null).Select(f => f.Key).ToList();
            foreach (var row in block["rows"]!.AsArray())
            {
                foreach (var field in anonymised)
                {
                    if (row!["values"]![field] is System.Text.Json.Nodes.JsonValue value && value.GetValueKind() == JsonValueKind.String
                        && !string.Equals((string?)value, "[erased]", StringComparison.Ordinal))
                    {
                        row["values"]![field] = "(random token)";
                    }
                }
            }
        }

        return root.ToJsonString();
    }

    private static string Indent(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static void Golden(string file, string actual)
    {
        var source = Path.Combine(RepositoryRoot.Path, "tests", "Ncs.Webshop.Tests", "Golden", file);
        if (Environment.GetEnvironmentVariable("NCS_PRIVACY_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, actual, new UTF8Encoding(false));
        }

        Assert.True(File.Exists(source), $"No golden file {source}: run once with NCS_PRIVACY_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(source, Encoding.UTF8), actual);
    }

    private static readonly Lock ChromiumInstall = new();

    /// <summary>
    /// Debian's chromium. A fresh machine of this kind lacks it: where the tests run as root with apt-get (as on CI and a
    /// developer's machine here), it is installed once, as .ci/run does, so that the README's `dotnet test` works on a
    /// fresh clone; elsewhere the test says what is missing.
    /// </summary>
    private static string Chromium()
    {
        lock (ChromiumInstall)
        {
            if (Find() is { } found)
            {
                return found;
            }

            if (File.Exists("/usr/bin/apt-get") && Environment.UserName == "root")
            {
                var install = new ProcessStartInfo("/bin/bash") { UseShellExecute = false };
                install.ArgumentList.Add("-c");
                install.ArgumentList.Add("(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1");
                using var process = Process.Start(install)!;
                process.WaitForExit(TimeSpan.FromMinutes(10));
            }

            return Find() ?? throw new InvalidOperationException("This test renders the export in a real headless browser and needs Debian's chromium: "
                + "apt-get install -y chromium (.ci/run installs it), or set NCS_PRIVACY_CHROMIUM to a Chromium executable.");
        }

        static string? Find() => new[] { Environment.GetEnvironmentVariable("NCS_PRIVACY_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(candidate => candidate is not null && File.Exists(candidate));
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A private profile and no first-run work, so that the browser touches nothing outside the test's folder.
        start.ArgumentList.Add($"--user-data-dir={Path.Combine(Path.GetTempPath(), "ncs-privacy-chromium-" + Guid.NewGuid().ToString("N"))}");
        start.ArgumentList.Add("--no-first-run");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex("<script|javascript:|\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex Script();

    [GeneratedRegex("(?:src|href|action|poster|data)\\s*=\\s*\"(?!#)|url\\(|@import|<link|<iframe|<object|<embed|<img", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
