using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Documents;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>
/// The documents people read, for a club its developers declared sparsely (tests/Ncs.Privacy.Testing/Documents): the
/// export, its HTML page and the erasure plan say nothing the policy does not declare, name things as the annotations do,
/// escape what the values and texts contain and say which language they are in.
/// </summary>
public sealed class DocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_recipient_whose_location_is_not_declared_is_not_said_to_receive_no_third_country_transfer()
    {
        var (database, services) = await StartAsync();
        await using var _ = database;
        await using var __ = services;

        var files = await ArchiveAsync(services, DocumentModel.Mallory, "en");
        using var json = JsonDocument.Parse(files["export.json"]);
        var recipients = json.RootElement.GetProperty("recipients").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, StringComparer.Ordinal);
        Assert.False(recipients["mailer"].GetProperty("locationDeclared").GetBoolean());
        // Unknown, not "false": nobody declared where the mailer processes the data.
        Assert.Equal(JsonValueKind.Null, recipients["mailer"].GetProperty("thirdCountryTransfer").ValueKind);
        Assert.True(recipients["us-host"].GetProperty("thirdCountryTransfer").GetBoolean());
    }

    [Theory]
    [InlineData("fr-FR", "en", "Your data at Club &amp; Co &lt;AB&gt;")]
    [InlineData("de", "en", "Your data at Club &amp; Co &lt;AB&gt;")]
    [InlineData("sv-SE", "sv", "Dina uppgifter hos Club &amp; Co &lt;AB&gt;")]
    public async Task An_export_in_a_language_without_resources_is_in_English_and_says_so(string requested, string written, string title)
    {
        var (database, services) = await StartAsync();
        await using var _ = database;
        await using var __ = services;

        var files = await ArchiveAsync(services, DocumentModel.Mallory, requested);
        using var json = JsonDocument.Parse(files["export.json"]);
        Assert.Equal(written, json.RootElement.GetProperty("language").GetString());
        // The page's lang attribute is what a screen reader pronounces the page in.
        Assert.Contains($"<html lang=\"{written}\">", files["export.html"], StringComparison.Ordinal);
        Assert.Contains(title, files["export.html"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_erasure_plan_names_records_and_fields_as_the_annotations_declare_them()
    {
        var (database, services) = await StartAsync();
        await using var _ = database;
        await using var __ = services;

        var plan = await services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(DocumentPolicy.Subjects.Member, DocumentModel.Mallory), "names");
        var markdown = plan.ToMarkdown(services.GetRequiredService<PrivacyPolicy>(), CultureInfo.GetCultureInfo("en"));
        // The register and the export say "Club member", "Full name", "E-mail address", "Note about the member", "Note".
        var register = services.GetRequiredService<IProcessingRegister>().Document;
        var fields = register.ProcessingActivities.SelectMany(a => a.PersonalData).SelectMany(c => c.Fields).ToList();
        Assert.Contains(fields, f => f.EntityName == "Club member" && f.FieldName == "Full name");
        Assert.Contains("| Club member |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Note about the member |", markdown, StringComparison.Ordinal);
        Assert.Contains("Full name: delete", markdown, StringComparison.Ordinal);
        Assert.Contains("E-mail address: delete", markdown, StringComparison.Ordinal);
        Assert.Contains("Member number: delete", markdown, StringComparison.Ordinal);
        Assert.Contains("Note: delete", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Name: delete", markdown.Replace("Full name: delete", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("Email: delete", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Member note", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_documents_show_the_markup_in_declared_texts_as_text()
    {
        var (database, services) = await StartAsync();
        await using var _ = database;
        await using var __ = services;

        // The controller "Club & Co <AB>" disappears from a rendered Markdown page (an unknown tag), and the recipient's
        // "<script>" runs wherever the register or the plan is previewed with HTML allowed.
        foreach (var language in new[] { "en", "sv" })
        {
            var culture = CultureInfo.GetCultureInfo(language);
            var register = services.GetRequiredService<IProcessingRegister>().Render(RegisterFormat.Markdown, culture);
            var plan = (await services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(DocumentPolicy.Subjects.Member, DocumentModel.Mallory), "markup"))
                .ToMarkdown(services.GetRequiredService<PrivacyPolicy>(), culture);
            foreach (var markdown in new[] { register, plan })
            {
                Assert.DoesNotMatch(@"(?<!\\)<[A-Za-z/]", markdown); // a backslash-escaped "\<" is text in CommonMark
            }

            Assert.Contains(@"Club & Co \<AB\>", register, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_model_scan_scoped_to_namespaces_skips_types_whose_assemblies_are_not_deployed()
    {
        var options = new PrivacyOptions { PolicyType = typeof(DocumentPolicy) };
        options.ModelAssemblies.Add(typeof(DocumentPolicy).Assembly);
        options.ModelNamespaces.Add(typeof(DocumentPolicy).Namespace!);

        // What start-up accepts: the club's three types, whatever else the assembly holds that cannot load here.
        var policy = PrivacyPolicy.Load(options);
        Assert.Contains(policy.Types, t => t.ClrType == typeof(Member));
    }

    private static async Task<(TestDatabase Database, ServiceProvider Services)> StartAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var services = DocumentModel.Services(database, new FixedTime(Now));
        await DocumentModel.SeedAsync(services);
        return (database, services);
    }

    private static async Task<Dictionary<string, string>> ArchiveAsync(IServiceProvider services, int member, string language)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            using var zip = new MemoryStream();
            await services.GetRequiredService<IDataSubjectExportArchive>().WriteAsync(new DataSubjectReference(DocumentPolicy.Subjects.Member, member), zip);
            using var archive = new ZipArchive(new MemoryStream(zip.ToArray()), ZipArchiveMode.Read);
            return archive.Entries.ToDictionary(e => e.FullName, e =>
            {
                using var reader = new StreamReader(e.Open(), Encoding.UTF8);
                return reader.ReadToEnd();
            });
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
