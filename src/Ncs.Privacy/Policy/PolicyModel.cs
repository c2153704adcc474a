using System.Reflection;

namespace Ncs.Privacy;

/// <summary>The controller's identity and contact details (Art. 30(1)(a)).</summary>
/// <param name="Name">Legal name.</param>
/// <param name="Email">Where data-subject requests go.</param>
/// <param name="Address">Postal address.</param>
/// <param name="Phone">Telephone.</param>
/// <param name="RegistrationNumber">Organisation number.</param>
/// <param name="Representative">Art. 27 representative, where required.</param>
public sealed record ControllerContact(string Name, string? Email, string? Address, string? Phone, string? RegistrationNumber, string? Representative)
{
    /// <summary>What of the controller's details the policy document does not state, or null.</summary>
    public string? Assumption { get; init; }
}

/// <summary>The supervisory authority (Art. 77).</summary>
/// <param name="Name">Its name.</param>
/// <param name="Website">Its website, or null.</param>
public sealed record SupervisoryAuthority(string Name, string? Website);

/// <summary>The data-protection officer (Art. 37).</summary>
/// <param name="Name">Name or function.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="Phone">Telephone.</param>
public sealed record DataProtectionOfficerContact(string Name, string? Email, string? Phone);

/// <summary>A declared purpose of processing: one processing activity of the register.</summary>
public sealed record Purpose
{
    /// <summary>Identifier annotations use.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>What the data is used for.</summary>
    public required string Description { get; init; }

    /// <summary>Art. 6(1) basis.</summary>
    public required LegalBasis LegalBasis { get; init; }

    /// <summary>Art. 9(2) condition, or <see cref="SpecialCategoryCondition.None"/>.</summary>
    public SpecialCategoryCondition SpecialCategoryCondition { get; init; }

    /// <summary>Data-subject categories processed.</summary>
    public required IReadOnlyList<DataSubjectCategory> Subjects { get; init; }

    /// <summary>Recipients the data is disclosed to.</summary>
    public required IReadOnlyList<Recipient> Recipients { get; init; }

    /// <summary>The legitimate interest pursued, for Art. 6(1)(f).</summary>
    public string? LegitimateInterest { get; init; }

    /// <summary>The law imposing the obligation, for Art. 6(1)(c).</summary>
    public string? Law { get; init; }

    /// <summary>Direct marketing: objection stops it unconditionally (Art. 21(3)).</summary>
    public bool DirectMarketing { get; init; }

    /// <summary>What of this purpose the policy document does not state, or null.</summary>
    public string? Assumption { get; init; }

    /// <summary>Whether the subject has a right to object to this processing (Art. 21) rather than only to withdraw consent.</summary>
    public bool SubjectMayObject => DirectMarketing || LegalBasis is LegalBasis.LegitimateInterests or LegalBasis.PublicTask;
}

/// <summary>A declared category of personal data.</summary>
/// <param name="Id">Identifier annotations use.</param>
/// <param name="Description">What the category holds.</param>
/// <param name="IsSpecialCategory">Art. 9(1) special category.</param>
public sealed record DataCategory(string Id, string Description, bool IsSpecialCategory);

/// <summary>A declared category of data subjects.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Description">Who the subjects are.</param>
public sealed record DataSubjectCategory(string Id, string Description);

/// <summary>A declared recipient of personal data.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Kind">Processor, partner, authority or joint controller.</param>
/// <param name="Description">Who it is and why it receives data.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country outside or inside the EEA; null: no country declared (see <see cref="WithinEea"/>).</param>
/// <param name="Safeguard">Chapter V safeguard for a third-country transfer.</param>
/// <param name="SafeguardReference">Where the safeguard's documents are.</param>
public sealed record Recipient(string Id, RecipientKind Kind, string Description, string? Country, TransferSafeguard Safeguard, string? SafeguardReference)
{
    /// <summary>True when the recipient processes the data outside the EEA.</summary>
    public bool IsThirdCountryTransfer => Country is not null && !EuropeanEconomicArea.Contains(Country);

    /// <summary>Declared to process the data only within the EEA, without naming a country.</summary>
    public bool WithinEea { get; init; }

    /// <summary>True when the policy says where the recipient processes the data (a country, or within the EEA).</summary>
    public bool LocationDeclared => Country is not null || WithinEea;

    /// <summary>What of this recipient the policy document does not state, or null.</summary>
    public string? Assumption { get; init; }
}

