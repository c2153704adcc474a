using System.Text.Json;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// The Art. 15(1) information that precedes the data, each item once: controller, purposes, categories, recipients,
/// retention and rights, in the export's language. Field descriptions in the data blocks refer to these by identifier.
/// </summary>
internal static class ExportHeader
{
    public static void Write(Utf8JsonWriter writer, PrivacyPolicy policy, IReadOnlyCollection<PersonalDataUse> uses, DocumentTexts texts)
    {
        WriteController(writer, policy, texts);

        var purposes = uses.Select(u => u.Purpose).DistinctBy(p => p.Id).OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        writer.WriteStartArray("purposes");
        foreach (var purpose in purposes)
        {
            writer.WriteStartObject();
            writer.WriteString("id", purpose.Id);
            writer.WriteString("name", texts.Policy(purpose.Name));
            writer.WriteString("description", texts.Policy(purpose.Description));
            writer.WriteString("legalBasis", purpose.LegalBasis.ToString());
            writer.WriteString("article", purpose.LegalBasis.Article());
            writer.WriteString("basis", texts[$"LegalBasis.{purpose.LegalBasis}"]);
            writer.WriteString("specialCategoryCondition", purpose.SpecialCategoryCondition.Article());
            writer.WriteString("legitimateInterest", texts.PolicyOrNull(purpose.LegitimateInterest));
            writer.WriteString("law", texts.PolicyOrNull(purpose.Law));
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
            writer.WriteString("description", texts.Policy(category.Description));
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
            writer.WriteString("description", texts.Policy(recipient.Description));
            writer.WriteString("country", recipient.Country);
            writer.WriteString("location", ProcessingRegister.Location(recipient, texts));
            writer.WriteBoolean("locationDeclared", recipient.LocationDeclared);
            // Unknown (null) when the location is not declared: "false" would say the data stays in the EEA.
            if (recipient.LocationDeclared)
            {
                writer.WriteBoolean("thirdCountryTransfer", recipient.IsThirdCountryTransfer);
            }
            else
            {
                writer.WriteNull("thirdCountryTransfer");
            }

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
            writer.WriteString("description", texts.Policy(rule.Description));
            writer.WriteString("period", rule.Period?.ToString());
            writer.WriteString("timeLimit", ProcessingRegister.TimeLimit(rule, texts));
            writer.WriteBoolean("endsWithAccount", rule.EndsWithAccount);
            writer.WriteString("legalObligation", texts.PolicyOrNull(rule.LegalObligation));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        WriteRights(writer, policy, purposes, rules, texts);
    }

    private static void WriteController(Utf8JsonWriter writer, PrivacyPolicy policy, DocumentTexts texts)
    {
        var controller = policy.Controller;
        writer.WriteStartObject("controller");
        writer.WriteString("name", controller.Name);
        writer.WriteString("email", controller.Email);
        writer.WriteString("address", texts.PolicyOrNull(controller.Address));
        writer.WriteString("phone", controller.Phone);
        writer.WriteString("registrationNumber", controller.RegistrationNumber);
        writer.WriteString("representative", texts.PolicyOrNull(controller.Representative));
        if (policy.DataProtectionOfficer is { } dpo)
        {
            writer.WriteStartObject("dataProtectionOfficer");
            writer.WriteString("name", texts.Policy(dpo.Name));
            writer.WriteString("email", dpo.Email);
            writer.WriteString("phone", dpo.Phone);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("dataProtectionOfficer");
        }

        if (policy.SupervisoryAuthority is { } authority)
        {
            writer.WriteStartObject("supervisoryAuthority");
            writer.WriteString("name", texts.Policy(authority.Name));
            writer.WriteString("website", authority.Website);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("supervisoryAuthority");
        }

        writer.WriteEndObject();
    }

    private static void WriteRights(Utf8JsonWriter writer, PrivacyPolicy policy, IReadOnlyList<Purpose> purposes, IReadOnlyList<RetentionRule> rules, DocumentTexts texts)
    {
        var contact = policy.Controller.Email ?? texts.PolicyOrNull(policy.Controller.Address) ?? policy.Controller.Phone ?? policy.Controller.Name;
        var holds = rules.Where(r => r.IsLegalHold).Select(r => $"{texts.Policy(r.Description)} ({ProcessingRegister.TimeLimit(r, texts)})").ToArray();
        writer.WriteStartArray("rights");
        // How to reach the controller, in words that fit the contact declared: one writes to an e-mail or postal address,
        // calls a telephone number (a controller declared by telephone only), or asks the controller by name.
        var access = policy.Controller.Email is not null || policy.Controller.Address is not null ? texts.Format("Right.access.Text", contact)
            : policy.Controller.Phone is not null ? texts.Format("Right.access.TextPhone", contact)
            : texts.Format("Right.access.TextName", contact);
        var objectBy = policy.Controller.Email is { } email ? texts.Format("Right.objection.How", email)
            : policy.Controller.Address is { } address ? texts.Format("Right.objection.HowPost", texts.Policy(address))
            : policy.Controller.Phone is { } phone ? texts.Format("Right.objection.HowPhone", phone)
            : string.Empty;
        Right(writer, texts, "access", "Art. 15", access, null);
        Right(writer, texts, "rectification", "Art. 16", texts["Right.rectification.Text"], null);
        Right(writer, texts, "erasure", "Art. 17",
            texts["Right.erasure.Text"] + (holds.Length == 0 ? string.Empty : texts.Format("Right.erasure.Holds", string.Join("; ", holds))), null);
        Right(writer, texts, "restriction", "Art. 18", texts["Right.restriction.Text"], null);
        Right(writer, texts, "portability", "Art. 20", texts["Right.portability.Text"],
            purposes.Where(p => p.LegalBasis is LegalBasis.Consent or LegalBasis.Contract).Select(p => p.Id).ToArray());
        Right(writer, texts, "objection", "Art. 21",
            texts["Right.objection.Text"] + objectBy,
            purposes.Where(p => p.SubjectMayObject).Select(p => p.Id).ToArray());
        Right(writer, texts, "withdrawConsent", "Art. 7(3)", texts["Right.withdrawConsent.Text"],
            purposes.Where(p => p.LegalBasis == LegalBasis.Consent).Select(p => p.Id).ToArray());
        Right(writer, texts, "complaint", "Art. 77",
            texts["Right.complaint.Text"] + (policy.SupervisoryAuthority is { } authority
                ? texts.Format("Right.complaint.Authority", texts.Policy(authority.Name) + (authority.Website is null ? string.Empty : $" ({authority.Website})"))
                : string.Empty), null);
        writer.WriteEndArray();
    }

    private static void Right(Utf8JsonWriter writer, DocumentTexts texts, string right, string article, string description, IReadOnlyList<string>? purposes)
    {
        writer.WriteStartObject();
        writer.WriteString("right", right);
        writer.WriteString("title", texts[$"Right.{right}"]);
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
