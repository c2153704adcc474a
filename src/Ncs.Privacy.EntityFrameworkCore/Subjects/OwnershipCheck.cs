using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// The start-up rules of ownership (docs/ownership.md): one owner per row or a decision, one root per data-subject
/// category, a legal hold only where its start is known, no personal value as a key, and every query filter named as
/// soft delete or tenant. Run on the model EF Core finalizes and again by the host's start-up check (compiled models).
/// </summary>
internal static class OwnershipCheck
{
    // Whole words of a member name (CustomerEmail → customer, email) that say the value is about a person.
    private static readonly string[] PersonalKeyWords = ["email", "mail", "phone", "mobile", "ssn", "personnummer", "passport", "username", "iban"];

    // Word pairs, matched in the name with the words joined (NationalId, SocialSecurityNumber, CardNumber).
    private static readonly string[] PersonalKeyPhrases = ["personalnumber", "personalidentity", "nationalid", "socialsecurity", "cardnumber", "username"];

    public static IReadOnlyList<PrivacyModelProblem> Check(IModel model, PrivacyOptionsExtension extension)
    {
        var problems = new List<PrivacyModelProblem>();
        problems.AddRange(QueryFilterScope.Check(model, extension));
        DuplicateCategories(model, problems);
        StaleNotOwnershipMarks(model, problems);
        var graph = SubjectGraph.Create(model, extension.Policy);
        Ambiguities(graph, problems);
        TwoPartyPointers(graph, problems);
        HiddenPointedTo(graph, problems);
        LegalHolds(graph, problems);
        RetentionPeriods(graph, problems);
        AnchorOrders(graph, problems);
        PersonalKeys(graph, extension, problems);
        return problems
            .OrderBy(p => p.EntityType, StringComparer.Ordinal)
            .ThenBy(p => p.Property, StringComparer.Ordinal)
            .ThenBy(p => p.Kind)
            .ToList();
    }

    private static void DuplicateCategories(IModel model, List<PrivacyModelProblem> problems)
    {
        var marked = model.GetEntityTypes()
            .Where(t => !t.IsOwned() && t.FindAnnotation(PrivacyAnnotationNames.DataSubject)?.Value is string)
            .GroupBy(t => (string)t.FindAnnotation(PrivacyAnnotationNames.DataSubject)!.Value!, StringComparer.Ordinal);
        foreach (var group in marked)
        {
            // Types of one hierarchy are one root (the base); types of different hierarchies are two.
            var roots = group.Where(t => !group.Any(o => o != t && o.IsAssignableFrom(t))).OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
            foreach (var extra in roots.Skip(1))
            {
                problems.Add(new(PrivacyModelProblemKind.DuplicateSubjectCategory, PrivacyModelCheck.EntityName(extra), null,
                    $"is marked [DataSubject(\"{group.Key}\")] like {PrivacyModelCheck.EntityName(roots[0])}: a subject is looked up in one root per category, so export and erasure would cover one and miss the other. "
                    + "Declare a separate category for each (a web customer and a shop customer are different data subjects, or the same person with two accounts), or make one entity type the subject and link the other to it with a foreign key"));
            }
        }
    }

    /// <summary>
    /// An <c>IsNotOwnership()</c> mark that names no foreign key of its entity type once the model is final: the relationship
    /// was reconfigured after it was marked (a one-to-one whose dependent side changed), so the decision would silently apply
    /// to nothing and the reference would carry ownership after all.
    /// </summary>
    private static void StaleNotOwnershipMarks(IModel model, List<PrivacyModelProblem> problems)
    {
        foreach (var entityType in model.GetEntityTypes().OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (entityType.FindAnnotation(PrivacyAnnotationNames.NotOwnership)?.Value is not string marks)
            {
                continue;
            }

            foreach (var mark in marks.Split(';').Where(m => !entityType.GetDeclaredForeignKeys().Any(fk => ModelClassification.OwnershipMark(fk) == m)))
            {
                var what = mark.StartsWith("->", StringComparison.Ordinal) ? "the reference to " + mark[2..] : "the navigation " + mark;
                problems.Add(new(PrivacyModelProblemKind.AmbiguousOwnership, PrivacyModelCheck.EntityName(entityType), null,
                    $"IsNotOwnership() was called on {what}, but in the final model {ModelClassification.Name(entityType)} has no such foreign key (the relationship was reconfigured afterwards, or the foreign key is on the other side of a one-to-one). "
                    + "Call IsNotOwnership() last in the relationship's configuration, after HasForeignKey<TDependent>(...), on the side that holds the foreign key"));
            }
        }
    }

