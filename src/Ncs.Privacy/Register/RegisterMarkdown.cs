using System.Globalization;
using System.Text;

namespace Ncs.Privacy;

/// <summary>The register as Markdown, laid out in the order of Art. 30(1) for the data-protection officer.</summary>
internal static class RegisterMarkdown
{
    public static string Render(ProcessingRegisterDocument d)
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');

        Line($"# Record of processing activities: {Escape(d.Policy)}");
        Line();
        Line("Art. 30(1) GDPR. Generated from the application's code by Ncs.Privacy; change the code, not this file.");
        Line();
        Line("## (a) Controller and data-protection officer");
        Line();
        Line("| | |");
        Line("|---|---|");
        Line($"| Controller | {Escape(d.Controller.Name)} |");
        Cell("Registration number", d.Controller.RegistrationNumber);
        Cell("E-mail", d.Controller.Email);
        Cell("Address", d.Controller.Address);
        Cell("Telephone", d.Controller.Phone);
        Cell("Representative (Art. 27)", d.Controller.Representative);
        if (d.DataProtectionOfficer is { } dpo)
        {
            Line($"| Data-protection officer | {Escape(string.Join(", ", new[] { dpo.Name, dpo.Email, dpo.Phone }.OfType<string>()))} |");
        }
        else
        {
            Line("| Data-protection officer | none designated |");
        }

        Line();
        Line("## (b)–(f) Processing activities");
        foreach (var a in d.ProcessingActivities)
        {
            Line();
            Line($"### {Escape(a.Name)} (`{a.Purpose}`)");
            Line();
            Line($"- **Purpose (b):** {Escape(a.Description)}");
            Line($"- **Legal basis:** {a.LegalBasis.Article} {Humanise(a.LegalBasis.Basis.ToString())}{(a.LegalBasis.Detail is { } detail ? " – " + Escape(detail) : string.Empty)}");
            if (a.SpecialCategoryCondition is { } condition)
            {
                Line($"- **Special categories:** {condition}");
            }

            Line($"- **Right to object (Art. 21):** {(a.DirectMarketing ? "yes, unconditionally (direct marketing)" : a.SubjectMayObject ? "yes" : a.LegalBasis.Basis == LegalBasis.Consent ? "consent may be withdrawn (Art. 7(3))" : "no")}");
            Line($"- **Data subjects (c):** {List(a.DataSubjectCategories)}");
            Line($"- **Recipients (d), to be notified of erasure (Art. 19):** {List(a.Recipients)}");
            Line($"- **Third-country transfers (e):** {List(a.ThirdCountryTransfers)}");
            Line($"- **Time limits for erasure (f):** {List(a.TimeLimitsForErasure)}");
            Line($"- **Sources other than the data subject:** {List(a.Sources)}");
            Line();
            if (a.PersonalData.Count == 0)
            {
                Line("No field of the model is annotated with this purpose.");
                continue;
            }

            Line("| Data category (c) | Field | Retention (f) | On erasure | Source |");
            Line("|---|---|---|---|---|");
            foreach (var category in a.PersonalData)
            {
                foreach (var f in category.Fields)
                {
                    var name = category.Category is null ? "(no category declared)" : $"`{category.Category}`{(category.SpecialCategory ? " (special)" : string.Empty)}";
                    Line($"| {name} | `{f.Entity}.{f.Member}` | `{f.Retention}` | {(f.Erasure == ErasureAction.Default ? "delete or anonymise (planner decides)" : Humanise(f.Erasure.ToString()))} | {Escape(f.Source ?? "data subject")} |");
                }
            }
        }

        Line();
        Line("## (c) Categories");
        Line();
        Line("| Data subjects | Description |");
        Line("|---|---|");
        foreach (var s in d.DataSubjectCategories)
        {
            Line($"| `{s.Id}` | {Escape(s.Description)} |");
        }

        Line();
        Line("| Personal data | Special (Art. 9) | Description |");
        Line("|---|---|---|");
        foreach (var c in d.DataCategories)
        {
            Line($"| `{c.Id}` | {(c.IsSpecialCategory ? "yes" : "no")} | {Escape(c.Description)} |");
        }

        Line();
        Line("## (d) Recipients");
        Line();
        Line("| Recipient | Kind | Description | Country | Purposes |");
        Line("|---|---|---|---|---|");
        foreach (var r in d.Recipients)
        {
            Line($"| `{r.Id}` | {Humanise(r.Kind.ToString())} | {Escape(r.Description)} | {r.Country ?? "EEA"} | {List(r.Purposes)} |");
        }

        Line();
        Line("## (e) Transfers to third countries");
        Line();
        if (d.ThirdCountryTransfers.Count == 0)
        {
            Line("None: every recipient processes the data within the EEA.");
        }
        else
        {
            Line("| Recipient | Country | Safeguard | Documents |");
            Line("|---|---|---|---|");
            foreach (var t in d.ThirdCountryTransfers)
            {
                Line($"| `{t.Recipient}` | {t.Country} | {t.Article} {Humanise(t.Safeguard.ToString())} | {Escape(t.Reference ?? "–")} |");
            }
        }

        Line();
        Line("## (f) Time limits for erasure");
        Line();
        Line("| Rule | Kept | Period | Description |");
        Line("|---|---|---|---|");
        foreach (var t in d.TimeLimitsForErasure)
        {
            Line($"| `{t.Retention}` | {Escape(t.TimeLimit)} | {t.Period ?? "–"} | {Escape(t.Description)} |");
        }

        Line();
        Line("## (g) Technical and organisational security measures");
        Line();
        if (d.SecurityMeasures.Count == 0)
        {
            Line("None declared.");
        }

        foreach (var m in d.SecurityMeasures)
        {
            Line($"- {Escape(m)}");
        }

        return sb.ToString();

        void Cell(string label, string? value)
        {
            if (value is not null)
            {
                Line($"| {label} | {Escape(value)} |");
            }
        }
    }

    private static string List(IReadOnlyList<string> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids.Select(i => $"`{i}`"));

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>"LegitimateInterests" becomes "legitimate interests".</summary>
    private static string Humanise(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                sb.Append(' ');
            }

            sb.Append(char.ToLower(pascal[i], CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
