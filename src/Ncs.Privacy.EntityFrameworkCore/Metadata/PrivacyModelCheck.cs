namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>The kinds of problem the start-up model check reports. Each is explained in docs/model-validation.md.</summary>
public enum PrivacyModelProblemKind
{
    /// <summary>A mapped property that nobody classified.</summary>
    UnclassifiedProperty,

    /// <summary>A property classified in <c>OnModelCreating</c> one way and by an attribute or <c>Classify&lt;T&gt;</c> the other way.</summary>
    ContradictoryClassification,

    /// <summary>A model-builder classification names a purpose the policy does not declare.</summary>
    UnknownPurpose,

    /// <summary>A model-builder classification names a retention rule the policy does not declare.</summary>
    UnknownRetention,

    /// <summary>A data-subject root whose primary key is not a single property.</summary>
    UnsupportedSubjectKey,

    /// <summary>A <see cref="PersonalDataAttribute.Subject"/> that is not a reference navigation of the entity type.</summary>
    InvalidSubjectNavigation,

    /// <summary>A personal field whose anonymisation strategy cannot run on its column (length, NOT NULL, unique index, CHECK constraint, value converter, type).</summary>
    AnonymisationNotExecutable,

    /// <summary>A mapping that erasure or retention cannot change set-based (keyless, TPC non-leaf, owned JSON, owned data outside the owner's row that may need anonymising).</summary>
    MappingNotExecutable,

    /// <summary>Rows that reach subjects by more than one foreign-key path (a message's sender and recipient) and no decision says whose they are.</summary>
    AmbiguousOwnership,

    /// <summary>Two entity types marked with the same data-subject category in one context.</summary>
    DuplicateSubjectCategory,

    /// <summary>A retention rule with a legal hold on an entity type that has no retention anchor on any path: its end could never be known.</summary>
    LegalHoldWithoutAnchor,

    /// <summary>A key, alternate key or foreign key that holds personal data, or whose name or type says it may.</summary>
    PersonalKey,

    /// <summary>An unnamed query filter: the application has not said whether it hides soft-deleted rows or separates tenants.</summary>
    UnnamedQueryFilter,

    /// <summary>A column declared as a subject reference by value that cannot be followed: unknown category, the root in the same context, key types that differ.</summary>
    InvalidSubjectReference,

    /// <summary>A retention rule with a period (not a legal hold) on a field whose row has no retention anchor on any path: the sweep could never end it.</summary>
    RetentionWithoutAnchor,

    /// <summary>A retention anchor stored through a value converter whose stored values do not sort as the dates do, so the cutoff cannot be compared in SQL.</summary>
    RetentionAnchorNotOrdered,
}

/// <summary>One problem found by the start-up model check.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="EntityType">The entity type's display name.</param>
/// <param name="Property">The property's name, or null for a problem of the entity type.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record PrivacyModelProblem(PrivacyModelProblemKind Kind, string EntityType, string? Property, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{EntityType}{(Property is null ? string.Empty : "." + Property)}: {Message} [{Kind}]";
}

/// <summary>
/// Thrown when a context's model is built and the start-up check finds problems; lists every problem at once
/// (every unclassified property of every entity type, owned type and join entity).
/// </summary>
public sealed class PrivacyModelException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">Every problem, in a stable order.</param>
    public PrivacyModelException(IReadOnlyList<PrivacyModelProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception.</summary>
    public PrivacyModelException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public PrivacyModelException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PrivacyModelException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<PrivacyModelProblem> Problems { get; }

    private static string Describe(IReadOnlyList<PrivacyModelProblem> problems)
    {
        if (problems.Count == 0)
        {
            return "The EF Core model does not satisfy the privacy policy.";
        }

        var unclassified = problems.Count(p => p.Kind == PrivacyModelProblemKind.UnclassifiedProperty);
        var head = unclassified > 0
            ? $"The EF Core model has {unclassified} unclassified propert{(unclassified == 1 ? "y" : "ies")}"
              + (problems.Count > unclassified ? $" and {problems.Count - unclassified} other problem{(problems.Count - unclassified == 1 ? string.Empty : "s")}" : string.Empty)
            : $"The EF Core model has {problems.Count} privacy problem{(problems.Count == 1 ? string.Empty : "s")}";
        return head + " (see docs/model-validation.md):" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p));
    }
}

