using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.Analyzers.Rules;

/// <summary>
/// NCSP004: annotations on one member that cannot all be true: personal and not personal; the same purpose twice; a legal
/// basis restated differently from the purpose's; an anonymisation strategy with an erasure that never anonymises;
/// <c>Erasure = Retain</c> under a retention rule that is not a legal hold.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContradictoryAnnotationsAnalyzer : PrivacyAnalyzer
{
    /// <summary>Diagnostic property: which contradiction it is, so that the code fix knows what to remove.</summary>
    internal const string KindProperty = "Kind";

    internal const string PersonalAndNotPersonal = nameof(PersonalAndNotPersonal);
    internal const string DuplicatePurpose = nameof(DuplicatePurpose);
    internal const string LegalBasisMismatch = nameof(LegalBasisMismatch);
    internal const string AnonymisationWithoutAnonymising = nameof(AnonymisationWithoutAnonymising);
    internal const string RetainWithoutLegalHold = nameof(RetainWithoutLegalHold);

    private static readonly string[] LegalBases = ["0", "Consent", "Contract", "LegalObligation", "VitalInterests", "PublicTask", "LegitimateInterests"];
    private static readonly string[] ErasureActions = ["Default", "Delete", "Anonymise", "Retain"];
    private static readonly string[] Strategies = ["Default", "Null", "Redact", "RandomToken", "RandomEmail", "Zero", "TruncateToYear", "Pseudonymise"];

    internal static readonly DiagnosticDescriptor Rule = Describe(
        RuleIdentifiers.ContradictoryAnnotations,
        title: "Contradictory privacy annotations",
        messageFormat: "'{0}' {1}",
        description: "A member's annotations must agree: it is personal data or it is not; each purpose is named once; a restated legal basis equals the purpose's; an anonymisation strategy goes with an erasure that anonymises; only a legal hold retains data against erasure.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext start, PrivacyCompilation privacy)
    {
        // Per file, not per type: see TypeContext.
        start.RegisterSemanticModelAction(c => TypeContext.ForEachType(c, t => MemberContext.ForEachMember(t, privacy.Symbols, m => Analyze(m, privacy))));
    }

    private static void Analyze(MemberContext context, PrivacyCompilation privacy)
    {
        var symbols = privacy.Symbols;
        var member = context.Symbol;
        var token = context.CancellationToken;
        // Counted first: this runs for every property and field of the compilation, almost all with one annotation or none, so
        // nothing is allocated (not even the member's display name) until a check can fail.
        var attributes = member.GetAttributes();
        int personalCount = 0, notPersonalCount = 0;
        var identity = false;
        foreach (var attribute in attributes)
        {
            if (symbols.IsPersonalData(attribute))
            {
                personalCount++;
            }
            else if (symbols.IsNotPersonalData(attribute))
            {
                notPersonalCount++;
            }
            else if (symbols.IsIdentityPersonalData(attribute))
            {
                identity = true;
            }
        }

        if (personalCount == 0)
        {
            if (notPersonalCount == 0 || !identity)
            {
                return;
            }
        }

        string? memberName = null;
        string DisplayName() => memberName ??= AttributeArguments.Name(member);
        if (notPersonalCount > 0 && (personalCount > 0 || identity))
        {
            foreach (var attribute in attributes)
            {
                if (symbols.IsNotPersonalData(attribute))
                {
                    Report(context, AttributeArguments.Of(attribute, member, token), PersonalAndNotPersonal, DisplayName(),
                        "is marked both [PersonalData] and [NotPersonalData]: keep the one that is true");
                }
            }
        }

        HashSet<string>? seen = personalCount > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var attribute in attributes)
        {
            if (!symbols.IsPersonalData(attribute))
            {
                continue;
            }

            var purposeId = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
            if (purposeId is not null && seen is not null && !seen.Add(purposeId))
            {
                Report(context, AttributeArguments.Of(attribute, member, token), DuplicatePurpose, DisplayName(),
                    $"names purpose '{purposeId}' in more than one [PersonalData] annotation: use one annotation per purpose");
            }

            if (attribute.ConstructorArguments.Length == 3 && attribute.ConstructorArguments[2].Value is int restated
                && purposeId is not null && privacy.Vocabulary.Purposes.TryGetValue(purposeId, out var purpose)
                && purpose.LegalBasis != 0 && restated != purpose.LegalBasis)
            {
                Report(context, AttributeArguments.Constructor(attribute, 2, member, token), LegalBasisMismatch, DisplayName(),
                    $"[PersonalData] states legal basis {Text(LegalBases, restated)} but purpose '{purposeId}' is declared with {Text(LegalBases, purpose.LegalBasis)}: remove the argument or correct it");
            }

            var erasure = PolicyVocabulary.IntNamed(attribute, "Erasure");
            var retentionId = attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value as string : null;
            if (erasure == 3 && retentionId is not null && privacy.Vocabulary.RetentionRules.ContainsKey(retentionId)
                && !privacy.Vocabulary.LegalHolds.Contains(retentionId))
            {
                Report(context, AttributeArguments.Named(attribute, "Erasure", member, token), RetainWithoutLegalHold, DisplayName(),
                    $"Erasure = Retain needs a retention rule with a LegalObligation (Art. 17(3)(b)); rule '{retentionId}' names none");
            }

            var anonymisation = PolicyVocabulary.IntNamed(attribute, "Anonymisation");
            if (anonymisation != 0 && erasure is 1 or 3)
            {
                Report(context, AttributeArguments.Named(attribute, "Anonymisation", member, token), AnonymisationWithoutAnonymising, DisplayName(),
                    $"sets Anonymisation = {Text(Strategies, anonymisation)} with Erasure = {Text(ErasureActions, erasure)}, which never anonymises: remove one");
            }
        }
    }

    private static string Text(string[] names, int value) =>
        value > 0 && value < names.Length ? names[value] : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Report(MemberContext context, Location location, string kind, string name, string detail) =>
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind), name, detail));
}
