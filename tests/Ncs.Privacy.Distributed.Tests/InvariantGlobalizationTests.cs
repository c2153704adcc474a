using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>
/// Services ship in container images built with <c>InvariantGlobalization=true</c>, where only the invariant culture
/// exists (<c>PredefinedCulturesOnly</c>, the default there, makes <c>CultureInfo.GetCultureInfo("en")</c> throw). This
/// suite runs in that mode (see the project file), so every test in it, the three Wolverine services included, proves
/// the packages work there; this test renders every document the packages make.
/// </summary>
public sealed class InvariantGlobalizationTests
{
    [Fact]
    public async Task Register_export_archive_and_erasure_plan_render_in_english_under_invariant_globalization_with_predefined_cultures_only()
    {
        Assert.Throws<CultureNotFoundException>(() => CultureInfo.GetCultureInfo("sv-SE")); // the mode this suite runs in

        await using var shop = await LocalShop.CreateAsync(DatabaseProvider.Sqlite);
        await shop.StartAsync();

        var register = shop.Services.GetRequiredService<IProcessingRegister>();
        Assert.Equal("en", register.Document.Language);
        Assert.Contains("\"language\": \"en\"", register.Render(RegisterFormat.Json), StringComparison.Ordinal);
        Assert.Contains("Keep accounting records.", register.Render(RegisterFormat.Markdown), StringComparison.Ordinal);
        Assert.Contains("bookkeeping", register.Render(RegisterFormat.Csv, CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var json = await SubjectReferenceTests.ExportAsync(shop.Services, DistributedSeed.Alice);
        Assert.Equal("en", JsonDocument.Parse(json).RootElement.GetProperty("language").GetString());

        using var archive = new MemoryStream();
        await shop.Services.GetRequiredService<IDataSubjectExportArchive>().WriteAsync(new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice), archive);
        archive.Position = 0;
        using (var zip = new ZipArchive(archive, ZipArchiveMode.Read))
        {
            using var reader = new StreamReader(zip.GetEntry("export.html")!.Open(), Encoding.UTF8);
            var html = await reader.ReadToEndAsync();
            Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
            Assert.Contains("Happy birthday Alice", html, StringComparison.Ordinal);
        }

        var plan = await shop.Services.GetRequiredService<IErasureCoordinator>().PlanAsync(new DataSubjectReference(DistributedPolicy.Subjects.Customer, DistributedSeed.Alice), "DSR-17-I1");
        Assert.Contains("OrderingContext", plan.ToMarkdown(), StringComparison.Ordinal);
    }
}
