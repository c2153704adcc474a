using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

[assembly: ResourceLocation("Resources")]
[assembly: RootNamespace("Ncs.Privacy")]

namespace Ncs.Privacy;

/// <summary>
/// The fixed texts of the register, the export, the erasure plan, refusals and the rights section, in
/// <c>Resources/PrivacyTexts.resx</c> (English, the neutral language) and <c>PrivacyTexts.sv.resx</c> (Swedish), read
/// through <see cref="IStringLocalizer"/>. Ask for <c>IStringLocalizer&lt;PrivacyTexts&gt;</c> to reuse them.
/// </summary>
public sealed class PrivacyTexts
{
    private PrivacyTexts()
    {
    }
}

/// <summary>
/// The texts of one document in one language: the library's fixed texts and the policy's own texts (its descriptions,
/// keyed by their text in the policy's default language, translated in resources named after the policy class).
/// Rendering is synchronous and sets <see cref="CultureInfo.CurrentUICulture"/> for its duration, which is what
/// <see cref="IStringLocalizer"/> reads.
/// </summary>
internal sealed class DocumentTexts
{
    private static readonly Lazy<IStringLocalizerFactory> DefaultFactory = new(() =>
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    private readonly IStringLocalizer _fixed;
    private readonly IStringLocalizer? _policy;

    public DocumentTexts(IStringLocalizerFactory? factory, Type? policyType, CultureInfo culture)
    {
        factory ??= DefaultFactory.Value;
        Culture = LanguageOf(culture);
        _fixed = factory.Create(typeof(PrivacyTexts));
        _policy = policyType is null ? null : factory.Create(policyType);
    }

    /// <summary>The culture of the texts: the one they are read and formatted in.</summary>
    public CultureInfo Culture { get; }

    /// <summary>
    /// The language a document says it is in (<c>en</c>, <c>sv</c>): the culture's name, and the neutral language's name
    /// where the neutral texts are read through the invariant culture (invariant globalization).
    /// </summary>
    public string Language => Culture.Name.Length == 0 ? ProcessingRegister.NeutralLanguage : Culture.Name;

    /// <summary>
    /// The culture of a language a document names (<c>en</c>, <c>sv-SE</c>); the neutral one when the process cannot create
    /// it (invariant globalization, where the document was rendered in the neutral language anyway).
    /// </summary>
    internal static CultureInfo CultureOfLanguage(string? language)
        => string.IsNullOrEmpty(language) || language == ProcessingRegister.NeutralLanguage
            ? ProcessingRegister.Neutral
            : ProcessingRegister.CultureOf(language) ?? ProcessingRegister.Neutral;

    private static readonly System.Resources.ResourceManager LibraryResources = new("Ncs.Privacy.Resources.PrivacyTexts", typeof(PrivacyTexts).Assembly);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CultureInfo> Languages = new(StringComparer.Ordinal);

    /// <summary>
    /// The language a document asked for in <paramref name="culture"/> is written in: the nearest culture of its chain
    /// (sv-SE, sv) the library has texts for, else the neutral language, English. A document names this language, never
    /// a culture whose texts it falls back from (fr-FR over English texts).
    /// </summary>
    internal static CultureInfo LanguageOf(CultureInfo culture) => Languages.GetOrAdd(culture.Name, _ =>
    {
        for (var c = culture; c.Name.Length > 0; c = c.Parent)
        {
            if (LibraryResources.GetResourceSet(c, createIfNotExists: true, tryParents: false) is not null)
            {
                return c;
            }
        }

        return ProcessingRegister.Neutral;
    });

    /// <summary>A fixed text.</summary>
    public string this[string key]
    {
        get
        {
            using var _ = Use();
            var text = _fixed[key];
            return text.ResourceNotFound ? throw new InvalidOperationException($"The fixed text '{key}' is missing from PrivacyTexts.resx.") : text.Value;
        }
    }

    /// <summary>A fixed text with placeholders filled in.</summary>
    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    /// <summary>
    /// A text of the policy in this language: its translation when the policy's resources have one; else the library's
    /// own translation of a text the library declares on the application's behalf (ASP.NET Core Identity's columns and
    /// reasons, the export's own sections: key <c>Text.{text}</c> in PrivacyTexts); else itself.
    /// </summary>
    public string Policy(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        using var _ = Use();
        if (_policy is not null && _policy[text] is { ResourceNotFound: false } translated)
        {
            return translated.Value;
        }

        return _fixed["Text." + text] is { ResourceNotFound: false } library ? library.Value : text;
    }

    /// <summary>
    /// A GDPR article as this language cites it: "Art. 6(1)(b)" in English, "art. 6.1 b" in Swedish (the citation style
    /// of Swedish legal text and of the Swedish fixed texts). Machine-readable fields keep the canonical form.
    /// </summary>
    public string Article(string? article)
    {
        // The language by the culture's name, not TwoLetterISOLanguageName: with InvariantGlobalization (the sample, many
        // container images) a named culture carries the invariant culture's data and that property reads "iv".
        if (article is null || !IsSwedish(Culture))
        {
            return article ?? string.Empty;
        }

        var m = System.Text.RegularExpressions.Regex.Match(article, @"^Art\. (\d+)((?:\(\d+\))*)((?:\([a-z]\))?)(.*)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        if (!m.Success)
        {
            return article;
        }

        var paragraphs = string.Concat(System.Text.RegularExpressions.Regex.Matches(m.Groups[2].Value, @"\d+").Select(p => "." + p.Value));
        var point = m.Groups[3].Value.Length > 0 ? " " + m.Groups[3].Value[1..^1] : string.Empty;
        return $"art. {m.Groups[1].Value}{paragraphs}{point}{m.Groups[4].Value}";
    }

    private static bool IsSwedish(CultureInfo culture)
        => culture.Name.Equals("sv", StringComparison.OrdinalIgnoreCase) || culture.Name.StartsWith("sv-", StringComparison.OrdinalIgnoreCase);

    /// <summary>A policy text that may be absent.</summary>
    public string? PolicyOrNull(string? text) => text is null ? null : Policy(text);

    /// <summary>Whether the policy's resources translate <paramref name="text"/> into this language.</summary>
    public bool IsTranslated(string text)
    {
        if (_policy is null)
        {
            return false;
        }

        using var _ = Use();
        return !_policy[text].ResourceNotFound;
    }

    /// <summary>Sets the UI culture until disposed.</summary>
    public CultureScope Use() => new(Culture);

    /// <summary>Sets <see cref="CultureInfo.CurrentUICulture"/> and restores it.</summary>
    internal readonly struct CultureScope : IDisposable
    {
        private readonly CultureInfo _previous;

        public CultureScope(CultureInfo culture)
        {
            _previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
        }

        public void Dispose() => CultureInfo.CurrentUICulture = _previous;
    }
}
