using System.Linq.Expressions;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>One field of a step as drafted.</summary>
internal sealed record FieldDraft(FieldPath Field, ErasureFieldAction Action, AnonymisationStrategy? Strategy)
{
    public ClassifiedProperty Property => Field.Classified;
}

/// <summary>A step before it is counted and written into a plan; also how the executor finds a plan step's rows again.</summary>
internal sealed class StepDraft
{
    public required SubjectEntity Entity { get; init; }

    public required SubjectShare Share { get; init; }

    public ErasureRowSelection Selection { get; init; }

    public ErasureRowAction Action { get; set; }

    public required List<FieldDraft> Fields { get; set; }

    /// <summary>The row predicate of <see cref="Selection"/>, or null for every row of the share.</summary>
    public LambdaExpression? Selector { get; init; }

    /// <summary>The hold rules and their anchor selectors (null when the entity has no anchor for the rule).</summary>
    public List<(RetentionRule Rule, LambdaExpression? Anchor)> Holds { get; init; } = [];

    public List<ErasureRetention> Retention { get; } = [];

    public string? Note { get; set; }

    public long RowCount { get; set; }

    /// <summary>Owned types kept in another table or as a collection that hold personal data: deleted with the row, never anonymised.</summary>
    public IReadOnlyList<string> SeparateOwned { get; init; } = [];

    public string Key => KeyOf(Entity.EntityType.Name, Share.Navigation, Selection);

    public static string KeyOf(string entityType, string? share, ErasureRowSelection selection) => $"{entityType}|{share}|{selection}";

    /// <summary>A row predicate that depends on the subject's key (rows shared with other subjects), or null.</summary>
    public Func<DbContext, object, LambdaExpression>? SubjectSelector { get; init; }

    /// <summary>True for rows reached through a many-to-many relationship: they run before the link rows that reach them are deleted.</summary>
    public bool ThroughLinks { get; init; }

    public IQueryable Query(DbContext context, object subjectId)
        => EntityStatements.Where(
            EntityStatements.Where(EntityStatements.ExactType(Share.Query(context, subjectId), Entity.EntityType), Selector),
            SubjectSelector?.Invoke(context, Entity.Root.ConvertId(subjectId)));

    /// <summary>Keeps the rows (anonymised) instead of deleting them.</summary>
    public void KeepRows(string note)
    {
        // A row without personal fields is kept as it is: there is nothing of the subject in it to replace.
        Action = Fields.Count == 0 ? ErasureRowAction.Retain : ErasureRowAction.Anonymise;
        Fields = Fields.Select(f => f with { Action = ErasureFieldAction.Anonymise, Strategy = Anonymiser.Resolve(f.Property) }).ToList();
        Note = Note is null ? note : Note + "; " + note;
        ErasureDrafts.CheckOwned(this);
    }
}

/// <summary>
/// Decides, from the subject graph and the policy, what erasure does to each entity type of a subject: the one place
/// where Art. 17 and Art. 17(3)(b) legal holds meet the model. The planner counts and orders the drafts; the executor
/// rebuilds them to find each plan step's rows again.
/// </summary>
internal static class ErasureDrafts
{
    public static List<StepDraft> Create(DbContext context, SubjectRoot root, DateTime now, IReadOnlyList<(ErasureObjection Objection, string Source)> objections)
    {
        var drafts = new List<StepDraft>();
        foreach (var entity in root.Entities.Where(e => !e.IsOwned))
        {
            var vetoes = objections.Where(o => o.Objection.EntityTypes?.Any(t => t.IsAssignableFrom(entity.EntityType.ClrType)) == true).ToArray();
            foreach (var share in entity.Shares)
            {
                var created = Draft(context, entity, share, now);
                foreach (var draft in created)
                {
                    if (vetoes.Length > 0)
                    {
                        draft.Action = ErasureRowAction.Retain;
                        draft.Fields = draft.Fields.Select(f => f with { Action = ErasureFieldAction.Retain, Strategy = null }).ToList();
                        draft.Retention.AddRange(vetoes.Select(v => new ErasureRetention
                        {
                            Reason = v.Objection.Basis is null ? v.Objection.Reason : $"{v.Objection.Reason} ({v.Objection.Basis})",
                            Until = v.Objection.Until,
                        }));
                        draft.Note = null;
                    }

                    drafts.Add(draft);
                }
            }
        }

        return drafts;
    }

