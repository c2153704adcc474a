using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.Analyzers.Rules;

/// <summary>
/// What every Ncs.Privacy rule sets up the same way: concurrent execution, generated code skipped, and one compilation-start
/// action that resolves the shared per-compilation state (<see cref="PrivacyCompilation"/>) and returns at once when the
/// compilation does not reference Ncs.Privacy, so projects without the package pay nothing. A rule registers its actions in
/// <see cref="Start"/>.
/// </summary>
public abstract class PrivacyAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (PrivacyCompilation.Get(start.Compilation) is { } privacy)
            {
                Start(start, privacy);
            }
        });
    }

    /// <summary>Registers the rule's actions for a compilation that references Ncs.Privacy.</summary>
    private protected abstract void Start(CompilationStartAnalysisContext start, PrivacyCompilation privacy);

    /// <summary>A rule's descriptor: enabled by default, in the privacy category, linking to its page under docs/analyzers.</summary>
    private protected static DiagnosticDescriptor Describe(string id, string title, string messageFormat, string description,
        DiagnosticSeverity severity = DiagnosticSeverity.Warning) =>
        new(id, title, messageFormat, RuleIdentifiers.Category, severity, isEnabledByDefault: true, description, RuleIdentifiers.HelpLink(id));
}
