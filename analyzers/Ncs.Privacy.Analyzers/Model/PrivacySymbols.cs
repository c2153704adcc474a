using Microsoft.CodeAnalysis;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>
/// The types the rules look for, resolved once per compilation by metadata name: the analyzer never references
/// Ncs.Privacy.dll, so that it loads in any compiler and works against any version of the attributes.
/// </summary>
internal sealed class PrivacySymbols
{
    private PrivacySymbols(Compilation compilation, INamedTypeSymbol personalData)
    {
        PersonalData = personalData;
        NotPersonalData = compilation.GetTypeByMetadataName("Ncs.Privacy.NotPersonalDataAttribute");
        DataSubject = compilation.GetTypeByMetadataName("Ncs.Privacy.DataSubjectAttribute");
        RetentionAnchor = compilation.GetTypeByMetadataName("Ncs.Privacy.RetentionAnchorAttribute");
        PrivacyModel = compilation.GetTypeByMetadataName("Ncs.Privacy.PrivacyModelAttribute");
        PrivacyPolicy = compilation.GetTypeByMetadataName("Ncs.Privacy.PrivacyPolicyAttribute");
        Purpose = compilation.GetTypeByMetadataName("Ncs.Privacy.PurposeAttribute");
        RetentionRule = compilation.GetTypeByMetadataName("Ncs.Privacy.RetentionRuleAttribute");
        DataCategory = compilation.GetTypeByMetadataName("Ncs.Privacy.DataCategoryAttribute");
        DataSubjectCategory = compilation.GetTypeByMetadataName("Ncs.Privacy.DataSubjectCategoryAttribute");
        Recipient = compilation.GetTypeByMetadataName("Ncs.Privacy.RecipientAttribute");
        IdentityPersonalData = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.PersonalDataAttribute");
        DbContext = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext");
        DbSet = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbSet`1");
        EntityTypeConfiguration = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.IEntityTypeConfiguration`1");
        NotMapped = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute");
        Key = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.KeyAttribute");
        ForeignKey = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.ForeignKeyAttribute");
        Timestamp = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.TimestampAttribute");
        SubjectReference = compilation.GetTypeByMetadataName("Ncs.Privacy.SubjectReferenceAttribute");
        Owned = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.OwnedAttribute");
        ComplexType = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.ComplexTypeAttribute");
        GeneratedCode = compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
        Logger = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
        LoggerExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
        LoggerMessage = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerMessageAttribute");
        Enumerable = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
    }

    public INamedTypeSymbol PersonalData { get; }

    public INamedTypeSymbol? NotPersonalData { get; }

    public INamedTypeSymbol? DataSubject { get; }

    public INamedTypeSymbol? RetentionAnchor { get; }

    public INamedTypeSymbol? PrivacyModel { get; }

    public INamedTypeSymbol? PrivacyPolicy { get; }

    public INamedTypeSymbol? Purpose { get; }

    public INamedTypeSymbol? RetentionRule { get; }

    public INamedTypeSymbol? DataCategory { get; }

    public INamedTypeSymbol? DataSubjectCategory { get; }

    public INamedTypeSymbol? Recipient { get; }

    public INamedTypeSymbol? IdentityPersonalData { get; }

    public INamedTypeSymbol? DbContext { get; }

    public INamedTypeSymbol? DbSet { get; }

    public INamedTypeSymbol? EntityTypeConfiguration { get; }

    public INamedTypeSymbol? NotMapped { get; }

    public INamedTypeSymbol? Key { get; }

    public INamedTypeSymbol? ForeignKey { get; }

    public INamedTypeSymbol? Timestamp { get; }

    /// <summary><c>[SubjectReference(category)]</c>: a subject's id held by value, a foreign key to a stand-in root at run time.</summary>
    public INamedTypeSymbol? SubjectReference { get; }

    public INamedTypeSymbol? Owned { get; }

    public INamedTypeSymbol? ComplexType { get; }

    public INamedTypeSymbol? GeneratedCode { get; }

    public INamedTypeSymbol? Logger { get; }

    public INamedTypeSymbol? LoggerExtensions { get; }

    public INamedTypeSymbol? LoggerMessage { get; }

    public INamedTypeSymbol Enumerable { get; }

    /// <summary>The symbols, or null when the compilation does not reference Ncs.Privacy (every rule then does nothing).</summary>
    public static PrivacySymbols? TryCreate(Compilation compilation)
    {
        var personalData = compilation.GetTypeByMetadataName("Ncs.Privacy.PersonalDataAttribute");
        return personalData is null ? null : new PrivacySymbols(compilation, personalData);
    }

    public bool IsPersonalData(AttributeData attribute) => Is(attribute, PersonalData);

    public bool IsNotPersonalData(AttributeData attribute) => Is(attribute, NotPersonalData);

    public bool IsRetentionAnchor(AttributeData attribute) => Is(attribute, RetentionAnchor);

    /// <summary>ASP.NET Core Identity's attribute, or one derived from it (ProtectedPersonalData).</summary>
    public bool IsIdentityPersonalData(AttributeData attribute)
    {
        for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
        {
            if (IdentityPersonalData is not null ? SymbolEqualityComparer.Default.Equals(type, IdentityPersonalData)
                : type.Name == "PersonalDataAttribute" && type.ContainingNamespace is
                    { Name: "Identity", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the member carries any classification the runtime reads: ours, a retention anchor, or Identity's (weak);
    /// on an override, also one of the property it overrides (our attributes are inherited, and the runtime reads them so).
    /// </summary>
    public bool IsClassified(ISymbol member)
    {
        for (var current = member; current is not null; current = (current as IPropertySymbol)?.OverriddenProperty)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (IsPersonalData(attribute) || IsNotPersonalData(attribute) || IsRetentionAnchor(attribute) || IsIdentityPersonalData(attribute))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static bool Is(AttributeData attribute, INamedTypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, type);

    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, type))
            {
                return true;
            }
        }

        return false;
    }
}
