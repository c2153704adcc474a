using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>A member of an entity from another assembly, reported where this compilation brings the entity in.</summary>
internal sealed class ImportedMember(INamedTypeSymbol type, ISymbol member, string via)
{
    public INamedTypeSymbol Type { get; } = type;

    public ISymbol Member { get; } = member;

    /// <summary>What brings the entity in, such as <c>ShopDb.Customers</c>.</summary>
    public string Via { get; } = via;
}

/// <summary>
/// A member of an entity from another assembly that a configuration maps by name (<c>Property("_cardNumber")</c>) and that this
/// compilation cannot see classified: a private field (gone from the reference assembly a build compiles against) or a shadow
/// property. Reported at the configuration call.
/// </summary>
internal sealed class NamedMapping(INamedTypeSymbol entity, string name, Location location, ISymbol reportAt)
{
    public INamedTypeSymbol Entity { get; } = entity;

    public string Name { get; } = name;

    public Location Location { get; } = location;

    /// <summary>The configuration type or DbContext whose method holds the call.</summary>
    public ISymbol ReportAt { get; } = reportAt;

    /// <summary>True when the entity's own assembly declares no member of that name at all: EF Core adds a shadow property.</summary>
    public bool Shadow { get; set; }
}

/// <summary>
/// Which types of a compilation are domain models, and which of their members EF Core maps. The one definition
/// rule NCSP001 uses; built once per compilation, on first use.
/// </summary>
/// <remarks>
/// Domain models: the entity types of every <c>DbContext</c> (its <c>DbSet&lt;T&gt;</c> properties, inherited ones
/// included, and <c>IEntityTypeConfiguration&lt;T&gt;</c> implementations) and the types reachable from them by
/// navigation (owned and complex types included) and by inheritance; types marked <c>[DataSubject]</c>; types with
/// at least one classified member; and every type in the namespaces the assembly opts in with
/// <c>[assembly: PrivacyModel(...)]</c> or the <c>ncs_privacy.model_namespaces</c> .editorconfig key.
/// </remarks>
internal sealed class DomainModel
{
    public const string ModelNamespacesKey = "ncs_privacy.model_namespaces";

    private readonly Compilation _compilation;
    private readonly PrivacySymbols _symbols;
    private readonly HashSet<INamedTypeSymbol> _sourceTypes = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _entityNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<INamedTypeSymbol>> _entitiesByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _configured = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _ignored = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Members named by <c>Property(...)</c>/<c>PrimitiveCollection(...)</c>: columns whatever their type (a value object behind
    /// <c>HasConversion</c> is one column of its entity, not a navigation whose members are columns).
    /// </summary>
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _columns = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _keys = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _classifiedInCode = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, List<ImportedMember>> _imported = new(SymbolEqualityComparer.Default);
    private readonly List<NamedMapping> _namedMappings = [];
    private readonly Dictionary<ISymbol, List<NamedMapping>> _namedAt = new(SymbolEqualityComparer.Default);
    private string[]? _namesByStart;
    private string[]? _namesByEnd;

    private DomainModel(Compilation compilation, PrivacySymbols symbols)
    {
        _compilation = compilation;
        _symbols = symbols;
    }

    /// <summary>True when the (original definition of the) source type is a domain model.</summary>
    public bool Contains(INamedTypeSymbol type) => _sourceTypes.Contains(type.OriginalDefinition);

    /// <summary>Members of entities from other assemblies to report at this DbSet property or DbContext type.</summary>
    public IReadOnlyList<ImportedMember> ImportedAt(ISymbol symbol) =>
        _imported.TryGetValue(symbol, out var list) ? list : Array.Empty<ImportedMember>();

    /// <summary>Entities from other assemblies that this DbSet property or DbContext/configuration type brings into the model.</summary>
    public IReadOnlyList<INamedTypeSymbol> ImportedEntitiesAt(ISymbol symbol) =>
        _importedEntities.TryGetValue(symbol, out var list) ? list : Array.Empty<INamedTypeSymbol>();

    private readonly Dictionary<ISymbol, List<INamedTypeSymbol>> _importedEntities = new(SymbolEqualityComparer.Default);

    /// <summary>True when some imported entity is brought in at a DbSet property (not only at a type).</summary>
    public bool HasImportedEntitiesAtProperties { get; private set; }

    /// <summary>True when some imported member is reported at a DbSet property (not only at a type).</summary>
    public bool HasImportedAtProperties { get; private set; }

    /// <summary>Members mapped by name in this configuration type or DbContext that this compilation cannot see classified.</summary>
    public IReadOnlyList<NamedMapping> NamedAt(ISymbol symbol) =>
        _namedAt.TryGetValue(symbol, out var list) ? list : Array.Empty<NamedMapping>();

    /// <summary>Every member the configuration methods of this type map by name, in source order.</summary>
    public IReadOnlyList<NamedMapping> MappedByNameIn(ISymbol symbol) =>
        _mappingsIn.TryGetValue(symbol, out var list) ? list : Array.Empty<NamedMapping>();

    private readonly Dictionary<ISymbol, List<NamedMapping>> _mappingsIn = new(SymbolEqualityComparer.Default);

    public static DomainModel Build(Compilation compilation, PrivacySymbols symbols, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var model = new DomainModel(compilation, symbols);
        model.Discover(options, cancellationToken);
        return model;
    }

    /// <summary>
    /// The members of <paramref name="type"/> itself (not of its bases, which are checked as types of their own) that EF Core
    /// maps as columns and that carry no classification: what NCSP001 reports.
    /// </summary>
    public IEnumerable<ISymbol> UnclassifiedMembers(INamedTypeSymbol type)
    {
        var fromSource = SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly);
        foreach (var member in type.GetMembers())
        {
            // Another assembly's private members: invisible to a command-line build (reference assemblies drop them), so judged
            // only by what this compilation says about them (see NamedMapping), the same in the IDE as in the build.
            // Classified first: almost every member is, and whether it is mapped reads more (its getter's attributes, in another
            // assembly) than its own attributes do.
            if (member is not (IPropertySymbol or IFieldSymbol)
                || (!fromSource && member.DeclaredAccessibility == Accessibility.Private)
                || _symbols.IsClassified(member)
                || Named(_classifiedInCode, type, member.Name)
                || !IsMapped(member, type, fromSource, out var memberType)
                || (NavigationTarget(memberType, out _) != MemberShape.Column && !Named(_columns, type, member.Name))
                || IsKeyOrForeignKey(member, type)
                || (member is IPropertySymbol property && IsClassifiedThroughBackingField(property, type)))
            {
                continue;
            }

            yield return member;
        }
    }

    /// <summary>
    /// A classification on the field EF Core uses as the property's backing field (found by its naming convention, or named
    /// with <c>[BackingField]</c>) classifies the column, as at run time.
    /// </summary>
    private bool IsClassifiedThroughBackingField(IPropertySymbol property, INamedTypeSymbol owner)
    {
        var name = property.Name;
        var camel = char.ToLowerInvariant(name[0]) + name.Substring(1);
        var candidates = new List<string> { "_" + camel, "_" + name, "m_" + camel, "m_" + name, camel };
        foreach (var attribute in property.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "Microsoft.EntityFrameworkCore.BackingFieldAttribute"
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string named)
            {
                candidates.Insert(0, named);
            }
        }

