using System.Linq.Expressions;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>One entity type as it concerns the subjects of one root: how its rows are reached and which of its fields are whose.</summary>
public sealed class SubjectEntity
{
    private IReadOnlyList<SubjectShare> _shares = [];

    internal SubjectEntity(SubjectRoot root, IEntityType entityType, bool isRoot, SubjectEntity? owner, INavigation? ownerNavigation = null)
    {
        Root = root;
        EntityType = entityType;
        IsRoot = isRoot;
        Owner = owner;
        OwnerNavigation = ownerNavigation;
    }

    /// <summary>The root this entry belongs to.</summary>
    public SubjectRoot Root { get; }

    /// <summary>The entity type.</summary>
    public IEntityType EntityType { get; }

    /// <summary>True for the root entity type (and types derived from it): one row is one subject.</summary>
    public bool IsRoot { get; }

    /// <summary>True for an owned type (<c>OwnsOne</c>/<c>OwnsMany</c>): its rows are reached, queried and erased through <see cref="Owner"/>.</summary>
    public bool IsOwned => Owner is not null;

    /// <summary>The owner's entry, for an owned type.</summary>
    public SubjectEntity? Owner { get; }

    /// <summary>The owner's navigation to this owned type.</summary>
    public INavigation? OwnerNavigation { get; }

    /// <summary>
    /// The subject's shares in a row of this type: usually one (the subject owns the row); a row that concerns two
    /// subjects (a ticket's customer and agent) has one share per navigation named by <see cref="PersonalDataAttribute.Subject"/>.
    /// Empty for owned types.
    /// </summary>
    public IReadOnlyList<SubjectShare> Shares => _shares;

    /// <summary>The length of the shortest path to the root (0 for the root); an owned type counts its owner's.</summary>
    public int Depth => Owner?.Depth ?? (_shares.Count == 0 ? 0 : _shares.SelectMany(s => s.Paths).Min(p => p.Steps.Count));

    /// <summary>The classified properties of the type, inherited ones included.</summary>
    public IReadOnlyList<ClassifiedProperty> Properties => Root.Graph.GetProperties(EntityType);

    /// <summary>
    /// A predicate over this entity type that selects every row concerning the subject, in any share. Use it with the
    /// soft-delete query filters ignored (soft-deleted rows still hold personal data) and the tenant filters kept, as
    /// <see cref="Query(DbContext, object)"/> does.
    /// </summary>
    /// <param name="context">The context the predicate will be used with (its sets appear in the predicate's subqueries).</param>
    /// <param name="subjectId">The subject's identifier (see <see cref="SubjectRoot.ConvertId"/>).</param>
    /// <returns>An <c>Expression&lt;Func&lt;TEntity, bool&gt;&gt;</c> for the entity's CLR type.</returns>
    public LambdaExpression CreateFilter(DbContext context, object subjectId)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsOwned)
        {
            throw new InvalidOperationException($"{ModelClassification.Name(EntityType)} is owned by {ModelClassification.Name(Owner!.EntityType)}: query its owner instead.");
        }

        return SubjectQueries.Filter(context, EntityType, Root, _shares.SelectMany(s => s.Paths).ToArray(), Root.ConvertId(subjectId));
    }

    /// <summary>Every row of this type that concerns the subject, soft-deleted rows included (soft-delete filters are ignored, tenant filters kept).</summary>
    /// <param name="context">A context of the model.</param>
    /// <param name="subjectId">The subject's identifier.</param>
    public IQueryable Query(DbContext context, object subjectId)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubjectQueries.Query(context, EntityType, CreateFilter(context, subjectId));
    }

    /// <inheritdoc />
    public override string ToString() => IsOwned ? $"{ModelClassification.Name(EntityType)} (owned by {ModelClassification.Name(Owner!.EntityType)})" : ModelClassification.Name(EntityType);

    internal void SetShares(IReadOnlyList<SubjectShare> shares) => _shares = shares;
}

/// <summary>
/// A subject's share in the rows of one entity type: the paths by which a row concerns the subject, and the fields
/// that are about the subject along those paths.
/// </summary>
public sealed class SubjectShare
{
    internal SubjectShare(SubjectEntity entity, string? navigation, IReadOnlyList<SubjectPath> paths, bool shared, bool pointedTo = false)
    {
        Entity = entity;
        Navigation = navigation;
        Paths = paths;
        IsShared = shared;
        IsPointedTo = pointedTo;
    }

    /// <summary>The entity type's entry.</summary>
    public SubjectEntity Entity { get; }

    /// <summary>
    /// Null when the subject owns the row (its fields without <see cref="PersonalDataAttribute.Subject"/> are the subject's);
    /// otherwise the navigation named by <see cref="PersonalDataAttribute.Subject"/> whose fields concern this subject.
    /// </summary>
    public string? Navigation { get; }

    /// <summary>True when the subject owns the row rather than some of its fields.</summary>
    public bool OwnsRow => Navigation is null;

    /// <summary>True when the rows are reached through a many-to-many relationship, so one row may concern several subjects.</summary>
    public bool IsShared { get; }