    /// <summary>
    /// Owned types in the owner's row (<c>OwnsOne</c>) and complex types are anonymised with it; owned collections and owned
    /// types in a table of their own are deleted with the row (the ownership cascades) but cannot be anonymised set-based.
    /// </summary>
    public static void CheckOwned(StepDraft draft)
    {
        if (draft.SeparateOwned.Count > 0 && draft.Action == ErasureRowAction.Anonymise)
        {
            throw new NotSupportedException(
                $"{draft.Entity.EntityType.DisplayName()} rows must be kept (anonymised) but {draft.SeparateOwned[0]} holds personal data in another table or as a collection, which set-based erasure cannot anonymise. Map it as a regular entity with a foreign key, or in the owner's table (OwnsOne).");
        }
    }

    /// <summary>The personal fields of owned and complex types stored in the entity's own row (the retention sweep's view).</summary>
    public static List<FieldPath> RowFields(SubjectGraph graph, IEntityType entityType)
    {
        var fields = new List<FieldPath>();
        Nested(graph, entityType, entityType.GetTableName(), [], fields, []);
        return fields;
    }

    /// <summary>The subject's personal fields of the row: the share's own, then (for the row's owner) those of owned and complex types in the same row.</summary>
    private static (List<FieldPath> Fields, List<string> SeparateOwned) Fields(SubjectEntity entity, SubjectShare share)
    {
        var fields = share.PersonalProperties.Select(FieldPath.Direct).ToList();
        var separate = new List<string>();
        if (share.OwnsRow)
        {
            Nested(entity.Root.Graph, entity.EntityType, entity.EntityType.GetTableName(), [], fields, separate);
        }

        return (fields, separate);
    }

