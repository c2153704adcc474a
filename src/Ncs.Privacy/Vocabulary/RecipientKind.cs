namespace Ncs.Privacy;

/// <summary>What kind of party receives personal data (GDPR Art. 4(9), Art. 28, Art. 30(1)(d)).</summary>
public enum RecipientKind
{
    /// <summary>A processor acting on the controller's behalf under an Art. 28 agreement (hosting, payment agent, e-mail delivery...).</summary>
    Processor = 1,

    /// <summary>An independent controller such as a partner or reseller.</summary>
    Partner = 2,

    /// <summary>A public authority (police, tax agency, courts) receiving data on a legal request.</summary>
    Authority = 3,

    /// <summary>A joint controller under Art. 26.</summary>
    JointController = 4,
}
