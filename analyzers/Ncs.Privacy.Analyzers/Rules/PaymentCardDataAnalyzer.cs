using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.Analyzers.Rules;

/// <summary>
/// NCSP007: a member of the domain model holds payment card data (PCI DSS scope): a card number (PAN) where the policy does
/// not declare that the application holds card data, or a card security code (CVV/CVC), which PCI DSS forbids storing after
/// authorisation by anyone. Recognised by name, as privacy scanners classify by data type (<see cref="PaymentCardNames"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PaymentCardDataAnalyzer : PrivacyAnalyzer
{
    internal static readonly DiagnosticDescriptor CardNumberRule = Describe(
        RuleIdentifiers.PaymentCardData,
        title: "Domain model holds payment card data the policy does not declare",
        messageFormat: "'{0}.{1}' looks like a payment card number (PCI DSS scope), and the policy declares no data category for card data: card data belongs with the payment agent; keep the agent's token or payment reference instead, or declare a [DataCategory] for payment card data if the application really holds it",
        description: "Holding card numbers brings the application into PCI DSS scope. A policy that does not declare card data promises that the payment agent alone handles it; a member holding a card number breaks that promise.");

    internal static readonly DiagnosticDescriptor SecurityCodeRule = Describe(
        RuleIdentifiers.PaymentCardData,
        title: "Domain model holds payment card data the policy does not declare",
        messageFormat: "'{0}.{1}' looks like a card security code (CVV/CVC), which PCI DSS forbids storing after authorisation, even where card data is held: do not keep it",
        description: "Sensitive authentication data (the card verification code) must not be stored after authorisation (PCI DSS requirement 3.3.1), whatever the policy says.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(CardNumberRule, SecurityCodeRule);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext start, PrivacyCompilation privacy)
    {
        var options = start.Options;
        // Per file, not per type: see TypeContext.
        start.RegisterSemanticModelAction(c =>
        {
            var model = privacy.Model(options, c.CancellationToken);
            TypeContext.ForEachType(c, t => Analyze(t, privacy, model));
        });
    }

    private static void Analyze(TypeContext context, PrivacyCompilation privacy, DomainModel model)
    {
        var type = context.Symbol;
        if (model.Contains(type))
        {
            foreach (var member in type.GetMembers())
            {
                // The name first (almost no member is card data), the locations (a new array on every call) only then.
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false } or IFieldSymbol { IsStatic: false, IsConst: false, IsImplicitlyDeclared: false }
                    && Rule(member.Name, type.Name, member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type, privacy) is { } rule
                    && MemberContext.SourceLocation(member) is { } location
                    && !GeneratedCode.IsGenerated(member, privacy.Symbols, context.CancellationToken))
                {
                    context.ReportDiagnostic(Diagnostic.Create(rule, location, type.Name, member.Name));
                }
            }
        }

        // The layered case: an entity of another project brought in here by a DbSet or a configuration; its members visible to a
        // build (not private: reference assemblies drop those) are reported where it is brought in, as NCSP001 reports them.
        ReportImported(context, model, type, privacy);
        if (model.HasImportedEntitiesAtProperties)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol)
                {
                    ReportImported(context, model, member, privacy);
                }
            }
        }

        // The layered case: a configuration here maps another project's private field by name (Property("_cardNumber")).
        foreach (var mapping in model.MappedByNameIn(type))
        {
            if (!SymbolEqualityComparer.Default.Equals(mapping.Entity.ContainingAssembly, context.Compilation.Assembly)
                && Rule(mapping.Name, mapping.Entity.Name, null, privacy) is { } rule)
            {
                context.ReportDiagnostic(Diagnostic.Create(rule, mapping.Location, mapping.Entity.Name, mapping.Name));
            }
        }
    }

    private static void ReportImported(TypeContext context, DomainModel model, ISymbol at, PrivacyCompilation privacy)
    {
        if (at.Locations.Length == 0 || !at.Locations[0].IsInSource)
        {
            return;
        }

        foreach (var entity in model.ImportedEntitiesAt(at))
        {
            foreach (var member in entity.GetMembers())
            {
                if (member.DeclaredAccessibility != Accessibility.Private
                    && member is IPropertySymbol { IsStatic: false, IsIndexer: false } or IFieldSymbol { IsStatic: false, IsConst: false, IsImplicitlyDeclared: false }
                    && Rule(member.Name, entity.Name, member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type, privacy) is { } rule)
                {
                    context.ReportDiagnostic(Diagnostic.Create(rule, at.Locations[0], entity.Name, member.Name));
                }
            }
        }
    }

    /// <remarks>
    /// Whether the policy declares card data is asked only for a card number: reading the policy walks every type of every
    /// referenced assembly that references Ncs.Privacy (the whole domain project of a layered application), and most models
    /// hold no card number to ask about.
    /// </remarks>
    private static DiagnosticDescriptor? Rule(string name, string ownerName, ITypeSymbol? type, PrivacyCompilation privacy)
    {
        if (type is not null && !PaymentCardNames.CanHoldCardData(type))
        {
            return null;
        }

        return PaymentCardNames.Classify(name, ownerName) switch
        {
            PaymentCardKind.SecurityCode => SecurityCodeRule,
            PaymentCardKind.CardNumber when privacy.Vocabulary.PaymentCardCategory is null => CardNumberRule,
            _ => null,
        };
    }
}

