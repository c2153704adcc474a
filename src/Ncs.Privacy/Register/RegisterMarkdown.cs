using System.Text;

namespace Ncs.Privacy;

/// <summary>The register as Markdown, laid out in the order of Art. 30(1) for the data-protection officer, in the document's language.</summary>
internal static class RegisterMarkdown
{
    public static string Render(ProcessingRegisterDocument d, DocumentTexts t)
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        string Nd(string? value) => value is null ? "*" + t["NotDeclared"] + "*" : Escape(value);
        string Assumed(string? assumption) => assumption is null ? string.Empty : $" **{t["Assumption"]}:** {Escape(assumption)}";

        Line($"# {t["Register.Title"]}: {Escape(d.Policy)}");
        Line();
        Line(t["Register.Intro"]);
        Line();
        Line($"- **{t["Register.PolicyVersion"]}:** {Nd(d.Version.Policy)}");
        Line($"- **{t["Register.ContentHash"]}:** `{d.Version.ContentHash}`");
        Line();
        Line($"## (a) {t["Register.A"]}");
        Line();
        Line("| | |");
        Line("|---|---|");
        Line($"| {t["Controller"]} | {Escape(d.Controller.Name)} |");
        Line($"| {t["Controller.RegistrationNumber"]} | {Nd(d.Controller.RegistrationNumber)} |");
        Line($"| {t["Controller.Address"]} | {Nd(d.Controller.Address)} |");
        Line($"| {t["Controller.Email"]} | {Nd(d.Controller.Email)} |");
        Line($"| {t["Controller.Phone"]} | {Nd(d.Controller.Phone)} |");
        if (d.Controller.Representative is { } representative)
        {
            Line($"| {t["Controller.Representative"]} | {Escape(representative)} |");
        }

        var dpo = d.DataProtectionOfficer;
        Line($"| {t["Dpo"]} | {dpo.Status switch
        {
            "designated" => Escape(string.Join(", ", new[] { dpo.Name, dpo.Email, dpo.Phone }.OfType<string>())),
            "noneDesignated" => t["Dpo.NoneDesignated"] + ": " + Escape(dpo.Reason ?? string.Empty),
            _ => "*" + t["Dpo.NotDeclared"] + "*",
        }} |");
        if (d.Controller.Assumption is { } controllerAssumption)
        {
            Line();
            Line($"**{t["Assumption"]}:** {Escape(controllerAssumption)}");
        }

        Line();
        Line($"## (b)–(f) {t["Register.Activities"]}");
        foreach (var a in d.ProcessingActivities)
        {
            Line();
            Line($"### {Escape(a.Name)} (`{a.Purpose}`)");
            Line();
            Line($"- **{t["Activity.Purpose"]} (b):** {Escape(a.Description)}");
            Line($"- **{t["Activity.LegalBasis"]}:** {t.Article(a.LegalBasis.Article)} {a.LegalBasis.Text}{(a.LegalBasis.Detail is { } detail ? " – " + Escape(detail) : string.Empty)}");
            if (a.SpecialCategoryCondition is { } condition)
            {
                Line($"- **{t["Activity.SpecialCategories"]}:** {t.Article(condition)}");
            }

            Line($"- **{t["Activity.Objection"]}:** {a.Objection}");
            Line($"- **{t["Activity.Subjects"]} (c):** {List(a.DataSubjectCategories, t)}");
            Line($"- **{t["Activity.Recipients"]} (d):** {List(a.Recipients, t)}");
            Line($"- **{t["Activity.Transfers"]} (e):** {Transfers(a, d, t, List)}");
            Line($"- **{t["Activity.TimeLimits"]} (f):** {List(a.TimeLimitsForErasure, t)}");
            Line($"- **{t["Activity.Sources"]}:** {(a.Sources.Count == 0 ? t["Source.Subject"] : string.Join(", ", a.Sources.Select(Escape)))}");
            if (a.Assumption is { } assumption)
            {
                Line($"- **{t["Assumption"]}:** {Escape(assumption)}");
            }

            Line();
            if (a.PersonalData.Count == 0)
            {
                Line(t["Activity.NoFields"]);
                continue;
            }

            Line($"| {t["Column.Category"]} (c) | {t["Column.Entity"]} | {t["Column.Field"]} | {t["Column.Retention"]} (f) | {t["Column.OnErasure"]} | {t["Column.Source"]} |");
            Line("|---|---|---|---|---|---|");
            foreach (var category in a.PersonalData)
            {
                foreach (var f in category.Fields)
                {
                    var name = category.Category is null ? t["Category.None"] : $"`{category.Category}`{(category.SpecialCategory ? " (" + t["Category.Special"] + ")" : string.Empty)}";
                    Line($"| {name} | {Escape(f.EntityName)} | {Escape(f.FieldName)} (`{f.Entity}.{f.Member}`) | `{f.Retention}` | {Escape(f.OnErasure)} | {Escape(f.Source ?? t["Source.Subject"])} |");
                }
            }
        }

        Line();
        Line($"## (c) {t["Register.Categories"]}");
        Line();
        Line($"| {t["Column.Subjects"]} | {t["Column.Description"]} |");
        Line("|---|---|");
        foreach (var s in d.DataSubjectCategories)
        {
            Line($"| `{s.Id}` | {Escape(s.Description)} |");
        }

        Line();
        Line($"| {t["Column.PersonalData"]} | {t["Column.Special"]} | {t["Column.Description"]} |");
        Line("|---|---|---|");
        foreach (var c in d.DataCategories)
        {
            Line($"| `{c.Id}` | {(c.SpecialCategory ? t["Yes"] : t["No"])} | {Escape(c.Description)} |");
        }

