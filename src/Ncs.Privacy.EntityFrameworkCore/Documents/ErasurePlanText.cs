using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// The erasure plan (Art. 17) and its refusal (Art. 12(4)) for people, in a language: fixed texts from the library's
/// resources through <see cref="IStringLocalizer"/>, the policy's texts (rule descriptions, laws, recipients, refusal
/// reasons, display names) from the policy's resources. Fields read with their owner ("Shipping address › City"), never
/// as code names. The refusal names the supervisory authority the policy declares.
/// </summary>
public static class ErasurePlanText
{
    /// <summary>Renders <paramref name="plan"/> as Markdown in <paramref name="culture"/>.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="policy">The policy the plan was made under (for its texts and translations).</param>
    /// <param name="culture">The language, e.g. <c>sv</c>; without resources for it, English.</param>
    /// <param name="localizers">The application's localizer factory, or null for the resource files.</param>
    /// <returns>The Markdown, LF line endings; dates are UTC.</returns>
    public static string ToMarkdown(this ErasurePlan plan, PrivacyPolicy policy, CultureInfo culture, IStringLocalizerFactory? localizers = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(culture);
        var t = new DocumentTexts(localizers, policy.DeclaringType, culture);
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append(t.Format("Plan.Title", plan.PlanId)).Insert(0, "# ").Append("\n\n");
        md.Append(c, $"- {t["Plan.Request"]}: {Escape(plan.RequestId)}\n- {t["Plan.Subject"]}: {Escape(plan.SubjectCategory)} {Escape(plan.SubjectId)}\n");
        md.Append(c, $"- {t["Plan.PlannedAt"]}: {plan.PlannedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}Z\n- {t["Plan.Policy"]}: {Escape(t.Policy(plan.Policy))}\n");
        md.Append(c, $"- {t["Plan.Outcome"]}: **{t[$"Plan.Outcome.{plan.Outcome}"]}**\n\n");
        if (plan.Outcome == ErasureOutcome.SubjectNotFound)
        {
            md.Append(t["Plan.NotFound"]).Append('\n');
            return md.ToString();
        }

        if (plan.Refusals.Count > 0)
        {
            md.Append("## ").Append(t["Plan.Refused"]).Append("\n\n");
            foreach (var refusal in plan.Refusals)
            {
                md.Append("- ").Append(Escape(t.Policy(refusal.Reason)));
                if (refusal.Basis is not null)
                {
                    md.Append(" (").Append(Escape(t.Policy(refusal.Basis))).Append(')');
                }

                if (refusal.Until is { } until)
                {
                    md.Append(t.Format("Plan.Until", until.UtcDateTime.ToString("yyyy-MM-dd", c)));
                }

                md.Append('\n');
            }

            md.Append('\n').Append(t["Plan.Complain"]);
            if (policy.SupervisoryAuthority is { } authority)
            {
                md.Append(t.Format("Right.complaint.Authority", Escape(t.Policy(authority.Name) + (authority.Website is null ? string.Empty : $" ({authority.Website})"))));
            }

            md.Append("\n\n");
        }

        if (plan.Steps.Count > 0)
        {
            md.Append("## ").Append(t["Plan.Steps"]).Append("\n\n").Append(t.Format("Plan.Summary", plan.RowsDeleted, plan.RowsAnonymised, plan.RowsRetained)).Append("\n\n");
            md.Append(c, $"| # | {t["Plan.Column.Entity"]} | {t["Plan.Column.Rows"]} | {t["Plan.Column.WhichRows"]} | {t["Plan.Column.Action"]} | {t["Plan.Column.Fields"]} | {t["Plan.Column.Why"]} | {t["Plan.Column.Notify"]} |\n");
            md.Append("|---|---|---|---|---|---|---|---|\n");
            foreach (var step in plan.Steps)
            {
                var fields = string.Join(", ", step.Fields.Select(f => f.Action switch
                {
                    ErasureFieldAction.Anonymise => t.Format("Plan.Field.Anonymise", FieldName(f, t), t[$"Anonymisation.{f.Strategy ?? AnonymisationStrategy.Default}"]),
                    ErasureFieldAction.Retain => t.Format("Plan.Field.Retain", FieldName(f, t)),
                    _ => t.Format("Plan.Field.Delete", FieldName(f, t)),
                }));
                var reasons = step.Retention.Select(r => Held(r, policy, t)).ToList();
                if (step.Notes.Count > 0)
                {
                    reasons.AddRange(step.Notes.Select(n => PlanNotes.Render(n, t)));
                }
                else if (step.Note is not null)
                {
                    reasons.Add(t.Policy(step.Note)); // a plan written before notes had codes
                }

                var entity = t.Policy(step.DisplayName ?? DisplayNames.Derive(step.Entity ?? step.EntityType)) + (step.Share is null ? string.Empty : $" [{t.Policy(DisplayNames.Derive(step.Share))}]");
                md.Append(c, $"| {step.Order} | {Escape(entity)} | {step.RowCount} | {t[$"Plan.Rows.{step.Rows}"]} | {t[$"Plan.Action.{step.Action}"]} | {Escape(fields)} | {Escape(string.Join("; ", reasons))} | {Escape(string.Join(", ", step.Recipients))} |\n");
            }

            md.Append('\n');
        }

        if (plan.Recipients.Count > 0)
        {
            md.Append("## ").Append(t["Plan.Recipients"]).Append("\n\n");
            foreach (var recipient in plan.Recipients)
            {
                var location = policy.Recipients.TryGetValue(recipient.Id, out var declared) ? ProcessingRegister.Location(declared, t) : recipient.Country ?? t["Location.NotDeclared"];
                var kind = Enum.TryParse<RecipientKind>(recipient.Kind, out var k) ? t[$"RecipientKind.{k}"] : recipient.Kind;
                md.Append(c, $"- **{Escape(recipient.Id)}** ({Escape(kind)}, {Escape(location)}): {Escape(t.Policy(recipient.Description))}\n");
            }
        }

        return md.ToString();
    }

    /// <summary>A field as the register and the export name it ("Shipping address › City"), each part in the policy's language.</summary>
    internal static string FieldName(ErasureField field, DocumentTexts t)
        => field.DisplayName is { } name
            ? string.Join(" › ", name.Split(" › ").Select(t.Policy))
            : FieldName(field.Name, t);

    /// <summary>"ShippingAddress.City" reads "Shipping address › City", each part in the policy's language (a plan written before display names).</summary>
    internal static string FieldName(string path, DocumentTexts t)
        => string.Join(" › ", path.Split('.').Select(part => t.Policy(DisplayNames.Derive(part))));

    private static string Held(ErasureRetention retention, PrivacyPolicy policy, DocumentTexts t)
    {
        var until = retention.Until is { } u ? u.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "–";
        if (retention.Rule is not null && policy.RetentionRules.TryGetValue(retention.Rule, out var rule))
        {
            return t.Format("Plan.Held", t.Policy(rule.Description), t.Policy(rule.LegalObligation ?? ProcessingRegister.TimeLimit(rule, t)), until);
        }

        return t.Policy(retention.Reason) + (retention.Until is null ? string.Empty : t.Format("Plan.Until", until));
    }

    private static string Escape(string text) => MarkdownText.Escape(text);
}