    /// <summary>
    /// True when a row of the subject points to these rows: the subject's own row, an owned value of it, any row the subject
    /// owns at any depth, or another pointed-to row (<c>Customer.AvatarId → Avatar</c>, <c>Order.ShippingAddressId →
    /// Address</c>, <c>Profile.PictureId → Picture</c> on an owned profile); or they hang on such a row through a foreign
    /// key (the tags of the subject's picture: then <see cref="Paths"/> start with that foreign key, towards its principal).
    /// They are exported with the subject, and erased with it when no row that stays refers to them; kept, and listed in
    /// the plan, when one does. An entity type may have this share beside others (an address the subject points to as its
    /// billing address, of a type also reached through an address book).
    /// </summary>
    public bool IsPointedTo { get; }

    /// <summary>The foreign-key paths from the entity type to the root; a row is in the share when any of them leads to the subject.</summary>
    public IReadOnlyList<SubjectPath> Paths { get; }

    /// <summary>The personal-data properties that are about the subject in this share.</summary>
    public IReadOnlyList<ClassifiedProperty> PersonalProperties
        => Entity.Properties.Where(p => p.IsPersonalData && string.Equals(p.Subject, Navigation, StringComparison.Ordinal)).ToArray();

    /// <summary>A predicate over the entity type that selects the rows of this share for one subject.</summary>
    /// <param name="context">The context the predicate will be used with (its sets appear in the predicate's subqueries).</param>
    /// <param name="subjectId">The subject's identifier.</param>
    /// <returns>An <c>Expression&lt;Func&lt;TEntity, bool&gt;&gt;</c> for the entity's CLR type.</returns>
    public LambdaExpression CreateFilter(DbContext context, object subjectId)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubjectQueries.Filter(context, Entity.EntityType, Entity.Root, Paths, Entity.Root.ConvertId(subjectId));
    }

    /// <summary>The rows of this share for one subject, soft-deleted rows included (soft-delete filters are ignored, tenant filters kept).</summary>
    /// <param name="context">A context of the model.</param>
    /// <param name="subjectId">The subject's identifier.</param>
    public IQueryable Query(DbContext context, object subjectId)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubjectQueries.Query(context, Entity.EntityType, CreateFilter(context, subjectId));
    }

    /// <summary>Typed form of <see cref="Query(DbContext, object)"/>.</summary>
    /// <typeparam name="TEntity">The entity's CLR type.</typeparam>
    /// <param name="context">A context of the model.</param>
    /// <param name="subjectId">The subject's identifier.</param>
    public IQueryable<TEntity> Query<TEntity>(DbContext context, object subjectId)
        where TEntity : class
        => (IQueryable<TEntity>)Query(context, subjectId);

    /// <inheritdoc />
    public override string ToString() => $"{ModelClassification.Name(Entity.EntityType)}{(Navigation is null ? string.Empty : " [" + Navigation + "]")}: {string.Join(" | ", Paths)}";
}

/// <summary>A chain of foreign keys from an entity type to a subject root.</summary>
public sealed class SubjectPath
{
    internal static readonly SubjectPath Identity = new([]);

    internal SubjectPath(IReadOnlyList<SubjectStep> steps) => Steps = steps;

    /// <summary>The steps, from the entity type towards the root; empty for the root itself.</summary>
    public IReadOnlyList<SubjectStep> Steps { get; }

    /// <inheritdoc />
    public override string ToString() => Steps.Count == 0 ? "(the subject's own row)" : string.Join(" → ", Steps.Select(s => s.ToString()));
}

/// <summary>One foreign key crossed on a <see cref="SubjectPath"/>.</summary>
public sealed class SubjectStep
{
    internal SubjectStep(IForeignKey foreignKey, bool towardsPrincipal, IEntityType? to = null)
    {
        ForeignKey = foreignKey;
        TowardsPrincipal = towardsPrincipal;
        _to = to;
    }

    // A step from a pointed-to row back to the row that points to it may land on a type derived from the foreign key's
    // declaring type (a derived subject whose picture reference is declared on a base type it shares with non-subjects).
    private readonly IEntityType? _to;

    /// <summary>The foreign key.</summary>
    public IForeignKey ForeignKey { get; }

    /// <summary>
    /// True when the step goes from the dependent to the principal (an order line to its order); false when it goes from a
    /// principal to the rows that refer to it: into a many-to-many join entity, or from a row the subject points to back to
    /// the subject's row that points to it (<c>Avatar ← Customer.AvatarId</c>).
    /// </summary>
    public bool TowardsPrincipal { get; }

    /// <summary>The entity type the step starts from.</summary>
    public IEntityType From => TowardsPrincipal ? ForeignKey.DeclaringEntityType : ForeignKey.PrincipalEntityType;

    /// <summary>The entity type the step leads to.</summary>
    public IEntityType To => _to ?? (TowardsPrincipal ? ForeignKey.PrincipalEntityType : ForeignKey.DeclaringEntityType);

    /// <inheritdoc />
    public override string ToString()
    {
        var via = TowardsPrincipal
            ? ForeignKey.DependentToPrincipal?.Name ?? string.Join(",", ForeignKey.Properties.Select(p => p.Name))
            : ForeignKey.PrincipalToDependent?.Name ?? ModelClassification.Name(ForeignKey.DeclaringEntityType);
        return $"{ModelClassification.Name(From)}.{via}";
    }
}
