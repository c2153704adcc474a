using System.Text;

namespace Ncs.Privacy;

/// <summary>The formats the processing register is rendered in.</summary>
public enum RegisterFormat
{
    /// <summary>JSON (schema in docs/processing-register.md), for tools and diffs.</summary>
    Json = 0,

    /// <summary>Markdown, for the data-protection officer.</summary>
    Markdown = 1,

    /// <summary>CSV (RFC 4180), one row per purpose and field, for a spreadsheet.</summary>
    Csv = 2,
}

/// <summary>The Art. 30 record of processing activities of the application, generated from its code.</summary>
public interface IProcessingRegister
{
    /// <summary>The register as data.</summary>
    ProcessingRegisterDocument Document { get; }

    /// <summary>Renders the register. The same code always gives the same text (LF line endings, no timestamps).</summary>
    /// <param name="format">The format.</param>
    /// <returns>The rendered register.</returns>
    string Render(RegisterFormat format);

    /// <summary>Writes the rendered register as UTF-8 (no byte-order mark).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="format">The format.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the register is written.</returns>
    Task WriteAsync(Stream output, RegisterFormat format, CancellationToken cancellationToken = default);
}

/// <summary>Builds the processing register from a validated <see cref="PrivacyPolicy"/>.</summary>
public sealed class ProcessingRegister : IProcessingRegister
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Creates the register of <paramref name="policy"/>.</summary>
    /// <param name="policy">The validated policy.</param>
    public ProcessingRegister(PrivacyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Document = Build(policy);
    }

    /// <inheritdoc />
    public ProcessingRegisterDocument Document { get; }

    /// <summary>Builds the register document of a policy.</summary>
    /// <param name="policy">The validated policy.</param>
    /// <returns>The document.</returns>
    public static ProcessingRegisterDocument Build(PrivacyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        // A library's class the application derives from (IdentityUser<int> under Customer) is listed once, under the
        // application's class, whose reading already carries the inherited members.
        var usesByPurpose = policy.Types
            .Where(t => !policy.Types.Any(d => d.ClrType.IsSubclassOf(t.ClrType) && d.ClrType.Assembly != t.ClrType.Assembly))
            .SelectMany(t => t.Members.SelectMany(m => m.Uses.Select(u => (Type: t, Member: m, Use: u))))
            .ToLookup(x => x.Use.Purpose.Id, StringComparer.Ordinal);

        var activities = new List<ProcessingActivity>();
        foreach (var purpose in policy.Purposes.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var uses = usesByPurpose[purpose.Id].ToList();
            var recipients = uses.SelectMany(u => u.Use.Recipients).Concat(purpose.Recipients).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
            activities.Add(new ProcessingActivity
            {
                Purpose = purpose.Id,
                Name = purpose.Name,
                Description = purpose.Description,
                LegalBasis = new RegisterLegalBasis(purpose.LegalBasis, purpose.LegalBasis.Article(), purpose.LegitimateInterest ?? purpose.Law),
                SpecialCategoryCondition = uses.Select(u => u.Use.SpecialCategoryCondition).Append(purpose.SpecialCategoryCondition)
                    .Where(c => c != SpecialCategoryCondition.None).Select(c => c.Article()).Distinct().Order(StringComparer.Ordinal).FirstOrDefault(),
                DirectMarketing = purpose.DirectMarketing,
                SubjectMayObject = purpose.SubjectMayObject,
                DataSubjectCategories = purpose.Subjects.Select(s => s.Id).ToArray(),
                PersonalData = uses
                    .GroupBy(u => u.Use.Category?.Id ?? string.Empty, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new RegisterDataCategoryUse(
                        g.Key.Length == 0 ? null : g.Key,
                        g.First().Use.Category?.IsSpecialCategory ?? false,
                        g.Select(u => new RegisterField(CSharpTypeName.Of(u.Type.ClrType), u.Member.Name, u.Use.Retention.Id, u.Use.Erasure, u.Use.Source))
                            .OrderBy(f => f.Entity, StringComparer.Ordinal).ThenBy(f => f.Member, StringComparer.Ordinal).ToArray()))
                    .ToArray(),
                Recipients = recipients.Select(r => r.Id).ToArray(),
                ThirdCountryTransfers = recipients.Where(r => r.IsThirdCountryTransfer).Select(r => r.Id).ToArray(),
                TimeLimitsForErasure = uses.Select(u => u.Use.Retention.Id).Distinct().Order(StringComparer.Ordinal).ToArray(),
                Sources = uses.Select(u => u.Use.Source).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray(),
            });
        }

        var recipientPurposes = activities.SelectMany(a => a.Recipients.Select(r => (Recipient: r, a.Purpose)))
            .ToLookup(x => x.Recipient, x => x.Purpose, StringComparer.Ordinal);
        var allRecipients = policy.Recipients.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        return new ProcessingRegisterDocument
        {
            Policy = policy.Name,
            Controller = policy.Controller,
            DataProtectionOfficer = policy.DataProtectionOfficer,
            ProcessingActivities = activities,
            DataSubjectCategories = policy.SubjectCategories.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray(),
            DataCategories = policy.DataCategories.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToArray(),
            Recipients = allRecipients
                .Select(r => new RegisterRecipient(r.Id, r.Kind, r.Description, r.Country, recipientPurposes[r.Id].Distinct().Order(StringComparer.Ordinal).ToArray()))
                .ToArray(),
            ThirdCountryTransfers = allRecipients.Where(r => r.IsThirdCountryTransfer)
                .Select(r => new RegisterTransfer(r.Id, r.Country!, r.Safeguard, r.Safeguard.Article(), r.SafeguardReference))
                .ToArray(),
            TimeLimitsForErasure = policy.RetentionRules.Values.OrderBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => new RegisterTimeLimit(r.Id, r.Description, r.Period?.ToString(), r.From, r.EndsWithAccount, r.LegalObligation, r.TimeLimitText))
                .ToArray(),
            SecurityMeasures = policy.SecurityMeasures,
        };
    }

    /// <inheritdoc />
    public string Render(RegisterFormat format) => format switch
    {
        RegisterFormat.Json => RegisterJson.Render(Document),
        RegisterFormat.Markdown => RegisterMarkdown.Render(Document),
        RegisterFormat.Csv => RegisterCsv.Render(Document),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Use Json, Markdown or Csv."),
    };

    /// <inheritdoc />
    public async Task WriteAsync(Stream output, RegisterFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var bytes = Utf8NoBom.GetBytes(Render(format));
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }
}
