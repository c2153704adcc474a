namespace Ncs.Privacy;

/// <summary>
/// Declares, for the analyzer, which namespaces of this assembly hold domain models, so that every member of
/// their types is checked for a privacy classification (rule NCSP001) in the project where the types are written,
/// even though the <c>DbContext</c> that maps them lives in another project.
/// </summary>
/// <example>
/// <code>
/// [assembly: PrivacyModel("Shop.Domain.Customers", "Shop.Domain.Orders")]
/// </code>
/// The same can be said in <c>.editorconfig</c> with <c>ncs_privacy.model_namespaces = Shop.Domain.Customers, Shop.Domain.Orders</c>.
/// </example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class PrivacyModelAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="namespaces">Namespaces whose types (and those of their child namespaces) are domain models.</param>
    public PrivacyModelAttribute(params string[] namespaces) => Namespaces = namespaces;

    /// <summary>Namespaces whose types, and those of their child namespaces, are domain models.</summary>
    public IReadOnlyList<string> Namespaces { get; }
}