    /// <summary>A row owned through two foreign keys, to one root or to two, with no decision.</summary>
    private static void Ambiguities(SubjectGraph graph, List<PrivacyModelProblem> problems)
    {
        foreach (var entityType in graph.Model.GetEntityTypes().Where(t => !t.IsOwned() && !graph.IsRootType(t)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var owners = graph.Roots
                .Select(r => (Root: r, Paths: r.Find(entityType)?.Shares.Where(s => s.OwnsRow && !s.IsShared && !s.IsPointedTo).SelectMany(s => s.Paths).ToArray() ?? []))
                .Where(o => o.Paths.Length > 0)
                .ToArray();
            var isLink = entityType.GetForeignKeys().Any(fk => fk.GetReferencingSkipNavigations().Any());
            var linkFields = graph.GetProperties(entityType).Where(p => p.IsPersonalData && p.Subject is null).Select(p => p.Name).ToArray();
            if (isLink && owners.All(o => o.Paths.All(p => p.Steps.Count == 1)) && linkFields.Length == 0)
            {
                continue; // a many-to-many link row that links subjects directly belongs to each side's link by construction
            }

            var firstSteps = owners.SelectMany(o => o.Paths).Select(p => p.Steps[0].ForeignKey).Distinct().Count();
            if (owners.Length > 0 && OwnedReferences(graph, entityType).ToArray() is { Length: > 0 } owned)
            {
                // A reference to a subject inside a value object of the row (OwnsOne gift details' RecipientId): the row reaches
                // a second subject that no path follows, and no field can name it (Subject = ... names the row's own navigations).
                var found = string.Join("; ", owners.SelectMany(o => o.Paths.Select(p => $"{p} (to {ModelClassification.Name(o.Root.EntityType)})"))
                    .Concat(owned.Select(fk => $"{ModelClassification.Name(fk.DeclaringEntityType)}.{string.Join(",", fk.Properties.Select(p => p.Name))} (to {ModelClassification.Name(fk.PrincipalEntityType)}, in an owned type)")));
                problems.Add(new(PrivacyModelProblemKind.AmbiguousOwnership, PrivacyModelCheck.EntityName(entityType), null,
                    $"rows reach a subject through an owned type's reference as well as through their owner: {found}. "
                    + "Without a decision the referenced subject's export misses the row and its erasure cannot tell which fields are about them. Decide: mark the owned type's reference with "
                    + ".IsNotOwnership() (o.OwnsOne(x => x.Gift, g => g.HasOne<Customer>().WithMany().HasForeignKey(x => x.RecipientId).IsNotOwnership())), or map the reference on the entity itself and name it with [PersonalData(..., Subject = nameof(Recipient))]"));
                continue;
            }

            if (owners.Length == 0 && !graph.Roots.Any(r => r.Find(entityType) is not null)
                && OwnedReferences(graph, entityType).Where(fk => graph.GetProperties(fk.DeclaringEntityType).Any(p => p.IsPersonalData)).ToArray() is { Length: > 0 } unowned)
            {
                // Owned rows that refer to a subject (a chat room's seats, OwnsMany; a workshop's host, OwnsOne) under an owner no
                // subject owns: an owned type is exported and erased only with its owner, so nothing would ever reach them.
                var found = string.Join("; ", unowned.Select(fk => $"{ModelClassification.Name(fk.DeclaringEntityType)}.{string.Join(",", fk.Properties.Select(p => p.Name))} (to {ModelClassification.Name(fk.PrincipalEntityType)})"));
                problems.Add(new(PrivacyModelProblemKind.AmbiguousOwnership, PrivacyModelCheck.EntityName(entityType), null,
                    $"owns rows with personal data that refer to a subject ({found}), but no subject owns {ModelClassification.Name(entityType)} itself: owned types are exported and erased only with their owner's row, so the subject's export would miss them and an Applied erasure would leave them. "
                    + $"Decide: map the owned type as an entity of its own (modelBuilder.Entity<{unowned[0].DeclaringEntityType.ClrType.Name}>() with a key and HasOne<{unowned[0].PrincipalEntityType.ClrType.Name}>().WithMany().HasForeignKey(...), instead of OwnsMany/OwnsOne), so that its reference makes each row the subject's; "
                    + $"or link {ModelClassification.Name(entityType)} to its owner with a foreign key; or, if the rows are not the subject's, mark the reference .IsNotOwnership()"));
                continue;
            }

            if (owners.Length == 0 || firstSteps < 2)
            {
                continue;
            }

            var paths = string.Join("; ", owners.SelectMany(o => o.Paths.Select(p => $"{p} (to {ModelClassification.Name(o.Root.EntityType)})")));
            // A link row of a many-to-many between subjects is each side's link, but its personal fields (a follower's private
            // label) are not: each side's export would show the other side's fields.
            var link = isLink && linkFields.Length > 0
                ? $"It is a many-to-many link row between subjects with personal fields ({string.Join(", ", linkFields)}) that would show in both sides' exports. "
                : string.Empty;
            problems.Add(new(PrivacyModelProblemKind.AmbiguousOwnership, PrivacyModelCheck.EntityName(entityType), null,
                $"rows reach {(owners.Length == 1 ? "their subject" : "subjects of " + string.Join(" and ", owners.Select(o => ModelClassification.Name(o.Root.EntityType))))} by more than one foreign-key path: {paths}. {link}"
                + "Without a decision each subject's export would show, and each erasure would delete, rows that are also another subject's. Decide: mark every reference that does not make the row the subject's with "
                + ".HasOne(...).WithMany().IsNotOwnership() (a payment method an order was paid with), or, when some fields are about the other party, keep the owner's path and name the other party's navigation on those fields with [PersonalData(..., Subject = nameof(Recipient))]"
                + (paths.Contains("SubjectReference<", StringComparison.Ordinal)
                    ? "; a reference by value (a column to SubjectReference<...>) says it with [SubjectReference(\"category\", OwnsRow = false)] or .IsSubjectReference(\"category\", ownsRow: false)"
                    : string.Empty)));
        }
    }

    /// <summary>
    /// A row about two parties (fields with <c>Subject = nameof(Seller)</c>) that refers to a personal row the subject points to
    /// (a signature, an attachment) must say whose data each such reference points to: the owner's (the default for rows of one
    /// party) or the other party's. Without it the seller's signature would be in the buyer's export and erased with the buyer.
    /// Also refused: a decision that names no party of the row, or no foreign key of the final model.
    /// </summary>
    private static void TwoPartyPointers(SubjectGraph graph, List<PrivacyModelProblem> problems)
    {
        foreach (var entityType in graph.Model.GetEntityTypes().OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var (mark, navigation) in ModelClassification.AboutSubjectMarks(entityType).Where(m => !entityType.GetDeclaredForeignKeys().Any(fk => ModelClassification.OwnershipMark(fk) == m.Mark)))
            {
                var what = mark.StartsWith("->", StringComparison.Ordinal) ? "the reference to " + mark[2..] : "the navigation " + mark;
                problems.Add(new(PrivacyModelProblemKind.AmbiguousOwnership, PrivacyModelCheck.EntityName(entityType), null,
                    $"{(navigation.Length == 0 ? "IsAboutRowOwner()" : $"IsAboutSubject(\"{navigation}\")")} was called on {what}, but in the final model {ModelClassification.Name(entityType)} has no such foreign key (the relationship was reconfigured afterwards). "
                    + "Call it last in the relationship's configuration, after HasForeignKey(...), on the side that holds the foreign key"));
            }
        }

