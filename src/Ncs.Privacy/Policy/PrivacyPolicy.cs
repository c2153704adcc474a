using System.Collections.Frozen;

namespace Ncs.Privacy;

/// <summary>
/// The validated policy: the declarations of the policy class and the classification of every domain type, read
/// once at start-up. Register, export, erasure and retention all read this one object.
/// </summary>
public sealed class PrivacyPolicy
{
    private readonly FrozenDictionary<Type, ClassifiedType> _typesByClr;

    internal PrivacyPolicy(
        string name,
        Type declaringType,
        ControllerContact controller,
        DataProtectionOfficerContact? dataProtectionOfficer,
        IReadOnlyList<string> securityMeasures,
        FiscalYear fiscalYear,
        IEnumerable<Purpose> purposes,
        IEnumerable<RetentionRule> retentionRules,
        IEnumerable<DataCategory> dataCategories,
        IEnumerable<DataSubjectCategory> subjectCategories,
        IEnumerable<Recipient> recipients,
        IEnumerable<ClassifiedType> types)
    {
        Name = name;
        DeclaringType = declaringType;
        Controller = controller;
        DataProtectionOfficer = dataProtectionOfficer;
        SecurityMeasures = securityMeasures;
        FiscalYear = fiscalYear;
        Purposes = purposes.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
        RetentionRules = retentionRules.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
        DataCategories = dataCategories.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        SubjectCategories = subjectCategories.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        Recipients = recipients.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
        Types = types.OrderBy(t => t.ClrType.FullName, StringComparer.Ordinal).ToArray();
        _typesByClr = Types.ToFrozenDictionary(t => t.ClrType);
    }

    /// <summary>The policy's display name.</summary>
    public string Name { get; }

    /// <summary>The class marked with <see cref="PrivacyPolicyAttribute"/>.</summary>
    public Type DeclaringType { get; }

    /// <summary>The controller (Art. 30(1)(a)).</summary>
    public ControllerContact Controller { get; }

    /// <summary>The data-protection officer, if one is declared.</summary>
    public DataProtectionOfficerContact? DataProtectionOfficer { get; }

    /// <summary>Technical and organisational security measures (Art. 30(1)(g)).</summary>
    public IReadOnlyList<string> SecurityMeasures { get; }

    /// <summary>The supervisory authority named in rights texts, or null when none is declared.</summary>
    public SupervisoryAuthority? SupervisoryAuthority { get; internal init; }

    /// <summary>The policy's declared version, or null when none is declared.</summary>
    public string? Version { get; internal init; }

    /// <summary>Why no data-protection officer is designated, when the policy says so with <see cref="NoDataProtectionOfficerAttribute"/>; null otherwise.</summary>
    public string? NoDataProtectionOfficerReason { get; internal init; }

    /// <summary>The security measures with their assumptions (the same as <see cref="SecurityMeasures"/>, ordered by description).</summary>
    public IReadOnlyList<SecurityMeasure> SecurityMeasureDeclarations { get; internal init; } = [];

    /// <summary>The policy document's own statements the register carries (<see cref="PolicyNoteAttribute"/>).</summary>
    public IReadOnlyList<string> Notes { get; internal init; } = [];

    /// <summary>Choices the code makes that the policy document does not state (<see cref="AssumptionAttribute"/>).</summary>
    public IReadOnlyList<string> Assumptions { get; internal init; } = [];

    /// <summary>The controller's fiscal year.</summary>
    public FiscalYear FiscalYear { get; }

    /// <summary>Purposes by identifier.</summary>
    public IReadOnlyDictionary<string, Purpose> Purposes { get; }

    /// <summary>Retention rules by identifier.</summary>
    public IReadOnlyDictionary<string, RetentionRule> RetentionRules { get; }

    /// <summary>Data categories by identifier.</summary>
    public IReadOnlyDictionary<string, DataCategory> DataCategories { get; }

    /// <summary>Data-subject categories by identifier.</summary>
    public IReadOnlyDictionary<string, DataSubjectCategory> SubjectCategories { get; }

    /// <summary>Recipients by identifier.</summary>
    public IReadOnlyDictionary<string, Recipient> Recipients { get; }

    /// <summary>Every classified domain type, ordered by full name.</summary>
    public IReadOnlyList<ClassifiedType> Types { get; }

    /// <summary>Reads and validates a policy; throws <see cref="PrivacyPolicyException"/> listing every problem.</summary>
    /// <param name="options">The policy class, model assemblies and fluent classifications.</param>
    public static PrivacyPolicy Load(PrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = PolicyReader.Read(options);
        return result.Policy ?? throw new PrivacyPolicyException(result.Problems);
    }

    /// <summary>The classification of a CLR type, or null if it is not a classified domain type.</summary>
    /// <param name="clrType">The type.</param>
    public ClassifiedType? FindType(Type clrType) => _typesByClr.GetValueOrDefault(clrType);
}
