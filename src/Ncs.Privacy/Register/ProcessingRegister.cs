using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

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
    /// <summary>The register as data, in English (the library's neutral language).</summary>
    ProcessingRegisterDocument Document { get; }

    /// <summary>The register as data in a language: fixed texts from the library's resources, the policy's texts from the policy's resources.</summary>
    /// <param name="culture">The language, e.g. <c>sv</c>; a language without resources falls back to English.</param>
    /// <returns>The document.</returns>
    ProcessingRegisterDocument DocumentIn(CultureInfo culture);

    /// <summary>
    /// Renders the register in the current UI culture (<see cref="CultureInfo.CurrentUICulture"/>, the request culture in
    /// ASP.NET Core); a culture without resources gives English. The same code and culture always give the same text
    /// (LF line endings, no timestamps).
    /// </summary>
    /// <param name="format">The format.</param>
    /// <returns>The rendered register.</returns>
    string Render(RegisterFormat format);

    /// <summary>Renders the register in a language. The same code and language always give the same text.</summary>
    /// <param name="format">The format.</param>
    /// <param name="culture">The language, e.g. <c>sv</c>.</param>
    /// <returns>The rendered register.</returns>
    string Render(RegisterFormat format, CultureInfo culture);

    /// <summary>Writes the register rendered in the current UI culture as UTF-8 (no byte-order mark).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="format">The format.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the register is written.</returns>
    Task WriteAsync(Stream output, RegisterFormat format, CancellationToken cancellationToken = default);

    /// <summary>Writes the register rendered in a language as UTF-8 (no byte-order mark).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="format">The format.</param>
    /// <param name="culture">The language.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the register is written.</returns>
    Task WriteAsync(Stream output, RegisterFormat format, CultureInfo culture, CancellationToken cancellationToken = default);
}

/// <summary>Builds the processing register (Art. 30(1) GDPR) from a validated <see cref="PrivacyPolicy"/>.</summary>
public sealed class ProcessingRegister : IProcessingRegister
{
    /// <summary>The name of the neutral language, the one the library's own resources are written in.</summary>
    internal const string NeutralLanguage = "en";

    /// <summary>
    /// The culture documents in the neutral language are rendered in: <c>en</c>, or the invariant culture where no named
    /// culture exists (<c>InvariantGlobalization</c> with <c>PredefinedCulturesOnly</c>, the default of container images
    /// built so). Both read the neutral resources and format alike there; documents name the language
    /// <see cref="NeutralLanguage"/> either way (<see cref="DocumentTexts.Language"/>).
    /// </summary>
    internal static readonly CultureInfo Neutral = CultureOf(NeutralLanguage) ?? CultureInfo.InvariantCulture;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly PrivacyPolicy _policy;
    private readonly IStringLocalizerFactory? _localizers;
    private readonly ConcurrentDictionary<string, ProcessingRegisterDocument> _documents = new(StringComparer.Ordinal);

    /// <summary>Creates the register of <paramref name="policy"/>, with the library's and the policy's resource files.</summary>
    /// <param name="policy">The validated policy.</param>
    public ProcessingRegister(PrivacyPolicy policy)
        : this(policy, null)
    {
    }

