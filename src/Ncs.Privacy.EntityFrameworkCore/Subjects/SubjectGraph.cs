using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// What each data subject owns in one EF Core model: from every <see cref="DataSubjectAttribute"/> root, the entity
/// types whose rows belong to a subject, the foreign-key paths that connect them, and, for rows that concern two
/// subjects, whose each field is. It is derived from the model alone (foreign keys, ownership, many-to-many join
/// entities, inheritance) and is the one definition that export, erasure and retention share.
/// See docs/ownership.md.
/// </summary>
public sealed class SubjectGraph
{
    /// <summary>How many foreign keys a path may cross; deeper models are rare and usually cyclic.</summary>
    internal const int MaxPathLength = 8;

    private const string RuntimeAnnotation = PrivacyAnnotationNames.Prefix + "SubjectGraph";

    private readonly FrozenDictionary<IReadOnlyProperty, ClassifiedProperty> _properties;
    private readonly FrozenDictionary<IReadOnlyEntityType, IReadOnlyList<ClassifiedProperty>> _byEntity;

    private SubjectGraph(IModel model, PrivacyPolicy policy)
    {
        Model = model;
        Policy = policy;
        var properties = new Dictionary<IReadOnlyProperty, ClassifiedProperty>();
        var byEntity = new Dictionary<IReadOnlyEntityType, IReadOnlyList<ClassifiedProperty>>();
        foreach (var entityType in model.GetEntityTypes())
        {
            var list = new List<ClassifiedProperty>();
            foreach (var property in entityType.GetProperties())
            {
                if (!properties.TryGetValue(property, out var classified))
                {
                    classified = ClassifiedProperty.Resolve(property, policy);
                    properties.Add(property, classified);
                }

                list.Add(classified);
            }

            byEntity.Add(entityType, list);
            foreach (var complexType in ComplexTypes(entityType.GetDeclaredComplexProperties()))
            {
                foreach (var property in complexType.GetDeclaredProperties())
                {
                    properties.TryAdd(property, ClassifiedProperty.Resolve(property, policy));
                }
            }
        }

        _properties = properties.ToFrozenDictionary();
        _byEntity = byEntity.ToFrozenDictionary();

        var roots = new List<SubjectRoot>();
        foreach (var entityType in model.GetEntityTypes().Where(t => !t.IsOwned()).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (entityType.FindAnnotation(PrivacyAnnotationNames.DataSubject)?.Value is string category
                && policy.SubjectCategories.TryGetValue(category, out var subjectCategory)
                && entityType.FindPrimaryKey() is { Properties.Count: 1 } key)
            {
                roots.Add(new SubjectRoot(this, entityType, subjectCategory, key.Properties[0]));
            }
        }

        Roots = roots;
        foreach (var root in roots)
        {
            root.Build();
        }

        // Rows a subject points to are decided once every root knows the rows it owns by a path: a row another root owns is
        // never pointed-to data of this one's.
        foreach (var root in roots)
        {
            root.Complete();
        }

        MultipleOwners = model.GetEntityTypes()
            .Where(t => roots.Count(r => r.Find(t) is { } e && !e.IsRoot && e.Shares.Any(s => s.OwnsRow && !s.IsShared && !s.IsPointedTo)) > 1)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();

        // Owned types count too: an owned type whose owner no root reaches is reached by nothing (export and erasure take it with its owner).
        Unreached = model.GetEntityTypes()
            .Where(t => GetProperties(t).Any(p => p.IsPersonalData) && !roots.Any(r => r.Find(t) is not null))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The model the graph describes.</summary>
    public IModel Model { get; }

    /// <summary>The policy the classifications come from.</summary>
    public PrivacyPolicy Policy { get; }

    /// <summary>One root per entity type marked <see cref="DataSubjectAttribute"/> (the base type of a hierarchy).</summary>
    public IReadOnlyList<SubjectRoot> Roots { get; }

    /// <summary>Entity types that hold personal data but that no subject root reaches: neither export nor erasure can attribute their rows.</summary>
    public IReadOnlyList<IEntityType> Unreached { get; }

    /// <summary>
    /// Entity types whose rows are owned, through different foreign keys, by subjects of more than one root (a note
    /// that refers to a customer and to a supplier contact): both exports show the row's fields and erasure of either
    /// touches them. Name the other subject's navigation with <see cref="PersonalDataAttribute.Subject"/>, or mark a
    /// reference that carries no ownership with <c>IsNotOwnership()</c>. Logged as a warning at start-up.
    /// </summary>
    public IReadOnlyList<IEntityType> MultipleOwners { get; }

    /// <summary>The graph of a model, built once and cached on the model.</summary>
    /// <param name="model">The runtime model.</param>
    /// <param name="policy">The policy the model was built with.</param>
    public static SubjectGraph For(IModel model, PrivacyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        // One model may serve several equal policies (one per service provider): one graph per policy instance.
        var graphs = model.GetOrAddRuntimeAnnotationValue(RuntimeAnnotation, static _ => new ConditionalWeakTable<PrivacyPolicy, SubjectGraph>(), (object?)null);
        return graphs.GetValue(policy, p => new SubjectGraph(model, p));
    }

    /// <summary>A graph of a model that is not cached (the start-up check's, on the model EF Core just finalized).</summary>
    internal static SubjectGraph Create(IModel model, PrivacyPolicy policy) => new(model, policy);

    /// <summary>The root of a data-subject category, or null when this model has none.</summary>
    /// <param name="category">The category identifier.</param>
    public SubjectRoot? FindRoot(string category) => Roots.FirstOrDefault(r => r.Category.Id == category);

    /// <summary>The root whose entity type is <paramref name="clrType"/> or one of its bases, or null.</summary>
    /// <param name="clrType">The CLR type of the subject's entity.</param>
    public SubjectRoot? FindRoot(Type clrType) => Roots.FirstOrDefault(r => r.EntityType.ClrType.IsAssignableFrom(clrType));

    /// <summary>The classification of a property of the model.</summary>
    /// <param name="property">The property.</param>
    public ClassifiedProperty Classify(IReadOnlyProperty property)
        => _properties.TryGetValue(property, out var classified)
            ? classified
            : throw new ArgumentException($"'{property.Name}' is not a property of this model.", nameof(property));

    /// <summary>
    /// Whether <paramref name="foreignKey"/> is the key-to-key link of a TPT derived table to its base table's row: one row
    /// stored in two tables, not a row that refers to another.
    /// </summary>
    internal static bool IsTableLink(IReadOnlyForeignKey foreignKey)
        => foreignKey.PrincipalEntityType.IsAssignableFrom(foreignKey.DeclaringEntityType)
           && foreignKey.DeclaringEntityType.FindPrimaryKey() is { } key
           && foreignKey.Properties.SequenceEqual(key.Properties);

    /// <summary>The classified properties of an entity type, inherited ones included.</summary>
    /// <param name="entityType">The entity type.</param>
    public IReadOnlyList<ClassifiedProperty> GetProperties(IReadOnlyEntityType entityType)
        => _byEntity.TryGetValue(entityType, out var list) ? list : [];

    private static IEnumerable<IComplexType> ComplexTypes(IEnumerable<IComplexProperty> properties)
    {
        foreach (var property in properties)
        {
            yield return property.ComplexType;
            foreach (var nested in ComplexTypes(property.ComplexType.GetComplexProperties()))
            {
                yield return nested;
            }
        }
    }

    /// <summary>A type whose rows can be pointed-to data: personal, not a root, not owned, and owned by no root through a path of its own.</summary>
    internal bool IsPointable(IReadOnlyEntityType entityType)
        => !entityType.IsOwned()
            && !IsRootType(entityType)
            && GetProperties(entityType).Any(p => p.IsPersonalData)
            && !Roots.Any(r => r.Find(entityType) is { } e && e.Shares.Any(s => s.OwnsRow && !s.IsShared && !s.IsPointedTo));

    internal bool IsRootType(IReadOnlyEntityType entityType)
        => Roots.Any(r => InHierarchy(entityType, r.EntityType));

    internal static bool InHierarchy(IReadOnlyEntityType candidate, IReadOnlyEntityType root)
        => candidate == root || root.IsAssignableFrom(candidate) || candidate.IsAssignableFrom(root);

    internal static bool TryGetJoinEntity(IReadOnlyForeignKey foreignKey, [NotNullWhen(true)] out IEntityType? join)
    {
        join = null;
        if (foreignKey.IsOwnership || foreignKey.DeclaringEntityType is not IEntityType declaring)
        {
            return false;
        }

        if (declaring.GetForeignKeys().Any(fk => fk.GetReferencingSkipNavigations().Any()))
        {
            join = declaring;
            return true;
        }

        return false;
    }
}

/// <summary>The root entity type of one data-subject category and every entity type that holds rows of its subjects.</summary>
public sealed class SubjectRoot
{
    private readonly List<SubjectEntity> _entities = [];

