namespace Ncs.Privacy;

/// <summary>
/// The conditions of GDPR Art. 9(2)(a)–(j) under which special categories of personal data (health, religion,
/// ethnicity, biometrics...) may be processed. Special-category data needs one of these in addition to an
/// Art. 6 legal basis.
/// </summary>
public enum SpecialCategoryCondition
{
    /// <summary>No Art. 9(2) condition declared.</summary>
    None = 0,

    /// <summary>Art. 9(2)(a): explicit consent.</summary>
    ExplicitConsent = 1,

    /// <summary>Art. 9(2)(b): obligations in employment, social security and social protection law.</summary>
    EmploymentAndSocialSecurity = 2,

    /// <summary>Art. 9(2)(c): vital interests where the subject cannot give consent.</summary>
    VitalInterests = 3,

    /// <summary>Art. 9(2)(d): legitimate activities of a not-for-profit body with a political, philosophical, religious or trade-union aim.</summary>
    NotForProfitBody = 4,

    /// <summary>Art. 9(2)(e): data manifestly made public by the data subject.</summary>
    MadePublicBySubject = 5,

    /// <summary>Art. 9(2)(f): establishment, exercise or defence of legal claims.</summary>
    LegalClaims = 6,

    /// <summary>Art. 9(2)(g): substantial public interest on the basis of Union or Member State law.</summary>
    SubstantialPublicInterest = 7,

    /// <summary>Art. 9(2)(h): preventive or occupational medicine, medical diagnosis, health or social care.</summary>
    HealthOrSocialCare = 8,

    /// <summary>Art. 9(2)(i): public interest in the area of public health.</summary>
    PublicHealth = 9,

    /// <summary>Art. 9(2)(j): archiving in the public interest, scientific or historical research, or statistics.</summary>
    ArchivingResearchOrStatistics = 10,
}
