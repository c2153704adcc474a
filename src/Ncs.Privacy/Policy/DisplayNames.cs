using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;

namespace Ncs.Privacy;

/// <summary>
/// The names people read for types and members: declared with .NET's own <see cref="DisplayAttribute"/> (members) or
/// <see cref="DisplayNameAttribute"/> (types and properties), else derived from the code name ("_cardNumber" reads
/// "Card number", "ProfessionalCategory" reads "Professional category"). Translations come from the policy's
/// resources, keyed by this name.
/// </summary>
public static class DisplayNames
{
    private static readonly ConcurrentDictionary<MemberInfo, string> Cache = new();

    /// <summary>The display name of a type or member.</summary>
    /// <param name="member">A <see cref="Type"/>, <see cref="PropertyInfo"/> or <see cref="FieldInfo"/>.</param>
    /// <returns>The declared name, or one derived from the code name.</returns>
    public static string Of(MemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return Cache.GetOrAdd(member, static m =>
            m.GetCustomAttribute<DisplayAttribute>(true)?.GetName()
            ?? m.GetCustomAttribute<DisplayNameAttribute>(true)?.DisplayName
            ?? Derive(m.Name));
    }

    /// <summary>Derives a display name from a code name: strips a leading <c>_</c> or <c>m_</c>, generic arity and owned-type suffixes, and splits words.</summary>
    /// <param name="codeName">A type, property or field name.</param>
    /// <returns>"Card number" for "_cardNumber".</returns>
    public static string Derive(string codeName)
    {
        ArgumentNullException.ThrowIfNull(codeName);
        var name = codeName;
        var hash = name.LastIndexOf('#');
        if (hash >= 0)
        {
            name = name[(hash + 1)..]; // EF Core's shared owned type "Order.ShippingAddress#DeliveryAddress"
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        if (name.StartsWith("m_", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        name = name.TrimStart('_');
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_')
            {
                sb.Append(' ');
                continue;
            }

            var boundary = i > 0 && char.IsUpper(c)
                && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (boundary && sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }

            // Acronyms (VAT, IBAN) keep their case; other words are lower-cased after the first.
            var inAcronym = char.IsUpper(c) && ((i + 1 < name.Length && char.IsUpper(name[i + 1])) || (i > 0 && char.IsUpper(name[i - 1]) && (i + 1 == name.Length || !char.IsLower(name[i + 1]))));
            sb.Append(sb.Length == 0 ? char.ToUpperInvariant(c) : inAcronym ? c : char.ToLowerInvariant(c));
        }

        return sb.Length == 0 ? codeName : sb.ToString();
    }
}
