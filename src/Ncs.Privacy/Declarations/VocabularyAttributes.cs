namespace Ncs.Privacy;

/// <summary>Declares a category of personal data (contact details, identity, payment...) on a <c>const string</c> field of the policy class.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class DataCategoryAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="description">What the category holds.</param>
    public DataCategoryAttribute(string description) => Description = description;

    /// <summary>What the category holds.</summary>
    public string Description { get; }

    /// <summary>A special category of Art. 9(1) (health, ethnicity, religion, biometrics...): needs an Art. 9(2) condition wherever it is used.</summary>
    public bool IsSpecialCategory { get; set; }
}

/// <summary>Declares a category of data subjects (customers, employees...) on a <c>const string</c> field of the policy class.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class DataSubjectCategoryAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="description">Who the subjects are.</param>
    public DataSubjectCategoryAttribute(string description) => Description = description;

    /// <summary>Who the subjects are.</summary>
    public string Description { get; }
}

/// <summary>Declares a recipient of personal data (processor, partner, authority) on a <c>const string</c> field of the policy class.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class RecipientAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="kind">What kind of party it is.</param>
    /// <param name="description">Who it is and what it receives the data for.</param>
    public RecipientAttribute(RecipientKind kind, string description)
    {
        Kind = kind;
        Description = description;
    }

    /// <summary>What kind of party it is.</summary>
    public RecipientKind Kind { get; }

    /// <summary>Who it is and what it receives the data for.</summary>
    public string Description { get; }

    /// <summary>
    /// ISO 3166-1 alpha-2 code of the country where the recipient processes the data. Null, with <see cref="WithinEea"/>
    /// false, means the location is not declared: the register says so and start-up warns (or fails, with
    /// <see cref="PrivacyOptions.RequireRecipientLocations"/>).
    /// </summary>
    public string? Country { get; set; }

    /// <summary>The recipient processes the data only within the EEA (no single country to name).</summary>
    public bool WithinEea { get; set; }

    /// <summary>What of this declaration (kind, location) the policy document does not state; shown in the register as an assumption.</summary>
    public string? Assumption { get; set; }

    /// <summary>The Chapter V safeguard for a transfer outside the EEA.</summary>
    public TransferSafeguard Safeguard { get; set; }

    /// <summary>Where the safeguard's documents can be obtained (Art. 30(1)(e)).</summary>
    public string? SafeguardReference { get; set; }
}