    private static void Nested(SubjectGraph graph, ITypeBase type, string? table, IReadOnlyList<IPropertyBase> path, List<FieldPath> fields, List<string> separate)
    {
        foreach (var complex in type.GetComplexProperties())
        {
            var properties = complex.ComplexType.GetProperties().Select(p => graph.Classify(p)).Where(p => p.IsPersonalData && p.Subject is null).ToArray();
            if (complex.IsCollection)
            {
                if (properties.Length > 0)
                {
                    separate.Add($"{type.DisplayName()}.{complex.Name}");
                }

                continue;
            }

            fields.AddRange(properties.Select(p => new FieldPath(p, [.. path, complex])));
            Nested(graph, complex.ComplexType, table, [.. path, complex], fields, separate);
        }

        if (type is not IEntityType entityType)
        {
            return;
        }

        foreach (var navigation in entityType.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent))
        {
            var owned = navigation.TargetEntityType;
            var properties = graph.GetProperties(owned).Where(p => p.IsPersonalData && p.Subject is null && !p.Property.IsKey() && !p.Property.IsForeignKey()).ToArray();
            if (navigation.IsCollection || owned.GetTableName() != table)
            {
                if (properties.Length > 0 || owned.GetNavigations().Any(n => n.ForeignKey.IsOwnership))
                {
                    separate.Add($"{entityType.DisplayName()}.{navigation.Name}");
                }

                continue;
            }

            fields.AddRange(properties.Select(p => new FieldPath(p, [.. path, navigation])));
            Nested(graph, owned, table, [.. path, navigation], fields, separate);
        }
    }

    private static List<StepDraft> Draft(DbContext context, SubjectEntity entity, SubjectShare share, DateTime now)
    {
        var (properties, separate) = Fields(entity, share);
        if (!share.OwnsRow)
        {
            // The row belongs to someone else; only the fields about this subject go.
            return properties.Count == 0
                ? []
                : [new StepDraft
                {
                    Entity = entity,
                    Share = share,
                    Action = ErasureRowAction.Anonymise,
                    Fields = properties.Select(Anonymise).ToList(),
                    Note = $"the row belongs to another subject; only the fields about this subject (through {share.Navigation}) are anonymised",
                }];
        }

        if (share.IsShared)
        {
            var shared = new StepDraft
            {
                Entity = entity,
                Share = share,
                Selection = ErasureRowSelection.SharedWithOthers,
                Action = ErasureRowAction.Retain,
                Fields = properties.Select(p => new FieldDraft(p, ErasureFieldAction.Retain, null)).ToList(),
                SeparateOwned = separate,
                ThroughLinks = true,
                Note = "the rows are linked to other subjects too (many-to-many): they stay as they are, and only this subject's link rows are deleted",
            };
            if (!share.Paths.All(IsSimpleLink))
            {
                return [shared];
            }

            // Rows linked to this subject alone are the subject's: anonymised (not deleted: the link rows that reach them
            // are deleted afterwards, as dependents of both sides).
            var alone = new StepDraft
            {
                Entity = entity,
                Share = share,
                Selection = ErasureRowSelection.OnlyThisSubject,
                Action = ErasureRowAction.Delete,
                Fields = properties.Select(p => new FieldDraft(p, ErasureFieldAction.Delete, null)).ToList(),
                SeparateOwned = separate,
                ThroughLinks = true,
                SubjectSelector = (c, id) => OtherSubjects(c, entity, share, id, negate: true),
            };
            alone.KeepRows("linked to this subject only (many-to-many): anonymised, and the link rows are deleted");
            return [alone, new StepDraft
            {
                Entity = shared.Entity,
                Share = shared.Share,
                Selection = shared.Selection,
                Action = shared.Action,
                Fields = shared.Fields,
                SeparateOwned = separate,
                ThroughLinks = true,
                Note = shared.Note,
                SubjectSelector = (c, id) => OtherSubjects(c, entity, share, id, negate: false),
            }];
        }

        var holdRules = properties.SelectMany(p => p.Classified.Uses).Select(u => u.Retention).Where(r => r.IsLegalHold).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        if (holdRules.Length == 0)
        {
            return Normal(entity, share, properties, separate, ErasureRowSelection.All, null);
        }

        var row = Expression.Parameter(entity.EntityType.ClrType, "e");
        var holds = new List<(RetentionRule, LambdaExpression?)>();
        Expression? held = null;
        var alwaysHeld = false;
        foreach (var rule in holdRules)
        {
            var anchor = RetentionAnchors.Anchor(context, entity.Root.Graph, entity.EntityType, rule, row);
            holds.Add((rule, anchor is null ? null : Expression.Lambda(anchor.Expression, row)));
            if (anchor is null)
            {
                alwaysHeld = true;
                continue;
            }

            var inForce = Expression.Not(RetentionAnchors.Expired(anchor, rule, now));
            held = held is null ? inForce : Expression.OrElse(held, inForce);
        }

        var heldFields = properties.Select(p => p.Classified.Uses.Any(u => u.Retention.IsLegalHold) ? new FieldDraft(p, ErasureFieldAction.Retain, null) : Anonymise(p)).ToList();
        var heldDraft = new StepDraft
        {
            Entity = entity,
            Share = share,
            Selection = ErasureRowSelection.LegalHoldInForce,
            Action = heldFields.Any(f => f.Action == ErasureFieldAction.Anonymise) ? ErasureRowAction.Anonymise : ErasureRowAction.Retain,
            Fields = heldFields,
            Selector = alwaysHeld || held is null ? null : Expression.Lambda(held, row),
            Holds = holds,
            SeparateOwned = separate,
            Note = alwaysHeld ? $"no [RetentionAnchor] gives the hold's start, so the rows are held with no known end: mark the date member {entity.EntityType.DisplayName()}'s rule counts from" : null,
        };
        CheckOwned(heldDraft);
        if (alwaysHeld || held is null)
        {
            return [heldDraft];
        }

        return [heldDraft, .. Normal(entity, share, properties, separate, ErasureRowSelection.LegalHoldEnded, Expression.Lambda(Expression.Not(held), row))];
    }

    /// <summary>A path that enters a join entity and goes from it to the root: row ← join → subject.</summary>
    private static bool IsSimpleLink(SubjectPath path)
        => path.Steps.Count == 2 && !path.Steps[0].TowardsPrincipal && path.Steps[1].TowardsPrincipal
            && path.Steps[1].ForeignKey.Properties.Count == 1 && path.Steps[1].ForeignKey.DeclaringEntityType == path.Steps[0].ForeignKey.DeclaringEntityType;

    /// <summary><c>row =&gt; join.Any(j =&gt; j.Row == row.Key &amp;&amp; j.Subject != id)</c> over every link path (negated: no other subject).</summary>
    private static LambdaExpression OtherSubjects(DbContext context, SubjectEntity entity, SubjectShare share, object id, bool negate)
    {
        var row = Expression.Parameter(entity.EntityType.ClrType, "r");
        Expression? any = null;
        foreach (var path in share.Paths)
        {
            var toRow = path.Steps[0].ForeignKey;
            var toSubject = path.Steps[1].ForeignKey;
            var join = toRow.DeclaringEntityType;
            var link = Expression.Parameter(join.ClrType, "j");
            var where = typeof(Queryable).GetMethods()
                .Single(m => m.Name == nameof(Queryable.Where) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2)
                .MakeGenericMethod(join.ClrType);

            // Rows referenced by a link whose subject is someone else: Referenced over the links not to this subject.
            var others = Expression.Call(
                where,
                EntityStatements.Root(context, join),
                Expression.Quote(Expression.Lambda(
                    Expression.NotEqual(EntityStatements.Property(link, toSubject.Properties[0]), Expression.Convert(Expression.Constant(id), toSubject.Properties[0].ClrType)),
                    link)));
            var condition = EntityStatements.Referenced(others, toRow, row);
            any = any is null ? condition : Expression.OrElse(any, condition);
        }

        return Expression.Lambda(negate ? Expression.Not(any!) : any!, row);
    }

    private static List<StepDraft> Normal(SubjectEntity entity, SubjectShare share, IReadOnlyList<FieldPath> properties, IReadOnlyList<string> separate, ErasureRowSelection selection, LambdaExpression? selector)
    {
        StepDraft Draft(ErasureRowSelection chosen, LambdaExpression? rows) => new()
        {
            Entity = entity,
            Share = share,
            Selection = chosen,
            Selector = rows,
            Action = ErasureRowAction.Delete,
            Fields = properties.Select(p => new FieldDraft(p, ErasureFieldAction.Delete, null)).ToList(),
            SeparateOwned = separate,
        };

        var draft = Draft(selection, selector);
        if (properties.Any(p => p.Classified.Uses.Any(u => u.Erasure == ErasureAction.Anonymise)))
        {
            draft.KeepRows("a field says ErasureAction.Anonymise, so the row is kept");
        }
        else if (entity.Properties.Any(p => p.IsPersonalData && p.Subject is not null))
        {
            // Only a row that names another subject holds another subject's data: a ticket with no agent (its reference
            // to the second party is NULL) is this subject's alone, and goes like any other row of theirs.
            var row = selector?.Parameters[0] ?? Expression.Parameter(entity.EntityType.ClrType, "e");
            var alone = NoOtherSubject(entity, row);
            if (alone is null)
            {
                draft.KeepRows("the row also holds another subject's data, which stays");
                return [draft];
            }

            var own = Draft(ErasureRowSelection.OnlyThisSubject, Expression.Lambda(selector is null ? alone : Expression.AndAlso(selector.Body, alone), row));
            if (!EntityStatements.CanDelete(entity.EntityType))
            {
                own.KeepRows("EF Core cannot delete rows of a table-per-type hierarchy set-based, so they are kept and anonymised");
            }

            var others = Draft(ErasureRowSelection.SharedWithOthers, Expression.Lambda(selector is null ? Expression.Not(alone) : Expression.AndAlso(selector.Body, Expression.Not(alone)), row));
            others.KeepRows("the row also holds another subject's data, which stays");
            return [own, others];
        }
        else if (!EntityStatements.CanDelete(entity.EntityType))
        {
            draft.KeepRows("EF Core cannot delete these rows set-based (a table-per-type hierarchy, or a table another entity type shares), so they are kept and anonymised");
        }

        return [draft];
    }

    /// <summary>
    /// <c>row =&gt; row.AgentId == null &amp;&amp; ...</c> over every navigation a field names as its subject: the row names no
    /// other subject. Null when a navigation's foreign key cannot be NULL (every row names one).
    /// </summary>
    private static Expression? NoOtherSubject(SubjectEntity entity, ParameterExpression row)
    {
        Expression? all = null;
        foreach (var name in entity.Properties.Where(p => p.IsPersonalData && p.Subject is not null).Select(p => p.Subject!).Distinct(StringComparer.Ordinal))
        {
            if (entity.EntityType.FindNavigation(name) is not { IsOnDependent: true } navigation || navigation.ForeignKey.Properties.Any(p => !p.IsNullable))
            {
                return null;
            }

            Expression? empty = null;
            foreach (var property in navigation.ForeignKey.Properties)
            {
                var value = EntityStatements.Property(row, property);
                var isNull = Expression.Equal(value, Expression.Constant(null, value.Type));
                empty = empty is null ? isNull : Expression.OrElse(empty, isNull);
            }

            all = all is null ? empty : Expression.AndAlso(all, empty!);
        }

        return all;
    }

    private static FieldDraft Anonymise(FieldPath field) => new(field, ErasureFieldAction.Anonymise, Anonymiser.Resolve(field.Classified));
}
