namespace Ncs.Privacy;

/// <summary>
/// The Art. 30(1) record of processing activities in one language, generated from the policy and the annotations.
/// Every list is ordered by identifier, and nothing depends on time or machine: the same code gives the same register.
/// Nothing is invented: what the policy does not declare is said to be "not declared", and every choice the policy
/// document does not state is carried as an assumption. The JSON rendering's schema is documented in
/// docs/processing-register.md (docs/schemas/processing-register.schema.json).
/// </summary>
public sealed record ProcessingRegisterDocument
{
    /// <summary>Version of the register's JSON schema.</summary>
    public int SchemaVersion { get; init; } = 2;

    /// <summary>The language of the texts (IETF tag: <c>en</c>, <c>sv</c>).</summary>
    public required string Language { get; init; }

    /// <summary>The policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>The version: the policy's declared version and a hash of the register's content.</summary>
    public required RegisterVersion Version { get; init; }

    /// <summary>Art. 30(1)(a): the controller.</summary>
    public required RegisterController Controller { get; init; }

    /// <summary>Art. 30(1)(a): the data-protection officer, or why there is none, or that the policy does not say.</summary>
    public required RegisterDataProtectionOfficer DataProtectionOfficer { get; init; }

    /// <summary>Art. 30(1)(b)–(f), per purpose.</summary>
    public required IReadOnlyList<ProcessingActivity> ProcessingActivities { get; init; }

    /// <summary>Art. 30(1)(c): every declared data-subject category.</summary>
    public required IReadOnlyList<RegisterDescribed> DataSubjectCategories { get; init; }

    /// <summary>Art. 30(1)(c): every declared category of personal data.</summary>
    public required IReadOnlyList<RegisterDataCategory> DataCategories { get; init; }

    /// <summary>Data the application holds that is classified as not personal, with the reasons (what the policy tells people is anonymous or aggregated).</summary>
    public required IReadOnlyList<RegisterNonPersonalEntity> NonPersonalData { get; init; }

    /// <summary>Art. 30(1)(d): every recipient.</summary>
    public required IReadOnlyList<RegisterRecipient> Recipients { get; init; }

    /// <summary>Art. 30(1)(e): transfers to third countries with their safeguards.</summary>
    public required IReadOnlyList<RegisterTransfer> ThirdCountryTransfers { get; init; }

    /// <summary>Art. 30(1)(e): recipients whose location is not declared, so that whether they transfer is unknown.</summary>
    public required IReadOnlyList<string> RecipientsWithoutDeclaredLocation { get; init; }

    /// <summary>Art. 30(1)(f): the time limits for erasure, one per retention rule.</summary>
    public required IReadOnlyList<RegisterTimeLimit> TimeLimitsForErasure { get; init; }

    /// <summary>Art. 30(1)(f): the time limits per category of personal data ("the different categories of data").</summary>
    public required IReadOnlyList<RegisterCategoryTimeLimits> TimeLimitsByCategory { get; init; }

    /// <summary>Art. 30(1)(g): technical and organisational security measures.</summary>
    public required IReadOnlyList<RegisterSecurityMeasure> SecurityMeasures { get; init; }

    /// <summary>The policy document's own statements (how changes are announced, that data is not sold).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Every choice of the code that the policy document does not state, gathered from all declarations.</summary>
    public required IReadOnlyList<RegisterAssumption> Assumptions { get; init; }
}

/// <summary>The register's version.</summary>
/// <param name="Policy">The policy's declared version, or null when none is declared.</param>
/// <param name="ContentHash">"sha256:" and the hex SHA-256 of the register's content (the English JSON without this hash): the same in every language, and it changes exactly when the processing does.</param>
public sealed record RegisterVersion(string? Policy, string ContentHash);

/// <summary>The controller as the register prints it.</summary>
/// <param name="Name">Legal name.</param>
/// <param name="Email">E-mail, or null when not declared.</param>
/// <param name="Address">Postal address, or null when not declared.</param>
/// <param name="Phone">Telephone, or null when not declared.</param>
/// <param name="RegistrationNumber">Organisation number, or null when not declared.</param>
/// <param name="Representative">Art. 27 representative, or null when not declared.</param>
/// <param name="Assumption">What of this the policy document does not state, or null.</param>
public sealed record RegisterController(string Name, string? Email, string? Address, string? Phone, string? RegistrationNumber, string? Representative, string? Assumption);

/// <summary>The data-protection officer entry.</summary>
/// <param name="Status"><c>designated</c>, <c>noneDesignated</c> (the policy says so, with a reason) or <c>notDeclared</c>.</param>
/// <param name="Name">Name or function, when designated.</param>
/// <param name="Email">E-mail, when designated and declared.</param>
/// <param name="Phone">Telephone, when designated and declared.</param>
/// <param name="Reason">Why none is designated, for <c>noneDesignated</c>.</param>
public sealed record RegisterDataProtectionOfficer(string Status, string? Name, string? Email, string? Phone, string? Reason);

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

    /// <summary>The right to object in words.</summary>
    public required string Objection { get; init; }

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

    /// <summary>What of this purpose the policy document does not state, or null.</summary>
    public string? Assumption { get; init; }
}