    internal SubjectRoot(SubjectGraph graph, IEntityType entityType, DataSubjectCategory category, IProperty key)
    {
        Graph = graph;
        EntityType = entityType;
        Category = category;
        Key = key;
    }

    /// <summary>The graph this root belongs to.</summary>
    public SubjectGraph Graph { get; }

    /// <summary>The entity type marked <see cref="DataSubjectAttribute"/>.</summary>
    public IEntityType EntityType { get; }

    /// <summary>The data-subject category.</summary>
    public DataSubjectCategory Category { get; }

    /// <summary>The primary key property that identifies a subject.</summary>
    public IProperty Key { get; }

    /// <summary>
    /// True when this context does not map the subjects' root but refers to them by value
    /// (<see cref="SubjectReferenceAttribute"/>): <see cref="EntityType"/> is then a stand-in, mapped to the distinct
    /// identifiers the referring columns hold, that is neither exported nor erased; only the rows that refer to it are.
    /// </summary>
    public bool IsReference => EntityType.FindAnnotation(PrivacyAnnotationNames.SubjectReferenceRoot) is not null;

    /// <summary>Every entity type that holds rows of a subject: the root first, then by path length and name; owned types after their owner.</summary>
    public IReadOnlyList<SubjectEntity> Entities => _entities;

