using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>A kind of personal data a member's name (and type) reveals, as privacy scanners classify by data type.</summary>
internal sealed class PersonalDataKind(string label, string[] names, string[] categoryWords, string[] purposeWords, Func<ITypeSymbol?, bool>? type = null)
{
    /// <summary>How the code fix names it: <c>e-mail address</c>.</summary>
    public string Label { get; } = label;

    /// <summary>Normalised name fragments (lower case, no separators) that reveal the kind.</summary>
    public string[] Names { get; } = names;

    /// <summary>Words that, in a data category's identifier or description, mean it holds this kind.</summary>
    public string[] CategoryWords { get; } = categoryWords;

    /// <summary>Words that, in a purpose's identifier or description, mean it is what this kind is usually processed for.</summary>
    public string[] PurposeWords { get; } = purposeWords;

    public Func<ITypeSymbol?, bool>? Type { get; } = type;
}

/// <summary>
/// Proposes what a member is, from its name and type: e-mail, phone, name, postal address, date of birth, IP address,
/// national identity number (the Swedish personnummer and its kind), payment card data. The code fix of NCSP001 uses it to
/// propose the policy's data category and purpose that fit, rather than the first ones declared.
/// </summary>
internal static class PersonalDataKinds
{
    private static readonly PersonalDataKind[] Kinds =
    [
        new("payment card data", ["cardnumber", "creditcard", "cardholder", "cvv", "cvc", "securitycode", "pan"], ["card", "payment"], ["payment", "bookkeeping", "order", "purchase"]),
        new("national identity number", ["personnummer", "personalnumber", "personalidentitynumber", "nationalid", "ssn", "socialsecurity", "samordningsnummer", "identitynumber", "civicnumber"],
            ["personnummer", "national", "identity number", "identification", "identity"], ["identif", "credit", "legal", "bookkeeping"]),
        new("e-mail address", ["email", "mail"], ["e-mail", "email", "contact"], ["account", "contact", "communicat", "newsletter", "marketing"]),
        new("phone number", ["phone", "mobile", "telephone", "cellphone", "msisdn"], ["phone", "telephone", "contact"], ["account", "contact", "deliver", "communicat"]),
        new("IP address", ["ipaddress", "ip", "remoteaddress", "clientaddress"], ["ip", "network", "device", "online", "technical"], ["security", "fraud", "log", "abuse"]),
        new("postal address", ["address", "street", "postalcode", "postcode", "zipcode", "zip", "city", "postaladdress"], ["address", "postal", "delivery", "contact"], ["deliver", "shipping", "invoice", "account"]),
        new("date of birth", ["dateofbirth", "birthdate", "birthday", "dob", "born"], ["birth", "age", "identity"], ["age", "account", "identif"],
            t => t is null || t.Name is "DateTime" or "DateOnly" or "DateTimeOffset" or "String" || t.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T),
        new("name", ["firstname", "lastname", "fullname", "givenname", "surname", "familyname", "displayname", "nickname", "name"], ["name", "identity", "contact"], ["account", "contact", "deliver"],
            t => t is null || t.SpecialType == SpecialType.System_String),
    ];

    /// <summary>The kind a member's name reveals, or null.</summary>
    public static PersonalDataKind? Of(string memberName, ITypeSymbol? type)
    {
        var name = Normalise(memberName);
        foreach (var kind in Kinds)
        {
            if (kind.Names.Any(n => n.Length <= 3 ? name == n || name.EndsWith(n, StringComparison.Ordinal) && name.Length > n.Length && IsBoundary(memberName, n.Length) : name.Contains(n))
                && (kind.Type is null || kind.Type(Unwrap(type))))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>The first declaration whose identifier or description contains one of the words, in declaration order.</summary>
    public static IFieldSymbol? Match(IEnumerable<(IFieldSymbol Field, string Text)> declarations, IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            foreach (var (field, text) in declarations)
            {
                if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return field;
                }
            }
        }

        return null;
    }

    private static bool IsBoundary(string memberName, int suffixLength)
    {
        // "ClientIp", "UserDob": the short fragment starts a word (an upper-case letter or after an underscore).
        var start = memberName.Length - suffixLength;
        return start > 0 && (char.IsUpper(memberName[start]) || memberName[start - 1] == '_');
    }

    private static ITypeSymbol? Unwrap(ITypeSymbol? type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private static string Normalise(string name)
    {
        var trimmed = name.StartsWith("m_", StringComparison.Ordinal) ? name.Substring(2) : name;
        return trimmed.Replace("_", string.Empty).ToLowerInvariant();
    }
}