    /// <summary>Creates the register of <paramref name="policy"/>, reading texts through <paramref name="localizers"/>.</summary>
    /// <param name="policy">The validated policy.</param>
    /// <param name="localizers">The application's localizer factory (from <c>AddLocalization</c>), or null for the resource files.</param>
    [ActivatorUtilitiesConstructor]
    public ProcessingRegister(PrivacyPolicy policy, IStringLocalizerFactory? localizers)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
        _localizers = localizers;
        Document = DocumentIn(Neutral);
    }

    /// <inheritdoc />
    public ProcessingRegisterDocument Document { get; }

    /// <inheritdoc />
    public ProcessingRegisterDocument DocumentIn(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        culture = DocumentTexts.LanguageOf(culture);
        return _documents.GetOrAdd(culture.Name, _ =>
        {
            var hash = ContentHash(_policy, _localizers);
            return Build(_policy, new DocumentTexts(_localizers, _policy.DeclaringType, culture)) with { Version = new RegisterVersion(_policy.Version, hash) };
        });
    }

    /// <summary>Builds the register document of a policy in English.</summary>
    /// <param name="policy">The validated policy.</param>
    /// <returns>The document.</returns>
    public static ProcessingRegisterDocument Build(PrivacyPolicy policy) => new ProcessingRegister(policy).Document;

    /// <inheritdoc />
    public string Render(RegisterFormat format) => Render(format, CultureInfo.CurrentUICulture);

    /// <inheritdoc />
    public string Render(RegisterFormat format, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var document = DocumentIn(culture);
        var texts = new DocumentTexts(_localizers, _policy.DeclaringType, culture);
        return format switch
        {
            RegisterFormat.Json => RegisterJson.Render(document),
            RegisterFormat.Markdown => RegisterMarkdown.Render(document, texts),
            RegisterFormat.Csv => RegisterCsv.Render(document, texts),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Use Json, Markdown or Csv."),
        };
    }

    /// <inheritdoc />
    public Task WriteAsync(Stream output, RegisterFormat format, CancellationToken cancellationToken = default)
        => WriteAsync(output, format, CultureInfo.CurrentUICulture, cancellationToken);

    /// <inheritdoc />
    public async Task WriteAsync(Stream output, RegisterFormat format, CultureInfo culture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var bytes = Utf8NoBom.GetBytes(Render(format, culture));
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The culture named <paramref name="name"/>, or null where the process cannot create it (invariant globalization).</summary>
    internal static CultureInfo? CultureOf(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    private static string ContentHash(PrivacyPolicy policy, IStringLocalizerFactory? localizers)
    {
        var english = Build(policy, new DocumentTexts(localizers, policy.DeclaringType, Neutral)) with { Version = new RegisterVersion(policy.Version, string.Empty) };
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Utf8NoBom.GetBytes(RegisterJson.Render(english))));
    }

    internal static ProcessingRegisterDocument Build(PrivacyPolicy policy, DocumentTexts texts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        // A library's class the application derives from (IdentityUser<int> under Customer) is listed once, under the
        // application's class, whose reading already carries the inherited members.
        var usesByPurpose = policy.Types
            .Where(t => !policy.Types.Any(d => d.ClrType.IsSubclassOf(t.ClrType) && d.ClrType.Assembly != t.ClrType.Assembly))
            .SelectMany(t => t.Members.SelectMany(m => m.Uses.Select(u => (Type: t, Member: m, Use: u))))
            .ToLookup(x => x.Use.Purpose.Id, StringComparer.Ordinal);
        var owners = RegisterOwners.Of(policy);
        var assumptions = new List<RegisterAssumption>();

        var activities = new List<ProcessingActivity>();
        foreach (var purpose in policy.Purposes.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var uses = usesByPurpose[purpose.Id].ToList();
            var recipients = uses.SelectMany(u => u.Use.Recipients).Concat(purpose.Recipients).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
            if (purpose.Assumption is { } purposeAssumption)
            {
                assumptions.Add(new($"purpose:{purpose.Id}", texts.Policy(purposeAssumption)));
            }

            activities.Add(new ProcessingActivity
            {
                Purpose = purpose.Id,
                Name = texts.Policy(purpose.Name),
                Description = texts.Policy(purpose.Description),
                LegalBasis = new RegisterLegalBasis(purpose.LegalBasis, purpose.LegalBasis.Article(), texts[$"LegalBasis.{purpose.LegalBasis}"],
                    texts.PolicyOrNull(purpose.LegitimateInterest ?? purpose.Law)),
                SpecialCategoryCondition = uses.Select(u => u.Use.SpecialCategoryCondition).Append(purpose.SpecialCategoryCondition)
                    .Where(c => c != SpecialCategoryCondition.None).Select(c => c.Article()).Distinct().Order(StringComparer.Ordinal).FirstOrDefault(),
                DirectMarketing = purpose.DirectMarketing,
                SubjectMayObject = purpose.SubjectMayObject,
                Objection = texts[purpose.DirectMarketing ? "Objection.DirectMarketing" : purpose.SubjectMayObject ? "Objection.Yes"
                    : purpose.LegalBasis == LegalBasis.Consent ? "Objection.Withdraw" : "Objection.No"],
                DataSubjectCategories = purpose.Subjects.Select(s => s.Id).ToArray(),
                PersonalData = uses
                    .GroupBy(u => u.Use.Category?.Id ?? string.Empty, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new RegisterDataCategoryUse(
                        g.Key.Length == 0 ? null : g.Key,
                        g.First().Use.Category?.IsSpecialCategory ?? false,
                        g.Select(u => Field(policy, owners, u.Type, u.Member, u.Use, texts))
                            .OrderBy(f => f.Entity, StringComparer.Ordinal).ThenBy(f => f.Member, StringComparer.Ordinal).ToArray()))
                    .ToArray(),
                Recipients = recipients.Select(r => r.Id).ToArray(),
                ThirdCountryTransfers = recipients.Where(r => r.IsThirdCountryTransfer).Select(r => r.Id).ToArray(),
                TimeLimitsForErasure = uses.Select(u => u.Use.Retention.Id).Distinct().Order(StringComparer.Ordinal).ToArray(),
                Sources = uses.Select(u => u.Use.Source).OfType<string>().Distinct().Order(StringComparer.Ordinal).Select(texts.Policy).ToArray(),
                Assumption = texts.PolicyOrNull(purpose.Assumption),
            });
        }

        var recipientPurposes = activities.SelectMany(a => a.Recipients.Select(r => (Recipient: r, a.Purpose)))
            .ToLookup(x => x.Recipient, x => x.Purpose, StringComparer.Ordinal);
        var allRecipients = policy.Recipients.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        foreach (var r in allRecipients.Where(r => r.Assumption is not null))
        {
            assumptions.Add(new($"recipient:{r.Id}", texts.Policy(r.Assumption!)));
        }

        var rules = policy.RetentionRules.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        foreach (var r in rules.Where(r => r.Assumption is not null))
        {
            assumptions.Add(new($"retention:{r.Id}", texts.Policy(r.Assumption!)));
        }

        var measures = policy.SecurityMeasureDeclarations.Count > 0
            ? policy.SecurityMeasureDeclarations
            : policy.SecurityMeasures.Select(m => new SecurityMeasure(m, null)).ToArray();
        foreach (var m in measures.Where(m => m.Assumption is not null))
        {
            assumptions.Add(new("security-measure", texts.Policy(m.Description) + " — " + texts.Policy(m.Assumption!)));
        }

        if (policy.Controller.Assumption is { } controllerAssumption)
        {
            assumptions.Insert(0, new("controller", texts.Policy(controllerAssumption)));
        }

        assumptions.InsertRange(0, policy.Assumptions.Select(a => new RegisterAssumption("policy", texts.Policy(a))));

        var controller = policy.Controller;
        var dpo = policy.DataProtectionOfficer is { } officer
            ? new RegisterDataProtectionOfficer("designated", texts.Policy(officer.Name), officer.Email, officer.Phone, null)
            : policy.NoDataProtectionOfficerReason is { } reason
                ? new RegisterDataProtectionOfficer("noneDesignated", null, null, null, texts.Policy(reason))
                : new RegisterDataProtectionOfficer("notDeclared", null, null, null, null);

        return new ProcessingRegisterDocument
        {
            Language = texts.Language,
            Policy = texts.Policy(policy.Name),
            Version = new RegisterVersion(policy.Version, string.Empty),
            Controller = new RegisterController(controller.Name, controller.Email, texts.PolicyOrNull(controller.Address), controller.Phone,
                controller.RegistrationNumber, texts.PolicyOrNull(controller.Representative), texts.PolicyOrNull(controller.Assumption)),
            DataProtectionOfficer = dpo,
            ProcessingActivities = activities,
            DataSubjectCategories = policy.SubjectCategories.Values.OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => new RegisterDescribed(s.Id, texts.Policy(s.Description))).ToArray(),
            DataCategories = policy.DataCategories.Values.OrderBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => new RegisterDataCategory(c.Id, texts.Policy(c.Description), c.IsSpecialCategory)).ToArray(),
            NonPersonalData = NonPersonal(policy, owners, texts),
            Recipients = allRecipients
                .Select(r => new RegisterRecipient(r.Id, r.Kind, texts[$"RecipientKind.{r.Kind}"], texts.Policy(r.Description), r.Country, Location(r, texts), r.LocationDeclared,
                    recipientPurposes[r.Id].Distinct().Order(StringComparer.Ordinal).ToArray(), texts.PolicyOrNull(r.Assumption)))
                .ToArray(),
            ThirdCountryTransfers = allRecipients.Where(r => r.IsThirdCountryTransfer)
                .Select(r => new RegisterTransfer(r.Id, r.Country!, r.Safeguard, r.Safeguard.Article(), r.SafeguardReference))
                .ToArray(),
            RecipientsWithoutDeclaredLocation = allRecipients.Where(r => !r.LocationDeclared).Select(r => r.Id).ToArray(),
            TimeLimitsForErasure = rules
                .Select(r => new RegisterTimeLimit(r.Id, texts.Policy(r.Description), r.Period?.ToString(), r.From, r.EndsWithAccount, texts.PolicyOrNull(r.LegalObligation),
                    TimeLimit(r, texts), texts.PolicyOrNull(r.Assumption)))
                .ToArray(),
            TimeLimitsByCategory = activities.SelectMany(a => a.PersonalData)
                .GroupBy(c => c.Category ?? string.Empty, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new RegisterCategoryTimeLimits(g.Key.Length == 0 ? null : g.Key,
                    g.SelectMany(c => c.Fields.Select(f => f.Retention)).Distinct().Order(StringComparer.Ordinal).ToArray()))
                .ToArray(),
            SecurityMeasures = measures.Select(m => new RegisterSecurityMeasure(texts.Policy(m.Description), texts.PolicyOrNull(m.Assumption))).ToArray(),
            Notes = policy.Notes.Select(texts.Policy).ToArray(),
            Assumptions = assumptions,
        };
    }

    /// <summary>Where a recipient processes the data, in words; never a place the policy does not declare.</summary>
    internal static string Location(Recipient recipient, DocumentTexts texts) =>
        recipient.Country is { } country ? (recipient.IsThirdCountryTransfer ? texts.Format("Location.ThirdCountry", country) : texts.Format("Location.Eea", country))
        : recipient.WithinEea ? texts["Location.WithinEea"]
        : texts["Location.NotDeclared"];

    /// <summary>A retention rule in words, in the texts' language.</summary>
    internal static string TimeLimit(RetentionRule rule, DocumentTexts texts)
    {
        var text = rule.Period is { } period
            ? texts.Format($"TimeLimit.From.{rule.From}", Period(period, texts))
            : texts["TimeLimit.WhileAccount"];
        if (rule.Period is not null && rule.EndsWithAccount)
        {
            text += texts["TimeLimit.OrAccount"];
        }

        if (rule.LegalObligation is not null)
        {
            text += texts.Format("TimeLimit.Legal", texts.Policy(rule.LegalObligation));
        }

        return text;
    }

    /// <summary>An ISO 8601 period in words ("7 years", "7 år").</summary>
    internal static string Period(IsoPeriod period, DocumentTexts texts)
    {
        var parts = new List<string>();
        void Add(int n, string unit)
        {
            if (n != 0)
            {
                parts.Add(texts.Format($"Period.{unit}.{(n == 1 ? "One" : "Other")}", n));
            }
        }

        Add(period.Years, "Year");
        Add(period.Months, "Month");
        Add(period.Days, "Day");
        Add((int)period.Time.TotalHours, "Hour");
        if (parts.Count == 0)
        {
            return texts.Format("Period.Day.Other", 0);
        }

        return parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + texts["Period.And"] + parts[^1];
    }

    private static RegisterField Field(PrivacyPolicy policy, RegisterOwners owners, ClassifiedType type, ClassifiedMember member, PersonalDataUse use, DocumentTexts texts)
    {
        var (outcome, text) = OnErasure(policy, owners, type, member, use, texts);
        return new RegisterField(CSharpTypeName.Of(type.ClrType), member.Name, owners.DisplayName(type, texts), texts.Policy(member.DisplayName), use.Retention.Id, outcome, text,
            texts.PolicyOrNull(use.Source));
    }

    /// <summary>
    /// What erasure of the subject does to a value, by the planner's rule: a value under a legal hold is retained until the
    /// hold ends; a row that keeps a held value, says Anonymise, or holds another subject's data is kept and the value
    /// anonymised; otherwise the row is deleted (an owned part with its owner's row).
    /// </summary>
    internal static (string Outcome, string Text) OnErasure(PrivacyPolicy policy, RegisterOwners owners, ClassifiedType type, ClassifiedMember member, PersonalDataUse use, DocumentTexts texts)
    {
        var hold = member.Uses.FirstOrDefault(u => u.Erasure == ErasureAction.Retain && u.Retention.IsLegalHold);
        if (hold is not null)
        {
            var until = TimeLimit(hold.Retention, texts);
            return ("retained", hold.Purpose.Id == use.Purpose.Id
                ? texts.Format("Erasure.Retained", until)
                : texts.Format("Erasure.RetainedForOther", texts.Policy(hold.Purpose.Name), until));
        }

        var row = owners.RowType(type);
        var keepsRow = use.Erasure == ErasureAction.Anonymise
            || row.Members.Any(m => m.Uses.Any(u => u.Erasure == ErasureAction.Anonymise || u.Subject is not null || (u.Erasure == ErasureAction.Retain && u.Retention.IsLegalHold)))
            || (row != type && type.Members.Any(m => m.Uses.Any(u => u.Erasure == ErasureAction.Anonymise || u.Subject is not null)));
        if (use.Erasure == ErasureAction.Delete || !keepsRow)
        {
            return ("deleted", row == type ? texts["Erasure.Deleted"] : texts.Format("Erasure.DeletedWithOwner", owners.DisplayName(row, texts)));
        }

        var strategy = member.Uses.Select(u => u.Anonymisation).FirstOrDefault(a => a != AnonymisationStrategy.Default);
        return ("anonymised", texts.Format("Erasure.Anonymised", texts[$"Anonymisation.{strategy}"]));
    }

    private static RegisterNonPersonalEntity[] NonPersonal(PrivacyPolicy policy, RegisterOwners owners, DocumentTexts texts) => policy.Types
        .Where(t => t.Members.Count > 0 && t.Members.All(m => !m.IsPersonalData && m.NotPersonalReason is not null) && t.SubjectCategory is null
            && !policy.Types.Any(part => part != t && part.Members.Any(m => m.IsPersonalData) && owners.RowType(part) == t))
        .OrderBy(t => t.ClrType.Name, StringComparer.Ordinal)
        .Select(t => new RegisterNonPersonalEntity(CSharpTypeName.Of(t.ClrType), texts.Policy(t.DisplayName),
            texts.PolicyOrNull(t.ClrType.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description),
            t.Members.Select(m => new RegisterNonPersonalMember(m.Name, texts.Policy(m.DisplayName), texts.Policy(m.NotPersonalReason!))).ToArray()))
        .ToArray();
}