    /// <summary>The entry of an entity type, or null when its rows never belong to a subject of this root.</summary>
    /// <param name="entityType">The entity type.</param>
    public SubjectEntity? Find(IReadOnlyEntityType entityType) => _entities.FirstOrDefault(e => e.EntityType == entityType);

    /// <summary>
    /// Converts a subject identifier to the key's CLR type (an <c>int</c> key accepts <c>42</c>, <c>42L</c> or <c>"42"</c>;
    /// a <see cref="Guid"/> key accepts its string form). A key stored through a value converter (a strongly typed id such
    /// as <c>record struct CustomerId(int Value)</c>) also accepts its stored form, as <see cref="IdText"/> writes it into
    /// a plan, converted to the provider type and back through the converter. Throws <see cref="ArgumentException"/>
    /// naming the expected type otherwise.
    /// </summary>
    /// <param name="subjectId">The identifier.</param>
    public object ConvertId(object subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        var target = Nullable.GetUnderlyingType(Key.ClrType) ?? Key.ClrType;
        if (target.IsInstanceOfType(subjectId))
        {
            return subjectId;
        }

        if (KeyConverter is { } converter && (Nullable.GetUnderlyingType(converter.ProviderClrType) ?? converter.ProviderClrType) is var stored && stored != target)
        {
            // The stored form (an int for CustomerId): converted losslessly to the provider type, then read back by the converter.
            var value = ConvertPrimitive(subjectId, stored, $"{target.Name} stored as {stored.Name}");
            try
            {
                return converter.ConvertFromProvider(value) ?? throw new FormatException();
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                throw new ArgumentException($"The identifier of a '{Category.Id}' subject is a {target.Name} (the key {ModelClassification.Name(EntityType)}.{Key.Name}); its value converter cannot read back the value given ({subjectId}).", nameof(subjectId), e);
            }
        }

        return ConvertPrimitive(subjectId, target, target.Name);
    }

