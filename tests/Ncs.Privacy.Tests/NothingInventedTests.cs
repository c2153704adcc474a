using System.Globalization;
using System.Text.RegularExpressions;
using Ncs.Privacy.Tests.Model;

namespace Ncs.Privacy.Tests;

/// <summary>
/// The register claims no location, DPO statement or time limit that the policy does not declare, in any format or
/// language: each claim found in the rendered text is checked against the declarations.
/// </summary>
public partial class NothingInventedTests
{
    public static TheoryData<string, RegisterFormat, string> Renderings()
    {
        var data = new TheoryData<string, RegisterFormat, string>();
        foreach (var policy in new[] { "shop", "sparse" })
        {
            foreach (var format in Enum.GetValues<RegisterFormat>())
            {
                foreach (var language in new[] { "en", "sv" })
                {
                    data.Add(policy, format, language);
                }
            }
        }

        return data;
    }

    private static PrivacyPolicy Load(string policy) => PrivacyPolicy.Load(policy == "shop" ? ShopModel.Options() : SparseModel.Options());

    [Theory]
    [MemberData(nameof(Renderings))]
    public void No_line_claims_what_the_policy_does_not_declare(string name, RegisterFormat format, string language)
    {
        var policy = Load(name);
        var text = new ProcessingRegister(policy).Render(format, CultureInfo.GetCultureInfo(language));
        var problems = Check(policy, text);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_checker_finds_an_invented_location_DPO_and_time_limit()
    {
        var policy = Load("sparse");
        var invented = string.Join("\n",
            "| `newsletter` | processor | Newsletter service | EEA | `newsletter` |",
            "None: every recipient processes the data within the EEA.",
            "| Data-protection officer | none designated |",
            "| `while-member` | 2 years from the record's date | P2Y | While the membership lasts |");
        var problems = Check(policy, invented);
        Assert.Contains(problems, p => p.Contains("EEA", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("none designated", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("2 years", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("P2Y", StringComparison.Ordinal));
    }

    [Fact]
    public void Undeclared_facts_read_not_declared_in_every_format()
    {
        var register = new ProcessingRegister(Load("sparse"));
        var d = register.Document;
        Assert.Equal("notDeclared", d.DataProtectionOfficer.Status);
        Assert.All(d.Recipients, r => Assert.False(r.LocationDeclared));
        Assert.All(d.Recipients, r => Assert.Equal("not declared", r.Location));
        Assert.Equal(["card-issuer", "newsletter"], d.RecipientsWithoutDeclaredLocation);
        Assert.Null(d.Version.Policy);
        Assert.StartsWith("sha256:", d.Version.ContentHash, StringComparison.Ordinal);

        var markdown = register.Render(RegisterFormat.Markdown, CultureInfo.GetCultureInfo("en"));
        Assert.Contains("| Data-protection officer | *not declared by the policy* |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Postal address | *not declared* |", markdown, StringComparison.Ordinal);
        Assert.Contains("None declared. The location of `card-issuer`, `newsletter` is not declared", markdown, StringComparison.Ordinal);
        var swedish = register.Render(RegisterFormat.Markdown, CultureInfo.GetCultureInfo("sv"));
        Assert.Contains("| Dataskyddsombud | *ej angivet i policyn* |", swedish, StringComparison.Ordinal);
        Assert.Contains("| Postadress | *ej angivet* |", swedish, StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_are_named_with_their_owner_and_private_fields_read_as_words()
    {
        var field = new ProcessingRegister(Load("sparse")).Document.ProcessingActivities.Single(a => a.Purpose == "membership")
            .PersonalData.SelectMany(c => c.Fields).Single(f => f.Member == "_cardNumber");
        Assert.Equal(("Club member › Card", "Card number", "deleted"), (field.EntityName, field.FieldName, field.Erasure));
        Assert.Equal("deleted with its Club member", field.OnErasure);
    }

    [Fact]
    public void Non_personal_data_is_listed_with_the_reasons()
    {
        var entity = Assert.Single(new ProcessingRegister(Load("sparse")).Document.NonPersonalData);
        Assert.Equal(("PageCount", "Page count", "Daily page counts, aggregated over all visitors"), (entity.Entity, entity.Name, entity.Description));
        Assert.Equal(["Id: Surrogate key", "Views: Aggregated over all visitors"], entity.Members.Select(m => $"{m.Member}: {m.Reason}"));
    }

    [Fact]
    public void Requiring_recipient_locations_fails_start_up_naming_each_recipient_and_the_fix()
    {
        var options = SparseModel.Options();
        options.RequireRecipientLocations = true;
        var e = Assert.Throws<PrivacyPolicyException>(() => PrivacyPolicy.Load(options));
        Assert.Contains("recipient 'newsletter' has no declared location: set Country (ISO 3166-1 alpha-2) or WithinEea = true", e.Message, StringComparison.Ordinal);
        Assert.Contains("recipient 'card-issuer'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "none")]
    [InlineData("sv", "inga")]
    public void An_activity_whose_recipient_has_no_declared_location_claims_no_absence_of_transfers(string language, string none)
    {
        // Both purposes of the sparse club disclose to a recipient whose location is not declared: whether their data
        // leaves the EEA is unknown, so neither activity may say "(e) none" (the register's own (e) section says so).
        var register = new ProcessingRegister(Load("sparse"));
        var markdown = register.Render(RegisterFormat.Markdown, CultureInfo.GetCultureInfo(language));
        var lines = markdown.Split('\n').Where(l => l.StartsWith("- **", StringComparison.Ordinal) && l.Contains("(e):**", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.DoesNotMatch($@"\(e\):\*\* {none}$", l));
        Assert.Contains(lines, l => l.Contains("`card-issuer`", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("`newsletter`", StringComparison.Ordinal));

        // The CSV row of each field names the undeclared recipient in its transfer column rather than leaving it empty.
        var csv = register.Render(RegisterFormat.Csv, CultureInfo.GetCultureInfo(language)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(',');
        var transfers = Array.IndexOf(header, "third_country_transfers");
        Assert.All(csv.Skip(1), row => Assert.NotEqual(string.Empty, SplitCsv(row)[transfers]));
    }

    [Theory]
    [InlineData("fr-FR", "en")]
    [InlineData("de", "en")]
    [InlineData("sv-SE", "sv")]
    [InlineData("sv-FI", "sv")]
    public void A_language_without_resources_reads_English_and_the_register_says_English(string requested, string written)
    {
        // The register's "language" states the language its texts are in; a culture without resources falls back to
        // English and must not be claimed (a French label on English texts).
        var register = new ProcessingRegister(Load("sparse"));
        var culture = CultureInfo.GetCultureInfo(requested);
        Assert.Equal(written, register.DocumentIn(culture).Language);
        Assert.Contains($"\"language\": \"{written}\"", register.Render(RegisterFormat.Json, culture), StringComparison.Ordinal);
        Assert.Equal(register.Render(RegisterFormat.Markdown, CultureInfo.GetCultureInfo(written)), register.Render(RegisterFormat.Markdown, culture));
    }

    [Fact]
    public void The_Swedish_register_cites_articles_as_Swedish_law_does()
    {
        // Swedish legal text cites "art. 6.1 b" (as the register's own Swedish headings do: "art. 21", "art. 12.4"); the
        // legal bases and safeguards were cited the English way, "Art. 6(1)(b)", in the middle of Swedish sentences.
        var register = new ProcessingRegister(Load("shop"));
        var swedish = register.Render(RegisterFormat.Markdown, CultureInfo.GetCultureInfo("sv"));
        Assert.DoesNotMatch(@"Art\. \d+\(", swedish);
        Assert.Contains("art. 6.1 b avtal", swedish, StringComparison.Ordinal);
        Assert.Contains("art. 46.2 c", swedish, StringComparison.Ordinal);
        var english = register.Render(RegisterFormat.Markdown, CultureInfo.GetCultureInfo("en"));
        Assert.Contains("Art. 6(1)(b) contract", english, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Swedish_register_cites_articles_as_Swedish_law_does_in_an_app_without_culture_data()
    {
        // The NCS sample runs with InvariantGlobalization (so do many container images): CultureInfo.GetCultureInfo("sv")
        // there has the name "sv" but the invariant culture's data, TwoLetterISOLanguageName "iv". The demo's Swedish
        // register then read "Rättslig grund: Art. 6(1)(c) rättslig förpliktelse" (its golden file, rendered with ICU,
        // reads "art. 6.1 c"). The culture below has the data invariant mode gives "sv" (a name no other test caches).
        var register = new ProcessingRegister(Load("shop"));
        var swedish = register.Render(RegisterFormat.Markdown, new CultureWithoutData("sv-AX", new CultureWithoutData("sv", null)));
        Assert.Contains("Rättslig grund", swedish, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"Art\. \d+\(", swedish);
        Assert.Contains("art. 6.1 b avtal", swedish, StringComparison.Ordinal);
    }

    /// <summary>A named culture as .NET's invariant globalization mode creates it: the name, and the invariant culture's data.</summary>
    private sealed class CultureWithoutData(string name, CultureInfo? parent) : CultureInfo(name)
    {
        public override string TwoLetterISOLanguageName => "iv";

        public override string ThreeLetterISOLanguageName => "ivl";

        public override CultureInfo Parent => parent ?? InvariantCulture;
    }

    private static List<string> SplitCsv(string row)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < row.Length; i++)
        {
            var c = row[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < row.Length && row[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    /// <summary>Every location, DPO statement and time limit the text claims, checked against the declarations.</summary>
    internal static List<string> Check(PrivacyPolicy policy, string text)
    {
        var problems = new List<string>();
        var allDeclared = policy.Recipients.Values.All(r => r.LocationDeclared);
        var anyWithinEea = policy.Recipients.Values.Any(r => r.WithinEea || (r.Country is { } c && EuropeanEconomicArea.Contains(c)));
        var periods = policy.RetentionRules.Values.Where(r => r.Period is not null).Select(r => r.Period!.Value).ToList();
        var periodWords = periods.SelectMany(p => new[] { "en", "sv" }.Select(l => ProcessingRegister.Period(p, new DocumentTexts(null, null, CultureInfo.GetCultureInfo(l))))).ToHashSet(StringComparer.Ordinal);
        var isoPeriods = periods.Select(p => p.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (EeaClaim().IsMatch(line) && !(anyWithinEea || (allDeclared && policy.Recipients.Count > 0)))
            {
                problems.Add($"claims a location in the EEA that no recipient declares: {line}");
            }

            if (policy.NoDataProtectionOfficerReason is null && NoneDesignated().IsMatch(line))
            {
                problems.Add($"claims that no DPO is designated, which the policy does not say: {line}");
            }

            foreach (Match m in PeriodWords().Matches(line))
            {
                if (!periodWords.Any(w => w.Contains(m.Value, StringComparison.Ordinal)))
                {
                    problems.Add($"claims a time limit '{m.Value}' no rule declares: {line}");
                }
            }

            foreach (Match m in IsoPeriod().Matches(line))
            {
                if (!isoPeriods.Contains(m.Value))
                {
                    problems.Add($"claims a period {m.Value} no rule declares: {line}");
                }
            }
        }

        return problems;
    }

    [GeneratedRegex(@"\bEEA\b|\bEES\b", RegexOptions.CultureInvariant)]
    private static partial Regex EeaClaim();

    [GeneratedRegex(@"none designated|inget utsett", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NoneDesignated();

    [GeneratedRegex(@"\b\d+ (?:years?|months?|days?|hours?|år|månad(?:er)?|dag(?:ar)?|timm(?:e|ar))\b", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodWords();

    [GeneratedRegex(@"\bP(?:\d+[YMWD])+(?:T\d+[HMS])?\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPeriod();
}
