using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.Analyzers.Rules;

/// <summary>
/// NCSP005: a member marked only with ASP.NET Core Identity's <c>[PersonalData]</c>, which says the value is personal but not
/// for which purpose or how long it is kept. It counts as a (weak) classification, so NCSP001 stays silent; this rule offers
/// the upgrade.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IdentityPersonalDataAnalyzer : PrivacyAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Describe(
        RuleIdentifiers.IdentityPersonalDataOnly,
        title: "ASP.NET Core Identity's [PersonalData] names no purpose or retention",
        messageFormat: "'{0}' is marked only with ASP.NET Core Identity's [PersonalData], which names no purpose or retention: add Ncs.Privacy's [PersonalData(purpose, retention)]",
        description: "Identity's attribute marks a value for its download and delete pages only. Exports, erasure plans and the processing register need the purpose and the retention rule.",
        DiagnosticSeverity.Info);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext start, PrivacyCompilation privacy)
    {
        // Per file, not per type: see TypeContext.
        start.RegisterSemanticModelAction(c => TypeContext.ForEachType(c, t => MemberContext.ForEachMember(t, privacy.Symbols, m => Analyze(m, privacy.Symbols))));
    }

    private static void Analyze(MemberContext context, PrivacySymbols symbols)
    {
        AttributeData? identity = null;
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            if (symbols.IsPersonalData(attribute) || symbols.IsNotPersonalData(attribute))
            {
                return;
            }

            if (identity is null && symbols.IsIdentityPersonalData(attribute))
            {
                identity = attribute;
            }
        }

        if (identity is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, AttributeArguments.Of(identity, context.Symbol, context.CancellationToken),
                AttributeArguments.Name(context.Symbol)));
        }
    }
}
