using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.Analyzers.Rules;

/// <summary>NCSP001: a member of a domain model that EF Core maps carries no privacy classification.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnclassifiedMemberAnalyzer : PrivacyAnalyzer
{
    /// <summary>Diagnostic property set when the member belongs to another assembly: the code fix cannot edit it from here.</summary>
    internal const string FromOtherAssemblyProperty = "FromOtherAssembly";

    internal static readonly DiagnosticDescriptor Rule = Describe(
        RuleIdentifiers.UnclassifiedMember,
        title: "Member of a domain model has no privacy classification",
        messageFormat: "'{0}.{1}' carries no privacy classification{2}: mark it [PersonalData(purpose, retention)] or [NotPersonalData(reason)]",
        description: "Every member that EF Core maps on a domain model must say whether it is personal data, for which purpose and how long it is kept, or why it is not personal data. Unclassified columns are invisible to exports, erasure and the processing register.");

    /// <summary>Diagnostic property: the metadata name of an imported member's entity (<c>Shop.Domain.Customer</c>).</summary>
    internal const string EntityProperty = "Entity";

    /// <summary>Diagnostic property: the name of an imported member.</summary>
    internal const string MemberProperty = "Member";

    private static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            name = containing.MetadataName + "+" + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    /// <summary>Diagnostic property naming the member when the diagnostic is at a configuration call (a private field of another assembly, a shadow property).</summary>
    internal const string MappedByNameProperty = "MappedByName";

    /// <summary>The same rule, at a configuration call that maps by name a member this compilation cannot see classified.</summary>
    internal static readonly DiagnosticDescriptor MappedByNameRule = Describe(
        RuleIdentifiers.UnclassifiedMember,
        title: "Member of a domain model has no privacy classification",
        messageFormat: "'{0}.{1}' is mapped here by name and carries no privacy classification this project can see ({2}): chain .IsPersonalData(purpose, retention) or .IsNotPersonalData(reason) to this call",
        description: "A configuration that maps a member by name (a private field of an entity in another project, or a shadow property) maps a column the configuration project cannot see the attributes of: classify it where it is mapped.");

    /// <summary>Diagnostic property set on a placeholder reason: no code fix replaces it, a person does.</summary>
    internal const string PlaceholderProperty = "Placeholder";

    /// <summary>The same rule for <c>[NotPersonalData("TODO...")]</c>: the code fix's placeholder is not yet a reason.</summary>
    internal static readonly DiagnosticDescriptor PlaceholderReasonRule = Describe(
        RuleIdentifiers.UnclassifiedMember,
        title: "Member of a domain model has no privacy classification",
        messageFormat: "'{0}.{1}' is marked [NotPersonalData] with a placeholder reason ('{2}'): write why this value identifies nobody, or mark it [PersonalData(purpose, retention)]",
        description: "A reason that starts with TODO is the code fix's placeholder, not a decision: the member stays unclassified until someone writes the reason.");

    /// <summary>The same rule for a configuration's <c>.IsNotPersonalData("TODO...")</c>, at the call or at the member it classifies.</summary>
    internal static readonly DiagnosticDescriptor ConfiguredPlaceholderRule = Describe(
        RuleIdentifiers.UnclassifiedMember,
        title: "Member of a domain model has no privacy classification",
        messageFormat: "'{0}.{1}' is classified in its configuration with .IsNotPersonalData and a placeholder reason ('{2}'): write why this value identifies nobody, or classify it with .IsPersonalData(purpose, retention)",
        description: "A reason that starts with TODO is the code fix's placeholder, not a decision: the member stays unclassified until someone writes the reason.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, MappedByNameRule, PlaceholderReasonRule, ConfiguredPlaceholderRule);

    /// <inheritdoc />
    private protected override void Start(CompilationStartAnalysisContext start, PrivacyCompilation privacy)
    {
        var options = start.Options;
        var model = new Lazy<DomainModel>(() => privacy.Model(options, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
        // One pass per type (its DbSet properties handled with it), from one semantic-model action per file (see TypeContext): a
        // property action would run for every property of the compilation to find the few DbSets, and a type action makes the
        // driver pay for every field and method of the compilation.
        start.RegisterSemanticModelAction(c => TypeContext.ForEachType(c, t => AnalyzeType(t, privacy.Symbols, model.Value)));
    }

    private static void AnalyzeType(TypeContext context, PrivacySymbols symbols, DomainModel model)
    {
        var type = context.Symbol;
        if (model.Contains(type))
        {
            ReportPlaceholderReasons(context, symbols, type);
            foreach (var member in model.UnclassifiedMembers(type))
            {
                if (!GeneratedCode.IsGenerated(member, symbols, context.CancellationToken) && member.Locations.Length > 0 && member.Locations[0].IsInSource)
                {
                    context.ReportDiagnostic(model.PlaceholderReason(type, member.Name) is { } placeholder
                        ? Diagnostic.Create(ConfiguredPlaceholderRule, member.Locations[0], ImmutableDictionary<string, string?>.Empty.Add(PlaceholderProperty, "true"), type.Name, member.Name, placeholder)
                        : Diagnostic.Create(Rule, member.Locations[0], type.Name, member.Name, string.Empty));
                }
            }
        }

        // An entity of another assembly brought in by a DbSet inherited from a base DbContext in metadata: report at the context.
        ReportImported(context, model, type);
        ReportMappedByName(context, model, type);
        if (model.HasImportedAtProperties)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol)
                {
                    ReportImported(context, model, member);
                }
            }
        }
    }

    private static void ReportPlaceholderReasons(TypeContext context, PrivacySymbols symbols, INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not (IPropertySymbol or IFieldSymbol))
            {
                continue;
            }

            foreach (var attribute in member.GetAttributes())
            {
                if (symbols.IsNotPersonalData(attribute) && attribute.ConstructorArguments.Length > 0
                    && attribute.ConstructorArguments[0].Value is string reason && IsPlaceholder(reason))
                {
                    context.ReportDiagnostic(Diagnostic.Create(PlaceholderReasonRule, AttributeArguments.Constructor(attribute, 0, member, context.CancellationToken),
                        ImmutableDictionary<string, string?>.Empty.Add(PlaceholderProperty, "true"), type.Name, member.Name, reason));
                }
            }
        }
    }

    /// <summary>An empty reason, or one that starts with TODO (the code fix's placeholder, or a developer's own).</summary>
    internal static bool IsPlaceholder(string reason)
    {
        var trimmed = reason.Trim();
        return trimmed.Length == 0 || trimmed.StartsWith("TODO", StringComparison.OrdinalIgnoreCase);
    }

    private static void ReportMappedByName(TypeContext context, DomainModel model, INamedTypeSymbol at)
    {
        foreach (var mapping in model.NamedAt(at))
        {
            // The IDE sees another project's private fields, a build (against its reference assembly) does not: one wording for both.
            var why = SymbolEqualityComparer.Default.Equals(mapping.Entity.ContainingAssembly, context.Compilation.Assembly)
                ? "a shadow property: no member of that name is declared"
                : $"a private member of assembly '{mapping.Entity.ContainingAssembly.Name}', absent from the reference assembly a build compiles against, or a shadow property";
            var properties = ImmutableDictionary<string, string?>.Empty.Add(MappedByNameProperty, mapping.Name);
            if (model.PlaceholderReason(mapping.Entity, mapping.Name) is { } placeholder)
            {
                // The configuration classifies it, with the code fix's placeholder: say that, as [NotPersonalData("TODO...")] does.
                context.ReportDiagnostic(Diagnostic.Create(ConfiguredPlaceholderRule, mapping.Location, properties.Add(PlaceholderProperty, "true"),
                    mapping.Entity.Name, mapping.Name, placeholder));
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(MappedByNameRule, mapping.Location, properties, mapping.Entity.Name, mapping.Name, why));
        }
    }

    private static void ReportImported(TypeContext context, DomainModel model, ISymbol at)
    {
        var imported = model.ImportedAt(at);
        if (imported.Count == 0 || at.Locations.Length == 0 || !at.Locations[0].IsInSource)
        {
            return;
        }

        foreach (var item in imported)
        {
            // Where the member is declared, so that the code fix can classify it in its own project when the solution has it.
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(FromOtherAssemblyProperty, item.Type.ContainingAssembly.Name)
                .Add(EntityProperty, MetadataName(item.Type))
                .Add(MemberProperty, item.Member.Name);
            var suffix = $" (entity from assembly '{item.Type.ContainingAssembly.Name}', brought into the model by '{item.Via}')";
            context.ReportDiagnostic(Diagnostic.Create(Rule, at.Locations[0], properties, item.Type.Name, item.Member.Name, suffix));
        }
    }
}