    /// <summary>
    /// The identifier as a plan, an audit record or a request stores it: the invariant text of the key's stored value
    /// (through the key's value converter, if any), which <see cref="ConvertId"/> reads back to the same key.
    /// </summary>
    /// <param name="subjectId">The identifier, in any form <see cref="ConvertId"/> accepts.</param>
    public string IdText(object subjectId)
    {
        var id = ConvertId(subjectId);
        var stored = KeyConverter is { } converter && !(Nullable.GetUnderlyingType(Key.ClrType) ?? Key.ClrType).IsInstanceOfType(converter.ConvertToProvider(id))
            ? converter.ConvertToProvider(id)
            : id;
        return Convert.ToString(stored, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? KeyConverter => Key.GetValueConverter() ?? Key.FindTypeMapping()?.Converter;

    private object ConvertPrimitive(object subjectId, Type target, string expected)
    {
        if (target.IsInstanceOfType(subjectId))
        {
            return subjectId;
        }

        try
        {
            if (target == typeof(Guid))
            {
                return subjectId is string text ? Guid.Parse(text) : throw new FormatException();
            }

            if (subjectId is IConvertible && typeof(IConvertible).IsAssignableFrom(target) && subjectId is not bool and not char)
            {
                // Only lossless conversions: 1.5 must not become key 2, nor true key 1. Text is parsed, which is exact or fails.
                var converted = Convert.ChangeType(subjectId, target, System.Globalization.CultureInfo.InvariantCulture);
                if (subjectId is string || Equals(Convert.ChangeType(converted, subjectId.GetType(), System.Globalization.CultureInfo.InvariantCulture), subjectId))
                {
                    return converted;
                }

                throw new FormatException();
            }
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"The identifier of a '{Category.Id}' subject is a {expected} (the key {ModelClassification.Name(EntityType)}.{Key.Name}); the value given is a {subjectId.GetType().Name} that does not convert to it.", nameof(subjectId), e);
        }

        throw new ArgumentException($"The identifier of a '{Category.Id}' subject is a {expected} (the key {ModelClassification.Name(EntityType)}.{Key.Name}); a {subjectId.GetType().Name} was given.", nameof(subjectId));
    }

    /// <summary>Whether the subject's root row exists, soft-deleted rows included.</summary>
    /// <param name="context">A context of the model.</param>
    /// <param name="subjectId">The subject's identifier.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<bool> ExistsAsync(DbContext context, object subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsReference)
        {
            // Some row refers to the subject: the stand-in's query is the union of the referring columns.
            return SubjectQueries.AnyAsync(context, EntityType, SubjectQueries.Filter(context, EntityType, this, [SubjectPath.Identity], ConvertId(subjectId)), cancellationToken);
        }

        var root = _entities.First(e => e.EntityType == EntityType);
        return SubjectQueries.AnyAsync(context, root.EntityType, root.CreateFilter(context, subjectId), cancellationToken);
    }

    internal void Build()
    {
        var graph = Graph;
        foreach (var entityType in graph.Model.GetEntityTypes().Where(t => !t.IsOwned()))
        {
            if (SubjectGraph.InHierarchy(entityType, EntityType) && EntityType.IsAssignableFrom(entityType))
            {
                if (IsReference)
                {
                    continue; // the stand-in holds nothing of the subject's: only the rows that refer to it do
                }

                var rootEntity = new SubjectEntity(this, entityType, isRoot: true, owner: null);
                rootEntity.SetShares([new SubjectShare(rootEntity, null, [SubjectPath.Identity], shared: false)]);
                _entities.Add(rootEntity);
                continue;
            }

            if (graph.IsRootType(entityType))
            {
                continue; // a subject's own row belongs to that subject only
            }

            var paths = new List<SubjectPath>();
            Walk(entityType, [], [entityType], paths);
            if (paths.Count == 0)
            {
                continue; // perhaps a row the subject points to: see Complete
            }

            var entity = new SubjectEntity(this, entityType, isRoot: false, owner: null);
            var claimed = ClaimedNavigations(entityType);
            var shares = paths
                .GroupBy(p => p.Steps[0] is { TowardsPrincipal: true, ForeignKey.DependentToPrincipal.Name: var name } && claimed.Contains(name) ? name : null)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new SubjectShare(entity, g.Key, g.ToArray(), shared: g.Any(p => p.Steps.Any(s => !s.TowardsPrincipal))))
                .ToArray();
            entity.SetShares(shares);
            _entities.Add(entity);
        }
    }

    /// <summary>The second phase, once every root has its owned rows: rows the subject points to, rows hanging on them, order, owned types.</summary>
    internal void Complete()
    {
        AddPointedTo();
        AddHanging();
        _entities.Sort((a, b) =>
        {
            var byRoot = (b.EntityType == EntityType).CompareTo(a.EntityType == EntityType);
            if (byRoot != 0)
            {
                return byRoot;
            }

            byRoot = b.IsRoot.CompareTo(a.IsRoot);
            if (byRoot != 0)
            {
                return byRoot;
            }

            var byDepth = a.Depth.CompareTo(b.Depth);
            return byDepth != 0 ? byDepth : string.CompareOrdinal(a.EntityType.Name, b.EntityType.Name);
        });

        // Owned types follow their owner, depth-first, so that an owner always precedes what it owns.
        foreach (var owner in _entities.ToArray())
        {
            AddOwned(owner);
        }
    }

