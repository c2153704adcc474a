using System.Text;

namespace Ncs.Privacy;

/// <summary>The register as one flat RFC 4180 table: a row per purpose and field, so a spreadsheet can filter and pivot it.</summary>
internal static class RegisterCsv
{
    private static readonly string[] Header =
    [
        "controller", "controller_contact", "dpo", "purpose", "purpose_name", "purpose_description", "legal_basis", "legal_basis_article",
        "legal_basis_detail", "special_category_condition", "data_subject_categories", "data_category", "special_category", "entity",
        "field", "retention", "time_limit_for_erasure", "erasure", "source", "recipients", "third_country_transfers", "security_measures",
    ];

    public static string Render(ProcessingRegisterDocument document)
    {
        var sb = new StringBuilder();
        Row(sb, Header);
        var timeLimits = document.TimeLimitsForErasure.ToDictionary(t => t.Retention, t => t.TimeLimit, StringComparer.Ordinal);
        var transfers = document.ThirdCountryTransfers.ToDictionary(t => t.Recipient, StringComparer.Ordinal);
        var controller = document.Controller;
        var contact = string.Join("; ", new[] { controller.Email, controller.Address, controller.Phone }.OfType<string>());
        var dpo = document.DataProtectionOfficer is { } d ? string.Join("; ", new[] { d.Name, d.Email, d.Phone }.OfType<string>()) : string.Empty;
        var measures = string.Join("; ", document.SecurityMeasures);
        foreach (var activity in document.ProcessingActivities)
        {
            var transferText = string.Join("; ", activity.ThirdCountryTransfers.Select(r => transfers[r]).Select(t => $"{t.Recipient} ({t.Country}, {t.Article})"));
            var common = new[]
            {
                controller.Name, contact, dpo, activity.Purpose, activity.Name, activity.Description, activity.LegalBasis.Basis.ToString(),
                activity.LegalBasis.Article, activity.LegalBasis.Detail ?? string.Empty, activity.SpecialCategoryCondition ?? string.Empty,
                string.Join("; ", activity.DataSubjectCategories),
            };
            var rows = activity.PersonalData.SelectMany(c => c.Fields.Select(f => (Category: c, Field: f))).ToList();
            if (rows.Count == 0)
            {
                Row(sb, [.. common, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
                    string.Join("; ", activity.Recipients), transferText, measures]);
                continue;
            }

            foreach (var (category, field) in rows)
            {
                Row(sb, [.. common, category.Category ?? string.Empty, category.SpecialCategory ? "yes" : "no", field.Entity, field.Member,
                    field.Retention, timeLimits[field.Retention], field.Erasure.ToString(), field.Source ?? "data subject",
                    string.Join("; ", activity.Recipients), transferText, measures]);
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

            var cell = cells[i];
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
