namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>A mapped property with its classification, resolved against the policy once per model.</summary>
public sealed class ClassifiedProperty
{
    internal ClassifiedProperty(IProperty property, PropertyClassificationKind kind, IReadOnlyList<PersonalDataUse> uses, string? subject, string? reason)
    {
        Property = property;
        Kind = kind;
        Uses = uses;
        Subject = subject;
        NotPersonalReason = reason;
    }

    /// <summary>The EF Core property.</summary>
    public IProperty Property { get; }

    /// <summary>The property's name.</summary>
    public string Name => Property.Name;

    /// <summary>How it is classified.</summary>
    public PropertyClassificationKind Kind { get; }

    /// <summary>Its uses, one per purpose; empty unless <see cref="Kind"/> is <see cref="PropertyClassificationKind.PersonalData"/>.</summary>
    public IReadOnlyList<PersonalDataUse> Uses { get; }

    /// <summary>For a row that concerns two subjects: the navigation to the subject this value is about; null for the row's owner.</summary>
    public string? Subject { get; }

    /// <summary>Why the value is not personal data, when it is not.</summary>
    public string? NotPersonalReason { get; }

    /// <summary>True when the value is personal data (including ASP.NET Core Identity's weak classification).</summary>
    public bool IsPersonalData => Kind is PropertyClassificationKind.PersonalData or PropertyClassificationKind.IdentityPersonalData;

    /// <summary>True when the value belongs in a data-subject export: personal, and not every use opts out with <c>Export = false</c>.</summary>
    public bool IsExported => Kind == PropertyClassificationKind.IdentityPersonalData || (Kind == PropertyClassificationKind.PersonalData && Uses.Any(u => u.Export));

    /// <inheritdoc />
    public override string ToString() => $"{ModelClassification.Name(Property.DeclaringType)}.{Name} ({Kind})";

    internal static ClassifiedProperty Resolve(IProperty property, PrivacyPolicy policy)
    {
        var kind = ModelClassification.RecordedKind(property);
        var member = ModelClassification.FindMember(policy, property);
        IReadOnlyList<PersonalDataUse> uses = [];
        if (kind == PropertyClassificationKind.PersonalData)
        {
            uses = member is { Uses.Count: > 0 } && property.FindAnnotation(PrivacyAnnotationNames.Uses) is null
                ? member.Uses
                : ModelClassification.RecordedUses(property)
                    .Where(u => policy.Purposes.ContainsKey(u.Purpose) && policy.RetentionRules.ContainsKey(u.Retention))
                    .Select(u => new PersonalDataUse
                    {
                        Purpose = policy.Purposes[u.Purpose],
                        Retention = policy.RetentionRules[u.Retention],
                        Recipients = policy.Purposes[u.Purpose].Recipients,
                    })
                    .OrderBy(u => u.Purpose.Id, StringComparer.Ordinal)
                    .ToArray();
        }

        var subject = property.FindAnnotation(PrivacyAnnotationNames.Subject)?.Value as string;
        var reason = property.FindAnnotation(PrivacyAnnotationNames.Reason)?.Value as string ?? member?.NotPersonalReason;
        return new ClassifiedProperty(property, kind, uses, subject, reason);
    }
}