/// <summary>A legal basis as the register prints it.</summary>
/// <param name="Basis">The basis.</param>
/// <param name="Article">"Art. 6(1)(b)" and the like.</param>
/// <param name="Text">The basis in words, in the register's language.</param>
/// <param name="Detail">The legitimate interest or the law, where the basis needs one.</param>
public sealed record RegisterLegalBasis(LegalBasis Basis, string Article, string Text, string? Detail);

/// <summary>An identifier with its description.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Description">Description in the register's language.</param>
public sealed record RegisterDescribed(string Id, string Description);

/// <summary>A category of personal data.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Description">What it holds.</param>
/// <param name="SpecialCategory">Art. 9(1) special category.</param>
public sealed record RegisterDataCategory(string Id, string Description, bool SpecialCategory);

/// <summary>One category of personal data used for one purpose.</summary>
/// <param name="Category">Category identifier, or null for fields declared without one.</param>
/// <param name="SpecialCategory">Art. 9(1) special category.</param>
/// <param name="Fields">The fields holding it.</param>
public sealed record RegisterDataCategoryUse(string? Category, bool SpecialCategory, IReadOnlyList<RegisterField> Fields);

/// <summary>One field of the model as the register lists it.</summary>
/// <param name="Entity">Entity type name in code.</param>
/// <param name="Member">Property or field name in code.</param>
/// <param name="EntityName">The entity's display name, with its owner when it is part of another ("Order › Shipping address").</param>
/// <param name="FieldName">The member's display name.</param>
/// <param name="Retention">Retention rule identifier.</param>
/// <param name="Erasure">What erasure does: <c>retained</c>, <c>anonymised</c> or <c>deleted</c>.</param>
/// <param name="OnErasure">What erasure does, in words.</param>
/// <param name="Source">Where the value comes from when not from the subject, or null.</param>
public sealed record RegisterField(string Entity, string Member, string EntityName, string FieldName, string Retention, string Erasure, string OnErasure, string? Source);

/// <summary>A recipient as the register lists it.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Kind">Kind of party.</param>
/// <param name="KindText">The kind in words.</param>
/// <param name="Description">Who it is.</param>
/// <param name="Country">Declared ISO 3166-1 alpha-2 country, or null.</param>
/// <param name="Location">Where it processes the data, in words: the country, "within the EEA", or "not declared".</param>
/// <param name="LocationDeclared">False when the policy does not say where the recipient processes the data.</param>
/// <param name="Purposes">Purposes for which it receives data.</param>
/// <param name="Assumption">What of this the policy document does not state, or null.</param>
public sealed record RegisterRecipient(string Id, RecipientKind Kind, string KindText, string Description, string? Country, string Location, bool LocationDeclared, IReadOnlyList<string> Purposes, string? Assumption);

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
/// <param name="Assumption">What of this rule the policy document does not state, or null.</param>
public sealed record RegisterTimeLimit(string Retention, string Description, string? Period, RetentionStart From, bool EndsWithAccount, string? LegalObligation, string TimeLimit, string? Assumption);

/// <summary>The time limits that apply to one category of personal data.</summary>
/// <param name="Category">Category identifier, or null for fields declared without one.</param>
/// <param name="Retention">Rule identifiers applied to the category's fields.</param>
public sealed record RegisterCategoryTimeLimits(string? Category, IReadOnlyList<string> Retention);

/// <summary>A security measure.</summary>
/// <param name="Description">What the measure is.</param>
/// <param name="Assumption">Why it is listed when the policy document does not state it, or null.</param>
public sealed record RegisterSecurityMeasure(string Description, string? Assumption);

/// <summary>An entity whose every classified member is not personal data.</summary>
/// <param name="Entity">Type name in code.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">The type's <c>[Description]</c>, or null.</param>
/// <param name="Members">Each member with its reason.</param>
public sealed record RegisterNonPersonalEntity(string Entity, string Name, string? Description, IReadOnlyList<RegisterNonPersonalMember> Members);

/// <summary>A member classified as not personal data.</summary>
/// <param name="Member">Name in code.</param>
/// <param name="Name">Display name.</param>
/// <param name="Reason">Why it is not personal data.</param>
public sealed record RegisterNonPersonalMember(string Member, string Name, string Reason);

/// <summary>An assumption: a choice the code makes that the policy document does not state.</summary>
/// <param name="Subject">What it is about: <c>policy</c>, <c>controller</c>, <c>purpose:ID</c>, <c>retention:ID</c>, <c>recipient:ID</c> or <c>security-measure</c>.</param>
/// <param name="Text">The assumption.</param>
public sealed record RegisterAssumption(string Subject, string Text);
