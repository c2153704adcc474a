namespace Ncs.Privacy;

/// <summary>States that a member of a domain model holds no personal data, and why.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class NotPersonalDataAttribute : Attribute
{
    /// <summary>Creates the classification.</summary>
    /// <param name="reason">Why the value is not personal data (a product code, an aggregated count...).</param>
    public NotPersonalDataAttribute(string reason) => Reason = reason;

    /// <summary>Why the value is not personal data.</summary>
    public string Reason { get; }
}

/// <summary>Marks the root entity of a data-subject category: one row is one person (a customer, an employee).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class DataSubjectAttribute : Attribute
{
    /// <summary>Creates the marker.</summary>
    /// <param name="category">Identifier of a category declared with <see cref="DataSubjectCategoryAttribute"/>.</param>
    public DataSubjectAttribute(string category) => Category = category;

    /// <summary>Identifier of the data-subject category.</summary>
    public string Category { get; }
}

/// <summary>
/// Marks the date member from which retention periods of this entity are counted (created, last activity,
/// invoice date...). Without arguments it anchors every rule used on the entity; with rule identifiers, only those.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class RetentionAnchorAttribute : Attribute
{
    /// <summary>Creates the marker.</summary>
    /// <param name="rules">Identifiers of the rules this anchor is for; none means every rule used on the entity.</param>
    public RetentionAnchorAttribute(params string[] rules) => Rules = rules;

    /// <summary>Identifiers of the rules this anchor is for; empty means every rule.</summary>
    public IReadOnlyList<string> Rules { get; }
}