    private void AddOwned(SubjectEntity owner)
    {
        foreach (var navigation in owner.EntityType.GetNavigations().Where(n => n.ForeignKey.IsOwnership && n.IsOnDependent == false))
        {
            var ownedType = navigation.TargetEntityType;
            if (_entities.Any(e => e.EntityType == ownedType))
            {
                continue;
            }

            var owned = new SubjectEntity(this, ownedType, isRoot: false, owner: owner, ownerNavigation: navigation);
            owned.SetShares([]);
            _entities.Add(owned);
            AddOwned(owned);
        }
    }

    /// <summary>
    /// Rows that hang on a row the subject points to (the tags on the subject's picture: <c>PhotoTag.PhotoId → Photo ←
    /// Person.PhotoId</c>), at any depth (the notes on those tags), and that no path of their own makes anyone's: they go
    /// with that row, erased when it is erased and kept when it is kept. A reference marked <c>IsNotOwnership()</c> does not
    /// make a row hang on it.
    /// </summary>
    private void AddHanging()
    {
        var pointed = _entities.Where(e => e.Shares.Any(s => s.IsPointedTo)).ToDictionary(e => (IReadOnlyEntityType)e.EntityType, e => e.Shares.Single(s => s.IsPointedTo).Paths);
        bool added;
        do
        {
            added = false;
            foreach (var entityType in Graph.Model.GetEntityTypes().Where(t => !t.IsOwned() && !Graph.IsRootType(t) && _entities.All(e => e.EntityType != t)).OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                var paths = new List<SubjectPath>();
                foreach (var foreignKey in entityType.GetForeignKeys().Where(fk => !fk.IsOwnership && !ModelClassification.IsNotOwnership(fk)).OrderBy(fk => fk.Properties[0].Name, StringComparer.Ordinal))
                {
                    if (pointed.TryGetValue(foreignKey.PrincipalEntityType, out var pointers))
                    {
                        paths.AddRange(pointers
                            .Where(p => p.Steps.Count < SubjectGraph.MaxPathLength)
                            .Select(p => new SubjectPath([new SubjectStep(foreignKey, towardsPrincipal: true), .. p.Steps])));
                    }
                }

                if (paths.Count > 0)
                {
                    var hanging = new SubjectEntity(this, entityType, isRoot: false, owner: null);
                    hanging.SetShares([new SubjectShare(hanging, null, paths, shared: false, pointedTo: true)]);
                    _entities.Add(hanging);
                    pointed[entityType] = paths; // rows may hang on these in turn
                    added = true;
                }
            }
        }
        while (added);
    }