/// <summary>A technical or organisational security measure (Art. 30(1)(g), Art. 32).</summary>
/// <param name="Description">What the measure is.</param>
/// <param name="Assumption">Why it is listed when the policy document does not state it, or null.</param>
public sealed record SecurityMeasure(string Description, string? Assumption);

/// <summary>One use of a classified member: one purpose, its retention, and what erasure does to it.</summary>
public sealed record PersonalDataUse
{
    /// <summary>The purpose.</summary>
    public required Purpose Purpose { get; init; }

    /// <summary>The retention rule.</summary>
    public required RetentionRule Retention { get; init; }

    /// <summary>The legal basis (always the purpose's; an annotation may only restate it).</summary>
    public LegalBasis LegalBasis => Purpose.LegalBasis;

    /// <summary>The data category, or null when none is declared.</summary>
    public DataCategory? Category { get; init; }

    /// <summary>What erasure does.</summary>
    public ErasureAction Erasure { get; init; }

    /// <summary>How anonymisation replaces the value.</summary>
    public AnonymisationStrategy Anonymisation { get; init; }

    /// <summary>Whether the value is exported.</summary>
    public bool Export { get; init; } = true;

    /// <summary>Where the data came from when not from the subject.</summary>
    public string? Source { get; init; }

    /// <summary>Recipients: the purpose's and the annotation's own, by identifier, without duplicates.</summary>
    public required IReadOnlyList<Recipient> Recipients { get; init; }

    /// <summary>The Art. 9(2) condition in force: the annotation's, else the purpose's.</summary>
    public SpecialCategoryCondition SpecialCategoryCondition { get; init; }

    /// <summary>The navigation to the subject this value concerns, for rows that concern two subjects; null for the row's owner.</summary>
    public string? Subject { get; init; }
}

/// <summary>How one member of a domain type is classified.</summary>
public sealed record ClassifiedMember
{
    /// <summary>The property or field.</summary>
    public required MemberInfo Member { get; init; }

    /// <summary>The member's name.</summary>
    public string Name => Member.Name;

    /// <summary>The member's value type.</summary>
    public Type ValueType => Member switch
    {
        PropertyInfo p => p.PropertyType,
        FieldInfo f => f.FieldType,
        _ => typeof(object),
    };

    /// <summary>The uses, one per purpose; empty for a member that is not personal data.</summary>
    public required IReadOnlyList<PersonalDataUse> Uses { get; init; }

    /// <summary>The reason given with <see cref="NotPersonalDataAttribute"/>, or null.</summary>
    public string? NotPersonalReason { get; init; }

    /// <summary>
    /// Marked only with ASP.NET Core Identity's <c>[PersonalData]</c>: a weak classification (no purpose, no retention)
    /// that counts as classified but should be upgraded.
    /// </summary>
    public bool IsIdentityPersonalData { get; init; }

    /// <summary>The retention rules this member anchors (an empty list with <see cref="IsRetentionAnchor"/> means all).</summary>
    public IReadOnlyList<string> AnchorsRules { get; init; } = [];

    /// <summary>True when the member is marked with <see cref="RetentionAnchorAttribute"/>.</summary>
    public bool IsRetentionAnchor { get; init; }

    /// <summary>The name people read (declared with <c>[Display(Name = ...)]</c> or <c>[DisplayName]</c>, else derived from the member's name: <c>_cardNumber</c> reads "Card number").</summary>
    public string DisplayName => DisplayNames.Of(Member);

    /// <summary>True when the member holds personal data.</summary>
    public bool IsPersonalData => Uses.Count > 0 || IsIdentityPersonalData;
}

/// <summary>A domain type with its classified members.</summary>
public sealed record ClassifiedType
{
    /// <summary>The CLR type.</summary>
    public required Type ClrType { get; init; }

    /// <summary>The data-subject category when the type is the root entity of one (<see cref="DataSubjectAttribute"/>).</summary>
    public DataSubjectCategory? SubjectCategory { get; init; }

    /// <summary>The name people read (declared with <c>[DisplayName]</c>, else derived: <c>DeliveryAddress</c> reads "Delivery address").</summary>
    public string DisplayName => DisplayNames.Of(ClrType);

    /// <summary>The classified members, ordered by name.</summary>
    public required IReadOnlyList<ClassifiedMember> Members { get; init; }

    /// <summary>Finds a member by name, or null.</summary>
    /// <param name="name">The property or field name.</param>
    public ClassifiedMember? FindMember(string name)
    {
        foreach (var member in Members)
        {
            if (member.Name == name)
            {
                return member;
            }
        }

        return null;
    }
}
