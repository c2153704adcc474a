namespace Ncs.Privacy;

/// <summary>The GDPR article references of the vocabulary, as the register and exports print them.</summary>
public static class GdprArticles
{
    /// <summary>"Art. 6(1)(b)" and the like.</summary>
    /// <param name="basis">The legal basis.</param>
    public static string Article(this LegalBasis basis) => basis switch
    {
        LegalBasis.Consent => "Art. 6(1)(a)",
        LegalBasis.Contract => "Art. 6(1)(b)",
        LegalBasis.LegalObligation => "Art. 6(1)(c)",
        LegalBasis.VitalInterests => "Art. 6(1)(d)",
        LegalBasis.PublicTask => "Art. 6(1)(e)",
        LegalBasis.LegitimateInterests => "Art. 6(1)(f)",
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, "Not an Art. 6(1) legal basis."),
    };

    /// <summary>"Art. 9(2)(a)" and the like, or null for <see cref="SpecialCategoryCondition.None"/>.</summary>
    /// <param name="condition">The condition.</param>
    public static string? Article(this SpecialCategoryCondition condition) => condition switch
    {
        SpecialCategoryCondition.None => null,
        >= SpecialCategoryCondition.ExplicitConsent and <= SpecialCategoryCondition.ArchivingResearchOrStatistics
            => $"Art. 9(2)({(char)('a' + (int)condition - 1)})",
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Not an Art. 9(2) condition."),
    };

    /// <summary>"Art. 46(2)(c)" and the like, or null for <see cref="TransferSafeguard.None"/>.</summary>
    /// <param name="safeguard">The safeguard.</param>
    public static string? Article(this TransferSafeguard safeguard) => safeguard switch
    {
        TransferSafeguard.None => null,
        TransferSafeguard.AdequacyDecision => "Art. 45",
        TransferSafeguard.StandardContractualClauses => "Art. 46(2)(c)",
        TransferSafeguard.BindingCorporateRules => "Art. 47",
        TransferSafeguard.CodeOfConductOrCertification => "Art. 46(2)(e)-(f)",
        TransferSafeguard.Derogation => "Art. 49",
        _ => throw new ArgumentOutOfRangeException(nameof(safeguard), safeguard, "Not a Chapter V safeguard."),
    };
}