/// <summary>The start-up check: every mapped property is classified, and model-level classifications agree with the policy.</summary>
public static class PrivacyModelCheck
{
    /// <summary>Checks a model against the policy and returns every problem (empty when the model is fine).</summary>
    /// <param name="model">The model; annotations written by the conventions are honoured when present.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="keysAreTechnical">Whether keys, foreign keys and discriminators count as classified technical columns.</param>
    /// <returns>The problems, ordered by entity type and property.</returns>
    public static IReadOnlyList<PrivacyModelProblem> Check(IReadOnlyModel model, PrivacyPolicy policy, bool keysAreTechnical = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new List<PrivacyModelProblem>();
        foreach (var entityType in model.GetEntityTypes())
        {
            var entityName = EntityName(entityType);
            if (entityType.FindAnnotation(PrivacyAnnotationNames.DataSubject) is not null)
            {
                var key = entityType.FindPrimaryKey();
                if (key is null || key.Properties.Count != 1)
                {
                    problems.Add(new(PrivacyModelProblemKind.UnsupportedSubjectKey, entityName, null,
                        "is a [DataSubject] root but its primary key is not a single property: a subject is identified by one key value; give the entity a single-column key"));
                }
            }

            foreach (var property in ModelClassification.DeclaredScalarProperties(entityType))
            {
                CheckProperty(entityType, entityName, property, policy, keysAreTechnical, problems);
            }
        }

        ExecutionCheck.Check(model, policy, problems);
        return problems
            .OrderBy(p => p.EntityType, StringComparer.Ordinal)
            .ThenBy(p => p.Property, StringComparer.Ordinal)
            .ThenBy(p => p.Kind)
            .ToList();
    }

    private static void CheckProperty(IReadOnlyEntityType entityType, string entityName, IReadOnlyProperty property, PrivacyPolicy policy, bool keysAreTechnical, List<PrivacyModelProblem> problems)
    {
        var member = ModelClassification.FindMember(policy, property);
        var derived = ModelClassification.KindOf(member, property, keysAreTechnical);
        var recorded = ModelClassification.RecordedKind(property);
        var name = property.DeclaringType is IReadOnlyComplexType complex ? ModelClassification.Name(complex) + "." + property.Name : property.Name;
        var kind = recorded != PropertyClassificationKind.Unclassified ? recorded : derived;

        if (kind == PropertyClassificationKind.Unclassified)
        {
            problems.Add(new(PrivacyModelProblemKind.UnclassifiedProperty, entityName, name, UnclassifiedMessage(entityType, property, member)));
            return;
        }

        var fromPolicy = member is null ? PropertyClassificationKind.Unclassified : ModelClassification.KindOf(member, property, keysAreTechnical: false);
        if (recorded != PropertyClassificationKind.Unclassified && fromPolicy != PropertyClassificationKind.Unclassified
            && IsPersonal(recorded) != IsPersonal(fromPolicy))
        {
            problems.Add(new(PrivacyModelProblemKind.ContradictoryClassification, entityName, name,
                $"is classified as {recorded} in OnModelCreating but as {fromPolicy} by its attributes or Classify<{CSharpTypeName.Of(entityType.ClrType)}>(): keep the one that is true"));
        }

        foreach (var (purpose, retention) in ModelClassification.RecordedUses(property))
        {
            if (!policy.Purposes.ContainsKey(purpose))
            {
                problems.Add(new(PrivacyModelProblemKind.UnknownPurpose, entityName, name,
                    $"IsPersonalData names purpose '{purpose}', which the policy does not declare (declared: {string.Join(", ", policy.Purposes.Keys.Order(StringComparer.Ordinal))})"));
            }

            if (!policy.RetentionRules.ContainsKey(retention))
            {
                problems.Add(new(PrivacyModelProblemKind.UnknownRetention, entityName, name,
                    $"IsPersonalData names retention rule '{retention}', which the policy does not declare (declared: {string.Join(", ", policy.RetentionRules.Keys.Order(StringComparer.Ordinal))})"));
            }
        }

        var subject = member?.Uses.Select(u => u.Subject).FirstOrDefault(s => s is not null);
        if (subject is not null && property.DeclaringType is IReadOnlyEntityType owner)
        {
            var navigation = owner.FindNavigation(subject);
            if (navigation is null || navigation.IsCollection || !navigation.IsOnDependent)
            {
                problems.Add(new(PrivacyModelProblemKind.InvalidSubjectNavigation, entityName, name,
                    $"[PersonalData] Subject = \"{subject}\" must name a reference navigation of {ModelClassification.Name(owner)} whose foreign key is on {ModelClassification.Name(owner)} (a navigation to the subject's row, such as 'Agent'); "
                    + (navigation is null ? "the model has no such navigation" : "it is a collection or the foreign key is on the other side")));
            }
        }
    }