    /// <summary>
    /// Rows the subject points to: a personal row that a row of the subject refers to through a foreign key (the subject's own
    /// row, an owned value inside any of the subject's rows, any row the subject owns at any depth, or a row the subject
    /// points to) is the subject's too, unless some root owns its type by a path of its own (then it is its owner's). Whether
    /// something else refers to it as well is decided per row when erasing. A type may have this share beside a many-to-many
    /// one (an address book and a billing address of the same <c>Address</c> type).
    /// </summary>
    private void AddPointedTo()
    {
        var found = new Dictionary<IEntityType, List<SubjectPath>>();
        // A row about two parties (a contract's buyer owns it, its seller's fields name Seller) has one share per party: a
        // reference the app decided is about the other party (IsAboutSubject) follows that party's share, every other one the
        // owner's. So a row of the seller's reaches this root through the contract even where the root owns no contract.
        var frontier = _entities
            .Where(e => e.IsRoot || e.Shares.Any(s => !s.IsShared && !s.IsPointedTo))
            .Select(e => (Source: e.EntityType, Shares: (IReadOnlyList<SubjectShare>)e.Shares.Where(s => !s.IsShared && !s.IsPointedTo).ToArray()))
            .ToList();
        var sources = frontier.Where(f => f.Shares.Any(s => s.OwnsRow)).Select(f => f.Source).ToHashSet();
        while (frontier.Count > 0)
        {
            var next = new Dictionary<IEntityType, List<SubjectPath>>();
            foreach (var (source, shares) in frontier)
            {
                foreach (var (foreignKey, declaring, ownedSteps) in Pointers(source, sources))
                {
                    var about = ModelClassification.AboutSubject(foreignKey);
                    var share = string.IsNullOrEmpty(about) || !ClaimedNavigations(source).Contains(about) || shares.All(s => s.IsPointedTo)
                        ? shares.FirstOrDefault(s => s.OwnsRow)
                        : shares.FirstOrDefault(s => s.Navigation == about);
                    if (share is null)
                    {
                        continue; // the party the reference is about is not a subject of this root
                    }

                    if (Graph.IsRootType(foreignKey.PrincipalEntityType))
                    {
                        // A reference to a subject's type or to a base type of it (PartyAddress.PartyId -> Party, Person the
                        // subject) can reach a subject's own row: it is ownership, never a pointer, whatever else the base
                        // type's other derived types are (an Organisation is not the subject's data because its address
                        // row has the same foreign key), and for every mapping strategy alike.
                        continue;
                    }

                    foreach (var target in foreignKey.PrincipalEntityType.GetDerivedTypesInclusive().Where(IsPointable))
                    {
                        foreach (var path in share.Paths)
                        {
                            var steps = new List<SubjectStep> { new(foreignKey, towardsPrincipal: false, to: declaring) };
                            steps.AddRange(ownedSteps);
                            steps.AddRange(path.Steps);
                            if (steps.Count > SubjectGraph.MaxPathLength || path.Steps.Any(s => s.From == target || s.To == target))
                            {
                                continue; // too long, or a cycle back through the row itself
                            }

                            var list = found.TryGetValue(target, out var known) ? known : found[target] = [];
                            if (list.Any(p => p.Steps.Select(x => x.ForeignKey).SequenceEqual(steps.Select(x => x.ForeignKey))))
                            {
                                continue;
                            }

                            var added = new SubjectPath(steps);
                            list.Add(added);
                            (next.TryGetValue(target, out var more) ? more : next[target] = []).Add(added);
                        }
                    }
                }
            }

            // A pointed-to row that points to another personal row (a picture's frame) makes that row the subject's too.
            frontier = next.Select(n => (Source: n.Key, Shares: (IReadOnlyList<SubjectShare>)[new SubjectShare(Find(n.Key) ?? new SubjectEntity(this, n.Key, isRoot: false, owner: null), null, n.Value, shared: false, pointedTo: true)])).ToList();
        }

        foreach (var (entityType, paths) in found.OrderBy(f => f.Key.Name, StringComparer.Ordinal))
        {
            var entity = Find(entityType);
            if (entity is null)
            {
                entity = new SubjectEntity(this, entityType, isRoot: false, owner: null);
                _entities.Add(entity);
            }

            entity.SetShares([.. entity.Shares, new SubjectShare(entity, null, paths, shared: false, pointedTo: true)]);
        }
    }

    /// <summary>A type whose rows can be pointed-to data: personal, not a root, not owned, and owned by no root through a path of its own.</summary>
    private bool IsPointable(IEntityType entityType) => Graph.IsPointable(entityType);

    /// <summary>
    /// The references a row of <paramref name="source"/> makes: its foreign keys and those of the owned types inside it, at
    /// any depth (with the ownership steps from the owned type back to the row). Not ownership itself, not many-to-many
    /// links (rule 4), not references marked <c>IsNotOwnership()</c>; a foreign key declared on a base type that is a
    /// source too is that type's.
    /// </summary>
    private static IEnumerable<(IForeignKey ForeignKey, IEntityType Declaring, IReadOnlyList<SubjectStep> OwnedSteps)> Pointers(IEntityType source, HashSet<IEntityType> sources)
    {
        foreach (var foreignKey in source.GetForeignKeys().OrderBy(fk => string.Join(",", fk.Properties.Select(p => p.Name)), StringComparer.Ordinal))
        {
            if (IsPointer(foreignKey) && !(source.BaseType is { } baseType && sources.Contains(baseType) && baseType.GetForeignKeys().Contains(foreignKey)))
            {
                yield return (foreignKey, source, []);
            }
        }

        foreach (var owned in OwnedInside(source, [], source.BaseType is { } owner && sources.Contains(owner) ? owner : null))
        {
            foreach (var foreignKey in owned.Type.GetForeignKeys().OrderBy(fk => string.Join(",", fk.Properties.Select(p => p.Name)), StringComparer.Ordinal))
            {
                if (IsPointer(foreignKey))
                {
                    yield return (foreignKey, owned.Type, owned.Steps);
                }
            }
        }

        static bool IsPointer(IForeignKey foreignKey)
            => !foreignKey.IsOwnership
                && !foreignKey.GetReferencingSkipNavigations().Any()
                && !ModelClassification.IsNotOwnership(foreignKey);
    }

