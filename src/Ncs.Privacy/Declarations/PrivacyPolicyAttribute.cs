namespace Ncs.Privacy;

/// <summary>
/// Marks the static class that declares an application's privacy policy. Its <c>const string</c> fields, and
/// those of its nested static classes, that carry <see cref="PurposeAttribute"/>, <see cref="RetentionRuleAttribute"/>,
/// <see cref="DataCategoryAttribute"/>, <see cref="DataSubjectCategoryAttribute"/> or <see cref="RecipientAttribute"/>
/// are the policy's vocabulary; annotations refer to them by those constants.
/// </summary>
/// <example>
/// <code>
/// [PrivacyPolicy(Name = "NCS Colour webshop")]
/// [Controller("NCS Colour AB", Email = "info@ncscolour.com")]
/// public static class NcsPolicy
/// {
///     public static class Purposes
///     {
///         [Purpose(LegalBasis.Contract, "Answer questions and complaints.", Subjects = [Subjects.Customer])]
///         public const string CustomerService = "customer-service";
///     }
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PrivacyPolicyAttribute : Attribute
{
    /// <summary>A human name for the policy, shown in the processing register. Defaults to the class name.</summary>
    public string? Name { get; set; }

    /// <summary>The month (1–12) in which the controller's fiscal year starts. Defaults to 1 (calendar year).</summary>
    public int FiscalYearStartMonth { get; set; } = 1;

    /// <summary>
    /// The policy's own version (e.g. <c>"2026-11"</c> or <c>"3.1"</c>), printed with the register beside a content
    /// hash. Never a timestamp: the register stays byte-identical for the same code. Null: "not declared".
    /// </summary>
    public string? Version { get; set; }
}

/// <summary>The controller's identity and contact details, Art. 30(1)(a). Put it on the policy class.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ControllerAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="name">The controller's legal name.</param>
    public ControllerAttribute(string name) => Name = name;

    /// <summary>The controller's legal name.</summary>
    public string Name { get; }

    /// <summary>The address to which data-subject requests can be sent (e-mail).</summary>
    public string? Email { get; set; }

    /// <summary>Postal address.</summary>
    public string? Address { get; set; }

    /// <summary>Telephone number.</summary>
    public string? Phone { get; set; }

    /// <summary>Organisation number or other registration.</summary>
    public string? RegistrationNumber { get; set; }

    /// <summary>The controller's representative in the Union, where Art. 27 requires one.</summary>
    public string? Representative { get; set; }

    /// <summary>What of this declaration the policy document does not state (shown in the register as an assumption), or null.</summary>
    public string? Assumption { get; set; }
}

/// <summary>The data-protection officer's contact details, Art. 30(1)(a) and Art. 37. Put it on the policy class.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DataProtectionOfficerAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="name">The DPO's name or function.</param>
    public DataProtectionOfficerAttribute(string name) => Name = name;

    /// <summary>The DPO's name or function.</summary>
    public string Name { get; }

    /// <summary>E-mail address.</summary>
    public string? Email { get; set; }

    /// <summary>Telephone number.</summary>
    public string? Phone { get; set; }
}

/// <summary>A technical or organisational security measure, Art. 30(1)(g) and Art. 32. Repeatable on the policy class.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SecurityMeasureAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="description">What the measure is, in words a supervisory authority understands.</param>
    public SecurityMeasureAttribute(string description) => Description = description;

    /// <summary>What the measure is.</summary>
    public string Description { get; }

    /// <summary>Set when the policy document does not state this measure: why it is listed (shown in the register as an assumption).</summary>
    public string? Assumption { get; set; }
}

/// <summary>
/// States that the controller has designated no data-protection officer (Art. 37 does not require one), and why.
/// Without it and without <see cref="DataProtectionOfficerAttribute"/> the register says "not declared".
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NoDataProtectionOfficerAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="reason">Why none is designated, e.g. "Art. 37(1) does not apply: no large-scale monitoring or special categories".</param>
    public NoDataProtectionOfficerAttribute(string reason) => Reason = reason;

    /// <summary>Why no officer is designated.</summary>
    public string Reason { get; }
}

/// <summary>
/// A statement of the policy document that the register carries as it is (how changes are announced, that data is not
/// sold). Repeatable on the policy class; printed in the register's notes in declaration order by text.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PolicyNoteAttribute : Attribute
{
    /// <summary>Creates the note.</summary>
    /// <param name="text">The statement, in the policy's default language (translations in the policy's resources).</param>
    public PolicyNoteAttribute(string text) => Text = text;

    /// <summary>The statement.</summary>
    public string Text { get; }
}

/// <summary>
/// A choice the code makes that the policy document does not state and that belongs to no single declaration
/// (a fiscal year, a legal name). Repeatable on the policy class; the register lists each as an assumption.
/// Assumptions about one declaration go in that declaration's <c>Assumption</c> property.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AssumptionAttribute : Attribute
{
    /// <summary>Creates the assumption.</summary>
    /// <param name="text">What is assumed and why.</param>
    public AssumptionAttribute(string text) => Text = text;

    /// <summary>What is assumed and why.</summary>
    public string Text { get; }
}

/// <summary>
/// The supervisory authority data subjects may complain to (Art. 13(2)(d), Art. 77), named in the rights section of
/// every export and refusal. Put it on the policy class. For a Swedish controller: Integritetsskyddsmyndigheten (IMY).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SupervisoryAuthorityAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="name">The authority's name, e.g. "Integritetsskyddsmyndigheten (IMY)".</param>
    public SupervisoryAuthorityAttribute(string name) => Name = name;

    /// <summary>The authority's name.</summary>
    public string Name { get; }

    /// <summary>Its website, e.g. <c>https://www.imy.se</c>.</summary>
    public string? Website { get; set; }
}