        foreach (var candidate in candidates)
        {
            foreach (var field in owner.GetMembers(candidate).OfType<IFieldSymbol>())
            {
                if (!field.IsStatic && _symbols.IsClassified(field))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void Discover(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var sourceTypes = new List<INamedTypeSymbol>();
        CollectTypes(_compilation.Assembly.GlobalNamespace, sourceTypes);
        ReadClassificationsInCode(cancellationToken);
        var optIn = new ModelNamespaces(_compilation, _symbols, options);

        var roots = new List<INamedTypeSymbol>();
        var dbSets = new List<(ISymbol ReportAt, INamedTypeSymbol Entity, string Via)>();
        foreach (var type in sourceTypes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsDbContext(type))
            {
                foreach (var (property, entity) in DbSetsOf(type))
                {
                    var declaredHere = SymbolEqualityComparer.Default.Equals(property.ContainingAssembly, _compilation.Assembly);
                    dbSets.Add((declaredHere ? property : type, entity, $"{type.Name}.{property.Name}"));
                    roots.Add(entity);
                }

                foreach (var method in type.GetMembers("OnModelCreating").OfType<IMethodSymbol>())
                {
                    ReadConfiguration(method, type, roots, dbSets, cancellationToken);
                }
            }

            foreach (var (entity, configure) in ConfiguredEntities(type))
            {
                dbSets.Add((type, entity, type.Name));
                roots.Add(entity);
                foreach (var method in configure)
                {
                    ReadConfiguration(method, type, roots, dbSets, cancellationToken, entity);
                }
            }

            if (type.TypeKind is TypeKind.Class or TypeKind.Struct
                && (IsDataSubject(type) || HasClassifiedMember(type) || _classifiedInCode.ContainsKey(type.OriginalDefinition) || optIn.Contains(type)))
            {
                roots.Add(type);
            }
        }

        // Source closure: navigation and inheritance from every root; types of other assemblies are not ours to report here.
        var reachesImported = false;
        var visited = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var work = new Stack<INamedTypeSymbol>(roots);
        while (work.Count > 0)
        {
            var type = work.Pop();
            if (!visited.Add(type))
            {
                continue;
            }

            if (!IsOurs(type))
            {
                reachesImported |= IsImportable(type);
                continue;
            }

            _sourceTypes.Add(type.OriginalDefinition);
            AddEntityName(type);
            foreach (var next in Reachable(type, fromSource: true))
            {
                work.Push(next);
            }
        }

        // The walk that attributes other assemblies' entities to the DbSet bringing them in repeats the closure: only when one is reached.
        if (reachesImported || dbSets.Any(d => !IsOurs(d.Entity) && IsImportable(d.Entity)))
        {
            AttributeImportedEntities(dbSets, cancellationToken);
        }
        else
        {
            FreezeEntityNames();
        }
        ResolveNamedMappings();
        HasImportedAtProperties = _imported.Keys.Any(k => k is IPropertySymbol);
        HasImportedEntitiesAtProperties = _importedEntities.Keys.Any(k => k is IPropertySymbol);
    }

    /// <summary>
    /// A member of an entity from another assembly that a configuration maps by name is reported at that configuration call when
    /// this compilation cannot see a classification for it: a private field (a command-line build compiles against the domain
    /// project's reference assembly, which has no private members; the IDE would see it, and is told the same so that both agree)
    /// or a name no member has (a shadow property). A classification in this compilation (<c>.IsPersonalData(...)</c> on the same
    /// chain, <c>Classify&lt;T&gt;</c> by name) or a key or foreign key naming it answers it. Public and protected members are
    /// visible and are checked as every other member of the entity (reported at the DbSet or configuration that brings it in).
    /// Members of this compilation's own entities are checked at their declaration; only shadow properties are reported here.
    /// </summary>
    private void ResolveNamedMappings()
    {
        foreach (var mapping in _namedMappings)
        {
            if (!_mappingsIn.TryGetValue(mapping.ReportAt, out var all))
            {
                all = [];
                _mappingsIn.Add(mapping.ReportAt, all);
            }

            all.Add(mapping);
            var entity = mapping.Entity;
            var ours = IsOurs(entity);
            if ((!ours && !IsImportable(entity)) || Named(_ignored, entity, mapping.Name) || Named(_keys, entity, mapping.Name)
                || Named(_classifiedInCode, entity, mapping.Name))
            {
                continue;
            }

            ISymbol? declared = null;
            for (var current = entity; current is not null && declared is null; current = current.BaseType)
            {
                declared = current.GetMembers(mapping.Name).FirstOrDefault(m => m is IPropertySymbol or IFieldSymbol);
            }

            if (IsKeyName(mapping.Name, entity, MemberType(declared)))
            {
                continue;
            }

            if (declared is not null && (ours || declared.DeclaredAccessibility != Accessibility.Private))
            {
                continue;
            }

            mapping.Shadow = declared is null;
            if (!_namedAt.TryGetValue(mapping.ReportAt, out var list))
            {
                list = [];
                _namedAt.Add(mapping.ReportAt, list);
            }

            list.Add(mapping);
        }
    }

    /// <summary>
    /// Entities from other assemblies (the layered layout: entities in a domain project, the DbContext here) are reported at
    /// the DbSet (or configuration) that brings them in: an entity named directly by a DbSet at that DbSet, one reached only by
    /// navigation at the first DbSet that reaches it. Framework assemblies (System.*, Microsoft.*) are not the developer's to
    /// annotate and are skipped.
    /// </summary>
    private void AttributeImportedEntities(List<(ISymbol ReportAt, INamedTypeSymbol Entity, string Via)> dbSets, CancellationToken cancellationToken)
    {
        var owner = new Dictionary<INamedTypeSymbol, (ISymbol ReportAt, string Via)>(SymbolEqualityComparer.Default);
        foreach (var (reportAt, entity, via) in dbSets)
        {
            if (!IsOurs(entity) && IsImportable(entity) && !owner.ContainsKey(entity.OriginalDefinition) && !_configuredElsewhere.Contains(entity.OriginalDefinition))
            {
                owner.Add(entity.OriginalDefinition, (reportAt, via));
            }
        }

        // One visited set for all roots: what an earlier DbSet reached already has its owner, and so has all it reaches. Entities a
        // referenced assembly's configuration configures come last and give no owner: what only they reach is checked in that
        // project (it reaches the same types from the same entity, and reads what its configuration ignores or owns).
        var visited = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var ordered = _configuredElsewhere.Count == 0
            ? dbSets
            : [.. dbSets.Where(d => !_configuredElsewhere.Contains(d.Entity.OriginalDefinition)), .. dbSets.Where(d => _configuredElsewhere.Contains(d.Entity.OriginalDefinition))];
        foreach (var (reportAt, entity, via) in ordered)
        {
            var checkedElsewhere = _configuredElsewhere.Contains(entity.OriginalDefinition);
            cancellationToken.ThrowIfCancellationRequested();
            var work = new Stack<INamedTypeSymbol>();
            work.Push(entity);
            while (work.Count > 0)
            {
                var type = work.Pop();
                if (!visited.Add(type))
                {
                    continue;
                }

                var fromSource = IsOurs(type);
                if (!fromSource)
                {
                    if (!IsImportable(type))
                    {
                        continue;
                    }

                    AddEntityName(type);
                    if (!checkedElsewhere && !owner.ContainsKey(type.OriginalDefinition))
                    {
                        owner.Add(type.OriginalDefinition, (reportAt, via));
                    }
                }

                foreach (var next in Reachable(type, fromSource))
                {
                    work.Push(next);
                }
            }
        }

        FreezeEntityNames();
        foreach (var pair in owner.OrderBy(p => p.Key.ToDisplayString(), StringComparer.Ordinal))
        {
            if (!_importedEntities.TryGetValue(pair.Value.ReportAt, out var entities))
            {
                entities = [];
                _importedEntities.Add(pair.Value.ReportAt, entities);
            }

            entities.Add(pair.Key);

            foreach (var member in UnclassifiedMembers(pair.Key))
            {
                if (!_imported.TryGetValue(pair.Value.ReportAt, out var list))
                {
                    list = [];
                    _imported.Add(pair.Value.ReportAt, list);
                }

                list.Add(new ImportedMember(pair.Key, member, pair.Value.Via));
            }
        }
    }

    private bool IsOurs(INamedTypeSymbol type) => SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly);

