namespace Ncs.Privacy;

/// <summary>
/// Classifies a property or field of a domain model as personal data processed for one purpose, kept under one
/// retention rule. Repeat it once per purpose: an e-mail address may serve the account, customer service and
/// marketing, each with its own basis and retention. Every argument is a constant that the analyzer checks
/// against the declared policy.
/// </summary>
/// <remarks>
/// Not to be confused with <c>Microsoft.AspNetCore.Identity.PersonalDataAttribute</c>, which carries no purpose
/// or retention; both can stand on one member (use an alias for one of the namespaces).
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = true, Inherited = true)]
public sealed class PersonalDataAttribute : Attribute
{
    /// <summary>Classifies the member; the legal basis is the purpose's.</summary>
    /// <param name="purpose">Identifier of a purpose declared with <see cref="PurposeAttribute"/>.</param>
    /// <param name="retention">Identifier of a rule declared with <see cref="RetentionRuleAttribute"/>.</param>
    public PersonalDataAttribute(string purpose, string retention)
    {
        Purpose = purpose;
        Retention = retention;
    }

    /// <summary>Classifies the member, restating the legal basis (which must then equal the purpose's).</summary>
    /// <param name="purpose">Identifier of a purpose declared with <see cref="PurposeAttribute"/>.</param>
    /// <param name="retention">Identifier of a rule declared with <see cref="RetentionRuleAttribute"/>.</param>
    /// <param name="legalBasis">The Art. 6(1) basis; must equal the one the purpose declares.</param>
    public PersonalDataAttribute(string purpose, string retention, LegalBasis legalBasis)
        : this(purpose, retention)
    {
        LegalBasis = legalBasis;
    }

    /// <summary>Identifier of the purpose.</summary>
    public string Purpose { get; }

    /// <summary>Identifier of the retention rule.</summary>
    public string Retention { get; }

    /// <summary>The restated legal basis, or null when the annotation takes the purpose's.</summary>
    public LegalBasis? LegalBasis { get; }

    /// <summary>Identifier of a data category declared with <see cref="DataCategoryAttribute"/>.</summary>
    public string? Category { get; set; }

    /// <summary>What erasure and expiry do to this value.</summary>
    public ErasureAction Erasure { get; set; }

    /// <summary>How the value is replaced when it is anonymised.</summary>
    public AnonymisationStrategy Anonymisation { get; set; }

    /// <summary>Whether the value appears in a data-subject export (Art. 15/20). Defaults to true.</summary>
    public bool Export { get; set; } = true;

    /// <summary>Where the data came from, when not from the data subject (Art. 14, Art. 15(1)(g)). Null: collected from the subject.</summary>
    public string? Source { get; set; }

    /// <summary>Recipients of this value in addition to those of its purpose.</summary>
    public string[]? Recipients { get; set; }

    /// <summary>The Art. 9(2) condition, where the value's category is special and the purpose declares none.</summary>
    public SpecialCategoryCondition SpecialCategoryCondition { get; set; }

    /// <summary>
    /// For a row that concerns two subjects (a support ticket between a customer and an agent): the name of the
    /// navigation that leads to the subject this value is about. Null: the subject that owns the row.
    /// </summary>
    public string? Subject { get; set; }
}