        foreach (var entityType in graph.Model.GetEntityTypes().Where(t => !t.IsOwned() && !graph.IsRootType(t)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var parties = graph.GetProperties(entityType).Select(p => p.Subject).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var references = RowReferences(entityType).Where(fk => !fk.IsOwnership && !fk.GetReferencingSkipNavigations().Any() && !SubjectGraph.IsTableLink(fk)).ToArray();
            // A decision names a party: a navigation a field names (Subject = ...), or a navigation of the row that makes it its
            // owner's (the same as IsAboutRowOwner()).
            foreach (var foreignKey in references.Where(fk => ModelClassification.AboutSubject(fk) is { Length: > 0 } about && !parties.Contains(about, StringComparer.Ordinal)
                && !(entityType.FindNavigation(about) is { IsOnDependent: true } owner && !ModelClassification.IsNotOwnership(owner.ForeignKey) && graph.IsRootType(owner.ForeignKey.PrincipalEntityType))))
            {
                var about = ModelClassification.AboutSubject(foreignKey)!;
                problems.Add(new(PrivacyModelProblemKind.AmbiguousOwnership, PrivacyModelCheck.EntityName(entityType), null,
                    $"{Reference(foreignKey)} is marked IsAboutSubject(\"{about}\"), but {about} is neither a navigation to the row's owner nor one that a personal field of {ModelClassification.Name(entityType)} is about (Subject = nameof({about})): "
                    + (parties.Length == 0
                        ? "the row has one party, whose data every reference of the row points to. Remove IsAboutSubject(...), or name the other party on the fields about them"
                        : $"the parties of the row are its owner and {string.Join(", ", parties)}. Name one of them, or IsAboutRowOwner() for the owner")));
            }

            if (parties.Length == 0)
            {
                continue;
            }

            var undecided = references
                .Where(fk => !ModelClassification.IsNotOwnership(fk) && ModelClassification.AboutSubject(fk) is null && !graph.IsRootType(fk.PrincipalEntityType)
                    && fk.PrincipalEntityType.GetDerivedTypesInclusive().Any(graph.IsPointable))
                .ToArray();
            if (undecided.Length == 0 || !graph.Roots.Any(r => r.Find(entityType) is not null))
            {
                continue;
            }

            var first = undecided[0];
            problems.Add(new(PrivacyModelProblemKind.AmbiguousOwnership, PrivacyModelCheck.EntityName(entityType), null,
                $"rows are about two parties (the owner, and {string.Join(", ", parties)} through the fields that name them) and refer to personal rows a subject points to: {string.Join("; ", undecided.Select(Reference))}. "
                + "Without a decision each such row would be the row owner's: in the owner's export and erased with the owner, even when it is the other party's (the seller's signature on the buyer's contract). "
                + $"Decide for each: whose data it points to, with .HasOne<{first.PrincipalEntityType.ClrType.Name}>().WithMany().HasForeignKey(...).IsAboutSubject(nameof({entityType.ClrType.Name}.{parties[0]})) or .IsAboutRowOwner(), "
                + "or .IsNotOwnership() when it points to data of neither (then something else must make the pointed-to rows someone's)"));
        }
    }