    /// <summary>
    /// Entities of other assemblies are reported where this compilation brings them in, except the framework's (System.*,
    /// Microsoft.*), which are not the developer's to annotate; ASP.NET Core Identity's stores are the exception (see
    /// <see cref="IdentityCovered"/>): an <c>IdentityDbContext&lt;TUser&gt;</c> maps them as the application's own tables.
    /// </summary>
    private bool IsImportable(INamedTypeSymbol type)
    {
        var assembly = type.ContainingAssembly?.Name;
        return assembly is not null && (!IsFrameworkName(assembly) || (assembly == IdentityStoresAssembly && !IdentityCovered));
    }

    private const string IdentityStoresAssembly = "Microsoft.Extensions.Identity.Stores";

    /// <summary>The package whose <c>AddIdentity&lt;TUser&gt;()</c> classifies every column of Identity's stores at run time.</summary>
    public const string IdentityClassificationAssembly = "Ncs.Privacy.AspNetCore.Identity";

    /// <summary>
    /// True when the compilation references Ncs.Privacy.AspNetCore.Identity: its classification of Identity's columns is made in
    /// code at start-up, where the analyzer cannot read it, so referencing the package is taken as covering them (the start-up
    /// model check still verifies every column).
    /// </summary>
    private bool IdentityCovered => _identityCovered ??= _compilation.ReferencedAssemblyNames.Any(a => a.Name == IdentityClassificationAssembly);

    private bool? _identityCovered;

    private static bool IsFrameworkName(string name) =>
        name == "System" || name.StartsWith("System.", StringComparison.Ordinal)
        || name == "Microsoft" || name.StartsWith("Microsoft.", StringComparison.Ordinal)
        || name == "mscorlib" || name == "netstandard";

    private IEnumerable<INamedTypeSymbol> Reachable(INamedTypeSymbol type, bool fromSource)
    {
        if (type.BaseType is { SpecialType: not SpecialType.System_Object } baseType && baseType.TypeKind == TypeKind.Class)
        {
            yield return baseType;
        }

        foreach (var member in type.GetMembers())
        {
            // EF Core maps a collection navigation without a setter (it fills the backing field): follow those too. The member's
            // type first: most members are columns, and whether a member is mapped reads its attributes (and, in another assembly,
            // its getter's).
            if (member is IPropertySymbol or IFieldSymbol
                && NavigationTarget(member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type, out var target) == MemberShape.Navigation
                && !Named(_columns, type, member.Name)
                && (IsMapped(member, type, fromSource, out _) || IsGetOnlyCollectionNavigation(member, type, out _)))
            {
                yield return target!;
            }
        }
    }

    /// <summary>
    /// Every type of the compilation, nested ones included, in declaration order. Below a type, its types only
    /// (<c>GetTypeMembers</c>): the public <c>GetMembers()</c> builds a new array of every member of every type.
    /// </summary>
    private static void CollectTypes(INamespaceOrTypeSymbol container, List<INamedTypeSymbol> into)
    {
        if (container is INamespaceSymbol)
        {
            foreach (var member in container.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    CollectTypes(ns, into);
                }
                else if (member is INamedTypeSymbol type)
                {
                    into.Add(type);
                    CollectTypes(type, into);
                }
            }

            return;
        }

