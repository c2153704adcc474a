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

    /// <summary>Why the rows are treated as they are; <see cref="Note"/> is the same in English.</summary>
    public List<ErasureNote> Notes { get; set; } = [];

    public string? Note => PlanNotes.English(Notes);

    public long RowCount { get; set; }

    /// <summary>Owned types kept in another table or as a collection that hold personal data: deleted with the row, never anonymised.</summary>
    public IReadOnlyList<string> SeparateOwned { get; init; } = [];

    /// <summary>The step's identity (<see cref="KeyOf"/>), made once: what it is made of does not change after drafting.</summary>
    public string Key => _key ??= KeyOf(Entity.EntityType.Name, Share.Navigation, Selection, Share.IsPointedTo);

    private string? _key;

    /// <summary>A step's identity: a type's rows the subject points to are a share of their own beside the rows it owns or shares.</summary>
    public static string KeyOf(string entityType, string? share, ErasureRowSelection selection, bool pointedTo)
        => $"{entityType}|{share}|{selection}{(pointedTo ? "|pointed-to" : string.Empty)}";

    /// <summary>A row predicate that depends on the subject's key (rows shared with other subjects), or null.</summary>
    public Func<DbContext, object, LambdaExpression>? SubjectSelector { get; init; }

    /// <summary>True for rows reached through a many-to-many relationship: they run before the link rows that reach them are deleted.</summary>
    public bool ThroughLinks { get; init; }

    /// <summary>
    /// True for rows the subject's own row points to that erasure deletes or changes: they are found through that row, which
    /// an earlier step may delete, so the executor reads their keys (<see cref="Keys"/>) before any statement runs.
    /// </summary>
    public bool FoundFirst { get; init; }

    /// <summary>The primary-key values of the rows, once read by the executor; then <see cref="Query"/> selects by them.</summary>
    public Array? Keys { get; set; }

    public IQueryable Query(DbContext context, object subjectId)
        => Keys is not null
            ? EntityStatements.WithKeys(context, Entity.EntityType, Keys)
            : EntityStatements.Where(
            EntityStatements.Where(EntityStatements.ExactType(Share.Query(context, subjectId), Entity.EntityType), Selector),
            SubjectSelector?.Invoke(context, Entity.Root.ConvertId(subjectId)));

    /// <summary>Keeps the rows (anonymised) instead of deleting them.</summary>
    public void KeepRows(ErasureNote note)
    {
        // A row without personal fields is kept as it is: there is nothing of the subject in it to replace.
        Action = Fields.Count == 0 ? ErasureRowAction.Retain : ErasureRowAction.Anonymise;
        Fields = Fields.Select(f => f with { Action = ErasureFieldAction.Anonymise, Strategy = Anonymiser.Resolve(f.Property) }).ToList();
        // A step is deleted with the subject or kept; a note that said "deleted" no longer holds once the rows are kept.
        Notes.RemoveAll(n => n.Code is "DeletedWithSubject" or "HangsOnErasedRow");
        Notes.Add(note);
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
        var all = new List<StepDraft>();
        foreach (var entity in root.Entities.Where(e => !e.IsOwned))
        {
            foreach (var share in entity.Shares)
            {
                all.AddRange(Draft(context, entity, share, now, all));
            }
        }

        // Per-row decisions, from the model alone and before any veto, so that the executor rebuilds the same steps.
        all = SplitByWhatStays(all);
        var drafts = new List<StepDraft>();
        foreach (var entity in root.Entities.Where(e => !e.IsOwned))
        {
            var vetoes = objections.Where(o => o.Objection.EntityTypes?.Any(t => t.IsAssignableFrom(entity.EntityType.ClrType)) == true).ToArray();
            {
                foreach (var draft in all.Where(d => d.Entity == entity))
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
                        draft.Notes.Clear();
                    }

                    drafts.Add(draft);
                }
            }
        }

        return drafts;
    }

    /// <summary>
    /// Owned types in the owner's row (<c>OwnsOne</c>), complex types, owned collections and owned types in a table of their
    /// own are anonymised with a kept row; what remains here (complex collections, owned rows inside owned rows of another
    /// table) is refused at start-up, so this is a safety net that names the mapping rather than run a wrong statement.
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
        Nested(graph, entityType, entityType.GetTableName(), [], fields, [], withSeparateRows: false);
        return fields;
    }

    /// <summary>
    /// The subject's personal fields of the row: the share's own, then (for the row's owner) those of owned and complex
    /// types in the same row, and of owned rows in another table (<see cref="FieldPath.Separate"/>), which a kept row's
    /// step anonymises with their own UPDATE.
    /// </summary>
    private static (List<FieldPath> Fields, List<string> SeparateOwned) Fields(SubjectEntity entity, SubjectShare share)
    {
        var fields = share.PersonalProperties.Select(FieldPath.Direct).ToList();
        var separate = new List<string>();
        if (share.OwnsRow)
        {
            Nested(entity.Root.Graph, entity.EntityType, entity.EntityType.GetTableName(), [], fields, separate, withSeparateRows: true);
        }

        return (fields, separate);
    }

    private static void Nested(SubjectGraph graph, ITypeBase type, string? table, IReadOnlyList<IPropertyBase> path, List<FieldPath> fields, List<string> separate, bool withSeparateRows)
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
            Nested(graph, complex.ComplexType, table, [.. path, complex], fields, separate, withSeparateRows);
        }

        if (type is not IEntityType entityType)
        {
            return;
        }

        foreach (var navigation in entityType.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent))
        {
            var owned = navigation.TargetEntityType;
            var properties = graph.GetProperties(owned).Where(p => p.IsPersonalData && p.Subject is null && !p.Property.IsKey() && !p.Property.IsForeignKey()).ToArray();
            // An inherited navigation (OwnsOne on a table-per-type base) has its owned type in the base's table, not this one's.
            if (navigation.IsCollection || owned.GetTableName() != (navigation.DeclaringEntityType == type ? table : navigation.DeclaringEntityType.GetTableName()))
            {
                if (withSeparateRows && !path.OfType<INavigation>().Any(FieldPath.IsSeparate) && !owned.IsMappedToJson())
                {
                    // Owned rows in another table (OwnsMany, or OwnsOne with a table of its own): deleted with the row by
                    // the ownership's cascade, and anonymised with it through their own UPDATE when the row is kept.
                    fields.AddRange(properties.Select(p => new FieldPath(p, [.. path, navigation])));
                    Nested(graph, owned, owned.GetTableName(), [.. path, navigation], fields, separate, withSeparateRows);
                }
                else if (properties.Length > 0 || owned.GetNavigations().Any(n => n.ForeignKey.IsOwnership))
                {
                    separate.Add($"{entityType.DisplayName()}.{navigation.Name}");
                }

                continue;
            }

            fields.AddRange(properties.Select(p => new FieldPath(p, [.. path, navigation])));
            Nested(graph, owned, table, [.. path, navigation], fields, separate, withSeparateRows);
        }
    }

    private static List<StepDraft> Draft(DbContext context, SubjectEntity entity, SubjectShare share, DateTime now, List<StepDraft> drafts)
    {
        var (properties, separate) = Fields(entity, share);
        if (!share.OwnsRow)
        {
            // The row belongs to someone else; only the fields about this subject go, except those a legal hold keeps.
            if (properties.Count == 0)
            {
                return [];
            }

            var note = PlanNotes.Of("AnotherSubjectsRow", DisplayNames.Derive(share.Navigation ?? string.Empty));
            var rules = properties.SelectMany(p => p.Classified.Uses).Select(u => u.Retention).Where(r => r.IsLegalHold).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
            var anonymised = new StepDraft
            {
                Entity = entity,
                Share = share,
                Action = ErasureRowAction.Anonymise,
                Fields = properties.Select(Anonymise).ToList(),
                Notes = [note],
            };
            if (rules.Length == 0)
            {
                return [anonymised];
            }

            var otherHeld = HeldRows(context, entity, rules, now);
            var heldShare = HeldStep(entity, share, properties, separate, otherHeld, [note]);
            return otherHeld.Held is null
                ? [heldShare]
                : [heldShare, new StepDraft
                {
                    Entity = entity,
                    Share = share,
                    Selection = ErasureRowSelection.LegalHoldEnded,
                    Action = ErasureRowAction.Anonymise,
                    Fields = anonymised.Fields,
                    Selector = Expression.Lambda(Expression.Not(otherHeld.Held!), otherHeld.Row),
                    Notes = [note],
                }];
        }

        if (share.IsPointedTo)
        {
            return PointedTo(context, entity, share, properties, separate, drafts, now);
        }

        if (share.IsShared)
        {
            // A row of the subject's many-to-many that the subject also points to (an address in the book that is also the billing
            // address) is decided once, by the pointed-to steps, which weigh every row that refers to it: never anonymised here
            // and deleted there, nor counted twice.
            var pointedShare = entity.Shares.FirstOrDefault(s => s.IsPointedTo);
            LambdaExpression NotPointed(DbContext c, object id, LambdaExpression rows)
                => pointedShare is null ? rows : And(rows, Negate(pointedShare.CreateFilter(c, id)));
            if (!share.Paths.All(IsSimpleLink))
            {
                return [KeptStep(entity, share, properties, separate, ErasureRowSelection.SharedWithOthers, PlanNotes.Of("SharedManyToMany"),
                    pointedShare is null ? null : (c, id) => NotPointed(c, id, Everything(entity)))];
            }

            // Rows linked to this subject alone are the subject's: anonymised (not deleted: the link rows that reach them
            // are deleted afterwards, as dependents of both sides).
            var alone = new StepDraft
            {
                Entity = entity,
                Share = share,
                Selection = ErasureRowSelection.OnlyThisSubject,
                Action = ErasureRowAction.Delete,
                Fields = FieldsOf(properties, ErasureFieldAction.Delete),
                SeparateOwned = separate,
                ThroughLinks = true,
                SubjectSelector = (c, id) => NotPointed(c, id, OtherSubjects(c, entity, share, id, negate: true)),
            };
            alone.KeepRows(PlanNotes.Of("OnlyThisSubjectManyToMany"));
            return [alone, KeptStep(entity, share, properties, separate, ErasureRowSelection.SharedWithOthers, PlanNotes.Of("SharedManyToMany"),
                (c, id) => NotPointed(c, id, OtherSubjects(c, entity, share, id, negate: false)))];
        }

        var holdRules = properties.SelectMany(p => p.Classified.Uses).Select(u => u.Retention).Where(r => r.IsLegalHold).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        if (holdRules.Length == 0)
        {
            return Normal(entity, share, properties, separate, ErasureRowSelection.All, null);
        }

        // A rule without an anchor holds every row (HeldRows answers no condition then).
        var heldRows = HeldRows(context, entity, holdRules, now);
        if (heldRows.Held is not { } held)
        {
            return [HeldStep(entity, share, properties, separate, heldRows, [PlanNotes.Of("NoRetentionAnchor", entity.EntityType.DisplayName())])];
        }

        return [HeldStep(entity, share, properties, separate, heldRows, []), .. Normal(entity, share, properties, separate, ErasureRowSelection.LegalHoldEnded, Expression.Lambda(Expression.Not(held), heldRows.Row))];
    }

    /// <summary>
    /// The holds of <paramref name="rules"/> with their anchors, and <c>row =&gt; some hold is in force</c>. By default a rule
    /// without an anchor holds every row (the condition is null: always held) and a row whose anchor is NULL is held (its
    /// period has not started). With <paramref name="anchoredOnly"/> (a row the subject points to, held for the rows that
    /// point to it) a rule without an anchor is left out and a NULL anchor holds nothing: the row is decided as if unheld.
    /// </summary>
    private static (List<(RetentionRule, LambdaExpression?)> Holds, Expression? Held, ParameterExpression Row) HeldRows(DbContext context, SubjectEntity entity, RetentionRule[] rules, DateTime now, bool anchoredOnly = false)
    {
        var row = Expression.Parameter(entity.EntityType.ClrType, "e");
        var holds = new List<(RetentionRule, LambdaExpression?)>();
        Expression? held = null;
        var alwaysHeld = false;
        foreach (var rule in rules)
        {
            var anchor = RetentionAnchors.Anchor(context, entity.Root.Graph, entity.EntityType, rule, row);
            if (anchor is null && anchoredOnly)
            {
                continue;
            }

            holds.Add((rule, anchor is null ? null : Expression.Lambda(anchor.Expression, row)));
            if (anchor is null)
            {
                alwaysHeld = true;
                continue;
            }

            Expression inForce = Expression.Not(RetentionAnchors.Expired(anchor, rule, now));
            if (anchoredOnly)
            {
                inForce = Expression.AndAlso(Expression.NotEqual(anchor.Expression, Expression.Constant(null, anchor.Expression.Type)), inForce);
            }

            held = held is null ? inForce : Expression.OrElse(held, inForce);
        }

        return (holds, alwaysHeld ? null : held, row);
    }

    /// <summary>
    /// Rows the subject's own row points to (<c>Customer.AvatarId → Avatar</c>), and rows that hang on them: those no row
    /// that stays refers to are the subject's and are deleted with it (after the rows that refer to them, found by the keys
    /// the executor reads first); those another row that stays refers to too stay, listed in the plan.
    /// </summary>
    private static List<StepDraft> PointedTo(DbContext context, SubjectEntity entity, SubjectShare share, List<FieldPath> properties, List<string> separate, List<StepDraft> drafts, DateTime now)
    {
        // A field under a legal hold keeps its value while the hold is in force, counted from the latest row that points to
        // it on the ownership path (or its own anchor, when later): the delivery address of an order kept for bookkeeping is
        // part of the accounting record (issue 12, round 5). Only rows with an anchor are held here; without one (nothing
        // that points to it has a date) the row is decided as before.
        var heldRules = Hanging(share) is null
            ? properties.SelectMany(p => p.Classified.Uses).Select(u => u.Retention).Where(r => r.IsLegalHold && r.Period is not null).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray()
            : [];
        var heldRows = HeldRows(context, entity, heldRules, now, anchoredOnly: true);
        var notHeld = heldRows.Held is { } held ? Expression.Lambda(Expression.Not(held), heldRows.Row) : null;

        // Deleted after the rows that refer to it, found by the keys read before the first statement (the subject's row that
        // leads to it may be gone by then); a row that cannot be found by one key column or deleted set-based is anonymised
        // in place instead, first, while the subject's row still leads to it.
        var byKeys = entity.EntityType.FindPrimaryKey() is { Properties.Count: 1 } && EntityStatements.CanDelete(entity.EntityType);
        var hangsOn = Hanging(share);
        var alone = new StepDraft
        {
            Entity = entity,
            Share = share,
            Selection = ErasureRowSelection.OnlyThisSubject,
            Action = ErasureRowAction.Delete,
            Fields = FieldsOf(properties, ErasureFieldAction.Delete),
            SeparateOwned = separate,
            ThroughLinks = !byKeys,
            FoundFirst = byKeys,
            Selector = notHeld,
            SubjectSelector = (c, id) => hangsOn is not null ? OnAlone(c, entity, hangsOn, id, drafts, negate: false) : OtherReferrers(c, entity, id, drafts, negate: true),
        };
        var subject = ExportNames.Entity(entity.Root.EntityType);
        if (!byKeys)
        {
            alone.KeepRows(PlanNotes.Of("OwnRowPointsToIt", subject));
        }
        else if (properties.Any(p => p.Classified.Uses.Any(u => u.Erasure == ErasureAction.Anonymise)))
        {
            alone.KeepRows(PlanNotes.Of("OwnRowPointsToItFieldSaysAnonymise", subject));
        }
        else
        {
            alone.Notes.Add(hangsOn is not null
                ? PlanNotes.Of("HangsOnErasedRow", ExportNames.Entity(hangsOn.PrincipalEntityType), subject)
                : PlanNotes.Of("DeletedWithSubject", subject));
        }

        var others = KeptStep(entity, share, properties, separate, ErasureRowSelection.SharedWithOthers,
            hangsOn is not null ? PlanNotes.Of("HangsOnSharedRow", ExportNames.Entity(hangsOn.PrincipalEntityType)) : PlanNotes.Of("OthersReferToIt"),
            (c, id) => hangsOn is not null ? OnAlone(c, entity, hangsOn, id, drafts, negate: true) : OtherReferrers(c, entity, id, drafts, negate: false, referrers: Referrers.NotSubjectsOwn));
        if (hangsOn is not null)
        {
            return [alone, others];
        }

        // Rows that no one else's row refers to, but a row of the subject's that this plan keeps whole (a guard keeps the orders
        // for a claim): kept as they are for it, and said so, not "shared with others".
        var keptWhole = KeptStep(entity, share, properties, separate, ErasureRowSelection.KeptWithRetainedRows, PlanNotes.Of("KeptWholeOwnRowsReferToIt"),
            (c, id) => And(
                OtherReferrers(c, entity, id, drafts, negate: true, referrers: Referrers.NotSubjectsOwn),
                OtherReferrers(c, entity, id, drafts, negate: false, referrers: Referrers.SubjectsOwnKeptWhole)));

        // Rows that only the subject's own rows which stay refer to (an order kept for bookkeeping, a two-party row kept for
        // the other party's fields): nothing else needs them as they are, so they stay for the foreign keys, anonymised.
        var ownKept = new StepDraft
        {
            Entity = entity,
            Share = share,
            Selection = ErasureRowSelection.ReferencedByKeptRows,
            Action = ErasureRowAction.Anonymise,
            Fields = FieldsOf(properties, ErasureFieldAction.Anonymise),
            SeparateOwned = separate,
            ThroughLinks = true,
            Selector = notHeld,
            SubjectSelector = (c, id) => And(And(
                OtherReferrers(c, entity, id, drafts, negate: true, referrers: Referrers.NotSubjectsOwn),
                OtherReferrers(c, entity, id, drafts, negate: true, referrers: Referrers.SubjectsOwnKeptWhole)),
                OtherReferrers(c, entity, id, drafts, negate: false, referrers: Referrers.SubjectsOwn)),
        };
        ownKept.KeepRows(PlanNotes.Of("KeptOwnRowsReferToIt"));
        if (notHeld is null)
        {
            return [alone, ownKept, keptWhole, others];
        }

        // The subject's rows whose hold is in force (whether a row that stays refers to them or not): kept, the held fields as
        // they are, the others anonymised, as a kept owned row's are (per field, not per row).
        var heldDraft = HeldStep(entity, share, properties, separate, heldRows, [], throughLinks: true,
            (c, id) => OtherReferrers(c, entity, id, drafts, negate: true, referrers: Referrers.NotSubjectsOwn));
        return [heldDraft, alone, ownKept, keptWhole, others];
    }

    /// <summary>Which rows that stay count as referring to a pointed-to row.</summary>
    private enum Referrers
    {
        /// <summary>Every row that stays.</summary>
        Any,

        /// <summary>Only the subject's own rows that stay (not its root row): they keep the row, anonymised.</summary>
        SubjectsOwn,

        /// <summary>Rows that stay and are not the subject's own: they keep the row as it is.</summary>
        NotSubjectsOwn,

        /// <summary>The subject's own rows that this plan keeps whole (a guard keeps them): they keep the row as it is.</summary>
        SubjectsOwnKeptWhole,
    }

    /// <summary>The rows of <paramref name="staying"/> that are (or are not) the subject's own, by the share that owns them; null: none are.</summary>
    private static Expression? OwnOrNot(DbContext context, SubjectRoot root, IEntityType entityType, string? about, object id, List<StepDraft> drafts, Expression staying, Referrers referrers)
    {
        if (referrers == Referrers.Any)
        {
            return staying;
        }

        // The referring row's share that the reference follows: a row about two parties refers to the other party's data
        // (the seller's signature on the buyer's contract) as that party's row, through the party's share (IsAboutSubject).
        var own = entityType.IsOwned() || SubjectGraph.InHierarchy(entityType, root.EntityType) || root.Find(entityType) is not { } entity
            ? null
            : string.IsNullOrEmpty(about) || !root.ClaimedNavigations(entityType).Contains(about)
                ? entity.Shares.FirstOrDefault(s => s.OwnsRow && !s.IsPointedTo && !s.IsShared)
                : entity.Shares.FirstOrDefault(s => s.Navigation == about);
        if (own is null)
        {
            return referrers is Referrers.SubjectsOwn or Referrers.SubjectsOwnKeptWhole ? null : staying;
        }

        var filter = own.CreateFilter(context, id);
        if (filter.Parameters[0].Type != entityType.ClrType)
        {
            return referrers is Referrers.SubjectsOwn or Referrers.SubjectsOwnKeptWhole ? null : staying;
        }

        // A row of the subject's that this plan keeps whole for another reason than a legal hold (a guard keeps it for a
        // claim) needs what it refers to as it is: it counts as "something else". A row kept for a legal hold keeps only its
        // held fields; what it points to is not among them, so it is anonymised with the subject.
        var row = filter.Parameters[0];
        Expression keptWhole = Expression.Constant(false);
        foreach (var kept in drafts.Where(d => d.Action == ErasureRowAction.Retain && d.Selection is not (ErasureRowSelection.LegalHoldInForce or ErasureRowSelection.BelongsToKeptRow) && d.Share == own && d.Entity.EntityType.IsAssignableFrom(entityType)))
        {
            var other = Expression.Parameter(kept.Entity.EntityType.ClrType, "k");
            Expression? same = null;
            foreach (var property in entityType.FindPrimaryKey()!.Properties)
            {
                var equal = Expression.Equal(EntityStatements.Property(other, property), EntityStatements.Property(row, property));
                same = same is null ? equal : Expression.AndAlso(same, equal);
            }

            var asIs = Expression.Call(ClosedMethods.Of(AnyMethod, other.Type), kept.Query(context, id).Expression, Expression.Quote(Expression.Lambda(same!, other)));
            keptWhole = Expression.OrElse(keptWhole, asIs);
        }

        Expression body = referrers switch
        {
            Referrers.SubjectsOwn => Expression.AndAlso(filter.Body, Expression.Not(keptWhole)),
            Referrers.SubjectsOwnKeptWhole => Expression.AndAlso(filter.Body, keptWhole),
            _ => Expression.Not(filter.Body),
        };
        return Expression.Call(ClosedMethods.Of(WhereMethod, entityType.ClrType), staying, Expression.Quote(Expression.Lambda(body, filter.Parameters)));
    }

    /// <summary>The foreign key by which the rows of a share hang on a row the subject points to (a tag on the subject's picture), or null.</summary>
    private static IForeignKey? Hanging(SubjectShare share)
        => share.IsPointedTo && share.Paths.FirstOrDefault(p => p.Steps.Count > 0 && p.Steps[0].TowardsPrincipal) is { } path ? path.Steps[0].ForeignKey : null;

    /// <summary><c>row =&gt; the pointed-to row it hangs on is erased with the subject</c> (nothing that stays refers to it; negated: something does).</summary>
    private static LambdaExpression OnAlone(DbContext context, SubjectEntity entity, IForeignKey on, object id, List<StepDraft> drafts, bool negate)
    {
        var principal = entity.Root.Find(on.PrincipalEntityType)!;
        // The row it hangs on may hang on another in turn (a note on a tag of the subject's picture): erased when that one is.
        var alone = Hanging(principal.Shares.Single(s => s.IsPointedTo)) is { } further
            ? OnAlone(context, principal, further, id, drafts, negate: false)
            : OtherReferrers(context, principal, id, drafts, negate: true);
        var row = Expression.Parameter(entity.EntityType.ClrType, "h");
        var parent = alone.Parameters[0];
        Expression? join = null;
        for (var i = 0; i < on.Properties.Count; i++)
        {
            var left = EntityStatements.Property(parent, on.PrincipalKey.Properties[i]);
            var right = EntityStatements.Property(row, on.Properties[i]);
            var type = Nullable.GetUnderlyingType(left.Type) ?? left.Type;
            var nullable = type.IsValueType ? typeof(Nullable<>).MakeGenericType(type) : type;
            var equal = Expression.Equal(left.Type == nullable ? left : Expression.Convert(left, nullable), right.Type == nullable ? right : Expression.Convert(right, nullable));
            join = join is null ? equal : Expression.AndAlso(join, equal);
        }

        var any = Expression.Call(ClosedMethods.Of(AnyMethod, parent.Type), EntityStatements.Root(context, principal.EntityType), Expression.Quote(Expression.Lambda(Expression.AndAlso(join!, alone.Body), parent)));
        return Expression.Lambda(negate ? Expression.Not(any) : any, row);
    }

    /// <summary>
    /// <c>row =&gt; rows that stay, other than the subject's own row, refer to it</c> (negated: none does). Rows this plan
    /// deletes (the subject's own post that shows the same picture) do not count; rows of every tenant do (see
    /// <see cref="QueryFilterScope"/>): a picture another tenant's person uses is not this subject's to erase.
    /// </summary>
    private static LambdaExpression OtherReferrers(DbContext context, SubjectEntity entity, object id, List<StepDraft> drafts, bool negate, HashSet<IEntityType>? deciding = null, Referrers referrers = Referrers.Any)
    {
        var row = Expression.Parameter(entity.EntityType.ClrType, "r");
        Expression any = Expression.Constant(false);
        var root = entity.Root;
        var visiting = new HashSet<IEntityType>(deciding ?? []) { entity.EntityType };
        var referencing = entity.EntityType.GetReferencingForeignKeys()
            .Concat(entity.EntityType.GetDerivedTypes().SelectMany(t => t.GetDeclaredReferencingForeignKeys()))
            .Where(fk => !fk.IsOwnership && !SubjectGraph.IsTableLink(fk)) // a TPT derived table's row is the row itself, not a referrer
            .Where(fk => !(root.Find(fk.DeclaringEntityType) is { } hanging && hanging.Shares.Any(s => Hanging(s) == fk))) // rows that hang on it go with it
            .Distinct();
        foreach (var foreignKey in referencing)
        {
            // A reference inside an owned value (a contract's OwnsOne seal) is its row's: decided on the row, then the owned
            // values of the rows that count are the referrers.
            var rowType = foreignKey.DeclaringEntityType;
            var chain = new List<IEntityType>();
            while (rowType.IsOwned() && rowType.FindOwnership() is { } ownership)
            {
                chain.Insert(0, rowType);
                rowType = ownership.PrincipalEntityType;
            }

            if (OwnOrNot(context, root, rowType, ModelClassification.AboutSubject(foreignKey), id, drafts, Staying(context, root, rowType, id, drafts, visiting), referrers) is { } staying)
            {
                foreach (var owned in chain)
                {
                    staying = EntityStatements.OwnedRows(staying, owned);
                }

                any = Expression.OrElse(any, EntityStatements.Referenced(staying, foreignKey, row));
            }
        }

        return Expression.Lambda(negate ? Expression.Not(any) : any, row);
    }

    /// <summary>
    /// The rows of a type that stay after this erasure, as far as a pointed-to row's decision is concerned: not deleted by the
    /// subject's other steps, not the subject's own row (nor an owned value inside it), and not a row the subject points to
    /// that is erased with it (a picture's frame is the subject's when only the subject's erased picture uses it). A type
    /// already being decided counts as staying, which breaks cycles on the safe side (kept, listed).
    /// </summary>
    private static Expression Staying(DbContext context, SubjectRoot root, IEntityType entityType, object id, List<StepDraft> drafts, HashSet<IEntityType> visiting)
    {
        if (entityType.IsOwned() && entityType.FindOwnership() is { } ownership)
        {
            return EntityStatements.OwnedRows(Staying(context, root, ownership.PrincipalEntityType, id, drafts, visiting), entityType);
        }

        // Other pointed-to rows' steps do not count as deleting: whether they go is decided below, row by row.
        var rows = Survivors(context, drafts.Where(d => !d.Share.IsPointedTo).ToList(), entityType, id);
        var staying = Expression.Parameter(entityType.ClrType, "o");
        Expression? gone = null;
        if (SubjectGraph.InHierarchy(entityType, root.EntityType))
        {
            gone = Expression.Equal(EntityStatements.Property(staying, root.Key), CallValues.Of(id, root.Key.ClrType, CallValueSource.SubjectId));
        }

        if (!visiting.Contains(entityType) && root.Find(entityType) is { } pointed && pointed.Shares.FirstOrDefault(s => s.IsPointedTo && Hanging(s) is null) is { } share)
        {
            var alone = OtherReferrers(context, pointed, id, drafts, negate: true, visiting);
            var inShare = share.CreateFilter(context, id);
            var erased = Expression.AndAlso(
                new Rebind(inShare.Parameters[0], staying).Visit(inShare.Body),
                new Rebind(alone.Parameters[0], staying).Visit(alone.Body));
            gone = gone is null ? erased : Expression.OrElse(gone, erased);
        }

        return gone is null
            ? rows
            : Expression.Call(ClosedMethods.Of(WhereMethod, entityType.ClrType), rows, Expression.Quote(Expression.Lambda(Expression.Not(gone), staying)));
    }

    private static readonly System.Reflection.MethodInfo WhereMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Where) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly System.Reflection.MethodInfo AnyMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Any) && m.GetParameters().Length == 2);

    /// <summary>
    /// Within one entity type, the rows that rows which stay refer to are anonymised and the others deleted (two steps);
    /// rows without a personal field whose owner row stays are kept with it. "Stays" means: not deleted by this plan's
    /// other steps as the model drafts them (the planner then checks the counts and keeps more where a kept row needs it).
    /// </summary>
    private static List<StepDraft> SplitByWhatStays(List<StepDraft> drafts)
    {
        var result = new List<StepDraft>();
        foreach (var draft in drafts)
        {
            if (draft.Action != ErasureRowAction.Delete || draft.Selection is not (ErasureRowSelection.All or ErasureRowSelection.LegalHoldEnded)
                || !draft.Share.OwnsRow || draft.Share.IsShared || draft.Share.IsPointedTo)
            {
                result.Add(draft);
                continue;
            }

            var entityType = draft.Entity.EntityType;
            if (draft.Fields.Count == 0)
            {
                // Not link rows (the subject's membership is itself about the subject), nor rows of the subject's own row:
                // only rows that belong to a kept record (an order's lines) stay with it.
                var owners = draft.Share.Paths.Where(p => p.Steps.Count > 0 && p.Steps[0].TowardsPrincipal).Select(p => p.Steps[0].ForeignKey).Distinct().ToArray();
                if (owners.Length == 0 || SubjectGraph.TryGetJoinEntity(owners[0], out _)
                    || owners.Any(fk => SubjectGraph.InHierarchy(fk.PrincipalEntityType, draft.Entity.Root.EntityType)))
                {
                    result.Add(draft);
                    continue;
                }

                Func<DbContext, object, LambdaExpression> ownerStays = (c, id) => OwnerStays(c, drafts, owners, entityType, id);
                result.Add(Derive(draft, draft.Selection, ErasureRowAction.Delete, (c, id) => Negate(ownerStays(c, id)), null));
                result.Add(Derive(draft, ErasureRowSelection.BelongsToKeptRow, ErasureRowAction.Retain, ownerStays,
                    PlanNotes.Of("BelongsToKeptRow")));
                continue;
            }

            var referencing = entityType.GetReferencingForeignKeys()
                .Concat(entityType.GetDerivedTypes().SelectMany(t => t.GetDeclaredReferencingForeignKeys()))
                .Where(fk => !fk.IsOwnership && !SubjectGraph.IsTableLink(fk))
                .Distinct()
                .ToArray();
            referencing = [.. referencing.Where(fk => !NeverReferencedBySurvivors(drafts, draft, fk))];
            if (referencing.Length == 0)
            {
                result.Add(draft);
                continue;
            }

            Func<DbContext, object, LambdaExpression> referenced = (c, id) => ReferencedBySurvivors(c, drafts, referencing, entityType, id);
            result.Add(Derive(draft, draft.Selection, ErasureRowAction.Delete, (c, id) => Negate(referenced(c, id)), null));
            var kept = Derive(draft, ErasureRowSelection.ReferencedByKeptRows, ErasureRowAction.Delete, referenced, null);
            kept.KeepRows(PlanNotes.Of("ReferencedByKeptRows"));
            result.Add(kept);
        }

        return result;
    }

    private static StepDraft Derive(StepDraft draft, ErasureRowSelection selection, ErasureRowAction action, Func<DbContext, object, LambdaExpression> selector, ErasureNote? note)
    {
        var inner = draft.SubjectSelector;
        var derived = new StepDraft
        {
            Entity = draft.Entity,
            Share = draft.Share,
            Selection = selection,
            Action = action,
            Fields = action == ErasureRowAction.Retain ? draft.Fields.Select(f => f with { Action = ErasureFieldAction.Retain, Strategy = null }).ToList() : draft.Fields.ToList(),
            Selector = draft.Selector,
            Holds = draft.Holds,
            SeparateOwned = draft.SeparateOwned,
            ThroughLinks = draft.ThroughLinks,
            Notes = note is null ? [.. draft.Notes] : [.. draft.Notes, note],
            SubjectSelector = inner is null ? selector : (c, id) => And(inner(c, id), selector(c, id)),
        };
        return derived;
    }

    private static LambdaExpression Everything(SubjectEntity entity)
    {
        var row = Expression.Parameter(entity.EntityType.ClrType, "a");
        return Expression.Lambda(Expression.Constant(true), row);
    }

    private static LambdaExpression Negate(LambdaExpression predicate) => Expression.Lambda(Expression.Not(predicate.Body), predicate.Parameters);

    private static LambdaExpression And(LambdaExpression left, LambdaExpression right)
        => Expression.Lambda(Expression.AndAlso(left.Body, new Rebind(right.Parameters[0], left.Parameters[0]).Visit(right.Body)), left.Parameters);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary><c>row =&gt; rows of the referencing types that this plan does not delete refer to it</c>.</summary>
    private static LambdaExpression ReferencedBySurvivors(DbContext context, List<StepDraft> drafts, IForeignKey[] foreignKeys, IEntityType entityType, object id)
    {
        var row = Expression.Parameter(entityType.ClrType, "p");
        Expression any = Expression.Constant(false);
        foreach (var foreignKey in foreignKeys)
        {
            any = Expression.OrElse(any, EntityStatements.Referenced(Survivors(context, drafts, foreignKey.DeclaringEntityType, id), foreignKey, row));
        }

        return Expression.Lambda(any, row);
    }

    /// <summary><c>row =&gt; its owner row (through the share's first foreign key) is not deleted by this plan</c>.</summary>
    private static LambdaExpression OwnerStays(DbContext context, List<StepDraft> drafts, IForeignKey[] foreignKeys, IEntityType entityType, object id)
    {
        var row = Expression.Parameter(entityType.ClrType, "l");
        Expression any = Expression.Constant(false);
        foreach (var foreignKey in foreignKeys)
        {
            var principal = foreignKey.PrincipalEntityType;
            var survivors = Survivors(context, drafts, principal, id);
            var owner = Expression.Parameter(principal.ClrType, "o");
            Expression? join = null;
            for (var i = 0; i < foreignKey.Properties.Count; i++)
            {
                var left = EntityStatements.Property(owner, foreignKey.PrincipalKey.Properties[i]);
                var right = EntityStatements.Property(row, foreignKey.Properties[i]);
                var type = Nullable.GetUnderlyingType(left.Type) ?? left.Type;
                var nullable = type.IsValueType ? typeof(Nullable<>).MakeGenericType(type) : type;
                var equal = Expression.Equal(left.Type == nullable ? left : Expression.Convert(left, nullable), right.Type == nullable ? right : Expression.Convert(right, nullable));
                join = join is null ? equal : Expression.AndAlso(join, equal);
            }

            any = Expression.OrElse(any, Expression.Call(ClosedMethods.Of(AnyMethod, principal.ClrType), survivors, Expression.Quote(Expression.Lambda(join!, owner))));
        }

        return Expression.Lambda(any, row);
    }

    /// <summary>
    /// True when no row that this plan leaves can refer to a row of <paramref name="draft"/> through
    /// <paramref name="foreignKey"/>, from the model alone: every row of the dependent type whose foreign key points into the
    /// draft's rows is itself one of the subject's rows (its share's path is the foreign key followed by a path of the
    /// draft's share), and the plan deletes all of them (one step, every row, no hold, no filter, nothing shared). The
    /// question "do surviving rows refer to it?" is then an always-false subquery, which the planner's read, the split into
    /// rows kept and rows deleted, and the executor's guard of that split would each send to the database (issue 18: at
    /// 100,000 rows these subqueries made planning 5x and executing a reviewed plan 2.4x the hand-written erasure).
    /// An order's lines and a line's events, reached only through their order and line, are the common case.
    /// </summary>
    /// <param name="drafts">The plan's steps as they are when the question is asked (before or after vetoes).</param>
    /// <param name="draft">A step that deletes.</param>
    /// <param name="foreignKey">A foreign key whose rows may refer to the step's rows.</param>
    internal static bool NeverReferencedBySurvivors(IReadOnlyList<StepDraft> drafts, StepDraft draft, IForeignKey foreignKey)
    {
        var dependent = foreignKey.DeclaringEntityType;
        if (dependent.IsOwned() || dependent.BaseType is not null || dependent.GetDirectlyDerivedTypes().Any()
            || dependent.GetDeclaredQueryFilters().Count > 0 || dependent.FindPrimaryKey() is null)
        {
            return false;
        }

        StepDraft? only = null;
        foreach (var other in drafts)
        {
            if (other.Entity.EntityType == dependent)
            {
                if (only is not null)
                {
                    return false; // several steps for the dependent type: some of its rows may stay
                }

                only = other;
            }
        }

        if (only is not { Action: ErasureRowAction.Delete, Selection: ErasureRowSelection.All, Selector: null, SubjectSelector: null, Keys: null, ThroughLinks: false }
            || only.Holds.Count > 0 || !only.Share.OwnsRow || only.Share.IsShared || only.Share.IsPointedTo || draft.Share.Paths.Count == 0)
        {
            return false;
        }

        return draft.Share.Paths.All(path => only.Share.Paths.Any(candidate =>
            candidate.Steps.Count == path.Steps.Count + 1
            && candidate.Steps[0].TowardsPrincipal && candidate.Steps[0].ForeignKey == foreignKey
            && candidate.Steps.Skip(1).Zip(path.Steps).All(pair => pair.First.ForeignKey == pair.Second.ForeignKey
                && pair.First.TowardsPrincipal == pair.Second.TowardsPrincipal && pair.First.To == pair.Second.To)));
    }

    /// <summary>The rows of an entity type that the drafted delete steps of this subject leave in place.</summary>
    private static Expression Survivors(DbContext context, List<StepDraft> drafts, IEntityType entityType, object id)
    {
        if (entityType.IsOwned() && entityType.FindOwnership() is { } ownership)
        {
            return EntityStatements.OwnedRows(Survivors(context, drafts, ownership.PrincipalEntityType, id), entityType); // an owned row stays with its owner
        }

        var row = Expression.Parameter(entityType.ClrType, "s");
        var key = entityType.FindPrimaryKey()!.Properties;
        Expression survives = Expression.Constant(true);
        foreach (var deleting in drafts.Where(d => d.Action == ErasureRowAction.Delete && entityType.IsAssignableFrom(d.Entity.EntityType)))
        {
            var query = deleting.Query(context, id).Expression;
            var other = Expression.Parameter(deleting.Entity.EntityType.ClrType, "x");
            Expression? same = null;
            foreach (var property in key)
            {
                var equal = Expression.Equal(EntityStatements.Property(other, property), EntityStatements.Property(row, property));
                same = same is null ? equal : Expression.AndAlso(same, equal);
            }

            survives = Expression.AndAlso(survives, Expression.Not(Expression.Call(ClosedMethods.Of(AnyMethod, other.Type), query, Expression.Quote(Expression.Lambda(same!, other)))));
        }

        return Expression.Call(ClosedMethods.Of(WhereMethod, entityType.ClrType), EntityStatements.Root(context, entityType), Expression.Quote(Expression.Lambda(survives, row)));
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
            var where = ClosedMethods.Where(join.ClrType);

            // Rows referenced by a link whose subject is someone else: Referenced over the links not to this subject.
            var others = Expression.Call(
                where,
                EntityStatements.Root(context, join),
                Expression.Quote(Expression.Lambda(
                    Expression.NotEqual(EntityStatements.Property(link, toSubject.Properties[0]), CallValues.Of(id, toSubject.Properties[0].ClrType, CallValueSource.SubjectId)),
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
            Fields = FieldsOf(properties, ErasureFieldAction.Delete),
            SeparateOwned = separate,
        };

        var draft = Draft(selection, selector);
        if (properties.Any(p => p.Classified.Uses.Any(u => u.Erasure == ErasureAction.Anonymise)))
        {
            draft.KeepRows(PlanNotes.Of("FieldSaysAnonymise"));
        }
        else if (entity.Properties.Any(p => p.IsPersonalData && p.Subject is not null))
        {
            // Only a row that names another subject holds another subject's data: a ticket with no agent (its reference
            // to the second party is NULL) is this subject's alone, and goes like any other row of theirs.
            var row = selector?.Parameters[0] ?? Expression.Parameter(entity.EntityType.ClrType, "e");
            var alone = NoOtherSubject(entity, row);
            if (alone is null)
            {
                draft.KeepRows(PlanNotes.Of("HoldsAnotherSubjectsData"));
                return [draft];
            }

            var own = Draft(ErasureRowSelection.OnlyThisSubject, Expression.Lambda(selector is null ? alone : Expression.AndAlso(selector.Body, alone), row));
            if (!EntityStatements.CanDelete(entity.EntityType))
            {
                own.KeepRows(PlanNotes.Of("TablePerTypeCannotDelete"));
            }

            var others = Draft(ErasureRowSelection.SharedWithOthers, Expression.Lambda(selector is null ? Expression.Not(alone) : Expression.AndAlso(selector.Body, Expression.Not(alone)), row));
            others.KeepRows(PlanNotes.Of("HoldsAnotherSubjectsData"));
            return [own, others];
        }
        else if (!EntityStatements.CanDelete(entity.EntityType))
        {
            draft.KeepRows(PlanNotes.Of("CannotDeleteSetBased"));
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

    /// <summary>Every field with the same action and no strategy (the step's own action decides what happens to them).</summary>
    private static List<FieldDraft> FieldsOf(IEnumerable<FieldPath> properties, ErasureFieldAction action)
        => properties.Select(p => new FieldDraft(p, action, null)).ToList();

    /// <summary>
    /// The rows a legal hold keeps (<see cref="ErasureRowSelection.LegalHoldInForce"/>), whoever's row they are: the fields
    /// under a hold as they are, the others anonymised (per field, not per row); the rows are anonymised when any field is,
    /// else kept as they are. <paramref name="held"/> is <see cref="HeldRows"/>' answer: no condition holds every row.
    /// </summary>
    private static StepDraft HeldStep(
        SubjectEntity entity,
        SubjectShare share,
        IReadOnlyList<FieldPath> properties,
        IReadOnlyList<string> separate,
        (List<(RetentionRule, LambdaExpression?)> Holds, Expression? Held, ParameterExpression Row) held,
        List<ErasureNote> notes,
        bool throughLinks = false,
        Func<DbContext, object, LambdaExpression>? subjectSelector = null)
    {
        var fields = properties.Select(p => p.Classified.Uses.Any(u => u.Retention.IsLegalHold) ? new FieldDraft(p, ErasureFieldAction.Retain, null) : Anonymise(p)).ToList();
        var draft = new StepDraft
        {
            Entity = entity,
            Share = share,
            Selection = ErasureRowSelection.LegalHoldInForce,
            Action = fields.Any(f => f.Action == ErasureFieldAction.Anonymise) ? ErasureRowAction.Anonymise : ErasureRowAction.Retain,
            Fields = fields,
            Selector = held.Held is null ? null : Expression.Lambda(held.Held, held.Row),
            Holds = held.Holds,
            SeparateOwned = separate,
            ThroughLinks = throughLinks,
            SubjectSelector = subjectSelector,
            Notes = notes,
        };
        CheckOwned(draft);
        return draft;
    }

    /// <summary>
    /// Rows of the subject's that stay as they are because others share them or rows that stay need them whole (a
    /// many-to-many row linked to others, a pointed-to row another row refers to): every field retained, found through
    /// the links (<see cref="StepDraft.ThroughLinks"/>).
    /// </summary>
    private static StepDraft KeptStep(
        SubjectEntity entity,
        SubjectShare share,
        IReadOnlyList<FieldPath> properties,
        IReadOnlyList<string> separate,
        ErasureRowSelection selection,
        ErasureNote note,
        Func<DbContext, object, LambdaExpression>? subjectSelector) => new()
        {
            Entity = entity,
            Share = share,
            Selection = selection,
            Action = ErasureRowAction.Retain,
            Fields = FieldsOf(properties, ErasureFieldAction.Retain),
            SeparateOwned = separate,
            ThroughLinks = true,
            SubjectSelector = subjectSelector,
            Notes = [note],
        };
}