    /// <summary>An owned type is named by its owner and navigation (<c>Customer.Address</c>), which is where a developer looks for it.</summary>
    internal static string EntityName(IReadOnlyEntityType entityType)
        => entityType.FindOwnership() is { PrincipalToDependent: { } navigation } ownership
            ? EntityName(ownership.PrincipalEntityType) + "." + navigation.Name
            : ModelClassification.Name(entityType);

    private static bool IsPersonal(PropertyClassificationKind kind)
        => kind is PropertyClassificationKind.PersonalData or PropertyClassificationKind.IdentityPersonalData;

    /// <summary>An Ncs.Privacy attribute on the CLR member behind the property, which the policy did not read (its assembly was not scanned).</summary>
    private static (string Name, System.Reflection.MemberInfo Member)? UnscannedAttribute(IReadOnlyProperty property)
    {
        System.Reflection.MemberInfo? member = property.PropertyInfo ?? (System.Reflection.MemberInfo?)property.FieldInfo;
        var attribute = member?.GetCustomAttributes(inherit: true)
            .FirstOrDefault(a => a.GetType().Assembly == typeof(PersonalDataAttribute).Assembly);
        return attribute is null ? null : (attribute.GetType().Name.Replace("Attribute", string.Empty, StringComparison.Ordinal), member!);
    }

    private static string UnclassifiedMessage(IReadOnlyEntityType entityType, IReadOnlyProperty property, ClassifiedMember? member)
    {
        var type = property.ClrType;
        var typeName = (Nullable.GetUnderlyingType(type) ?? type).Name + (Nullable.GetUnderlyingType(type) is null ? string.Empty : "?");
        var clr = entityType.HasSharedClrType ? entityType.Name : CSharpTypeName.Of(entityType.ClrType);
        var what = property.IsShadowProperty() ? $"shadow property ({typeName})" : $"property ({typeName})";
        if (member is { IsRetentionAnchor: true })
        {
            return $"{what} is a [RetentionAnchor] but says nothing about whether it is personal data: add [PersonalData(...)] or [NotPersonalData(\"why\")] as well";
        }

        if (member is null && UnscannedAttribute(property) is { } attribute)
        {
            var assembly = attribute.Member.DeclaringType!.Assembly.GetName().Name;
            return $"{what} carries [{attribute.Name}], but its assembly {assembly} was not scanned, so the policy never read it: add it with AddPrivacy(p => p.UsePolicy(...).AddModelAssembly(typeof({attribute.Member.DeclaringType!.Name}).Assembly)) (see docs/getting-started.md, several projects)";
        }

        if (ModelClassification.IsNamedDiscriminator(property))
        {
            var root = entityType.GetRootType();
            var values = string.Join(", ", root.GetDerivedTypesInclusive().Select(t => t.GetDiscriminatorValue()).Where(v => v is not null).Select(v => $"'{v}'"));
            return $"{what} is the discriminator of the {ModelClassification.Name(root)} hierarchy, named by the application, with values it chose ({values}): unlike EF Core's own Discriminator it is not taken as technical, because such values can say something about a person. "
                + $"If they say nothing, classify it with .Property(\"{property.Name}\").IsNotPersonalData(\"why\") (or [NotPersonalData] on the member); if they do, keep that fact in a property of its own, since a discriminator cannot be anonymised, and give the hierarchy a technical discriminator";
        }

        if (ModelClassification.IsTechnical(property))
        {
            return $"{what} is a key, foreign key or discriminator and KeysAreTechnical is off: classify it with [NotPersonalData(\"why\")] or [PersonalData(...)], or in OnModelCreating with .IsNotPersonalData(\"why\")";
        }

        return property.IsShadowProperty() || entityType.HasSharedClrType
            ? $"{what} is not classified: in OnModelCreating call .Property(\"{property.Name}\").IsPersonalData(purpose, retention) or .IsNotPersonalData(\"why\")"
            : $"{what} is not classified: add [PersonalData(purpose, retention)] or [NotPersonalData(\"why\")] to {clr}.{property.Name}, or classify it with AddPrivacy(p => p.Classify<{clr}>(...)) when you cannot change the class";
    }
}