    /// <summary>
    /// A personal type that no subject reaches while rows about two parties refer to it through references marked
    /// <c>IsNotOwnership()</c> (the tempting answer to <see cref="TwoPartyPointers"/>): the marks made it nobody's, so no
    /// export shows it and no erasure removes it. Elsewhere such a mark is the app's decision that the row is not the
    /// subject's (a resident's home), and the type stays a warning (<see cref="SubjectGraph.Unreached"/>).
    /// </summary>
    private static void HiddenPointedTo(SubjectGraph graph, List<PrivacyModelProblem> problems)
    {
        foreach (var target in graph.Unreached.Where(t => !t.IsOwned() && !graph.IsRootType(t)))
        {
            var hidden = target.GetReferencingForeignKeys()
                .Concat(target.GetDerivedTypes().SelectMany(t => t.GetDeclaredReferencingForeignKeys()))
                .Where(fk => !fk.IsOwnership && ModelClassification.IsNotOwnership(fk) && !fk.GetReferencingSkipNavigations().Any()
                    && RowOf(fk.DeclaringEntityType) is var row && graph.Roots.Any(r => r.Find(row) is not null)
                    && graph.GetProperties(row).Any(p => p.Subject is not null))
                .Distinct()
                .ToArray();
            if (hidden.Length == 0)
            {
                continue;
            }

            problems.Add(new(PrivacyModelProblemKind.AmbiguousOwnership, PrivacyModelCheck.EntityName(target), null,
                $"holds personal data that no subject reaches: the rows about two parties that refer to it do so through references marked IsNotOwnership() ({string.Join("; ", hidden.Select(Reference))}), so no export shows its rows and no erasure removes them. "
                + "Say whose data it is: on a row about two parties, .IsAboutSubject(nameof(...)) or .IsAboutRowOwner() instead of .IsNotOwnership(); elsewhere remove .IsNotOwnership(), or link the type to its owner with a foreign key; "
                + "if its fields identify nobody, classify them [NotPersonalData(\"...\")]"));
        }
    }

