using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.Analyzers.Rules;

/// <summary>
/// NCSP002: an annotation refers to a purpose, retention rule, data category, data-subject category or recipient that the
/// policy does not declare, or a retention rule's period is malformed. The same checks, with the same texts, as the
/// start-up validation (PolicyReader), moved to the build.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnknownPolicyReferenceAnalyzer : PrivacyAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Describe(
        RuleIdentifiers.UnknownPolicyReference,
        title: "Annotation refers to something the policy does not declare",
        messageFormat: "'{0}': {1}",
        description: "Annotations name purposes, retention rules, categories and recipients by the identifiers the policy declares; an identifier the policy does not declare, or a retention period that is not an ISO 8601 duration, makes the application refuse to start.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext start, PrivacyCompilation privacy)
    {
        // Per file, not per type: see TypeContext.
        start.RegisterSemanticModelAction(c => TypeContext.ForEachType(c, t =>
        {
            AnalyzeType(new MemberContext(t), privacy);
            MemberContext.ForEachMember(t, privacy.Symbols, m => AnalyzeMember(m, privacy));
        }));
        if (start.Compilation.GetTypeByMetadataName("Ncs.Privacy.TypeClassificationBuilder`1") is { } builder)
        {
            // A semantic-model action filtered by the file's text, not an operation action (the driver would build the operation
            // tree of every method body) nor a syntax-node action (the driver would walk every node of every file for it: half of
            // the analyzers' allocations on a large model).
            start.RegisterSemanticModelAction(c => AnalyzeClassificationsInCode(c, privacy, builder));
        }
    }

    private static void AnalyzeClassificationsInCode(SemanticModelAnalysisContext context, PrivacyCompilation privacy, INamedTypeSymbol builder)
    {
        // A member access is written with a dot before the name, as DomainModel's Classify<T> search assumes too.
        var tree = context.SemanticModel.SyntaxTree;
        var text = tree.GetText(context.CancellationToken).ToString();
        if (text.IndexOf(".PersonalData", StringComparison.Ordinal) < 0 && text.IndexOf(".IsDataSubject", StringComparison.Ordinal) < 0)
        {
            return;
        }

        foreach (var node in tree.GetRoot(context.CancellationToken).DescendantNodes())
        {
            if (node is InvocationExpressionSyntax invocation)
            {
                AnalyzeClassificationInCode(context.SemanticModel, invocation, context.ReportDiagnostic, privacy, builder, context.CancellationToken);
            }
        }
    }

    private static void AnalyzeType(MemberContext context, PrivacyCompilation privacy)
    {
        var symbols = privacy.Symbols;
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            if (PrivacySymbols.Is(attribute, symbols.DataSubject) && privacy.Vocabulary.HasPolicy
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is var value
                && !privacy.Vocabulary.SubjectCategories.Contains(value as string ?? string.Empty))
            {
                Report(context, AttributeArguments.Constructor(attribute, 0, context.Symbol, context.CancellationToken),
                    $"[DataSubject] refers to data-subject category '{value}', which the policy does not declare{PolicyVocabulary.Known(privacy.Vocabulary.SubjectCategories)}");
            }
        }
    }

    private static void AnalyzeMember(MemberContext context, PrivacyCompilation privacy)
    {
        var symbols = privacy.Symbols;
        var member = context.Symbol;
        var token = context.CancellationToken;
        foreach (var attribute in member.GetAttributes())
        {
            if (symbols.IsPersonalData(attribute))
            {
                CheckSubjectNavigation(context, attribute);
                if (!privacy.Vocabulary.HasPolicy)
                {
                    continue;
                }

                var vocabulary = privacy.Vocabulary;
                var purpose = String(attribute, 0);
                if (!vocabulary.Purposes.ContainsKey(purpose ?? string.Empty))
                {
                    Report(context, AttributeArguments.Constructor(attribute, 0, member, token),
                        $"[PersonalData] refers to purpose '{purpose}', which the policy does not declare{PolicyVocabulary.Known(vocabulary.Purposes.Keys)}");
                }

                var retention = String(attribute, 1);
                if (!vocabulary.RetentionRules.ContainsKey(retention ?? string.Empty))
                {
                    Report(context, AttributeArguments.Constructor(attribute, 1, member, token),
                        $"[PersonalData] refers to retention rule '{retention}', which the policy does not declare{PolicyVocabulary.Known(vocabulary.RetentionRules.Keys)}");
                }

                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Category" && named.Value.Value is string category && !vocabulary.Categories.ContainsKey(category))
                    {
                        Report(context, AttributeArguments.Named(attribute, "Category", member, token),
                            $"[PersonalData] refers to data category '{category}', which the policy does not declare{PolicyVocabulary.Known(vocabulary.Categories.Keys)}");
                    }
                    else if (named.Key == "Recipients" && !named.Value.IsNull && named.Value.Kind == TypedConstantKind.Array)
                    {
                        CheckRecipients(context, attribute, named.Value, vocabulary);
                    }
                }
            }
            else if (symbols.IsRetentionAnchor(attribute) && privacy.Vocabulary.HasPolicy
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Array
                && !attribute.ConstructorArguments[0].IsNull)
            {
                CheckAnchorRules(context, attribute, privacy.Vocabulary);
            }
            else if (member is IFieldSymbol && PrivacySymbols.Is(attribute, symbols.RetentionRule))
            {
                CheckRetentionRule(context, attribute);
            }
            else if (member is IFieldSymbol && PrivacySymbols.Is(attribute, symbols.Purpose) && privacy.Vocabulary.HasPolicy)
            {
                CheckPurpose(context, attribute, privacy.Vocabulary);
            }
        }
    }

    // The lambdas live in these methods, not in AnalyzeMember: a lambda there that captures the member makes the compiler allocate
    // its closure on every call, for every property and field of the compilation.
    private static void CheckRecipients(MemberContext context, AttributeData attribute, TypedConstant recipients, PolicyVocabulary vocabulary)
    {
        var member = context.Symbol;
        var token = context.CancellationToken;
        CheckList(context, recipients, vocabulary.Recipients, element => AttributeArguments.Named(attribute, "Recipients", member, token, element),
            id => $"[PersonalData] names recipient '{id}', which the policy does not declare{PolicyVocabulary.Known(vocabulary.Recipients)}");
    }

    private static void CheckAnchorRules(MemberContext context, AttributeData attribute, PolicyVocabulary vocabulary)
    {
        var member = context.Symbol;
        var token = context.CancellationToken;
        var rules = vocabulary.RetentionRules;
        var known = new HashSet<string>(rules.Keys);
        CheckList(context, attribute.ConstructorArguments[0], known, element => AttributeArguments.Constructor(attribute, 0, member, token, element),
            id => $"[RetentionAnchor] names retention rule '{id}', which the policy does not declare{PolicyVocabulary.Known(rules.Keys)}");
    }

    /// <summary>The same checks for classifications made in code: <c>Classify&lt;T&gt;(c =&gt; c.PersonalData(x =&gt; x.Bio, purpose, retention))</c>.</summary>
    private static void AnalyzeClassificationInCode(SemanticModel semanticModel, InvocationExpressionSyntax syntax, Action<Diagnostic> report, PrivacyCompilation privacy,
        INamedTypeSymbol builder, CancellationToken cancellationToken)
    {
        if (syntax.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "PersonalData" or "IsDataSubject" }
            || semanticModel.GetOperation(syntax, cancellationToken) is not IInvocationOperation invocation)
        {
            return;
        }

        var method = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, builder) || !privacy.Vocabulary.HasPolicy)
        {
            return;
        }

        var vocabulary = privacy.Vocabulary;
        var type = method.ContainingType.TypeArguments[0].Name;
        string Where() => method.Name != "IsDataSubject" && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value is { } first
            ? $"{type}.{MemberName(first)}"
            : type;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Value.ConstantValue is not { HasValue: true, Value: var value })
            {
                continue;
            }

            var id = value as string;
            var problem = (method.Name, argument.Parameter?.Name) switch
            {
                ("PersonalData", "purpose") when !vocabulary.Purposes.ContainsKey(id ?? string.Empty) =>
                    $"PersonalData refers to purpose '{id}', which the policy does not declare{PolicyVocabulary.Known(vocabulary.Purposes.Keys)}",
                ("PersonalData", "retention") when !vocabulary.RetentionRules.ContainsKey(id ?? string.Empty) =>
                    $"PersonalData refers to retention rule '{id}', which the policy does not declare{PolicyVocabulary.Known(vocabulary.RetentionRules.Keys)}",
                ("IsDataSubject", "category") when !vocabulary.SubjectCategories.Contains(id ?? string.Empty) =>
                    $"IsDataSubject refers to data-subject category '{id}', which the policy does not declare{PolicyVocabulary.Known(vocabulary.SubjectCategories)}",
                _ => null,
            };
            if (problem is not null)
            {
                report(Diagnostic.Create(Rule, argument.Syntax.GetLocation(), Where(), problem));
            }
        }
    }

    private static string MemberName(IOperation operation) => operation switch
    {
        IConversionOperation conversion => MemberName(conversion.Operand),
        IDelegateCreationOperation delegateCreation => MemberName(delegateCreation.Target),
        IAnonymousFunctionOperation lambda => lambda.Body.Operations.FirstOrDefault() is IReturnOperation { ReturnedValue: { } returned } ? MemberName(returned) : "?",
        IMemberReferenceOperation member => member.Member.Name,
        { ConstantValue: { HasValue: true, Value: string name } } => name,
        _ => "?",
    };

    /// <summary><c>Subject = "Agent"</c> must name a member of the type: the navigation to the subject the value concerns.</summary>
    private static void CheckSubjectNavigation(MemberContext context, AttributeData attribute)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key != "Subject" || named.Value.Value is not string subject)
            {
                continue;
            }

            for (var type = context.Symbol.ContainingType; type is not null; type = type.BaseType)
            {
                if (type.GetMembers(subject).Any(m => m is IPropertySymbol or IFieldSymbol))
                {
                    return;
                }
            }

            Report(context, AttributeArguments.Named(attribute, "Subject", context.Symbol, context.CancellationToken),
                $"[PersonalData] Subject = \"{subject}\" names no member of the type: name the navigation to the subject this value concerns");
        }
    }

    private static void CheckRetentionRule(MemberContext context, AttributeData attribute)
    {
        var field = (IFieldSymbol)context.Symbol;
        var id = field.ConstantValue as string ?? field.Name;
        var hasPeriodParameter = attribute.AttributeConstructor?.Parameters.Length > 0;
        var period = hasPeriodParameter ? String(attribute, 0) : null;
        if (hasPeriodParameter && period is not null)
        {
            var problem = IsoPeriodSyntax.Check(period);
            if (problem is not null)
            {
                Report(context, AttributeArguments.Constructor(attribute, 0, field, context.CancellationToken), problem);
            }
        }
        else if (!PolicyVocabulary.BoolNamed(attribute, "EndsWithAccount"))
        {
            Report(context, AttributeArguments.Of(attribute, field, context.CancellationToken),
                $"retention rule '{id}' has neither a period nor EndsWithAccount = true: say how long the data is kept");
        }
    }

    private static void CheckPurpose(MemberContext context, AttributeData attribute, PolicyVocabulary vocabulary)
    {
        var field = (IFieldSymbol)context.Symbol;
        var id = field.ConstantValue as string ?? field.Name;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Value.Kind != TypedConstantKind.Array || named.Value.IsNull)
            {
                continue;
            }

            if (named.Key == "Subjects")
            {
                CheckList(context, named.Value, vocabulary.SubjectCategories,
                    element => AttributeArguments.Named(attribute, "Subjects", field, context.CancellationToken, element),
                    s => $"purpose '{id}' names data-subject category '{s}', which the policy does not declare{PolicyVocabulary.Known(vocabulary.SubjectCategories)}");
            }
            else if (named.Key == "Recipients")
            {
                CheckList(context, named.Value, vocabulary.Recipients,
                    element => AttributeArguments.Named(attribute, "Recipients", field, context.CancellationToken, element),
                    r => $"purpose '{id}' names recipient '{r}', which the policy does not declare{PolicyVocabulary.Known(vocabulary.Recipients)}");
            }
        }
    }

    private static void CheckList(MemberContext context, TypedConstant list, HashSet<string> known,
        System.Func<int, Location> locate, System.Func<string?, string> message)
    {
        for (var i = 0; i < list.Values.Length; i++)
        {
            var id = list.Values[i].Value as string;
            if (!known.Contains(id ?? string.Empty))
            {
                Report(context, locate(i), message(id));
            }
        }
    }

    private static string? String(AttributeData attribute, int index) =>
        attribute.ConstructorArguments.Length > index ? attribute.ConstructorArguments[index].Value as string : null;

    private static void Report(MemberContext context, Location location, string detail) =>
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, AttributeArguments.Name(context.Symbol), detail));
}
