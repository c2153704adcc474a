using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>A purpose as declared: what the annotation rules need of it.</summary>
internal sealed class DeclaredPurpose(string id, IFieldSymbol field, int legalBasis, int specialCategoryCondition)
{
    public string Id { get; } = id;

    public IFieldSymbol Field { get; } = field;

    /// <summary>The <c>LegalBasis</c> enum value (Art. 6(1)); 0 when unreadable.</summary>
    public int LegalBasis { get; } = legalBasis;

    /// <summary>The <c>SpecialCategoryCondition</c> enum value; 0 is None.</summary>
    public int SpecialCategoryCondition { get; } = specialCategoryCondition;
}

/// <summary>
/// The identifiers the visible policies declare: the <c>const string</c> fields, in classes marked
/// <c>[PrivacyPolicy]</c> and their nested classes, that carry a declaration attribute. The constant's value is the
/// identifier, as at run time. Policies come from this compilation and from referenced assemblies that reference
/// Ncs.Privacy; when several are visible their vocabularies are united.
/// </summary>
internal sealed class PolicyVocabulary
{
    private PolicyVocabulary()
    {
    }

    /// <summary>False when no policy class is visible: the reference rules then stay silent, since nothing can be checked.</summary>
    public bool HasPolicy { get; private set; }

    public Dictionary<string, DeclaredPurpose> Purposes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IFieldSymbol> RetentionRules { get; } = new(StringComparer.Ordinal);

    /// <summary>Retention rules that name a <c>LegalObligation</c>: legal holds (Art. 17(3)(b)).</summary>
    public HashSet<string> LegalHolds { get; } = new(StringComparer.Ordinal);

