using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.Analyzers.Rules;

/// <summary>
/// NCSP003: a [PersonalData] of a special category (Art. 9(1): health, religion, ethnicity, biometrics...) whose annotation
/// and purpose both name no Art. 9(2) condition.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SpecialCategoryWithoutConditionAnalyzer : PrivacyAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Describe(
        RuleIdentifiers.SpecialCategoryWithoutCondition,
        title: "Special-category data without an Article 9(2) condition",
        messageFormat: "'{0}' holds special-category data ('{1}') for purpose '{2}' without an Article 9(2) condition: set SpecialCategoryCondition on the annotation or the purpose",
        description: "Processing special categories of personal data is prohibited unless one of the conditions of GDPR Art. 9(2) applies, in addition to an Art. 6 legal basis.");

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
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            if (!privacy.Symbols.IsPersonalData(attribute))
            {
                continue;
            }

            var category = NamedString(attribute, "Category");
            var vocabulary = privacy.Vocabulary;
            if (category is null || !vocabulary.Categories.TryGetValue(category, out var special) || !special)
            {
                continue;
            }

            var purposeId = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
            var condition = PolicyVocabulary.IntNamed(attribute, "SpecialCategoryCondition");
            if (condition == 0 && purposeId is not null && vocabulary.Purposes.TryGetValue(purposeId, out var purpose))
            {
                condition = purpose.SpecialCategoryCondition;
            }

            if (condition == 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, AttributeArguments.Of(attribute, context.Symbol, context.CancellationToken),
                    AttributeArguments.Name(context.Symbol), category, purposeId));
            }
        }
    }

    private static string? NamedString(AttributeData attribute, string name)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == name)
            {
                return named.Value.Value as string;
            }
        }

        return null;
    }
}