        foreach (var type in container.GetTypeMembers())
        {
            into.Add(type);
            CollectTypes(type, into);
        }
    }

    private bool IsDbContext(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null && _symbols.DbContext is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, _symbols.DbContext))
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<(IPropertySymbol Property, INamedTypeSymbol Entity)> DbSetsOf(INamedTypeSymbol context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = context; current is not null && !SymbolEqualityComparer.Default.Equals(current, _symbols.DbContext); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, Type: INamedTypeSymbol { IsGenericType: true } set } property
                    && SymbolEqualityComparer.Default.Equals(set.OriginalDefinition, _symbols.DbSet)
                    && set.TypeArguments[0] is INamedTypeSymbol entity
                    && seen.Add(property.Name))
                {
                    yield return (property, entity);
                }
            }
        }
    }

    /// <summary>
    /// Members classified in code with the runtime's <c>Classify&lt;T&gt;(c =&gt; c.PersonalData(x =&gt; x.Bio, ...))</c>, for types
    /// the application cannot annotate. Only invocations spelled <c>PersonalData</c>, <c>NotPersonalData</c> or
    /// <c>RetentionAnchor</c> are bound, and only when the compilation has a <c>TypeClassificationBuilder&lt;T&gt;</c>.
    /// </summary>
    private void ReadClassificationsInCode(CancellationToken cancellationToken)
    {
        var builder = _compilation.GetTypeByMetadataName("Ncs.Privacy.TypeClassificationBuilder`1");
        if (builder is null)
        {
            return;
        }

        foreach (var tree in _compilation.SyntaxTrees)
        {
            // The text first: walking the syntax of every file (it builds the nodes) cost more than anything else in a large
            // single project, where almost no file classifies in code. A member access is written with a dot before the name.
            var text = tree.GetText(cancellationToken).ToString();
            if (text.IndexOf(".PersonalData", StringComparison.Ordinal) < 0 && text.IndexOf(".NotPersonalData", StringComparison.Ordinal) < 0
                && text.IndexOf(".RetentionAnchor", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            SemanticModel? semantic = null;
            foreach (var invocation in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    _ => null,
                };
                if (name is not ("PersonalData" or "NotPersonalData" or "RetentionAnchor") || invocation.ArgumentList.Arguments.Count == 0)
                {
                    continue;
                }

#pragma warning disable RS1030 // Bound only for the few invocations spelled like the classification builder's methods.
                semantic ??= _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                if (semantic.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called
                    || !SymbolEqualityComparer.Default.Equals(called.ContainingType.OriginalDefinition, builder)
                    || called.ContainingType.TypeArguments[0] is not INamedTypeSymbol classified)
                {
                    continue;
                }

                var argument = invocation.ArgumentList.Arguments[0].Expression;
                var member = argument is LambdaExpressionSyntax { Body: ExpressionSyntax body }
                    ? semantic.GetSymbolInfo(body, cancellationToken).Symbol?.Name
                    : NamedMember(argument);
                if (member is not null)
                {
                    Add(_classifiedInCode, classified, member);
                }
            }
        }
    }

    /// <summary>
    /// Entities named by an <c>IEntityTypeConfiguration&lt;T&gt;</c>, with its <c>Configure</c> methods: its own and those of its
    /// base classes in source (a generic <c>AuditedConfiguration&lt;T&gt;</c> whose <c>Configure</c> the derived one calls through
    /// <c>base.Configure(builder)</c>), read for the closed entity.
    /// </summary>
    private IEnumerable<(INamedTypeSymbol Entity, List<IMethodSymbol> Configure)> ConfiguredEntities(INamedTypeSymbol type)
    {
        if (_symbols.EntityTypeConfiguration is null || type.TypeKind != TypeKind.Class)
        {
            yield break;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, _symbols.EntityTypeConfiguration)
                || implemented.TypeArguments[0] is not INamedTypeSymbol entity)
            {
                continue;
            }

            var configure = new List<IMethodSymbol>();
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var method in current.GetMembers().OfType<IMethodSymbol>())
                {
                    // Configure by name, or the implementation of IEntityTypeConfiguration<T>.Configure whatever its name: an
                    // explicit implementation (void IEntityTypeConfiguration<Visit>.Configure(...)) is named after the interface.
                    if (!IsConfigureMethod(method))
                    {
                        continue;
                    }

                    if (method.Parameters.Length == 1 && method.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 1 } builder
                        && SymbolEqualityComparer.Default.Equals(builder.TypeArguments[0], entity)
                        && method.OriginalDefinition.DeclaringSyntaxReferences.Length > 0)
                    {
                        configure.Add(method.OriginalDefinition);
                    }
                }
            }

            // Template-method hooks and helpers Configure calls with its builder, read as Configure is (ConfigurationHooks.cs).
            configure.AddRange(ConfigurationHooks.Of(type, entity, configure));
            yield return (entity, configure);
        }
    }

    private bool IsConfigureMethod(IMethodSymbol method)
    {
        if (method.Name == "Configure")
        {
            return true;
        }

        foreach (var implemented in method.ExplicitInterfaceImplementations)
        {
            if (implemented.Name == "Configure"
                && SymbolEqualityComparer.Default.Equals(implemented.ContainingType.OriginalDefinition, _symbols.EntityTypeConfiguration))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads a model-configuration method (<c>OnModelCreating</c>, <c>IEntityTypeConfiguration&lt;T&gt;.Configure</c>) for what
    /// it says EF maps: <c>Entity&lt;T&gt;()</c> brings an entity in; <c>Property</c>/<c>PrimitiveCollection</c>/<c>ComplexProperty</c>
    /// map members (fields and get-only properties included), <c>Ignore</c> unmaps them; <c>HasKey</c>/<c>HasForeignKey</c>/
    /// <c>HasAlternateKey</c>/<c>HasPrincipalKey</c> name keys. Only these few method bodies are bound, once per compilation.
    /// </summary>
    private void ReadConfiguration(IMethodSymbol method, INamedTypeSymbol reportAt, List<INamedTypeSymbol> roots,
        List<(ISymbol ReportAt, INamedTypeSymbol Entity, string Via)> dbSets, CancellationToken cancellationToken, INamedTypeSymbol? configuredEntity = null)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var body = reference.GetSyntax(cancellationToken);
            var builderName = configuredEntity is not null && method.Parameters.Length == 1 ? method.Parameters[0].Name : null;
            SemanticModel? bound = null;
            foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                // Only the calls that say what EF maps matter; most of a configuration (HasMaxLength, ToTable, HasOne...) does not.
                if (CalledName(invocation) is not { } calledName || !ConfigurationCalls.Contains(calledName))
                {
                    continue;
                }

                // The common shape is read from syntax alone (no binding of the body): a call on the Configure method's builder
                // parameter, naming members by string, nameof or a simple lambda.
                if (builderName is not null && ReadWithoutBinding(invocation, calledName, builderName, configuredEntity!, reportAt))
                {
                    continue;
                }

#pragma warning disable RS1030 // Binding only the model-configuration methods that syntax alone does not settle, once per compilation.
                var semantic = bound ??= _compilation.GetSemanticModel(body.SyntaxTree);
#pragma warning restore RS1030
                if (semantic.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called
                    || called.ContainingNamespace?.ToDisplayString() is not { } calledNamespace)
                {
                    continue;
                }

                if (called.Name is "IsPersonalData" or "IsNotPersonalData" or "IsSubjectReference" && calledNamespace.StartsWith("Ncs.Privacy", StringComparison.Ordinal))
                {
                    // .IsNotPersonalData("TODO...") is the code fix's placeholder, not a reason: the member stays reported, saying so.
                    if (PlaceholderOf(invocation, called.Name) is { } placeholder)
                    {
                        ReadFluentClassification(semantic, invocation, (owner, name) => AddPlaceholder(owner, name, placeholder), cancellationToken);
                        continue;
                    }

                    var into = called.Name == "IsSubjectReference" ? _keys : _classifiedInCode;
                    ReadFluentClassification(semantic, invocation, (owner, name) => Add(into, owner, name), cancellationToken);
                    continue;
                }

                if (!calledNamespace.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
                {
                    continue;
                }

                if (called.Name is "ApplyConfiguration" or "ApplyConfigurationsFromAssembly")
                {
                    ReadAppliedConfigurations(semantic, invocation, called, cancellationToken);
                    continue;
                }

                // Entity<T>() brings an entity in, and so does a discriminator's HasValue<T>(...): a derived type of a TPH hierarchy
                // that no DbSet names is still mapped.
                if (called.Name is "Entity" or "HasValue" && called.TypeArguments.Length == 1 && called.TypeArguments[0] is INamedTypeSymbol entity)
                {
                    roots.Add(entity);
                    dbSets.Add((reportAt, entity, $"{reportAt.Name}.{method.Name}"));
                    continue;
                }

                var target = called.Name switch
                {
                    "Property" or "PrimitiveCollection" or "ComplexProperty" or "ComplexCollection" => _configured,
                    "Ignore" => _ignored,
                    "HasKey" or "HasForeignKey" or "HasAlternateKey" or "HasPrincipalKey" => _keys,
                    _ => null,
                };
                if (target is null)
                {
                    continue;
                }

                var builderEntity = called.TypeArguments.Length == 1 && called.TypeArguments[0] is INamedTypeSymbol generic && called.Name == "HasForeignKey"
                    ? generic
                    : BuilderEntity(semantic, invocation, called, cancellationToken, configuredEntity);
                foreach (var argument in invocation.ArgumentList.Arguments)
                {
                    if (argument.Expression is LambdaExpressionSyntax lambda)
                    {
                        foreach (var access in lambda.Body.DescendantNodesAndSelf().OfType<MemberAccessExpressionSyntax>())
                        {
                            if (semantic.GetSymbolInfo(access, cancellationToken).Symbol is { Kind: SymbolKind.Property or SymbolKind.Field } member
                                && member.ContainingType is { } owner)
                            {
                                Add(target, owner, member.Name);
                                if (called.Name is "Property" or "PrimitiveCollection")
                                {
                                    Add(_columns, owner, member.Name);
                                }
                            }
                        }
                    }
                    else if (builderEntity is not null && BoundName(semantic, argument.Expression, cancellationToken) is { } name)
                    {
                        Add(target, builderEntity, name);
                        if (called.Name is "Property" or "PrimitiveCollection")
                        {
                            Add(_columns, builderEntity, name);
                        }

                        if (target == _configured)
                        {
                            _namedMappings.Add(new NamedMapping(builderEntity.OriginalDefinition, name, invocation.GetLocation(), reportAt));
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Entities (original definitions) configured by an <c>IEntityTypeConfiguration&lt;T&gt;</c> of a referenced assembly that a
    /// context of this compilation applies. The configuration's body (its <c>HasKey</c>, <c>Ignore</c>, <c>OwnsOne</c>,
    /// <c>HasNoKey</c>...) is IL in a reference assembly, unreadable here, so these entities, and what only they reach, are checked
    /// in the project that declares the configuration, where the body is source; reported here they would be guesses.
    /// </summary>
    private readonly HashSet<INamedTypeSymbol> _configuredElsewhere = new(SymbolEqualityComparer.Default);

    private readonly HashSet<IAssemblySymbol> _scannedConfigurationAssemblies = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// <c>ApplyConfiguration(new X())</c> with X from a referenced assembly, and <c>ApplyConfigurationsFromAssembly(...)</c>: the assembly
    /// named through <c>typeof(X).Assembly</c> (or <c>GetTypeInfo().Assembly</c>), this one for <c>GetExecutingAssembly()</c> or
    /// <c>GetType().Assembly</c> (its configurations are source, read as such), and every referenced assembly of the application
    /// when the expression says nothing the analyzer can resolve (<c>Assembly.Load("...")</c>, a variable).
    /// </summary>
    private void ReadAppliedConfigurations(SemanticModel semantic, InvocationExpressionSyntax invocation, IMethodSymbol called, CancellationToken cancellationToken)
    {
        if (invocation.ArgumentList.Arguments.Count == 0)
        {
            return;
        }

        var argument = invocation.ArgumentList.Arguments[0].Expression;
        if (called.Name == "ApplyConfiguration")
        {
            if (semantic.GetTypeInfo(argument, cancellationToken).Type is INamedTypeSymbol configuration && !IsOurs(configuration))
            {
                AddConfiguredEntities(configuration);
            }

            return;
        }

        var typeOf = argument.DescendantNodesAndSelf().OfType<TypeOfExpressionSyntax>().FirstOrDefault();
        if (typeOf is not null)
        {
            if (semantic.GetTypeInfo(typeOf.Type, cancellationToken).Type is { ContainingAssembly: { } assembly } && !SymbolEqualityComparer.Default.Equals(assembly, _compilation.Assembly))
            {
                ScanConfigurations(assembly);
            }

            return;
        }

        var names = argument.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().Select(n => n.Identifier.ValueText).ToList();
        if (names.Contains("GetExecutingAssembly") || names.Contains("GetType"))
        {
            return;
        }

        foreach (var reference in _compilation.References)
        {
            if (_compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly && !IsFrameworkName(assembly.Name))
            {
                ScanConfigurations(assembly);
            }
        }
    }

    private void ScanConfigurations(IAssemblySymbol assembly)
    {
        if (!_scannedConfigurationAssemblies.Add(assembly))
        {
            return;
        }

        var types = new List<INamedTypeSymbol>();
        CollectTypes(assembly.GlobalNamespace, types);
        foreach (var type in types)
        {
            if (type.TypeKind == TypeKind.Class && !type.IsAbstract && !type.IsGenericType)
            {
                AddConfiguredEntities(type);
            }
        }
    }

    private void AddConfiguredEntities(INamedTypeSymbol configuration)
    {
        if (_symbols.EntityTypeConfiguration is null)
        {
            return;
        }

        foreach (var implemented in configuration.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, _symbols.EntityTypeConfiguration)
                && implemented.TypeArguments[0] is INamedTypeSymbol entity)
            {
                _configuredElsewhere.Add(entity.OriginalDefinition);
            }
        }
    }

    /// <summary>The model-configuration calls <see cref="ReadConfiguration"/> reads; every other call is skipped unbound.</summary>
    private static readonly HashSet<string> ConfigurationCalls = new(StringComparer.Ordinal)
    {
        "IsPersonalData", "IsNotPersonalData", "IsSubjectReference", "Entity", "Property", "PrimitiveCollection", "ComplexProperty", "ComplexCollection", "Ignore",
        "HasKey", "HasForeignKey", "HasAlternateKey", "HasPrincipalKey", "HasValue", "ApplyConfiguration", "ApplyConfigurationsFromAssembly",
    };

    private static string? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// Reads a call of an <c>IEntityTypeConfiguration&lt;T&gt;.Configure</c> body from syntax when its meaning does not need the
    /// binder: <c>builder.Property/Ignore/HasKey/...("name" | nameof(...) | x =&gt; x.Member | x =&gt; new { x.A, x.B })</c> on the
    /// builder parameter itself, <c>builder.Property(...)...IsPersonalData(...)</c>, and <c>builder.HasOne(...).WithMany().HasForeignKey(...)</c>
    /// (whose dependent is the configured entity). Anything else returns false and is bound. Binding every configuration
    /// body was what made the analyzer's cost grow on large layered models.
    /// </summary>
    private bool ReadWithoutBinding(InvocationExpressionSyntax invocation, string calledName, string builderName, INamedTypeSymbol entity, ISymbol reportAt)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax { Expression: var receiver })
        {
            return false;
        }

        switch (calledName)
        {
            case "IsPersonalData" or "IsNotPersonalData" or "IsSubjectReference":
                // .IsNotPersonalData("TODO...") is the code fix's placeholder, not a reason: the member stays reported, saying so.
                var placeholder = PlaceholderOf(invocation, calledName);

                // The chain's Property call, which must be on the builder parameter.
                while (receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } inner)
                {
                    if (access.Name.Identifier.ValueText is "Property" or "PrimitiveCollection" && NameArgument(inner.ArgumentList) is { } named)
                    {
                        if (!IsName(access.Expression, builderName) || MemberNames(named, entity) is not { } classified)
                        {
                            return false;
                        }

                        foreach (var (owner, name) in classified)
                        {
                            if (placeholder is not null)
                            {
                                AddPlaceholder(owner, name, placeholder);
                            }
                            else
                            {
                                Add(calledName == "IsSubjectReference" ? _keys : _classifiedInCode, owner, name);
                            }
                        }

                        return true;
                    }

                    receiver = access.Expression;
                }

                return false;
            case "Property" or "PrimitiveCollection" or "ComplexProperty" or "ComplexCollection" or "Ignore" or "HasKey" or "HasAlternateKey":
                if (!IsName(receiver, builderName))
                {
                    return false;
                }

                break;
            case "HasForeignKey" when invocation.Expression is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax }:
                // builder.HasOne(...).WithMany(...).HasForeignKey(...): the configured entity is the dependent.
                var chain = new List<string>();
                for (var current = receiver; current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax link }; current = link.Expression)
                {
                    chain.Add(link.Name.Identifier.ValueText);
                    if (IsName(link.Expression, builderName))
                    {
                        break;
                    }
                }

                if (chain.Count != 2 || chain[0] != "WithMany" || chain[1] != "HasOne"
                    || receiver is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax root } } }
                    || !IsName(root.Expression, builderName))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        var target = calledName switch
        {
            "Ignore" => _ignored,
            "HasKey" or "HasAlternateKey" or "HasForeignKey" => _keys,
            _ => _configured,
        };
        var read = new List<(INamedTypeSymbol Owner, string Name, bool ByName)>();
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            if (argument.Expression is LambdaExpressionSyntax)
            {
                if (MemberNames(argument.Expression, entity) is not { } members)
                {
                    return false;
                }

                read.AddRange(members.Select(m => (m.Owner, m.Name, false)));
            }
            else if (NamedMember(argument.Expression) is { } name)
            {
                read.Add((entity, name, true));
            }
            else if (argument.Expression is not TypeOfExpressionSyntax)
            {
                // A constant (Property<string>(HolderField)) or anything else the syntax does not settle: bind it.
                return false;
            }
        }

        foreach (var (owner, name, byName) in read)
        {
            Add(target, owner, name);
            if (calledName is "Property" or "PrimitiveCollection")
            {
                Add(_columns, owner, name);
            }

            if (byName && target == _configured)
            {
                _namedMappings.Add(new NamedMapping(entity.OriginalDefinition, name, invocation.GetLocation(), reportAt));
            }
        }

        return true;
    }

    private static bool IsName(ExpressionSyntax expression, string name) =>
        expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;

    /// <summary>
    /// The members a key or property selector names, each with the type that declares it (the entity or a base):
    /// <c>"name"</c>, <c>nameof(...)</c>, <c>x =&gt; x.Member</c>, <c>x =&gt; new { x.A, x.B }</c>; null for anything else.
    /// </summary>
    private static List<(INamedTypeSymbol Owner, string Name)>? MemberNames(ExpressionSyntax argument, INamedTypeSymbol entity)
    {
        if (NamedMember(argument) is { } named)
        {
            return [(entity, named)];
        }

        var (parameter, body) = argument switch
        {
            SimpleLambdaExpressionSyntax simple => (simple.Parameter.Identifier.ValueText, simple.Body),
            ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => (parenthesized.ParameterList.Parameters[0].Identifier.ValueText, parenthesized.Body),
            _ => (null, null),
        };
        var accesses = body switch
        {
            MemberAccessExpressionSyntax single => [single],
            AnonymousObjectCreationExpressionSyntax anonymous when anonymous.Initializers.All(i => i.NameEquals is null && i.Expression is MemberAccessExpressionSyntax) =>
                anonymous.Initializers.Select(i => (MemberAccessExpressionSyntax)i.Expression).ToList(),
            _ => null,
        };
        if (parameter is null || accesses is null)
        {
            return null;
        }

        var result = new List<(INamedTypeSymbol Owner, string Name)>();
        foreach (var access in accesses)
        {
            if (!IsName(access.Expression, parameter) || DeclaringType(entity, access.Name.Identifier.ValueText) is not { } owner)
            {
                return null;
            }

            result.Add((owner, access.Name.Identifier.ValueText));
        }

        return result;
    }

    private static INamedTypeSymbol? DeclaringType(INamedTypeSymbol entity, string name)
    {
        for (var current = entity; current is not null; current = current.BaseType)
        {
            if (current.GetMembers(name).Any(m => m is IPropertySymbol or IFieldSymbol))
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>builder.Property("_cardNumber").IsPersonalData(purpose, retention)</c> (Ncs.Privacy.EntityFrameworkCore's model-builder
    /// classification): the member the chain's <c>Property</c> call names is classified, as at run time.
    /// </summary>
    private static void ReadFluentClassification(SemanticModel semantic, InvocationExpressionSyntax classification, Action<INamedTypeSymbol, string> into,
        CancellationToken cancellationToken)
    {
        var receiver = (classification.Expression as MemberAccessExpressionSyntax)?.Expression;
        while (receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } inner)
        {
            if (access.Name.Identifier.ValueText is "Property" or "PrimitiveCollection" && NameArgument(inner.ArgumentList) is { } argument)
            {
                if (argument is LambdaExpressionSyntax { Body: ExpressionSyntax body })
                {
                    if (semantic.GetSymbolInfo(body, cancellationToken).Symbol is { Kind: SymbolKind.Property or SymbolKind.Field } member && member.ContainingType is { } owner)
                    {
                        into(owner, member.Name);
                    }
                }
                else if (BoundName(semantic, argument, cancellationToken) is { } name
                    && semantic.GetTypeInfo(access.Expression, cancellationToken).Type is INamedTypeSymbol { TypeArguments.Length: > 0 } builder
                    && builder.TypeArguments[builder.TypeArguments.Length - 1] is INamedTypeSymbol entity)
                {
                    into(entity, name);
                }

                return;
            }

            receiver = access.Expression;
        }
    }

    /// <summary>The entity a builder call is about: the receiver's type (EntityTypeBuilder&lt;T&gt;), since string-named members are declared on the non-generic base.</summary>
    /// <remarks>In a generic base configuration the builder is <c>EntityTypeBuilder&lt;T&gt;</c>: T is the entity being configured.</remarks>
    private static INamedTypeSymbol? BuilderEntity(SemanticModel semantic, InvocationExpressionSyntax invocation, IMethodSymbol called, CancellationToken cancellationToken,
        INamedTypeSymbol? configuredEntity)
    {
        var receiver = invocation.Expression is MemberAccessExpressionSyntax access
            ? semantic.GetTypeInfo(access.Expression, cancellationToken).Type as INamedTypeSymbol
            : null;
        return (receiver ?? called.ContainingType).TypeArguments.LastOrDefault() switch
        {
            INamedTypeSymbol entity => entity,
            ITypeParameterSymbol when configuredEntity is not null => configuredEntity,
            _ => null,
        };
    }

    /// <summary>The placeholder reason of <c>.IsNotPersonalData("TODO...")</c> (or an empty one), else null.</summary>
    private static string? PlaceholderOf(InvocationExpressionSyntax invocation, string calledName) =>
        calledName == "IsNotPersonalData" && invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax reason
            && Rules.UnclassifiedMemberAnalyzer.IsPlaceholder(reason.Token.ValueText)
            ? reason.Token.ValueText
            : null;

    private readonly Dictionary<INamedTypeSymbol, Dictionary<string, string>> _placeholders = new(SymbolEqualityComparer.Default);

    private void AddPlaceholder(INamedTypeSymbol type, string name, string reason)
    {
        if (!_placeholders.TryGetValue(type.OriginalDefinition, out var names))
        {
            names = new Dictionary<string, string>(StringComparer.Ordinal);
            _placeholders.Add(type.OriginalDefinition, names);
        }

        names[name] = reason;
    }

    /// <summary>
    /// The placeholder reason a configuration gives the member (<c>.IsNotPersonalData("TODO(privacy): ...")</c>, the code fix's
    /// output), or null: the member is still unclassified, and the diagnostic says why.
    /// </summary>
    public string? PlaceholderReason(INamedTypeSymbol type, string name)
    {
        for (var current = type.OriginalDefinition; current is not null; current = current.BaseType?.OriginalDefinition)
        {
            if (_placeholders.TryGetValue(current, out var names) && names.TryGetValue(name, out var reason))
            {
                return reason;
            }
        }

        return null;
    }

    private static void Add(Dictionary<INamedTypeSymbol, HashSet<string>> map, INamedTypeSymbol type, string name)
    {
        if (!map.TryGetValue(type.OriginalDefinition, out var names))
        {
            names = new HashSet<string>(StringComparer.Ordinal);
            map.Add(type.OriginalDefinition, names);
        }

        names.Add(name);
    }

    /// <summary>
    /// The argument of a <c>Property</c>/<c>PrimitiveCollection</c> call that names the member: the only one
    /// (<c>Property("_phone")</c>, <c>Property(x =&gt; x.Phone)</c>) or the name after a CLR type
    /// (<c>Property(typeof(string), "_phone")</c>); null for any other shape.
    /// </summary>
    private static ExpressionSyntax? NameArgument(ArgumentListSyntax arguments) => arguments.Arguments.Count switch
    {
        1 => arguments.Arguments[0].Expression,
        2 when arguments.Arguments[0].Expression is TypeOfExpressionSyntax => arguments.Arguments[1].Expression,
        _ => null,
    };

    /// <summary>
    /// A member name given by a literal or <c>nameof</c>, or by any compile-time constant the semantic model knows
    /// (<c>const string HolderField = "_cardHolderName"; Property&lt;string&gt;(HolderField)</c>).
    /// </summary>
    private static string? BoundName(SemanticModel semantic, ExpressionSyntax argument, CancellationToken cancellationToken) =>
        NamedMember(argument) ?? (argument is LambdaExpressionSyntax or TypeOfExpressionSyntax
            ? null
            : semantic.GetConstantValue(argument, cancellationToken) is { HasValue: true, Value: string name } ? name : null);

    private static string? NamedMember(ExpressionSyntax argument) => argument switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf
            when nameOf.ArgumentList.Arguments.Count == 1 => nameOf.ArgumentList.Arguments[0].Expression switch
            {
                MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
                IdentifierNameSyntax i => i.Identifier.ValueText,
                _ => null,
            },
        _ => null,
    };

    private bool IsDataSubject(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (PrivacySymbols.HasAttribute(current, _symbols.DataSubject))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasClassifiedMember(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IPropertySymbol or IFieldSymbol && _symbols.IsClassified(member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// EF Core's convention (PropertyDiscoveryConvention / IsCandidateProperty): an instance, non-indexer property with a public
    /// getter and a setter of any accessibility somewhere in its override chain, not <c>[NotMapped]</c>. Properties without
    /// a setter (computed getters, get-only auto-properties) and fields are mapped only when the configuration names them.
    /// In other assemblies private setters are invisible to the compiler, so there an auto-property's getter is enough.
    /// </summary>
    private bool IsMapped(ISymbol member, INamedTypeSymbol owner, bool fromSource, out ITypeSymbol type)
    {
        type = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
        if (member.IsStatic || PrivacySymbols.HasAttribute(member, _symbols.NotMapped) || Named(_ignored, owner, member.Name))
        {
            return false;
        }

        if (type.TypeKind is TypeKind.Delegate or TypeKind.Pointer or TypeKind.FunctionPointer || PrivacySymbols.HasAttribute(type, _symbols.NotMapped))
        {
            return false;
        }

        if (Named(_configured, owner, member.Name))
        {
            return member is IPropertySymbol { IsIndexer: false } or IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false };
        }

        if (member is not IPropertySymbol property || property.IsIndexer)
        {
            return false;
        }

        if (property.GetMethod is not { DeclaredAccessibility: Accessibility.Public })
        {
            return false;
        }

        if (property.IsImplicitlyDeclared && !IsPositionalRecordProperty(property))
        {
            return false;
        }

        // Another assembly's private setters are invisible (and gone from reference assemblies); an auto-property's getter
        // still says [CompilerGenerated], which tells `{ get; private set; }` from a computed getter such as `FullName => ...`.
        return HasSetter(property) || (!fromSource && IsAutoPropertyGetter(property.GetMethod));
    }

    /// <remarks>
    /// Asked for every getter of every entity of another assembly (each has lost its private setter there): the namespace is
    /// compared name by name, not formatted (formatting it was an eighth of the analyzers' CPU samples on a layered model of 1,000 entities).
    /// </remarks>
    private static bool IsAutoPropertyGetter(IMethodSymbol getter)
    {
        foreach (var attribute in getter.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "CompilerGeneratedAttribute" } type
                && type.ContainingNamespace is { Name: "CompilerServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
            {
                return true;
            }
        }

        return false;
    }

    private bool IsGetOnlyCollectionNavigation(ISymbol member, INamedTypeSymbol owner, out ITypeSymbol type)
    {
        type = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
        return member is IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } property
            && property.Type is IArrayTypeSymbol or INamedTypeSymbol { SpecialType: not SpecialType.System_String }
            && (property.Type is IArrayTypeSymbol || SequenceElement((INamedTypeSymbol)property.Type) is not null)
            && !PrivacySymbols.HasAttribute(member, _symbols.NotMapped)
            && !Named(_ignored, owner, member.Name);
    }

    private static bool Named(Dictionary<INamedTypeSymbol, HashSet<string>> map, INamedTypeSymbol owner, string name)
    {
        for (var current = owner; current is not null; current = current.BaseType)
        {
            if (map.TryGetValue(current.OriginalDefinition, out var names) && names.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPositionalRecordProperty(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is ParameterSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasSetter(IPropertySymbol property)
    {
        for (var current = property; current is not null; current = current.OverriddenProperty)
        {
            if (current.SetMethod is not null)
            {
                return true;
            }
        }

        return false;
    }

    private enum MemberShape
    {
        Column,
        Navigation,
        Unmappable,
    }

    /// <summary>
    /// Whether a member of this type is a column, a navigation (to an entity, owned or complex type: the target's members are
    /// checked instead), or something EF cannot map by convention (a collection of interfaces).
    /// </summary>
    private MemberShape NavigationTarget(ITypeSymbol type, out INamedTypeSymbol? target)
    {
        target = null;
        var element = type;
        var collection = false;
        if (type is IArrayTypeSymbol array)
        {
            element = array.ElementType;
            collection = true;
        }
        else if (type is INamedTypeSymbol named && named.SpecialType != SpecialType.System_String && SequenceElement(named) is { } item)
        {
            element = item;
            collection = true;
        }

        if (element.TypeKind == TypeKind.Error)
        {
            // Not yet resolvable (mid-edit, or a missing reference): not a column we can judge.
            return MemberShape.Unmappable;
        }

        if (element is not INamedTypeSymbol candidate)
        {
            return collection && element.TypeKind == TypeKind.TypeParameter ? MemberShape.Unmappable : MemberShape.Column;
        }

        if (candidate.TypeKind == TypeKind.Interface)
        {
            return collection ? MemberShape.Unmappable : MemberShape.Column;
        }

        if (IsEntityCandidate(candidate))
        {
            target = candidate;
            return MemberShape.Navigation;
        }

        return MemberShape.Column;
    }

    /// <summary>
    /// The element type of a sequence (<c>IEnumerable&lt;T&gt;</c> or a type implementing it), remembered per type: every
    /// member of every entity asks, and <c>AllInterfaces</c> builds a new array on each call (an <c>int</c> has some thirty
    /// generic-math interfaces), which was a tenth of the analyzers' allocations on a model of 1,000 entities × 20 members.
    /// </summary>
    private ITypeSymbol? SequenceElement(INamedTypeSymbol type)
    {
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _symbols.Enumerable))
        {
            return type.TypeArguments[0];
        }

        if (_sequenceElements.TryGetValue(type, out var known))
        {
            return known;
        }

        ITypeSymbol? element = null;
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, _symbols.Enumerable))
            {
                element = implemented.TypeArguments[0];
                break;
            }
        }

        _sequenceElements.TryAdd(type, element);
        return element;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, ITypeSymbol?> _sequenceElements = new(SymbolEqualityComparer.Default);

    private bool IsEntityCandidate(INamedTypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.Enum or TypeKind.Delegate or TypeKind.Interface)
        {
            return false;
        }

        if (type.TypeKind == TypeKind.Struct
            && !PrivacySymbols.HasAttribute(type, _symbols.ComplexType) && !PrivacySymbols.HasAttribute(type, _symbols.Owned))
        {
            return false;
        }

        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return false;
        }

        return !InFrameworkNamespace(type);
    }

    /// <summary>
    /// True for a type of the <c>System</c> or <c>Microsoft</c> namespaces or below (what <see cref="IsFrameworkName"/> says of the
    /// formatted namespace), read from the outermost namespace's name: every navigation candidate asks, and formatting allocates.
    /// </summary>
    private static bool InFrameworkNamespace(INamedTypeSymbol type)
    {
        INamespaceSymbol? outermost = null;
        for (var current = type.ContainingNamespace; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            outermost = current;
        }

        return outermost is { Name: "System" or "Microsoft" };
    }

    /// <summary>
    /// Keys and foreign keys by EF Core's conventions are technical columns, as at run time: <c>Id</c>, <c>&lt;Type&gt;Id</c>,
    /// <c>[Key]</c>, <c>[ForeignKey]</c>, <c>&lt;Navigation&gt;Id</c> and <c>&lt;PrincipalType&gt;Id</c>; so is a <c>[Timestamp]</c>
    /// concurrency token, and a subject's id held by value (<c>[SubjectReference]</c>, <c>.IsSubjectReference(...)</c>), which the
    /// runtime's convention makes a foreign key to a stand-in root.
    /// </summary>
    private bool IsKeyOrForeignKey(ISymbol member, INamedTypeSymbol owner)
    {
        if (PrivacySymbols.HasAttribute(member, _symbols.Key) || PrivacySymbols.HasAttribute(member, _symbols.ForeignKey)
            || PrivacySymbols.HasAttribute(member, _symbols.Timestamp) || PrivacySymbols.HasAttribute(member, _symbols.SubjectReference)
            || Named(_keys, owner, member.Name))
        {
            return true;
        }

        var name = member.Name;
        if (!name.EndsWith("Id", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (IsKeyName(name, owner, MemberType(member)))
        {
            return true;
        }

        var prefix = name.Substring(0, name.Length - 2);
        if (prefix.Length == 0)
        {
            return true;
        }

        for (var current = owner; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (string.Equals(prefix, current.Name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            foreach (var other in current.GetMembers())
            {
                if (other is IPropertySymbol navigation && !navigation.IsStatic
                    && (string.Equals(navigation.Name, prefix, StringComparison.Ordinal) || NamesAsForeignKey(navigation, name))
                    && NavigationTarget(navigation.Type, out _) == MemberShape.Navigation)
                {
                    return true;
                }
            }
        }

        return _entityNames.Contains(prefix);
    }

    /// <summary>
    /// A key or foreign key by its name alone, what a project sees of a key configured in another one
    /// (<c>HasForeignKey(o =&gt; o.PaymentId)</c> in the infrastructure project, <c>PaymentMethod</c> the principal): <c>Id</c>,
    /// <c>&lt;Owner&gt;Id</c>, <c>&lt;Entity&gt;Id</c> of an entity of the model, and <c>&lt;Words&gt;Id</c> where an entity's name
    /// starts or ends with those whole identifier words (<c>PaymentId</c> for <c>PaymentMethod</c>, <c>UserId</c> for
    /// <c>IdentityUser</c>) only when the member has that entity's key type (or either is generic, <c>IdentityUserClaim&lt;TKey&gt;.UserId</c>): <c>NationalId</c> (a string) is not a foreign key
    /// to <c>NationalHoliday</c> (an int key), nor <c>TaxId</c> to <c>TaxRate</c>. A member whose type is unknown (a shadow
    /// property) is a key by the exact forms only. A field's underscore is not part of its name (<c>_cardTypeId</c>). Entity
    /// names are looked up in two sorted arrays, so this costs a logarithm, not a scan of the model.
    /// </summary>
    private bool IsKeyName(string name, INamedTypeSymbol owner, ITypeSymbol? type)
    {
        var trimmed = name.StartsWith("m_", StringComparison.Ordinal) ? name.Substring(2) : name.TrimStart('_');
        if (!trimmed.EndsWith("Id", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var prefix = trimmed.Substring(0, trimmed.Length - 2);
        if (prefix.Length == 0 || string.Equals(prefix, owner.Name, StringComparison.OrdinalIgnoreCase) || _entityNames.Contains(prefix))
        {
            return true;
        }

        if (type is null || _namesByStart is null || _namesByEnd is null)
        {
            return false;
        }

        foreach (var candidate in WithPrefix(_namesByStart, prefix))
        {
            if (char.IsUpper(candidate[prefix.Length]) && HasKeyOfType(candidate, type))
            {
                return true;
            }
        }

        foreach (var reversed in WithPrefix(_namesByEnd, Reverse(prefix)))
        {
            var candidate = Reverse(reversed);
            if (char.IsUpper(candidate[candidate.Length - prefix.Length]) && HasKeyOfType(candidate, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The longer names of <paramref name="sorted"/> that start with <paramref name="prefix"/>, by binary search.</summary>
    private static IEnumerable<string> WithPrefix(string[] sorted, string prefix)
    {
        var index = Array.BinarySearch(sorted, prefix, StringComparer.OrdinalIgnoreCase);
        index = index >= 0 ? index + 1 : ~index;
        for (; index < sorted.Length && sorted[index].StartsWith(prefix, StringComparison.OrdinalIgnoreCase); index++)
        {
            if (sorted[index].Length > prefix.Length)
            {
                yield return sorted[index];
            }
        }
    }

    private bool HasKeyOfType(string entityName, ITypeSymbol type)
    {
        if (!_entitiesByName.TryGetValue(entityName, out var entities))
        {
            return false;
        }

        var wanted = Unwrapped(type);
        foreach (var entity in entities)
        {
            for (var current = entity; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false } key
                        && (key.Name == "Id" || key.Name == entity.Name + "Id" || PrivacySymbols.HasAttribute(key, _symbols.Key))
                        && (wanted is ITypeParameterSymbol || Unwrapped(key.Type) is ITypeParameterSymbol
                            || SymbolEqualityComparer.Default.Equals(Unwrapped(key.Type), wanted)))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static ITypeSymbol Unwrapped(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);

    private static ITypeSymbol? MemberType(ISymbol? member) => member switch
    {
        IPropertySymbol property => property.Type,
        IFieldSymbol field => field.Type,
        _ => null,
    };

    private void AddEntityName(INamedTypeSymbol type)
    {
        _entityNames.Add(type.Name);
        if (!_entitiesByName.TryGetValue(type.Name, out var entities))
        {
            entities = [];
            _entitiesByName.Add(type.Name, entities);
        }

        if (!entities.Contains(type, SymbolEqualityComparer.Default))
        {
            entities.Add(type);
        }
    }

    private static string Reverse(string value)
    {
        var characters = value.ToCharArray();
        Array.Reverse(characters);
        return new string(characters);
    }

    private void FreezeEntityNames()
    {
        _namesByStart = _entityNames.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray();
        _namesByEnd = _entityNames.Select(Reverse).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private bool NamesAsForeignKey(IPropertySymbol navigation, string name)
    {
        foreach (var attribute in navigation.GetAttributes())
        {
            if (PrivacySymbols.Is(attribute, _symbols.ForeignKey) && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string names && names.Split(',').Any(n => n.Trim() == name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The namespaces an assembly opts in as domain models, by attribute or .editorconfig.</summary>
    private sealed class ModelNamespaces
    {
        private readonly List<string> _fromAttribute = [];
        private readonly AnalyzerOptions _options;
        private readonly Dictionary<SyntaxTree, string[]> _byTree = new();

        private readonly PrivacySymbols _symbols;

        public ModelNamespaces(Compilation compilation, PrivacySymbols symbols, AnalyzerOptions options)
        {
            _options = options;
            _symbols = symbols;
            foreach (var attribute in compilation.Assembly.GetAttributes())
            {
                if (!PrivacySymbols.Is(attribute, symbols.PrivacyModel) || attribute.ConstructorArguments.Length != 1)
                {
                    continue;
                }

                var argument = attribute.ConstructorArguments[0];
                if (argument.Kind == TypedConstantKind.Array)
                {
                    _fromAttribute.AddRange(argument.Values.Select(v => v.Value as string).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()));
                }
            }
        }

        /// <summary>
        /// A type of an opted-in namespace is a domain model when EF Core could map it as an entity: it has a key by convention
        /// (<c>Id</c>, <c>&lt;Type&gt;Id</c>, <c>[Key]</c>, inherited ones included) or is <c>[Owned]</c> or <c>[ComplexType]</c>. A
        /// domain event, a command or a specification has none and is left alone; a value object without a key is still checked
        /// when an entity reaches it by navigation.
        /// </summary>
        public bool Contains(INamedTypeSymbol type) => InOptedInNamespace(type) && MappableByEntityFramework(type);

        private bool MappableByEntityFramework(INamedTypeSymbol type)
        {
            if (PrivacySymbols.HasAttribute(type, _symbols.Owned) || PrivacySymbols.HasAttribute(type, _symbols.ComplexType))
            {
                return true;
            }

            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false } or IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false }
                        && (string.Equals(member.Name, "Id", StringComparison.OrdinalIgnoreCase)
                            || string.Equals(member.Name, type.Name + "Id", StringComparison.OrdinalIgnoreCase)
                            || PrivacySymbols.HasAttribute(member, _symbols.Key)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool InOptedInNamespace(INamedTypeSymbol type)
        {
            // Most applications opt no namespace in: then nothing below (formatting names, reading base types) is needed.
            if (_fromAttribute.Count == 0 && !AnyForTrees(type))
            {
                return false;
            }

            if (type.IsStatic || type.IsImplicitlyDeclared || !type.CanBeReferencedByName || InheritsFrom(type, "System.Attribute") || InheritsFrom(type, "System.Exception"))
            {
                return false;
            }

            var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            if (_fromAttribute.Any(n => InNamespace(ns, n)))
            {
                return true;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (ForTree(reference.SyntaxTree).Any(n => InNamespace(ns, n)))
                {
                    return true;
                }
            }

            return false;
        }

        private bool AnyForTrees(INamedTypeSymbol type)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (ForTree(reference.SyntaxTree).Length > 0)
                {
                    return true;
                }
            }

            return false;
        }

        private string[] ForTree(SyntaxTree tree)
        {
            if (_byTree.TryGetValue(tree, out var cached))
            {
                return cached;
            }

            var provider = _options.AnalyzerConfigOptionsProvider;
            if (!provider.GetOptions(tree).TryGetValue(ModelNamespacesKey, out var value))
            {
                provider.GlobalOptions.TryGetValue(ModelNamespacesKey, out value);
            }

            var result = (value ?? string.Empty).Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries);
            _byTree.Add(tree, result);
            return result;
        }

        private static bool InNamespace(string ns, string root) =>
            string.Equals(ns, root, StringComparison.Ordinal) || ns.StartsWith(root + ".", StringComparison.Ordinal);

        private static bool InheritsFrom(INamedTypeSymbol type, string fullName)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.ToDisplayString() == fullName)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