    private static string Reference(IReadOnlyForeignKey foreignKey)
        => $"{ModelClassification.Name(foreignKey.DeclaringEntityType)}.{string.Join(",", foreignKey.Properties.Select(p => p.Name))} (to {ModelClassification.Name(foreignKey.PrincipalEntityType)}{(foreignKey.DeclaringEntityType.IsOwned() ? ", in an owned type" : string.Empty)})";

    /// <summary>The row an owned type lives in: its non-owned owner, through any depth of ownership.</summary>
    private static IReadOnlyEntityType RowOf(IReadOnlyEntityType entityType)
    {
        var current = entityType;
        while (current.IsOwned() && current.FindOwnership() is { } ownership)
        {
            current = ownership.PrincipalEntityType;
        }

        return current;
    }

    /// <summary>The foreign keys of a row: its own and those of the owned types inside it (not JSON documents), at any depth.</summary>
    private static IEnumerable<IForeignKey> RowReferences(IEntityType entityType)
    {
        foreach (var foreignKey in entityType.GetForeignKeys())
        {
            yield return foreignKey;
        }

        foreach (var navigation in entityType.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent && !n.TargetEntityType.IsMappedToJson()))
        {
            foreach (var foreignKey in RowReferences(navigation.TargetEntityType))
            {
                yield return foreignKey;
            }
        }
    }

    /// <summary>References to a subject root declared on owned types of the entity (OwnsOne and OwnsMany, nested), not marked IsNotOwnership().</summary>
    private static IEnumerable<IForeignKey> OwnedReferences(SubjectGraph graph, IEntityType entityType)
    {
        foreach (var navigation in entityType.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent))
        {
            var owned = navigation.TargetEntityType;
            foreach (var foreignKey in owned.GetForeignKeys().Where(fk => !fk.IsOwnership && !ModelClassification.IsNotOwnership(fk) && graph.IsRootType(fk.PrincipalEntityType)))
            {
                yield return foreignKey;
            }

            foreach (var nested in OwnedReferences(graph, owned))
            {
                yield return nested;
            }
        }
    }

    /// <summary>A legal hold whose start no anchor gives would be a hold with no known end: refused, so the register never promises what nobody can enforce.</summary>
    private static void LegalHolds(SubjectGraph graph, List<PrivacyModelProblem> problems)
    {
        foreach (var entityType in graph.Model.GetEntityTypes().Where(t => !t.IsOwned()).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var fields = graph.GetProperties(entityType).Where(p => p.IsPersonalData && p.Property.DeclaringType == entityType || p.IsPersonalData && entityType.BaseType is null).ToArray();
            foreach (var rule in fields.SelectMany(p => p.Uses).Select(u => u.Retention).Where(r => r.IsLegalHold && r.Period is not null).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                if (!RetentionAnchors.HasAnchor(graph, entityType, rule))
                {
                    var field = fields.First(p => p.Uses.Any(u => u.Retention.Id == rule.Id));
                    // A row the subject points to (an order's delivery address) is already linked: its hold counts from the rows
                    // that point to it, so the fix is an anchor on one of them (or on the row itself), not another foreign key.
                    var pointers = RetentionAnchors.Referrers(graph, entityType).Select(fk => ModelClassification.Name(fk.DeclaringEntityType)).Distinct().ToArray();
                    var fix = Unreachable(graph, entityType) is { } unreachable
                        ? unreachable
                        : pointers.Length > 0
                        ? $"Mark the date member it counts from with [RetentionAnchor] on a row that points to it ({string.Join(", ", pointers)}, or the row it belongs to), or on {ModelClassification.Name(entityType)} itself"
                        : $"Mark the date member it counts from with [RetentionAnchor] (on {ModelClassification.Name(entityType)} or its owner), or link the row to its owner with a foreign key";
                    problems.Add(new(PrivacyModelProblemKind.LegalHoldWithoutAnchor, PrivacyModelCheck.EntityName(entityType), field.Name,
                        $"is kept under '{rule.Id}' ({rule.LegalObligation}), a legal hold of {rule.Period}, but neither {ModelClassification.Name(entityType)} nor any row on its ownership path{(pointers.Length > 0 ? " (nor any row that points to it: " + string.Join(", ", pointers) + ")" : string.Empty)} has a [RetentionAnchor] the hold counts from: the hold's end could never be known and the register would state a time limit nobody enforces. "
                        + fix));
                }
            }
        }
    }

    /// <summary>
    /// A retention period (not a legal hold: <see cref="LegalHolds"/>) on a field of a row that has no anchor it could count
    /// from: the sweep would keep the field for ever, silently, while the register states a time limit (issue 11, round 6).
    /// The fields are the row's own and those of owned and complex types in the row, as the sweep anonymises them.
    /// </summary>
    private static void RetentionPeriods(SubjectGraph graph, List<PrivacyModelProblem> problems)
    {
        foreach (var entityType in graph.Model.GetEntityTypes()
                     .Where(t => !t.IsOwned() && t.GetTableName() is not null && t.ClrType != typeof(PrivacyAuditRecord))
                     .OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var fields = graph.GetProperties(entityType)
                .Where(p => p.IsPersonalData && !p.Property.IsKey() && !p.Property.IsForeignKey() && (p.Property.DeclaringType == entityType || entityType.BaseType is null))
                .Select(p => (p.Name, p.Uses))
                .Concat(ErasureDrafts.RowFields(graph, entityType)
                    .Where(f => f.Path.Count > 0 && (f.Path[0].DeclaringType == entityType || entityType.BaseType is null))
                    .Select(f => (f.Name, f.Classified.Uses)))
                .ToArray();
            foreach (var rule in fields.SelectMany(f => f.Uses).Select(u => u.Retention).Where(r => r.Period is not null && !r.IsLegalHold).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                if (RetentionAnchors.HasAnchor(graph, entityType, rule))
                {
                    continue;
                }

                var field = fields.First(f => f.Uses.Any(u => u.Retention.Id == rule.Id));
                var name = ModelClassification.Name(entityType);
                problems.Add(new(PrivacyModelProblemKind.RetentionWithoutAnchor, PrivacyModelCheck.EntityName(entityType), field.Name,
                    $"is kept under '{rule.Id}', a retention period of {rule.Period}, but neither {name} nor any row on its ownership path has a [RetentionAnchor] the period counts from: the retention sweep could never tell when it ends and would keep the field for ever, while the register states a time limit. "
                    + (Unreachable(graph, entityType)
                       ?? $"Mark the date member it counts from (when the customer was last seen, when the row was created) with [RetentionAnchor], on {name}, in a complex or owned type in its row, or on its owner; or give the field a rule without a period (while the account exists)")));
            }
        }
    }

    /// <summary>
    /// The fix when <paramref name="entityType"/> carries [RetentionAnchor] members where erasure and the sweep cannot compare
    /// them with the row in SQL (a JSON document, a complex collection, owned rows of another table); null when it has none.
    /// </summary>
    private static string? Unreachable(SubjectGraph graph, IEntityType entityType)
    {
        var unreachable = RetentionAnchors.Unreachable(graph.Policy, entityType);
        return unreachable.Count == 0
            ? null
            : $"{ModelClassification.Name(entityType)} has a [RetentionAnchor] only where erasure and the sweep cannot compare it with the row in SQL: {string.Join(", ", unreachable)}. "
              + "Keep the anchor in the row itself: a property of the entity type, or of a complex type or an owned type (OwnsOne) mapped to the owner's columns, not ToJson";
    }

    /// <summary>
    /// A retention anchor whose stored form does not order as its dates do (DateTime as <c>dd.MM.yyyy</c> text): the cutoff is
    /// compared in SQL with what the column stores, so holds would end early and fields would be swept before their time
    /// (issue 11, round 6). Checked for every anchor of the model (an entity's, a complex or owned type's).
    /// </summary>
    private static void AnchorOrders(SubjectGraph graph, List<PrivacyModelProblem> problems)
    {
        foreach (var entityType in graph.Model.GetEntityTypes().OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var property in ModelClassification.DeclaredScalarProperties(entityType))
            {
                if (ModelClassification.FindMember(graph.Policy, property) is { IsRetentionAnchor: true }
                    && StoreTypes.AnchorOrderProblem(property) is { } problem)
                {
                    var name = property.DeclaringType is IReadOnlyComplexType complex ? ModelClassification.Name(complex) + "." + property.Name : property.Name;
                    problems.Add(new(PrivacyModelProblemKind.RetentionAnchorNotOrdered, PrivacyModelCheck.EntityName(entityType), name, problem));
                }
            }
        }
    }

    /// <summary>A personal value as a key spreads into every row that refers to it and cannot be anonymised without breaking them.</summary>
    private static void PersonalKeys(SubjectGraph graph, PrivacyOptionsExtension extension, List<PrivacyModelProblem> problems)
    {
        foreach (var entityType in graph.Model.GetEntityTypes().OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var property in entityType.GetDeclaredProperties().Where(p => p.IsKey() || p.IsForeignKey()))
            {
                var classified = graph.Classify(property);
                var principalKey = property.IsForeignKey() && property.GetContainingForeignKeys().Any(fk => fk.PrincipalKey.Properties.Any(k => graph.Classify(k).IsPersonalData || SaysPersonal(k)));
                if (classified.IsPersonalData && !IsDeletedOnlyKey(graph, entityType, property))
                {
                    problems.Add(new(PrivacyModelProblemKind.PersonalKey, PrivacyModelCheck.EntityName(entityType), property.Name,
                        $"is classified as personal data but is {(property.IsPrimaryKey() ? "the primary key" : property.IsKey() ? "an alternate (principal) key" : "a foreign key to a personal key")}: every row that refers to it copies the value, and erasure cannot replace it without breaking those references. "
                        + $"Use a surrogate key (an int or Guid Id) and keep {property.Name} as an ordinary [PersonalData] column (with a unique index if it must be unique); refer to the surrogate key from other rows"));
                }
                else if (classified.Kind == PropertyClassificationKind.Technical && (SaysPersonal(property) || principalKey) && !IsCopiedTechnicalKey(graph, property))
                {
                    problems.Add(new(PrivacyModelProblemKind.PersonalKey, PrivacyModelCheck.EntityName(entityType), property.Name,
                        $"is {(property.IsPrimaryKey() ? "the primary key" : property.IsKey() ? "an alternate (principal) key" : "a foreign key")} and its {(principalKey ? "principal key's " : string.Empty)}name or type says it may hold personal data, but keys count as technical columns unless classified. "
                        + $"If it is personal, use a surrogate key instead (keys are never erased); if it is not, say so with [NotPersonalData(\"why\")]{(extension.KeysAreTechnical ? string.Empty : string.Empty)}"));
                }
            }
        }
    }

    /// <summary>
    /// A key EF Core created itself (a shadow property: an owned type's key <c>PassportId</c>, which is its foreign key to
    /// the owner) holds a copy of the principal key it refers to and nothing else: when every principal key it copies is
    /// itself neither personal nor named so, it is technical whatever its name says (the owner's name, <c>Passport</c>).
    /// Nothing could carry the attribute on it, and its value is the principal's, which start-up judged already.
    /// </summary>
    private static bool IsCopiedTechnicalKey(SubjectGraph graph, IReadOnlyProperty property, int depth = 0)
        => depth < SubjectGraph.MaxPathLength
           && property.IsShadowProperty()
           && property.IsForeignKey()
           && property.GetContainingForeignKeys().All(fk => fk.PrincipalKey.Properties.All(k =>
               !graph.Classify(k).IsPersonalData && (!SaysPersonal(k) || IsCopiedTechnicalKey(graph, k, depth + 1))));

    /// <summary>
    /// A personal primary-key column that nothing refers to, in rows that erasure and retention only ever delete (no field
    /// of the entity type is held or anonymised), is removed with its row and copied nowhere: Identity's external login
    /// (<c>LoginProvider</c>, <c>ProviderKey</c>) is the common case. Anything that could keep the row needs a surrogate key.
    /// </summary>
    private static bool IsDeletedOnlyKey(SubjectGraph graph, IReadOnlyEntityType entityType, IReadOnlyProperty property)
    {
        if (!property.IsPrimaryKey() || property.IsForeignKey() || property.GetContainingKeys().Any(k => k.GetReferencingForeignKeys().Any()))
        {
            return false;
        }

        return entityType.GetProperties().All(p => graph.Classify(p).Uses.All(u =>
            u.Erasure is not (ErasureAction.Retain or ErasureAction.Anonymise) && !u.Retention.IsLegalHold));
    }

    /// <summary>
    /// A key says personal by its name (<c>Email</c>, <c>UserName</c>, a <c>long PhoneNumber</c>: any CLR type) or by its
    /// type's name (an <c>EmailAddress</c> value object behind a converter, <see cref="System.Net.Mail.MailAddress"/>).
    /// </summary>
    private static bool SaysPersonal(IReadOnlyProperty property)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        return NameSaysPersonal(property.Name) || (!type.IsPrimitive && type != typeof(string) && type != typeof(Guid) && NameSaysPersonal(type.Name));
    }

    private static bool NameSaysPersonal(string name)
    {
        var words = System.Text.RegularExpressions.Regex.Matches(name, "[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])").Select(m => m.Value.ToLowerInvariant()).ToArray();
        var joined = string.Concat(words);
        return words.Any(w => PersonalKeyWords.Contains(w, StringComparer.Ordinal)) || PersonalKeyPhrases.Any(p => joined.Contains(p, StringComparison.Ordinal));
    }
}

/// <summary>Runs <see cref="OwnershipCheck"/> on the model EF Core has just finalized.</summary>
internal sealed class OwnershipConvention(PrivacyOptionsExtension extension) : IModelFinalizedConvention
{
    public IModel ProcessModelFinalized(IModel model)
    {
        var problems = OwnershipCheck.Check(model, extension);
        return problems.Count > 0 ? throw new PrivacyModelException(problems) : model;
    }
}
