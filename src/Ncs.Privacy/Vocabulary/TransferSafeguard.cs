namespace Ncs.Privacy;

/// <summary>The safeguard under which personal data is transferred to a third country (GDPR Chapter V).</summary>
public enum TransferSafeguard
{
    /// <summary>No transfer outside the EEA, or none declared.</summary>
    None = 0,

    /// <summary>Art. 45: the Commission has decided the country ensures an adequate level of protection.</summary>
    AdequacyDecision = 1,

    /// <summary>Art. 46(2)(c): standard data protection clauses adopted by the Commission.</summary>
    StandardContractualClauses = 2,

    /// <summary>Art. 47: binding corporate rules.</summary>
    BindingCorporateRules = 3,

    /// <summary>Art. 46(2)(e)/(f): an approved code of conduct or certification mechanism.</summary>
    CodeOfConductOrCertification = 4,

    /// <summary>Art. 49: a derogation for a specific situation (explicit consent, contract performance...).</summary>
    Derogation = 5,
}
