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
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        property.HasAnnotation(PrivacyAnnotationNames.SubjectReference, category);
        return property;
    }

    /// <summary>Typed overload of <see cref="IsSubjectReference(PropertyBuilder, string)"/>.</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="property">The property builder.</param>
    /// <param name="category">Identifier of a data-subject category the policy declares.</param>
    /// <returns>The same builder.</returns>
    public static PropertyBuilder<TProperty> IsSubjectReference<TProperty>(this PropertyBuilder<TProperty> property, string category)
        => (PropertyBuilder<TProperty>)IsSubjectReference((PropertyBuilder)property, category);
}