/// <summary>What a member name says about payment card data.</summary>
internal enum PaymentCardKind
{
    None,
    CardNumber,
    SecurityCode,
}

/// <summary>
/// Payment card data recognised by member name, the way privacy scanners classify by data type: the card number (PAN:
/// <c>CardNumber</c>, <c>CreditCard</c>, <c>Pan</c>, <c>PrimaryAccountNumber</c>, <c>CcNumber</c>) and the security code
/// (<c>Cvv</c>, <c>Cvc</c>, <c>Cvv2</c>, <c>CardSecurityCode</c>, <c>CardVerification...</c>, a bare <c>SecurityCode</c> on a card or payment type;
/// never <c>SocialSecurityNumber</c>, a national id, nor a security code without card context such as <c>EmailSecurityCode</c>). What only refers to a
/// card is not card data: names ending in <c>Id</c>, <c>Type</c>, <c>Token</c>, <c>Reference</c>, <c>Brand</c>, <c>Last4</c>,
/// <c>Masked</c>, <c>Hash</c>, <c>Expiry</c>...
/// </summary>
internal static class PaymentCardNames
{
    private static readonly string[] NotCardData =
    [
        "id", "ids", "type", "token", "reference", "ref", "brand", "last4", "lastfour", "lastdigits", "masked", "hash", "hashed",
        "expiry", "expiration", "expires", "holder", "holdername", "count", "length", "issuer", "country", "fingerprint", "alias",
    ];

    /// <summary>What <paramref name="memberName"/> holds; <paramref name="ownerName"/>, the type declaring it, gives card context to a bare <c>SecurityCode</c>.</summary>
    public static PaymentCardKind Classify(string memberName, string? ownerName = null)
    {
        if (!MayNameCardData(memberName))
        {
            return PaymentCardKind.None;
        }

        var name = Normalise(memberName);
        foreach (var suffix in NotCardData)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return PaymentCardKind.None;
            }
        }

        // "Security code" is card data only with card context: a card word in the name (CardSecurityCode, CvvCode), or the bare
        // name on a card or payment type (CreditCard.SecurityCode, Payment._securityNumber). A Social Security Number is a national id, an EmailSecurityCode a
        // one-time code: neither is a card verification code.
        var cardContext = name.Contains("card") || name.Contains("cvv") || name.Contains("cvc") || name.Contains("csc")
            || (name is "securitycode" or "securitynumber" && ownerName is not null
                && (ownerName.IndexOf("card", StringComparison.OrdinalIgnoreCase) >= 0 || ownerName.IndexOf("payment", StringComparison.OrdinalIgnoreCase) >= 0));
        if (name is "cvv" or "cvc" or "cvv2" or "cvc2" or "cid" or "csc" || name.EndsWith("cvv", StringComparison.Ordinal) || name.EndsWith("cvc", StringComparison.Ordinal)
            || name.StartsWith("cvv", StringComparison.Ordinal) || name.StartsWith("cvc", StringComparison.Ordinal)
            || (cardContext && !name.Contains("social") && (name.Contains("securitycode") || name.Contains("securitynumber")))
            || name.Contains("cardverification") || name.Contains("cardsecurity"))
        {
            return PaymentCardKind.SecurityCode;
        }

        if (name.Contains("cardnumber") || name.Contains("cardno") || name == "creditcard" || name.Contains("creditcardnumber")
            || name is "pan" || name.EndsWith("pan", StringComparison.Ordinal) && name.Contains("card")
            || name.Contains("primaryaccountnumber") || name.Contains("ccnumber") || name is "ccnum" or "cc")
        {
            return PaymentCardKind.CardNumber;
        }

        return PaymentCardKind.None;
    }

    /// <summary>Text or a number: what a card number or code is kept as (not a bool, a date, an entity).</summary>
    public static bool CanHoldCardData(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.SpecialType is SpecialType.System_String or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Decimal or SpecialType.System_Int16
            || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char or SpecialType.System_Byte };
    }

    /// <summary>
    /// False when no rule of <see cref="Classify"/> can match: a name without an underscore that contains none of the fragments
    /// the rules look for. Every member of the model is asked, and normalising its name allocates.
    /// </summary>
    private static bool MayNameCardData(string name)
    {
        if (name.IndexOf('_') >= 0)
        {
            return true;
        }

        // Every fragment has a 'c' or a 'p': one scan for those four characters settles most names (Member1, Email, OrderDate).
        if (name.IndexOfAny(CardLetters) < 0)
        {
            return false;
        }

        foreach (var fragment in CardFragments)
        {
            if (name.IndexOf(fragment, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    // Every name Classify recognises contains one of these (cvv, cvc, cid, csc, security..., cardverification, cardnumber, cardno,
    // creditcard, pan, primaryaccountnumber, ccnumber, ccnum, cc).
    private static readonly string[] CardFragments = ["cv", "cid", "csc", "secur", "card", "pan", "cc", "primaryaccount"];

    private static readonly char[] CardLetters = ['c', 'C', 'p', 'P'];

    private static string Normalise(string name)
    {
        var trimmed = name.StartsWith("m_", StringComparison.Ordinal) ? name.Substring(2) : name;
        return trimmed.Replace("_", string.Empty).ToLowerInvariant();
    }
}