    /// <summary>Data categories, with whether each is a special category (Art. 9(1)).</summary>
    public Dictionary<string, bool> Categories { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SubjectCategories { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Recipients { get; } = new(StringComparer.Ordinal);

    /// <summary>The first declared purpose and retention rule, in declaration order: what a generated TODO annotation names.</summary>
    /// <summary>
    /// The data category by which the policy declares that the application holds payment card data (PCI DSS scope): the first
    /// whose identifier or description mentions a payment card (<c>"payment-card"</c>, <c>"Payment card data"</c>, a credit card, PCI),
    /// not any card (<c>"Identity card number"</c>, <c>"Loyalty card"</c>); null when none does.
    /// </summary>
    public string? PaymentCardCategory { get; private set; }

    /// <summary>
    /// Whether a category's identifier or description speaks of payment card data: a payment, credit, debit or bank card, a card
    /// holder, PCI. Another card (an identity card number, a loyalty card, a membership card) is not card data.
    /// </summary>
    private static bool MentionsPaymentCard(string? text)
    {
        if (text is null)
        {
            return false;
        }

        var words = text.ToLowerInvariant().Replace('-', ' ').Replace('_', ' ');
        foreach (var phrase in PaymentCardPhrases)
        {
            if (words.Contains(phrase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] PaymentCardPhrases =
        ["payment card", "paymentcard", "credit card", "creditcard", "debit card", "debitcard", "bank card", "cardholder", "card holder", "pci"];

    /// <summary>Each purpose's field with its identifier and description, in declaration order: what the code fix matches a member against.</summary>
    public List<(IFieldSymbol Field, string Text)> PurposeTexts { get; } = [];

    /// <summary>Each data category's field with its identifier and description, in declaration order.</summary>
    public List<(IFieldSymbol Field, string Text)> CategoryTexts { get; } = [];

    public DeclaredPurpose? FirstPurpose { get; private set; }

    public IFieldSymbol? FirstRetentionRule { get; private set; }

    public static string Known(IEnumerable<string> ids)
    {
        var list = ids.OrderBy(id => id, StringComparer.Ordinal).ToList();
        return list.Count == 0 ? " (it declares none)" : $" (declared: {string.Join(", ", list)})";
    }

    public static PolicyVocabulary Read(Compilation compilation, PrivacySymbols symbols)
    {
        var vocabulary = new PolicyVocabulary();
        if (symbols.PrivacyPolicy is null)
        {
            return vocabulary;
        }

        // Our own source first, so that a generated TODO names the application's policy rather than a library's.
        vocabulary.CollectNamespace(compilation.Assembly.GlobalNamespace, symbols);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (ReferencesPrivacy(assembly))
            {
                vocabulary.CollectNamespace(assembly.GlobalNamespace, symbols);
            }
        }

        return vocabulary;
    }

    private static bool ReferencesPrivacy(IAssemblySymbol assembly)
    {
        foreach (var module in assembly.Modules)
        {
            foreach (var referenced in module.ReferencedAssemblies)
            {
                if (referenced.Name == "Ncs.Privacy")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void CollectNamespace(INamespaceSymbol ns, PrivacySymbols symbols)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol child)
            {
                CollectNamespace(child, symbols);
            }
            else if (member is INamedTypeSymbol type)
            {
                CollectPolicies(type, symbols);
            }
        }
    }

    private void CollectPolicies(INamedTypeSymbol type, PrivacySymbols symbols)
    {
        if (PrivacySymbols.HasAttribute(type, symbols.PrivacyPolicy))
        {
            HasPolicy = true;
            CollectDeclarations(type, symbols);
            return;
        }

        foreach (var nested in type.GetTypeMembers())
        {
            CollectPolicies(nested, symbols);
        }
    }

    private void CollectDeclarations(INamedTypeSymbol type, PrivacySymbols symbols)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsConst: true, ConstantValue: string id } field || id.Length == 0)
            {
                continue;
            }

            foreach (var attribute in field.GetAttributes())
            {
                if (PrivacySymbols.Is(attribute, symbols.Purpose))
                {
                    var purpose = new DeclaredPurpose(id, field, IntArgument(attribute, 0), IntNamed(attribute, "SpecialCategoryCondition"));
                    PurposeTexts.Add((field, id + " " + (attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value as string : null)));
                    if (!Purposes.ContainsKey(id))
                    {
                        Purposes.Add(id, purpose);
                        FirstPurpose ??= purpose;
                    }
                }
                else if (PrivacySymbols.Is(attribute, symbols.RetentionRule))
                {
                    if (!RetentionRules.ContainsKey(id))
                    {
                        RetentionRules.Add(id, field);
                        FirstRetentionRule ??= field;
                        if (attribute.NamedArguments.Any(a => a.Key == "LegalObligation" && a.Value.Value is string law && law.Length > 0))
                        {
                            LegalHolds.Add(id);
                        }
                    }
                }
                else if (PrivacySymbols.Is(attribute, symbols.DataCategory))
                {
                    Categories[id] = Categories.TryGetValue(id, out var special) && special || BoolNamed(attribute, "IsSpecialCategory");
                    var description = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
                    CategoryTexts.Add((field, id + " " + description));
                    if (PaymentCardCategory is null && (MentionsPaymentCard(id) || MentionsPaymentCard(description)))
                    {
                        PaymentCardCategory = id;
                    }
                }
                else if (PrivacySymbols.Is(attribute, symbols.DataSubjectCategory))
                {
                    SubjectCategories.Add(id);
                }
                else if (PrivacySymbols.Is(attribute, symbols.Recipient))
                {
                    Recipients.Add(id);
                }
            }
        }

        foreach (var nested in type.GetTypeMembers())
        {
            CollectDeclarations(nested, symbols);
        }
    }

    internal static int IntArgument(AttributeData attribute, int index) =>
        attribute.ConstructorArguments.Length > index && attribute.ConstructorArguments[index].Value is int value ? value : 0;

    internal static int IntNamed(AttributeData attribute, string name)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == name && named.Value.Value is int value)
            {
                return value;
            }
        }

        return 0;
    }

    internal static bool BoolNamed(AttributeData attribute, string name)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == name && named.Value.Value is bool value)
            {
                return value;
            }
        }

        return false;
    }
}