    /// <summary>The owned types inside a row (OwnsOne, OwnsMany, nested), each with the ownership steps from it back to the row.</summary>
    private static IEnumerable<(IEntityType Type, IReadOnlyList<SubjectStep> Steps)> OwnedInside(IEntityType owner, IReadOnlyList<SubjectStep> below, IEntityType? coveredBy = null)
    {
        foreach (var navigation in owner.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent))
        {
            if (coveredBy is not null && coveredBy.GetNavigations().Contains(navigation))
            {
                continue; // declared on a base type that is a source itself: its own entry finds it
            }

            var owned = navigation.TargetEntityType;
            if (owned.IsMappedToJson())
            {
                continue; // a JSON document holds no foreign keys of its own
            }

            IReadOnlyList<SubjectStep> steps = [new SubjectStep(navigation.ForeignKey, towardsPrincipal: true), .. below];
            yield return (owned, steps);
            foreach (var nested in OwnedInside(owned, steps))
            {
                yield return nested;
            }
        }
    }

    /// <summary>Navigations that <see cref="PersonalDataAttribute.Subject"/> names on the entity type: they lead to the subject of some fields, not to the row's owner.</summary>
    internal HashSet<string> ClaimedNavigations(IReadOnlyEntityType entityType)
        => Graph.GetProperties(entityType).Select(p => p.Subject).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private void Walk(IEntityType current, List<SubjectStep> steps, HashSet<IReadOnlyEntityType> visited, List<SubjectPath> paths)
    {
        if (steps.Count >= SubjectGraph.MaxPathLength)
        {
            return;
        }

        // Beyond the first entity, a row is followed only to its owner, not to the subject some of its fields concern.
        var claimed = steps.Count == 0 ? [] : ClaimedNavigations(current);

        // A many-to-many link row that links a subject directly (a membership's MemberId) is that subject's: it does not also
        // become the subject's of the other side's owner (the group's owner) through the other side.
        var linksSubject = current.GetForeignKeys().Any(fk => fk.GetReferencingSkipNavigations().Any() && Graph.IsRootType(fk.PrincipalEntityType));
        foreach (var foreignKey in current.GetForeignKeys().Where(fk => !fk.IsOwnership).OrderBy(fk => fk.Properties[0].Name, StringComparer.Ordinal))
        {
            if ((foreignKey.DependentToPrincipal is { } navigation && claimed.Contains(navigation.Name))
                || ModelClassification.IsNotOwnership(foreignKey)
                || (linksSubject && foreignKey.GetReferencingSkipNavigations().Any() && !Graph.IsRootType(foreignKey.PrincipalEntityType)))
            {
                continue;
            }

            var principal = foreignKey.PrincipalEntityType;
            if (SubjectGraph.IsTableLink(foreignKey))
            {
                continue; // TPT links a derived table to its base table's row: the same row, not a relationship
            }

            var step = new SubjectStep(foreignKey, towardsPrincipal: true);
            if (SubjectGraph.InHierarchy(principal, EntityType))
            {
                paths.Add(new SubjectPath([.. steps, step]));
                continue;
            }

            if (Graph.IsRootType(principal) || principal.IsOwned() || visited.Contains(principal))
            {
                continue;
            }

            visited.Add(principal);
            Walk(principal, [.. steps, step], visited, paths);
            visited.Remove(principal);
        }

        // Many-to-many: from one side into the join entity, whose other foreign key leads on. Only from the row itself:
        // a row shared through a many-to-many does not pass its sharing on to the rows that reference it.
        if (steps.Count > 0)
        {
            return;
        }

        foreach (var foreignKey in current.GetReferencingForeignKeys().OrderBy(fk => fk.DeclaringEntityType.Name, StringComparer.Ordinal))
        {
            // Only through the link's own foreign key: another reference a link row makes (a membership's badge photo) is a
            // pointer (rule 9), not a many-to-many link to the row.
            if (!foreignKey.GetReferencingSkipNavigations().Any() || !SubjectGraph.TryGetJoinEntity(foreignKey, out var join) || visited.Contains(join))
            {
                continue;
            }

            visited.Add(join);
            Walk(join, [.. steps, new SubjectStep(foreignKey, towardsPrincipal: false)], visited, paths);
            visited.Remove(join);
        }
    }
}
