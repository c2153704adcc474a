namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Finds what the policy says about a mapped property: one lookup used by the convention, the check and the graph.</summary>
internal static class ModelClassification
{
    /// <summary>The name people know a type by: <c>Order</c>, or <c>CustomerHousehold</c> for a shared-type join entity.</summary>
    public static string Name(IReadOnlyTypeBase type) => type.HasSharedClrType ? type.ShortName() : type.DisplayName();

    /// <summary>
    /// Whether a foreign key was marked with <c>IsNotOwnership()</c>. The mark is kept on
    /// the dependent entity type (by navigation, or by principal type and foreign-key properties), which EF Core never replaces while conventions run.
    /// </summary>
    public static bool IsNotOwnership(IReadOnlyForeignKey foreignKey)
        => (foreignKey.DeclaringEntityType.FindAnnotation(PrivacyAnnotationNames.NotOwnership)?.Value is string marks
            && marks.Split(';').Contains(OwnershipMark(foreignKey), StringComparer.Ordinal))
           // A reference by value says so on its column: its foreign key to the stand-in root has no navigation, and two
           // of them on one row (sender, recipient) share the principal type, so only the column tells them apart.
           || (foreignKey.Properties.Count == 1 && foreignKey.Properties[0].FindAnnotation(PrivacyAnnotationNames.SubjectReferenceNotOwnership)?.Value is "true");

    /// <summary>
    /// Whose data a reference of a row about two parties points to, as the app decided with <c>IsAboutSubject(...)</c> or
    /// <c>IsAboutRowOwner()</c>: null when undecided, the empty string for the row's owner, else the navigation to the other party.
    /// </summary>
    public static string? AboutSubject(IReadOnlyForeignKey foreignKey)
    {
        if (foreignKey.DeclaringEntityType.FindAnnotation(PrivacyAnnotationNames.AboutSubject)?.Value is not string marks)
        {
            return null;
        }

        var mark = OwnershipMark(foreignKey) + "=";
        return marks.Split(';').FirstOrDefault(m => m.StartsWith(mark, StringComparison.Ordinal))?[mark.Length..];
    }

    /// <summary>The decisions recorded on a dependent type: (mark, navigation) pairs; see <see cref="AboutSubject"/>.</summary>
    public static IEnumerable<(string Mark, string Navigation)> AboutSubjectMarks(IReadOnlyAnnotatable entityType)
    {
        if (entityType.FindAnnotation(PrivacyAnnotationNames.AboutSubject)?.Value is not string marks)
        {
            yield break;
        }

        foreach (var pair in marks.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.LastIndexOf('=');
            yield return (pair[..at], pair[(at + 1)..]);
        }
    }

    /// <summary>
    /// The mark of a foreign key on its dependent type: the navigation's name, else the principal type with the foreign-key
    /// properties (<c>-&gt;Customer(RecipientId)</c>): two references to one type without navigations (a message's sender and
    /// recipient) are two marks, so marking one never marks the other.
    /// </summary>
    public static string OwnershipMark(IReadOnlyForeignKey foreignKey)
        => foreignKey.DependentToPrincipal?.Name
           ?? "->" + foreignKey.PrincipalEntityType.Name + "(" + string.Join(",", foreignKey.Properties.Select(p => p.Name)) + ")";

