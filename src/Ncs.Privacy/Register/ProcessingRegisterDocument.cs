namespace Ncs.Privacy;

/// <summary>
/// The Art. 30(1) record of processing activities, generated from the policy and the annotations. Every list is
/// ordered by identifier, and nothing depends on time or machine: the same code gives the same register.
/// The JSON rendering's schema is documented in docs/processing-register.md.
/// </summary>
public sealed record ProcessingRegisterDocument
{
    /// <summary>Version of the register's JSON schema.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>Art. 30(1)(a): the controller.</summary>
    public required ControllerContact Controller { get; init; }

    /// <summary>Art. 30(1)(a): the data-protection officer, where one is designated.</summary>
    public DataProtectionOfficerContact? DataProtectionOfficer { get; init; }

    /// <summary>Art. 30(1)(b)–(f), per purpose.</summary>
    public required IReadOnlyList<ProcessingActivity> ProcessingActivities { get; init; }

    /// <summary>Art. 30(1)(c): every declared data-subject category.</summary>
    public required IReadOnlyList<DataSubjectCategory> DataSubjectCategories { get; init; }

    /// <summary>Art. 30(1)(c): every declared category of personal data.</summary>
    public required IReadOnlyList<DataCategory> DataCategories { get; init; }

    /// <summary>Art. 30(1)(d): every recipient.</summary>
    public required IReadOnlyList<RegisterRecipient> Recipients { get; init; }

    /// <summary>Art. 30(1)(e): transfers to third countries with their safeguards.</summary>
    public required IReadOnlyList<RegisterTransfer> ThirdCountryTransfers { get; init; }

    /// <summary>Art. 30(1)(f): the time limits for erasure, one per retention rule.</summary>
    public required IReadOnlyList<RegisterTimeLimit> TimeLimitsForErasure { get; init; }

    /// <summary>Art. 30(1)(g): technical and organisational security measures.</summary>
    public required IReadOnlyList<string> SecurityMeasures { get; init; }
}

/// <summary>One processing activity: a purpose with everything Art. 30(1) asks about it.</summary>
public sealed record ProcessingActivity
{
    /// <summary>Purpose identifier.</summary>
    public required string Purpose { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Art. 30(1)(b): what the data is used for.</summary>
    public required string Description { get; init; }

    /// <summary>The Art. 6(1) basis.</summary>
    public required RegisterLegalBasis LegalBasis { get; init; }

    /// <summary>The Art. 9(2) condition, e.g. "Art. 9(2)(a)", or null.</summary>
    public string? SpecialCategoryCondition { get; init; }

    /// <summary>Whether the purpose is direct marketing.</summary>
    public bool DirectMarketing { get; init; }

    /// <summary>Whether the subject may object (Art. 21).</summary>
    public bool SubjectMayObject { get; init; }

    /// <summary>Art. 30(1)(c): data-subject category identifiers.</summary>
    public required IReadOnlyList<string> DataSubjectCategories { get; init; }

    /// <summary>Art. 30(1)(c): the personal data processed, by category, with retention and the fields that hold it.</summary>
    public required IReadOnlyList<RegisterDataCategoryUse> PersonalData { get; init; }

    /// <summary>Art. 30(1)(d): recipient identifiers; these are also the recipients to notify on erasure (Art. 19).</summary>
    public required IReadOnlyList<string> Recipients { get; init; }

    /// <summary>Art. 30(1)(e): recipient identifiers outside the EEA.</summary>
    public required IReadOnlyList<string> ThirdCountryTransfers { get; init; }

    /// <summary>Art. 30(1)(f): retention rule identifiers in force for this purpose.</summary>
    public required IReadOnlyList<string> TimeLimitsForErasure { get; init; }

    /// <summary>Art. 14(2)(f): where data not collected from the subject comes from; empty when all comes from the subject.</summary>
    public required IReadOnlyList<string> Sources { get; init; }
}

/// <summary>A legal basis as the register prints it.</summary>
/// <param name="Basis">The basis.</param>
/// <param name="Article">"Art. 6(1)(b)" and the like.</param>
/// <param name="Detail">The legitimate interest or the law, where the basis needs one.</param>
public sealed record RegisterLegalBasis(LegalBasis Basis, string Article, string? Detail);

/// <summary>One category of personal data used for one purpose.</summary>
/// <param name="Category">Category identifier, or null for fields declared without one.</param>
/// <param name="SpecialCategory">Art. 9(1) special category.</param>
/// <param name="Fields">The fields holding it.</param>
public sealed record RegisterDataCategoryUse(string? Category, bool SpecialCategory, IReadOnlyList<RegisterField> Fields);

/// <summary>One field of the model as the register lists it.</summary>
/// <param name="Entity">Entity type name.</param>
/// <param name="Member">Property or field name.</param>
/// <param name="Retention">Retention rule identifier.</param>
/// <param name="Erasure">What erasure does to it.</param>
/// <param name="Source">Where the value comes from when not from the subject, or null.</param>
public sealed record RegisterField(string Entity, string Member, string Retention, ErasureAction Erasure, string? Source);

/// <summary>A recipient as the register lists it.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Kind">Kind of party.</param>
/// <param name="Description">Who it is.</param>
/// <param name="Country">Country outside the EEA, or null.</param>
/// <param name="Purposes">Purposes for which it receives data.</param>
public sealed record RegisterRecipient(string Id, RecipientKind Kind, string Description, string? Country, IReadOnlyList<string> Purposes);

/// <summary>A transfer to a third country.</summary>
/// <param name="Recipient">Recipient identifier.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country.</param>
/// <param name="Safeguard">The safeguard.</param>
/// <param name="Article">Its article, e.g. "Art. 46(2)(c)".</param>
/// <param name="Reference">Where its documents are.</param>
public sealed record RegisterTransfer(string Recipient, string Country, TransferSafeguard Safeguard, string? Article, string? Reference);

/// <summary>A time limit for erasure.</summary>
/// <param name="Retention">Rule identifier.</param>
/// <param name="Description">What the rule keeps and why.</param>
/// <param name="Period">The ISO 8601 period, or null for "while the account exists".</param>
/// <param name="From">Where the period starts.</param>
/// <param name="EndsWithAccount">Ends with the account at the latest.</param>
/// <param name="LegalObligation">The law that holds the data, or null.</param>
/// <param name="TimeLimit">The rule in words.</param>
public sealed record RegisterTimeLimit(string Retention, string Description, string? Period, RetentionStart From, bool EndsWithAccount, string? LegalObligation, string TimeLimit);
