using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Salon;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>
/// The documents people read, for a salon declared the way the README's quick start declares a policy
/// (tests/Ncs.Privacy.Testing/Documents/SalonModel.cs): purposes without a name, a controller reached by telephone only,
/// an enum, DateOnly values, contact details owned two levels deep, a note with right-to-left text, an emoji and a NUL.
/// </summary>
public sealed partial class SalonDocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_enum_value_reads_as_its_name_on_the_export_page_and_in_its_table()
    {
        var (database, services) = await StartAsync();
        await using var _ = database;
        await using var __ = services;

        // The client chose "Curly" in the booking form; the page told her "Hair type: 2", which means nothing to her
        // (Art. 12(1): intelligible). The table for spreadsheets said the same.
        foreach (var language in new[] { "en", "sv" })
        {
            var files = await ArchiveAsync(services, SalonModel.Client, language);
            Assert.Contains("<th scope=\"row\">Hair type</th><td>Curly</td>", files["export.html"], StringComparison.Ordinal);
            var table = files["csv/SalonClient.csv"].Split("\r\n");
            var column = Array.IndexOf(table[0].Split(','), "Hair type");
            Assert.Equal("Curly", table[1].Split(',')[column]);
        }
    }

    [Fact]
    public async Task A_purpose_declared_without_a_name_is_not_shown_to_the_customer_by_its_code_identifier()
    {
        var (database, services) = await StartAsync();
        await using var _ = database;
        await using var __ = services;

        // The README's quick start declares [Purpose(basis, description)] without Name; the customer's page then said
        // why in code ("appointment-booking: contract (Art. 6(1)(b))", "<dt>sms-reminders</dt>").
        foreach (var language in new[] { "en", "sv" })
        {
            var html = (await ArchiveAsync(services, SalonModel.Client, language))["export.html"];
            var visible = TagRegex().Replace(html, " ");
            Assert.DoesNotContain("appointment-booking", visible, StringComparison.Ordinal);
            Assert.DoesNotContain("sms-reminders", visible, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en", "Write to +46")]
    [InlineData("sv", "Skriv till +46")]
    public async Task The_rights_say_how_to_reach_a_controller_declared_with_a_telephone_number_only(string language, string wrong)
    {
        var (database, services) = await StartAsync();
        await using var _ = database;
        await using var __ = services;

        // The salon gives a telephone number and no e-mail address: the access right told the customer to "write to" a
        // telephone number, and the objection right (Art. 21, 12(2)) said nothing about how to object.
        var html = (await ArchiveAsync(services, SalonModel.Client, language))["export.html"];
        Assert.DoesNotContain(wrong, html, StringComparison.Ordinal);
        var objection = Regex.Match(html, @"<dt>(Objection|Invändning) \([^<]*</dt>\s*<dd>(?<text>[^<]*)</dd>");
        Assert.True(objection.Success);
        Assert.Contains("+46 8 123 45 67", objection.Groups["text"].Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("sv")]
    public async Task No_cell_of_the_register_table_starts_like_a_spreadsheet_formula(string language)
    {
        var (database, services) = await StartAsync();
        await using var _ = database;
        await using var __ = services;

        // The DPO opens register.csv in a spreadsheet; the controller's contact "+46 8 123 45 67" (a telephone number,
        // no e-mail) is read as a formula there. The export's CSV tables quote such cells; the register's did not.
        var csv = services.GetRequiredService<IProcessingRegister>().Render(RegisterFormat.Csv, CultureInfo.GetCultureInfo(language));
        var cells = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .SelectMany(row => row.Split(','))
            .Select(cell => cell.Trim('"'))
            .ToList();
        Assert.Contains(cells, c => c.Contains("+46 8 123 45 67", StringComparison.Ordinal));
        Assert.All(cells, c => Assert.DoesNotMatch(@"^[=+\-@]", c));
    }

    [Fact]
    public async Task The_export_page_and_tables_carry_no_NUL_or_other_control_character_a_value_holds()
    {
        var (database, services) = await StartAsync();
        await using var _ = database;
        await using var __ = services;

        // A note typed on a phone held right-to-left text, an emoji and a NUL: the page copied the NUL into its HTML
        // (a parse error: browsers drop it, so the page silently shows "curlsend") and into the CSV table (where a
        // spreadsheet may cut the cell at it). The JSON escapes it (\u0000) and keeps the value exact.
        var files = await ArchiveAsync(services, SalonModel.Client, "en");
        foreach (var name in new[] { "export.html", "csv/SalonAppointment.csv" })
        {
            Assert.DoesNotMatch(@"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]", files[name]);
            Assert.Contains("مرحبا 💇‍♀️ curls", files[name], StringComparison.Ordinal);
        }

        Assert.Contains("curls\\u0000end", files["export.json"], StringComparison.Ordinal);
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagRegex();

    private static async Task<(TestDatabase Database, ServiceProvider Services)> StartAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var services = SalonModel.Services(database, new FixedTime(Now));
        await SalonModel.SeedAsync(services);
        return (database, services);
    }

    private static async Task<Dictionary<string, string>> ArchiveAsync(IServiceProvider services, int client, string language)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            using var zip = new MemoryStream();
            await services.GetRequiredService<IDataSubjectExportArchive>().WriteAsync(new DataSubjectReference(SalonPolicy.Subjects.Client, client), zip);
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
