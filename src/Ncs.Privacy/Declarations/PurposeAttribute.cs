namespace Ncs.Privacy;

/// <summary>
/// Declares a purpose of processing (a processing activity in the Art. 30 register) on a <c>const string</c>
/// field of the policy class; the constant's value is the purpose's identifier.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class PurposeAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="legalBasis">The Art. 6(1) basis for processing for this purpose.</param>
    /// <param name="description">What the data is used for, as the data subject would be told.</param>
    public PurposeAttribute(LegalBasis legalBasis, string description)
    {
        LegalBasis = legalBasis;
        Description = description;
    }

    /// <summary>The Art. 6(1) basis for processing for this purpose.</summary>
    public LegalBasis LegalBasis { get; }

    /// <summary>What the data is used for.</summary>
    public string Description { get; }

    /// <summary>A short display name people read; defaults to one derived from the identifier ("customer-service" reads "Customer service"), never the identifier itself.</summary>
    public string? Name { get; set; }

    /// <summary>Identifiers of the data-subject categories processed for this purpose (Art. 30(1)(c)). At least one.</summary>
    public string[]? Subjects { get; set; }

    /// <summary>Identifiers of the recipients that data processed for this purpose is disclosed to (Art. 30(1)(d)).</summary>
    public string[]? Recipients { get; set; }

    /// <summary>The Art. 9(2) condition, where this purpose processes special-category data.</summary>
    public SpecialCategoryCondition SpecialCategoryCondition { get; set; }

    /// <summary>The interest pursued; required when <see cref="LegalBasis"/> is <see cref="Ncs.Privacy.LegalBasis.LegitimateInterests"/> (Art. 13(1)(d)).</summary>
    public string? LegitimateInterest { get; set; }

    /// <summary>The law that imposes the obligation; required when <see cref="LegalBasis"/> is <see cref="Ncs.Privacy.LegalBasis.LegalObligation"/>.</summary>
    public string? Law { get; set; }

    /// <summary>
    /// The purpose is direct marketing: the subject may object at any time and processing must then stop (Art. 21(2)–(3)).
    /// Processing based on public task or legitimate interests is objectable anyway (Art. 21(1)); consent can be withdrawn (Art. 7(3)).
    /// </summary>
    public bool DirectMarketing { get; set; }

    /// <summary>What of this declaration (basis, interest, recipients) the policy document does not state; shown in the register as an assumption.</summary>
    public string? Assumption { get; set; }
}
