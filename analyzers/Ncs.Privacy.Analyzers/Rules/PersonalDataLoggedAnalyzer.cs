using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.Analyzers.Rules;

/// <summary>
/// NCSP006: the value of a member classified as personal data reaches a logging call or an exception's message, followed by
/// data flow (<see cref="PersonalDataFlow"/>): through locals, string building, fields the type assigns it to, and methods of
/// this compilation (local functions and lambdas held in locals included) that pass a parameter on or return it. Logs are
/// kept, copied and shipped outside every erasure.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PersonalDataLoggedAnalyzer : PrivacyAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Describe(
        RuleIdentifiers.PersonalDataLogged,
        title: "Personal data passed to a logging call",
        messageFormat: "'{0}' is personal data and is passed to the logging call '{1}': log an identifier or a redacted value instead",
        description: "Log files and log services are outside the reach of exports and erasure: personal data written there outlives its retention and every erasure request.");

    /// <summary>The same rule for an exception's message, which the host and error reporting log.</summary>
    internal static readonly DiagnosticDescriptor ExceptionRule = Describe(
        RuleIdentifiers.PersonalDataLogged,
        title: "Personal data passed to a logging call",
        messageFormat: "'{0}' is personal data and is put into the message of a '{1}', which the host and error reporting log: name an identifier instead",
        description: "Exception messages end up in logs and error reports, outside the reach of exports and erasure.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, ExceptionRule);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext start, PrivacyCompilation privacy)
    {
        if (privacy.Symbols.Logger is null)
        {
            return;
        }

        // A semantic-model action per file, filtered by the file's text and then by each body's syntax before anything is bound.
        // An operation action would make the driver build the operation tree of every method body, and a code-block action
        // makes it compute the declarations and code blocks of every member of every file (half of the analyzers' allocations
        // on a large model of entities without a single method body); here only bodies that call something spelled like a
        // sink get a flow graph.
        start.RegisterSemanticModelAction(c => Analyze(c, privacy.Flow));
    }

    private static void Analyze(SemanticModelAnalysisContext context, PersonalDataFlow flow)
    {
        var tree = context.SemanticModel.SyntaxTree;
        if (!flow.MayLeakIn(tree.GetText(context.CancellationToken).ToString()))
        {
            return;
        }

        foreach (var block in PersonalDataFlow.CodeBlocks(tree.GetRoot(context.CancellationToken)))
        {
            if (!flow.MayLeak(block) || context.SemanticModel.GetOperation(block, context.CancellationToken) is not { } body)
            {
                continue;
            }

            foreach (var leak in flow.Analyze(body, context.CancellationToken))
            {
                var descriptor = leak.Kind == SinkKind.ExceptionMessage ? ExceptionRule : Rule;
                context.ReportDiagnostic(Diagnostic.Create(descriptor, leak.At.GetLocation(), AttributeArguments.Name(leak.Member), leak.Sink));
            }
        }
    }
}
