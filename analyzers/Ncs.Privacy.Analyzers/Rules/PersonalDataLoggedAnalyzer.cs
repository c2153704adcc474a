using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.Analyzers.Rules;

/// <summary>
/// NCSP006: the value of a member classified as personal data is passed to a logging call (the <c>LoggerExtensions</c>
/// methods, <c>ILogger.Log</c>, <c>BeginScope</c>, or a <c>[LoggerMessage]</c> method), directly, inside an interpolated
/// string, a concatenation, a conversion or a params array. Logs are kept, copied and shipped outside every erasure.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PersonalDataLoggedAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.PersonalDataLogged,
        title: "Personal data passed to a logging call",
        messageFormat: "'{0}' is personal data and is passed to the logging call '{1}': log an identifier or a redacted value instead",
        RuleIdentifiers.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Log files and log services are outside the reach of exports and erasure: personal data written there outlives its retention and every erasure request.",
        helpLinkUri: RuleIdentifiers.HelpLink(RuleIdentifiers.PersonalDataLogged));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var privacy = PrivacyCompilation.Get(start.Compilation);
            if (privacy is null || privacy.Symbols.Logger is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, privacy.Symbols), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, PrivacySymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!IsLoggingCall(invocation.TargetMethod, symbols))
        {
            return;
        }

        var reported = new HashSet<IOperation>();
        foreach (var argument in invocation.Arguments)
        {
            // The logger itself (the `this` of an extension method) is not a value being logged.
            if (argument.Parameter is { Ordinal: 0 } && invocation.TargetMethod.IsExtensionMethod)
            {
                continue;
            }

            Visit(context, argument.Value, invocation.TargetMethod.Name, symbols, reported);
        }
    }

    private static bool IsLoggingCall(IMethodSymbol method, PrivacySymbols symbols)
    {
        var original = method.ReducedFrom ?? method;
        if (symbols.LoggerExtensions is not null && SymbolEqualityComparer.Default.Equals(original.ContainingType, symbols.LoggerExtensions))
        {
            return true;
        }

        if (symbols.Logger is not null && SymbolEqualityComparer.Default.Equals(original.ContainingType, symbols.Logger)
            && original.Name is "Log" or "BeginScope")
        {
            return true;
        }

        return symbols.LoggerMessage is not null && PrivacySymbols.HasAttribute(original, symbols.LoggerMessage);
    }

    private static void Visit(OperationAnalysisContext context, IOperation? operation, string call, PrivacySymbols symbols, HashSet<IOperation> reported)
    {
        switch (operation)
        {
            case null:
                return;
            case IPropertyReferenceOperation property when IsPersonal(property.Property, symbols):
                Report(context, property, property.Property, call, reported);
                return;
            case IFieldReferenceOperation field when IsPersonal(field.Field, symbols):
                Report(context, field, field.Field, call, reported);
                return;
            case IPropertyReferenceOperation or IFieldReferenceOperation:
                // customer.Email.Length is not the e-mail address; customer.Address.Street is checked as Street.
                return;
            case IInvocationOperation call2:
                // customer.Email.Trim() still logs the address; arguments of other calls (a hash, a mask) are their business.
                Visit(context, call2.Instance, call, symbols, reported);
                return;
            case IAnonymousFunctionOperation or ILocalFunctionOperation:
                return;
            case ILocalReferenceOperation local:
                VisitLocal(context, local, call, symbols, reported);
                return;
        }

        foreach (var child in operation.ChildOperations)
        {
            Visit(context, child, call, symbols, reported);
        }
    }

    /// <summary>
    /// <c>var email = customer.Email; logger.LogInformation("{E}", email);</c>: a local initialised from a personal-data member and
    /// never assigned again carries the same value, so it is reported at the logging argument, naming the member.
    /// </summary>
    private static void VisitLocal(OperationAnalysisContext context, ILocalReferenceOperation reference, string call, PrivacySymbols symbols, HashSet<IOperation> reported)
    {
        var local = reference.Local;
        if (local.DeclaringSyntaxReferences.Length != 1 || reference.SemanticModel is not { } semantic
            || local.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator)
        {
            return;
        }

        var scope = declarator.FirstAncestorOrSelf<BlockSyntax>() as SyntaxNode ?? declarator.Parent;
        if (scope is null || IsAssignedAgain(scope, local, semantic, context.CancellationToken))
        {
            return;
        }

        var member = PersonalMemberOf(semantic.GetOperation(initializer, context.CancellationToken), symbols);
        if (member is not null && reported.Add(reference))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, reference.Syntax.GetLocation(), AttributeArguments.Name(member), call));
        }
    }

    private static ISymbol? PersonalMemberOf(IOperation? operation, PrivacySymbols symbols)
    {
        while (operation is IConversionOperation or IParenthesizedOperation or IInvocationOperation { Instance: not null })
        {
            operation = operation switch
            {
                IConversionOperation conversion => conversion.Operand,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                IInvocationOperation invocation => invocation.Instance,
                _ => null,
            };
        }

        return operation switch
        {
            IPropertyReferenceOperation property when IsPersonal(property.Property, symbols) => property.Property,
            IFieldReferenceOperation field when IsPersonal(field.Field, symbols) => field.Field,
            _ => null,
        };
    }

    private static bool IsAssignedAgain(SyntaxNode scope, ILocalSymbol local, SemanticModel semantic, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var node in scope.DescendantNodes())
        {
            var target = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => argument.Expression,
                PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => node.ChildNodes().FirstOrDefault() as ExpressionSyntax,
                _ => null,
            };
            if (target is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(semantic.GetSymbolInfo(name, cancellationToken).Symbol, local))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPersonal(ISymbol member, PrivacySymbols symbols)
    {
        for (var current = member.OriginalDefinition; current is not null; current = (current as IPropertySymbol)?.OverriddenProperty)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (symbols.IsPersonalData(attribute) || symbols.IsIdentityPersonalData(attribute))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, IOperation reference, ISymbol member, string call, HashSet<IOperation> reported)
    {
        if (reported.Add(reference))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, reference.Syntax.GetLocation(), AttributeArguments.Name(member), call));
        }
    }
}
