using System.Collections.Frozen;

namespace Ncs.Privacy;

/// <summary>The EEA member states (EU 27 plus Iceland, Liechtenstein and Norway): transfers among them are not third-country transfers.</summary>
public static class EuropeanEconomicArea
{
    private static readonly FrozenSet<string> Members = new[]
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="countryCode"/> (ISO 3166-1 alpha-2) is an EEA member state.</summary>
    /// <param name="countryCode">Two-letter country code.</param>
    public static bool Contains(string countryCode) => Members.Contains(countryCode);
}