        Line();
        Line($"### {t["Register.NonPersonal"]}");
        Line();
        if (d.NonPersonalData.Count == 0)
        {
            Line(t["NoneDeclared"]);
        }

        foreach (var e in d.NonPersonalData)
        {
            Line($"- **{Escape(e.Name)}** (`{e.Entity}`){(e.Description is { } description ? ": " + Escape(description) : string.Empty)}");
            foreach (var m in e.Members)
            {
                Line($"  - {Escape(m.Name)}: {Escape(m.Reason)}");
            }
        }

        Line();
        Line($"## (d) {t["Register.Recipients"]}");
        Line();
        Line($"| {t["Column.Recipient"]} | {t["Column.Kind"]} | {t["Column.Description"]} | {t["Column.Location"]} | {t["Column.Purposes"]} |");
        Line("|---|---|---|---|---|");
        foreach (var r in d.Recipients)
        {
            Line($"| `{r.Id}` | {r.KindText} | {Escape(r.Description)}{Assumed(r.Assumption)} | {(r.LocationDeclared ? Escape(r.Location) : "*" + Escape(r.Location) + "*")} | {List(r.Purposes, t)} |");
        }

        Line();
        Line($"## (e) {t["Register.Transfers"]}");
        Line();
        if (d.ThirdCountryTransfers.Count == 0)
        {
            Line(d.RecipientsWithoutDeclaredLocation.Count == 0 ? t["Transfers.None"] : t.Format("Transfers.NoneDeclared", List(d.RecipientsWithoutDeclaredLocation, t)));
        }
        else
        {
            Line($"| {t["Column.Recipient"]} | {t["Column.Country"]} | {t["Column.Safeguard"]} | {t["Column.Documents"]} |");
            Line("|---|---|---|---|");
            foreach (var tr in d.ThirdCountryTransfers)
            {
                Line($"| `{tr.Recipient}` | {tr.Country} | {t.Article(tr.Article)} {t[$"Safeguard.{tr.Safeguard}"]} | {Nd(tr.Reference)} |");
            }

            if (d.RecipientsWithoutDeclaredLocation.Count > 0)
            {
                Line();
                Line(t.Format("Transfers.Undeclared", List(d.RecipientsWithoutDeclaredLocation, t)));
            }
        }

        Line();
        Line($"## (f) {t["Register.TimeLimits"]}");
        Line();
        Line($"| {t["Column.Rule"]} | {t["Column.Kept"]} | {t["Column.Period"]} | {t["Column.Description"]} |");
        Line("|---|---|---|---|");
        foreach (var tl in d.TimeLimitsForErasure)
        {
            Line($"| `{tl.Retention}` | {Escape(tl.TimeLimit)} | {tl.Period ?? "–"} | {Escape(tl.Description)}{Assumed(tl.Assumption)} |");
        }

        Line();
        Line($"| {t["Column.PersonalData"]} | {t["Column.TimeLimits"]} |");
        Line("|---|---|");
        foreach (var c in d.TimeLimitsByCategory)
        {
            Line($"| {(c.Category is null ? t["Category.None"] : $"`{c.Category}`")} | {List(c.Retention, t)} |");
        }

        Line();
        Line($"## (g) {t["Register.Security"]}");
        Line();
        if (d.SecurityMeasures.Count == 0)
        {
            Line(t["NoneDeclared"]);
        }

        foreach (var m in d.SecurityMeasures)
        {
            Line($"- {Escape(m.Description)}{Assumed(m.Assumption)}");
        }

        Line();
        Line($"## {t["Register.Notes"]}");
        Line();
        if (d.Notes.Count == 0)
        {
            Line(t["NoneDeclared"]);
        }

        foreach (var n in d.Notes)
        {
            Line($"- {Escape(n)}");
        }

        Line();
        Line($"## {t["Register.Assumptions"]}");
        Line();
        Line(t["Register.AssumptionsIntro"]);
        Line();
        if (d.Assumptions.Count == 0)
        {
            Line(t["NoneDeclared"]);
        }

        foreach (var a in d.Assumptions)
        {
            Line($"- `{a.Subject}`: {Escape(a.Text)}");
        }

        return sb.ToString();
    }

    /// <summary>
    /// An activity's (e): its transfers, and the recipients whose location is not declared, for whom the policy does not
    /// say whether data leaves the EEA ("none" only when every recipient's location is declared).
    /// </summary>
    internal static string Transfers(ProcessingActivity a, ProcessingRegisterDocument d, DocumentTexts t, Func<IReadOnlyList<string>, DocumentTexts, string> list)
    {
        var undeclared = a.Recipients.Where(r => d.RecipientsWithoutDeclaredLocation.Contains(r, StringComparer.Ordinal)).ToList();
        if (undeclared.Count == 0)
        {
            return list(a.ThirdCountryTransfers, t);
        }

        var unknown = t.Format("Activity.Transfers.Undeclared", list(undeclared, t));
        return a.ThirdCountryTransfers.Count == 0 ? unknown : list(a.ThirdCountryTransfers, t) + "; " + unknown;
    }

    private static string List(IReadOnlyList<string> ids, DocumentTexts t) => ids.Count == 0 ? t["None"] : string.Join(", ", ids.Select(i => $"`{i}`"));

    private static string Escape(string text) => MarkdownText.Escape(text);
}
