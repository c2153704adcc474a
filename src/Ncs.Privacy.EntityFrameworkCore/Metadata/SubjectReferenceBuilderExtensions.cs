using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>The fluent equivalent of <see cref="SubjectReferenceAttribute"/>, for types the application cannot annotate.</summary>
public static class SubjectReferenceBuilderExtensions
{
    /// <summary>
    /// Declares that the property holds the identifier of a data subject of <paramref name="category"/> by value, without
    /// a foreign key (the subject's root lives in another database or service). Export, erasure and retention follow it
    /// as they follow a foreign key to the root. See docs/distributed.md.
    /// </summary>
    /// <param name="property">The property builder.</param>
    /// <param name="category">Identifier of a data-subject category the policy declares.</param>
    /// <returns>The same builder.</returns>
    /// <example><code>modelBuilder.Entity&lt;Order&gt;().Property(o =&gt; o.BuyerId).IsSubjectReference(Policy.Subjects.Customer);</code></example>
    public static PropertyBuilder IsSubjectReference(this PropertyBuilder property, string category)
        => IsSubjectReference(property, category, ownsRow: true);

    /// <summary>
    /// As <see cref="IsSubjectReference(PropertyBuilder, string)"/>, saying whether the subject the column names owns the
    /// row. <paramref name="ownsRow"/> <c>false</c>: the row is not that subject's (a message's recipient beside its
    /// sender), the equivalent of <c>IsNotOwnership()</c> on a foreign key (docs/ownership.md, rule 8).
    /// </summary>
    /// <param name="property">The property builder.</param>
    /// <param name="category">Identifier of a data-subject category the policy declares.</param>
    /// <param name="ownsRow">Whether the referenced subject owns the row.</param>
    /// <returns>The same builder.</returns>
    /// <example><code>modelBuilder.Entity&lt;ChatMessage&gt;().Property(m =&gt; m.RecipientId).IsSubjectReference(Policy.Subjects.Customer, ownsRow: false);</code></example>
    public static PropertyBuilder IsSubjectReference(this PropertyBuilder property, string category, bool ownsRow)
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        property.HasAnnotation(PrivacyAnnotationNames.SubjectReference, category);
        if (ownsRow)
        {
            property.Metadata.RemoveAnnotation(PrivacyAnnotationNames.SubjectReferenceNotOwnership);
        }
        else
        {
            property.HasAnnotation(PrivacyAnnotationNames.SubjectReferenceNotOwnership, "true");
        }

        return property;
    }

    /// <summary>Typed overload of <see cref="IsSubjectReference(PropertyBuilder, string)"/>.</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="property">The property builder.</param>
    /// <param name="category">Identifier of a data-subject category the policy declares.</param>
    /// <returns>The same builder.</returns>
    public static PropertyBuilder<TProperty> IsSubjectReference<TProperty>(this PropertyBuilder<TProperty> property, string category)
        => (PropertyBuilder<TProperty>)IsSubjectReference((PropertyBuilder)property, category);

    /// <summary>Typed overload of <see cref="IsSubjectReference(PropertyBuilder, string, bool)"/>.</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="property">The property builder.</param>
    /// <param name="category">Identifier of a data-subject category the policy declares.</param>
    /// <param name="ownsRow">Whether the referenced subject owns the row.</param>
    /// <returns>The same builder.</returns>
    public static PropertyBuilder<TProperty> IsSubjectReference<TProperty>(this PropertyBuilder<TProperty> property, string category, bool ownsRow)
        => (PropertyBuilder<TProperty>)IsSubjectReference((PropertyBuilder)property, category, ownsRow);
}
