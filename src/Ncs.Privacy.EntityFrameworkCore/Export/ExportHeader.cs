using System.Text.Json;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>The Art. 15(1) information that precedes the data: controller, purposes, categories, recipients, retention, rights.</summary>
internal static class ExportHeader
{
    public static void Write(Utf8JsonWriter writer, PrivacyPolicy policy, IReadOnlyCollection<PersonalDataUse> uses)
    {
        WriteController(writer, policy);

        var purposes = uses.Select(u => u.Purpose).DistinctBy(p => p.Id).OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        writer.WriteStartArray("purposes");
        foreach (var purpose in purposes)
        {
            writer.WriteStartObject();
            writer.WriteString("id", purpose.Id);
            writer.WriteString("name", purpose.Name);
            writer.WriteString("description", purpose.Description);
            writer.WriteString("legalBasis", purpose.LegalBasis.ToString());
            writer.WriteString("article", purpose.LegalBasis.Article());
            writer.WriteString("specialCategoryCondition", purpose.SpecialCategoryCondition.Article());
            writer.WriteString("legitimateInterest", purpose.LegitimateInterest);
            writer.WriteString("law", purpose.Law);
            writer.WriteBoolean("directMarketing", purpose.DirectMarketing);
            writer.WriteBoolean("mayObject", purpose.SubjectMayObject);
            WriteIds(writer, "recipients", purpose.Recipients.Select(r => r.Id));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("dataCategories");
        foreach (var category in uses.Select(u => u.Category).OfType<DataCategory>().DistinctBy(c => c.Id).OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("id", category.Id);
            writer.WriteString("description", category.Description);
            writer.WriteBoolean("specialCategory", category.IsSpecialCategory);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("recipients");
        foreach (var recipient in uses.SelectMany(u => u.Recipients).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("id", recipient.Id);
            writer.WriteString("kind", recipient.Kind.ToString());
            writer.WriteString("description", recipient.Description);
            writer.WriteString("country", recipient.Country);
            writer.WriteBoolean("thirdCountryTransfer", recipient.IsThirdCountryTransfer);
            writer.WriteString("safeguard", recipient.Safeguard == TransferSafeguard.None ? null : recipient.Safeguard.ToString());
            writer.WriteString("safeguardArticle", recipient.Safeguard.Article());
            writer.WriteString("safeguardReference", recipient.SafeguardReference);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        var rules = uses.Select(u => u.Retention).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        writer.WriteStartArray("retention");
        foreach (var rule in rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Id);
            writer.WriteString("description", rule.Description);
            writer.WriteString("period", rule.Period?.ToString());
            writer.WriteString("timeLimit", rule.TimeLimitText);
            writer.WriteBoolean("endsWithAccount", rule.EndsWithAccount);
            writer.WriteString("legalObligation", rule.LegalObligation);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        WriteRights(writer, policy, purposes, rules);
    }

    private static void WriteController(Utf8JsonWriter writer, PrivacyPolicy policy)
    {
        var controller = policy.Controller;
        writer.WriteStartObject("controller");
        writer.WriteString("name", controller.Name);
        writer.WriteString("email", controller.Email);
        writer.WriteString("address", controller.Address);
        writer.WriteString("phone", controller.Phone);
        writer.WriteString("registrationNumber", controller.RegistrationNumber);
        writer.WriteString("representative", controller.Representative);
        if (policy.DataProtectionOfficer is { } dpo)
        {
            writer.WriteStartObject("dataProtectionOfficer");
            writer.WriteString("name", dpo.Name);
            writer.WriteString("email", dpo.Email);
            writer.WriteString("phone", dpo.Phone);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("dataProtectionOfficer");
        }

        writer.WriteEndObject();
    }

    private static void WriteRights(Utf8JsonWriter writer, PrivacyPolicy policy, IReadOnlyList<Purpose> purposes, IReadOnlyList<RetentionRule> rules)
    {
        var contact = policy.Controller.Email ?? policy.Controller.Address ?? policy.Controller.Phone;
        var holds = rules.Where(r => r.IsLegalHold).Select(r => $"{r.Id} ({r.LegalObligation})").ToArray();
        writer.WriteStartArray("rights");
        Right(writer, "access", "Art. 15",
            $"You may obtain confirmation of whether we process data about you, and a copy of it (this document). Write to {contact}.", null);
        Right(writer, "rectification", "Art. 16", "You may have inaccurate data about you corrected and incomplete data completed.", null);
        Right(writer, "erasure", "Art. 17",
            "You may have data about you erased when it is no longer needed, when you withdraw consent or object, or when it was processed unlawfully"
            + (holds.Length == 0 ? "." : $"; data we must keep by law is kept until the obligation ends: {string.Join("; ", holds)}."), null);
        Right(writer, "restriction", "Art. 18", "You may have the processing of data about you restricted while its accuracy or lawfulness is examined.", null);
        Right(writer, "portability", "Art. 20",
            "You may receive data you provided in a structured, commonly used, machine-readable format (this JSON document) and have it transmitted to another controller.",
            purposes.Where(p => p.LegalBasis is LegalBasis.Consent or LegalBasis.Contract).Select(p => p.Id).ToArray());
        Right(writer, "objection", "Art. 21",
            "You may object to processing based on legitimate interests or a public task; to direct marketing you may object at any time, and it then stops.",
            purposes.Where(p => p.SubjectMayObject).Select(p => p.Id).ToArray());
        Right(writer, "withdrawConsent", "Art. 7(3)",
            "Where processing is based on your consent, you may withdraw it at any time, without affecting processing before the withdrawal.",
            purposes.Where(p => p.LegalBasis == LegalBasis.Consent).Select(p => p.Id).ToArray());
        Right(writer, "complaint", "Art. 77",
            "You may lodge a complaint with a supervisory authority, in particular in the Member State of your habitual residence, place of work or of the alleged infringement.", null);
        writer.WriteEndArray();
    }

    private static void Right(Utf8JsonWriter writer, string right, string article, string description, IReadOnlyList<string>? purposes)
    {
        writer.WriteStartObject();
        writer.WriteString("right", right);
        writer.WriteString("article", article);
        writer.WriteString("description", description);
        if (purposes is null)
        {
            writer.WriteNull("purposes");
        }
        else
        {
            WriteIds(writer, "purposes", purposes);
        }

        writer.WriteEndObject();
    }

    internal static void WriteIds(Utf8JsonWriter writer, string name, IEnumerable<string> ids)
    {
        writer.WriteStartArray(name);
        foreach (var id in ids)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
    }
}
