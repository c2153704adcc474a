using System.Text;

namespace Ncs.Privacy;

/// <summary>
/// The register as one flat RFC 4180 table: a row per purpose and field, so a spreadsheet can filter and pivot it.
/// Column names are stable identifiers in every language; cell texts are in the document's language.
/// </summary>
internal static class RegisterCsv
{
    private static readonly string[] Header =
    [
        "controller", "controller_registration_number", "controller_address", "controller_contact", "dpo", "policy_version", "content_hash",
        "purpose", "purpose_name", "purpose_description", "legal_basis", "legal_basis_article", "legal_basis_detail", "special_category_condition",
        "data_subject_categories", "data_category", "special_category", "entity", "field", "entity_name", "field_name", "retention",
        "time_limit_for_erasure", "erasure", "on_erasure", "source", "recipients", "recipient_locations", "third_country_transfers",
        "security_measures", "assumptions",
    ];

    public static string Render(ProcessingRegisterDocument document, DocumentTexts t)
    {
        var sb = new StringBuilder();
        Row(sb, Header);
        var notDeclared = t["NotDeclared"];
        var timeLimits = document.TimeLimitsForErasure.ToDictionary(x => x.Retention, x => x.TimeLimit, StringComparer.Ordinal);
        var transfers = document.ThirdCountryTransfers.ToDictionary(x => x.Recipient, StringComparer.Ordinal);
        var recipients = document.Recipients.ToDictionary(x => x.Id, StringComparer.Ordinal);
        var controller = document.Controller;
        var contact = string.Join("; ", new[] { controller.Email, controller.Phone }.OfType<string>());
        var d = document.DataProtectionOfficer;
        var dpo = d.Status switch
        {
            "designated" => string.Join("; ", new[] { d.Name, d.Email, d.Phone }.OfType<string>()),
            "noneDesignated" => t["Dpo.NoneDesignated"] + ": " + d.Reason,
            _ => t["Dpo.NotDeclared"],
        };
        var measures = string.Join("; ", document.SecurityMeasures.Select(m => m.Assumption is null ? m.Description : $"{m.Description} ({t["Assumption"]}: {m.Assumption})"));
        var assumptionsBySubject = document.Assumptions.ToLookup(a => a.Subject, StringComparer.Ordinal);
        foreach (var activity in document.ProcessingActivities)
        {
            var transferText = RegisterMarkdown.Transfers(activity, document, t, (ids, texts) => ids.Count == 0 ? texts["None"]
                : string.Join("; ", ids.Select(r => transfers.TryGetValue(r, out var x) ? $"{x.Recipient} ({x.Country}, {texts.Article(x.Article)})" : r)));
            var locations = string.Join("; ", activity.Recipients.Select(r => $"{r}: {recipients[r].Location}"));
            var common = new[]
            {
                controller.Name, controller.RegistrationNumber ?? notDeclared, controller.Address ?? notDeclared, contact.Length == 0 ? notDeclared : contact, dpo,
                document.Version.Policy ?? notDeclared, document.Version.ContentHash,
                activity.Purpose, activity.Name, activity.Description, activity.LegalBasis.Text, t.Article(activity.LegalBasis.Article),
                activity.LegalBasis.Detail ?? string.Empty, t.Article(activity.SpecialCategoryCondition), string.Join("; ", activity.DataSubjectCategories),
            };
            var rows = activity.PersonalData.SelectMany(c => c.Fields.Select(f => (Category: c, Field: f))).ToList();
            string Assumptions(string? retention) => string.Join("; ", assumptionsBySubject["policy"].Concat(assumptionsBySubject["controller"])
                .Concat(assumptionsBySubject[$"purpose:{activity.Purpose}"])
                .Concat(retention is null ? [] : assumptionsBySubject[$"retention:{retention}"])
                .Concat(activity.Recipients.SelectMany(r => assumptionsBySubject[$"recipient:{r}"]))
                .Select(a => $"{a.Subject}: {a.Text}"));
            if (rows.Count == 0)
            {
                Row(sb, [.. common, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
                    string.Empty, string.Empty, string.Empty, string.Join("; ", activity.Recipients), locations, transferText, measures, Assumptions(null)]);
                continue;
            }

            foreach (var (category, field) in rows)
            {
                Row(sb, [.. common, category.Category ?? string.Empty, category.SpecialCategory ? t["Yes"] : t["No"], field.Entity, field.Member,
                    field.EntityName, field.FieldName, field.Retention, timeLimits[field.Retention], field.Erasure, field.OnErasure, field.Source ?? t["Source.Subject"],
                    string.Join("; ", activity.Recipients), locations, transferText, measures, Assumptions(field.Retention)]);
            }
        }

        return sb.ToString();
    }

    private static void Row(StringBuilder sb, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            // One rule with the export's tables: a cell that starts like a formula is text, control characters are visible.
            var cell = ReadableText.Cell(cells[i]);
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                sb.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(cell);
            }
        }

        sb.Append("\r\n"); // RFC 4180 record separator
    }
}