/// <summary>
/// Which classified types are parts of another (an owned address): a type without an identifier member that exactly one
/// other classified type holds in a single-valued member. The register names such a part with its owner, so that
/// "City" never appears without "Order › Shipping address".
/// </summary>
internal sealed class RegisterOwners
{
    private readonly Dictionary<Type, (ClassifiedType Owner, ClassifiedMember? Member, PropertyInfo? Property)> _owners = [];

    private RegisterOwners()
    {
    }

    public static RegisterOwners Of(PrivacyPolicy policy)
    {
        var result = new RegisterOwners();
        foreach (var type in policy.Types)
        {
            var clr = type.ClrType;
            if (clr.GetProperty("Id") is not null || clr.GetProperty(clr.Name + "Id") is not null || type.SubjectCategory is not null)
            {
                continue;
            }

            var holders = policy.Types
                .SelectMany(t => t.ClrType.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Where(p => p.PropertyType == clr).Select(p => (Owner: t, Property: p)))
                .Where(h => h.Owner.ClrType != clr)
                .ToList();
            if (holders.Count == 1)
            {
                result._owners[clr] = (holders[0].Owner, holders[0].Owner.FindMember(holders[0].Property.Name), holders[0].Property);
            }
        }

        return result;
    }

    /// <summary>The type whose row holds this type's values.</summary>
    public ClassifiedType RowType(ClassifiedType type)
    {
        var current = type;
        for (var depth = 0; depth < 16 && _owners.TryGetValue(current.ClrType, out var owner); depth++)
        {
            current = owner.Owner;
        }

        return current;
    }

    /// <summary>"Order › Shipping address" for an owned part, else the type's display name.</summary>
    public string DisplayName(ClassifiedType type, DocumentTexts texts)
    {
        if (!_owners.TryGetValue(type.ClrType, out var owner))
        {
            return texts.Policy(type.DisplayName);
        }

        var member = owner.Property is { } p ? DisplayNames.Of(p) : type.DisplayName;
        return DisplayName(owner.Owner, texts) + " › " + texts.Policy(member);
    }
}
