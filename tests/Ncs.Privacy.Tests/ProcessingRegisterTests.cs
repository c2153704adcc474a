using System.Text;
using System.Text.Json;
using Ncs.Privacy.Tests.Model;

namespace Ncs.Privacy.Tests;

public class ProcessingRegisterTests
{
    private static ProcessingRegister Register() => new(PrivacyPolicy.Load(ShopModel.Options()));

    /// <summary>Set NCS_PRIVACY_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change; review their diff.</summary>
    [Theory]
    [InlineData(RegisterFormat.Json, "register.json", "en")]
    [InlineData(RegisterFormat.Markdown, "register.md", "en")]
    [InlineData(RegisterFormat.Csv, "register.csv", "en")]
    [InlineData(RegisterFormat.Json, "register.sv.json", "sv")]
    [InlineData(RegisterFormat.Markdown, "register.sv.md", "sv")]
    [InlineData(RegisterFormat.Csv, "register.sv.csv", "sv")]
    public void Renders_exactly_the_golden_file(RegisterFormat format, string file, string language)
    {
        var actual = Register().Render(format, System.Globalization.CultureInfo.GetCultureInfo(language));
        var source = Path.Combine(SourceDirectory(), "Golden", file);
        if (Environment.GetEnvironmentVariable("NCS_PRIVACY_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, actual, new UTF8Encoding(false));
        }

        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", file), Encoding.UTF8);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(RegisterFormat.Json)]
    [InlineData(RegisterFormat.Markdown)]
    [InlineData(RegisterFormat.Csv)]
    public async Task The_same_code_gives_byte_identical_output(RegisterFormat format)
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        await Register().WriteAsync(first, format);
        await Register().WriteAsync(second, format);
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.NotEqual(0xEF, first.ToArray()[0]); // no byte-order mark
    }

    [Fact]
    public void Fills_every_Art30_field()
    {
        var d = Register().Document;
        // (a) controller and DPO
        Assert.Equal("Test Shop AB", d.Controller.Name);
        Assert.NotNull(d.Controller.Email);
        Assert.NotNull(d.DataProtectionOfficer?.Email);
        // (b) purposes
        Assert.Equal(["bookkeeping", "customer-service", "marketing", "safe-samples"], d.ProcessingActivities.Select(a => a.Purpose));
        Assert.All(d.ProcessingActivities, a => Assert.False(string.IsNullOrWhiteSpace(a.Description)));
        // (c) categories of subjects and of personal data
        Assert.All(d.ProcessingActivities, a => Assert.NotEmpty(a.DataSubjectCategories));
        Assert.All(d.ProcessingActivities, a => Assert.NotEmpty(a.PersonalData));
        Assert.Equal(3, d.DataCategories.Count);
        // (d) recipients
        Assert.Equal(["mailer", "payment-agent", "tax-agency"], d.Recipients.Select(r => r.Id));
        // (e) third-country transfers with safeguards
        var transfer = Assert.Single(d.ThirdCountryTransfers);
        Assert.Equal(("mailer", "US", "Art. 46(2)(c)"), (transfer.Recipient, transfer.Country, transfer.Article));
        // (f) time limits
        Assert.Equal(["account", "bookkeeping", "support"], d.TimeLimitsForErasure.Select(t => t.Retention));
        Assert.All(d.ProcessingActivities, a => Assert.NotEmpty(a.TimeLimitsForErasure));
        // (g) security measures
        Assert.Equal(2, d.SecurityMeasures.Count);
    }

    [Fact]
    public void Lists_per_activity_legal_basis_condition_sources_and_recipients_to_notify()
    {
        var d = Register().Document;
        var bookkeeping = d.ProcessingActivities.Single(a => a.Purpose == "bookkeeping");
        Assert.Equal("Art. 6(1)(c)", bookkeeping.LegalBasis.Article);
        Assert.Equal("Bokföringslagen (1999:1078)", bookkeeping.LegalBasis.Detail);
        Assert.Equal(["Card payment agent"], bookkeeping.Sources);
        Assert.Equal(["tax-agency"], bookkeeping.Recipients);

        var samples = d.ProcessingActivities.Single(a => a.Purpose == "safe-samples");
        Assert.Equal("Art. 9(2)(a)", samples.SpecialCategoryCondition);
        Assert.True(Assert.Single(samples.PersonalData).SpecialCategory);

        var marketing = d.ProcessingActivities.Single(a => a.Purpose == "marketing");
        Assert.True(marketing.DirectMarketing);
        Assert.True(marketing.SubjectMayObject);
        Assert.Equal(["Customer.Email", "ExternalNewsletterSubscription.Address"],
            marketing.PersonalData.SelectMany(c => c.Fields).Select(f => $"{f.Entity}.{f.Member}"));
    }

    [Fact]
    public void Json_uses_camel_case_and_enum_names()
    {
        using var json = JsonDocument.Parse(Register().Render(RegisterFormat.Json));
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
        var activity = root.GetProperty("processingActivities")[0];
        Assert.Equal("legalObligation", activity.GetProperty("legalBasis").GetProperty("basis").GetString());
        Assert.Equal("retained", activity.GetProperty("personalData")[0].GetProperty("fields")[0].GetProperty("erasure").GetString());
    }

    [Fact]
    public void Csv_has_one_row_per_purpose_and_field_with_quoted_cells()
    {
        var lines = Register().Render(RegisterFormat.Csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var fields = Register().Document.ProcessingActivities.Sum(a => a.PersonalData.Sum(c => c.Fields.Count));
        Assert.Equal(fields + 1, lines.Length);
        Assert.StartsWith("controller,controller_registration_number,controller_address,controller_contact,dpo,policy_version,content_hash,purpose,", lines[0], StringComparison.Ordinal);
        Assert.Contains("Test Shop AB,556000-0000,\"Box 1, 111 11 Stockholm\",privacy@shop.test; +46 8 000 00 00,", lines[1], StringComparison.Ordinal);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
