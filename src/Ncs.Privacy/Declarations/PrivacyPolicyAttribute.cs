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
}