    /// <summary>
    /// The policy's reading of <paramref name="clrType"/>, or of its nearest classified base class: a type the
    /// application derives from a class classified in code (<c>ApplicationUser : IdentityUser</c>) is classified by it.
    /// </summary>
    public static ClassifiedType? FindClassifiedType(PrivacyPolicy policy, Type clrType)
    {
        if (clrType == typeof(Dictionary<string, object>))
        {
            return null;
        }

        for (var current = clrType; current is not null && current != typeof(object); current = current.BaseType)
        {
            if (policy.FindType(current) is { } type)
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>The policy's classification of the CLR member behind <paramref name="property"/>, or null (shadow, or unclassified).</summary>
    public static ClassifiedMember? FindMember(PrivacyPolicy policy, IReadOnlyProperty property)
    {
        if (property.IsShadowProperty())
        {
            return null;
        }

        var name = property.PropertyInfo?.Name ?? property.FieldInfo?.Name ?? property.Name;
        var member = FindClassifiedType(policy, property.DeclaringType.ClrType)?.FindMember(name);
        if (member is not null)
        {
            return member;
        }

        // The declaring CLR class may be an unannotated base; the policy reads inherited members on each derived type.
        if (property.DeclaringType is IReadOnlyEntityType entityType)
        {
            foreach (var derived in entityType.GetDerivedTypes())
            {
                member = FindClassifiedType(policy, derived.ClrType)?.FindMember(name);
                if (member is not null)
                {
                    return member;
                }
            }
        }

        var clrDeclaring = property.PropertyInfo?.DeclaringType ?? property.FieldInfo?.DeclaringType;
        return clrDeclaring is null ? null : FindClassifiedType(policy, clrDeclaring)?.FindMember(name);
    }

    /// <summary>The classification the library derives from the policy and the model, before explicit model-builder settings.</summary>
    public static PropertyClassificationKind KindOf(ClassifiedMember? member, IReadOnlyProperty property, bool keysAreTechnical)
    {
        if (member is not null)
        {
            if (member.Uses.Count > 0)
            {
                return PropertyClassificationKind.PersonalData;
            }

            if (member.IsIdentityPersonalData)
            {
                return PropertyClassificationKind.IdentityPersonalData;
            }

            if (member.NotPersonalReason is not null)
            {
                return PropertyClassificationKind.NotPersonalData;
            }
        }

        return keysAreTechnical && IsTechnical(property) ? PropertyClassificationKind.Technical : PropertyClassificationKind.Unclassified;
    }

    /// <remarks>
    /// A discriminator is technical only when EF Core made it: the shadow <c>Discriminator</c> column a TPH hierarchy gets by
    /// convention, holding the entity types' names. One the application named, mapped to a member of its own, or gave values
    /// it chose (<c>HasDiscriminator&lt;string&gt;("HealthStatus").HasValue&lt;PregnantCustomer&gt;("pregnant")</c>,
    /// <c>HasDiscriminator(c =&gt; c.Gender)</c>) is a column like any other, whose values may say something about a person:
    /// it must be classified (docs/decisions.md, issue 11, fresh tester round 5).
    /// </remarks>
    public static bool IsTechnical(IReadOnlyProperty property)
        => property.IsKey() || property.IsForeignKey()
           || (IsDiscriminator(property) && !IsNamedDiscriminator(property));

    /// <summary>Whether the property is the discriminator of its entity type's hierarchy.</summary>
    public static bool IsDiscriminator(IReadOnlyProperty property)
        => property.DeclaringType is IReadOnlyEntityType entityType && entityType.FindDiscriminatorProperty() == property;

    /// <summary>
    /// A discriminator the application made itself: a CLR member, a shadow property of another name than EF Core's
    /// <c>Discriminator</c>, or values other than the entity types' names.
    /// </summary>
    public static bool IsNamedDiscriminator(IReadOnlyProperty property)
        => IsDiscriminator(property)
           && (!property.IsShadowProperty()
               || !string.Equals(property.Name, "Discriminator", StringComparison.Ordinal)
               || ((IReadOnlyEntityType)property.DeclaringType).GetRootType().GetDerivedTypesInclusive()
                   .Any(t => t.GetDiscriminatorValue() is { } value && !Equals(value, t.ShortName())));

    /// <summary>The classification recorded in the model, or <see cref="PropertyClassificationKind.Unclassified"/>.</summary>
    public static PropertyClassificationKind RecordedKind(IReadOnlyAnnotatable property)
        => property.FindAnnotation(PrivacyAnnotationNames.Classification)?.Value is string text
           && Enum.TryParse<PropertyClassificationKind>(text, out var kind)
            ? kind
            : PropertyClassificationKind.Unclassified;

    /// <summary>The <c>purpose=retention</c> pairs recorded by <see cref="PrivacyModelBuilderExtensions.IsPersonalData(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder, string, string)"/>.</summary>
    public static IEnumerable<(string Purpose, string Retention)> RecordedUses(IReadOnlyAnnotatable property)
    {
        if (property.FindAnnotation(PrivacyAnnotationNames.Uses)?.Value is not string text)
        {
            yield break;
        }

        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            yield return at < 0 ? (pair, string.Empty) : (pair[..at], pair[(at + 1)..]);
        }
    }

    /// <summary>Every scalar property mapped on the type: declared, and of its complex properties, recursively.</summary>
    public static IEnumerable<IReadOnlyProperty> DeclaredScalarProperties(IReadOnlyEntityType entityType)
    {
        foreach (var property in entityType.GetDeclaredProperties())
        {
            yield return property;
        }

        foreach (var complex in entityType.GetDeclaredComplexProperties())
        {
            foreach (var property in ComplexScalarProperties(complex.ComplexType))
            {
                yield return property;
            }
        }
    }

    private static IEnumerable<IReadOnlyProperty> ComplexScalarProperties(IReadOnlyComplexType complexType)
    {
        foreach (var property in complexType.GetProperties())
        {
            yield return property;
        }

        foreach (var nested in complexType.GetComplexProperties())
        {
            foreach (var property in ComplexScalarProperties(nested.ComplexType))
            {
                yield return property;
            }
        }
    }
}
