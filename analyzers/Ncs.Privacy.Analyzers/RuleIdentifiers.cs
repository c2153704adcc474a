namespace Ncs.Privacy.Analyzers;

/// <summary>The identifiers of the Ncs.Privacy analyzer rules, in one place; each has a page in <c>docs/analyzers/</c>.</summary>
public static class RuleIdentifiers
{
    /// <summary>A member of a domain model carries no privacy classification.</summary>
    public const string UnclassifiedMember = "NCSP001";

    /// <summary>An annotation refers to something the policy does not declare, or a retention period is malformed.</summary>
    public const string UnknownPolicyReference = "NCSP002";

    /// <summary>Special-category data without an Art. 9(2) condition.</summary>
    public const string SpecialCategoryWithoutCondition = "NCSP003";

    /// <summary>Annotations on one member contradict each other.</summary>
    public const string ContradictoryAnnotations = "NCSP004";

    /// <summary>ASP.NET Core Identity's [PersonalData] without a purpose and retention.</summary>
    public const string IdentityPersonalDataOnly = "NCSP005";

    /// <summary>A personal-data member's value is passed to a logging call.</summary>
    public const string PersonalDataLogged = "NCSP006";

    /// <summary>A member of the domain model holds payment card data (PCI DSS scope) that the policy does not declare.</summary>
    public const string PaymentCardData = "NCSP007";

    internal const string Category = "Privacy";

    internal static string HelpLink(string id) => $"https://github.com/ncs-colour/ncs-privacy/blob/main/docs/analyzers/{id}.md";
}
