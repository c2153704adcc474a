using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Classifies properties in <c>OnModelCreating</c>, for what neither an attribute nor <c>Classify&lt;T&gt;</c> can reach:
/// shadow properties and property-bag entity types. What is set here wins over the library's default for keys and
/// foreign keys; it must not contradict an attribute on the same member.
/// </summary>
public static class PrivacyModelBuilderExtensions
{
    /// <summary>Classifies the property as personal data for one purpose, kept under one retention rule; call once per purpose.</summary>
    /// <param name="property">The property builder.</param>
    /// <param name="purpose">Identifier of a purpose the policy declares.</param>
    /// <param name="retention">Identifier of a retention rule the policy declares.</param>
    /// <returns>The same builder.</returns>
    /// <example><code>modelBuilder.Entity&lt;Customer&gt;().Property&lt;string&gt;("ReferralCode").IsPersonalData(Purposes.Account, Retention.Account);</code></example>
    public static PropertyBuilder IsPersonalData(this PropertyBuilder property, string purpose, string retention)
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        ArgumentException.ThrowIfNullOrWhiteSpace(retention);
        if (purpose.Contains(';', StringComparison.Ordinal) || purpose.Contains('=', StringComparison.Ordinal)
            || retention.Contains(';', StringComparison.Ordinal) || retention.Contains('=', StringComparison.Ordinal))
        {
            throw new ArgumentException("Purpose and retention identifiers must not contain ';' or '='.", nameof(purpose));
        }

        var existing = property.Metadata.FindAnnotation(PrivacyAnnotationNames.Uses)?.Value as string;
        var pair = purpose + "=" + retention;
        var uses = string.IsNullOrEmpty(existing) ? pair : existing + ";" + pair;
        property.HasAnnotation(PrivacyAnnotationNames.Uses, uses);
        property.HasAnnotation(PrivacyAnnotationNames.Classification, nameof(PropertyClassificationKind.PersonalData));
        return property;
    }

    /// <summary>States that the property holds no personal data, and why.</summary>
    /// <param name="property">The property builder.</param>
    /// <param name="reason">Why the value identifies nobody.</param>
    /// <returns>The same builder.</returns>
    public static PropertyBuilder IsNotPersonalData(this PropertyBuilder property, string reason)
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        property.HasAnnotation(PrivacyAnnotationNames.Classification, nameof(PropertyClassificationKind.NotPersonalData));
        property.HasAnnotation(PrivacyAnnotationNames.Reason, reason);
        return property;
    }

    /// <summary>Typed overload of <see cref="IsPersonalData(PropertyBuilder, string, string)"/>.</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="property">The property builder.</param>
    /// <param name="purpose">Identifier of a purpose the policy declares.</param>
    /// <param name="retention">Identifier of a retention rule the policy declares.</param>
    /// <returns>The same builder.</returns>
    public static PropertyBuilder<TProperty> IsPersonalData<TProperty>(this PropertyBuilder<TProperty> property, string purpose, string retention)
        => (PropertyBuilder<TProperty>)IsPersonalData((PropertyBuilder)property, purpose, retention);

    /// <summary>Typed overload of <see cref="IsNotPersonalData(PropertyBuilder, string)"/>.</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="property">The property builder.</param>
    /// <param name="reason">Why the value identifies nobody.</param>
    /// <returns>The same builder.</returns>
    public static PropertyBuilder<TProperty> IsNotPersonalData<TProperty>(this PropertyBuilder<TProperty> property, string reason)
        => (PropertyBuilder<TProperty>)IsNotPersonalData((PropertyBuilder)property, reason);

    /// <summary>
    /// Says that this relationship does not carry ownership: rows of the dependent do not belong to the subject that
    /// owns the principal row. Use it for references to shared data (an order line's product, whose supplier is a
    /// data subject of its own). See docs/ownership.md.
    /// </summary>
    /// <typeparam name="TEntity">The principal type.</typeparam>
    /// <typeparam name="TRelated">The dependent type.</typeparam>
    /// <param name="relationship">The relationship builder.</param>
    /// <returns>The same builder.</returns>
    public static ReferenceCollectionBuilder<TEntity, TRelated> IsNotOwnership<TEntity, TRelated>(this ReferenceCollectionBuilder<TEntity, TRelated> relationship)
        where TEntity : class
        where TRelated : class
    {
        ArgumentNullException.ThrowIfNull(relationship);
        Mark(relationship.Metadata);
        return relationship;
    }

    /// <summary>Non-generic form of <see cref="IsNotOwnership{TEntity, TRelated}(ReferenceCollectionBuilder{TEntity, TRelated})"/> (one-to-many).</summary>
    /// <param name="relationship">The relationship builder.</param>
    /// <returns>The same builder.</returns>
    public static ReferenceCollectionBuilder IsNotOwnership(this ReferenceCollectionBuilder relationship)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        Mark(relationship.Metadata);
        return relationship;
    }

    /// <summary>
    /// Says that this one-to-one relationship does not carry ownership: the dependent's row (the side with the foreign key)
    /// does not belong to the subject that owns the principal row, e.g. <c>HasOne(o =&gt; o.Voucher).WithOne().HasForeignKey&lt;Order&gt;(o =&gt; o.VoucherId).IsNotOwnership()</c>.
    /// Call it after <c>HasForeignKey</c>: a one-to-one relationship has no dependent side until then.
    /// </summary>
    /// <typeparam name="TEntity">The entity type <c>HasOne</c> was called on.</typeparam>
    /// <typeparam name="TRelated">The other entity type.</typeparam>
    /// <param name="relationship">The relationship builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">The dependent side is not configured yet (no <c>HasForeignKey</c> or <c>HasPrincipalKey</c>).</exception>
    public static ReferenceReferenceBuilder<TEntity, TRelated> IsNotOwnership<TEntity, TRelated>(this ReferenceReferenceBuilder<TEntity, TRelated> relationship)
        where TEntity : class
        where TRelated : class
    {
        ArgumentNullException.ThrowIfNull(relationship);
        MarkOneToOne(relationship.Metadata);
        return relationship;
    }

    /// <summary>Non-generic form of <see cref="IsNotOwnership{TEntity, TRelated}(ReferenceReferenceBuilder{TEntity, TRelated})"/> (one-to-one).</summary>
    /// <param name="relationship">The relationship builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">The dependent side is not configured yet (no <c>HasForeignKey</c> or <c>HasPrincipalKey</c>).</exception>
    public static ReferenceReferenceBuilder IsNotOwnership(this ReferenceReferenceBuilder relationship)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        MarkOneToOne(relationship.Metadata);
        return relationship;
    }

    /// <summary>
    /// Says whose data this reference points to when it is declared on a row about two parties (a contract owned by its buyer
    /// whose seller's fields say <c>[PersonalData(..., Subject = nameof(Seller))]</c>): <paramref name="navigation"/> names the
    /// row's navigation to that party (<c>nameof(Contract.Seller)</c>), so the pointed-to row (the seller's signature) is in
    /// that party's export and erased with that party, never with the row's owner. Naming the owner's navigation is the same
    /// as <see cref="IsAboutRowOwner{TEntity, TRelated}(ReferenceCollectionBuilder{TEntity, TRelated})"/>. On a reference
    /// inside an owned type of the row, name the row's navigation. Start-up refuses a row about two parties with an undecided
    /// reference to a personal row, and a decision naming no navigation of the row. Call it after <c>HasForeignKey(...)</c>.
    /// See docs/ownership.md, rule 9.
    /// </summary>
    /// <typeparam name="TEntity">The principal type (the pointed-to row).</typeparam>
    /// <typeparam name="TRelated">The dependent type (the row about two parties, or an owned type inside it).</typeparam>
    /// <param name="relationship">The relationship builder.</param>
    /// <param name="navigation">The name of the row's navigation to the party whose data the reference points to.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="navigation"/> is empty or contains <c>;</c> or <c>=</c>.</exception>
    /// <example><code>c.HasOne&lt;Signature&gt;().WithMany().HasForeignKey(x =&gt; x.SellerSignatureId).IsAboutSubject(nameof(Contract.Seller));</code></example>
    public static ReferenceCollectionBuilder<TEntity, TRelated> IsAboutSubject<TEntity, TRelated>(this ReferenceCollectionBuilder<TEntity, TRelated> relationship, string navigation)
        where TEntity : class
        where TRelated : class
    {
        ArgumentNullException.ThrowIfNull(relationship);
        MarkAbout(relationship.Metadata, CheckNavigation(navigation));
        return relationship;
    }

    /// <summary>Non-generic form of <see cref="IsAboutSubject{TEntity, TRelated}(ReferenceCollectionBuilder{TEntity, TRelated}, string)"/> (one-to-many).</summary>
    /// <param name="relationship">The relationship builder.</param>
    /// <param name="navigation">The name of the row's navigation to the party whose data the reference points to.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="navigation"/> is empty or contains <c>;</c> or <c>=</c>.</exception>
    public static ReferenceCollectionBuilder IsAboutSubject(this ReferenceCollectionBuilder relationship, string navigation)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        MarkAbout(relationship.Metadata, CheckNavigation(navigation));
        return relationship;
    }

    /// <summary>One-to-one form of <see cref="IsAboutSubject{TEntity, TRelated}(ReferenceCollectionBuilder{TEntity, TRelated}, string)"/>; call it after <c>HasForeignKey&lt;TDependent&gt;(...)</c>.</summary>
    /// <typeparam name="TEntity">The entity type <c>HasOne</c> was called on.</typeparam>
    /// <typeparam name="TRelated">The other entity type.</typeparam>
    /// <param name="relationship">The relationship builder.</param>
    /// <param name="navigation">The name of the row's navigation to the party whose data the reference points to.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="navigation"/> is empty or contains <c>;</c> or <c>=</c>.</exception>
    /// <exception cref="InvalidOperationException">The dependent side is not configured yet (no <c>HasForeignKey</c> or <c>HasPrincipalKey</c>).</exception>
    public static ReferenceReferenceBuilder<TEntity, TRelated> IsAboutSubject<TEntity, TRelated>(this ReferenceReferenceBuilder<TEntity, TRelated> relationship, string navigation)
        where TEntity : class
        where TRelated : class
    {
        ArgumentNullException.ThrowIfNull(relationship);
        RequireDependent(relationship.Metadata, "IsAboutSubject()");
        MarkAbout(relationship.Metadata, CheckNavigation(navigation));
        return relationship;
    }

    /// <summary>
    /// Says that this reference of a row about two parties points to data of the row's owner (the party whose fields carry
    /// no <c>Subject</c>): the pointed-to row is in the owner's export and erased with the owner. The counterpart of
    /// <see cref="IsAboutSubject{TEntity, TRelated}(ReferenceCollectionBuilder{TEntity, TRelated}, string)"/>, for an owner the row
    /// reaches without a navigation. Call it after <c>HasForeignKey(...)</c>. See docs/ownership.md, rule 9.
    /// </summary>
    /// <typeparam name="TEntity">The principal type (the pointed-to row).</typeparam>
    /// <typeparam name="TRelated">The dependent type.</typeparam>
    /// <param name="relationship">The relationship builder.</param>
    /// <returns>The same builder.</returns>
    /// <example><code>c.HasOne&lt;Signature&gt;().WithMany().HasForeignKey(x =&gt; x.BuyerSignatureId).IsAboutRowOwner();</code></example>
    public static ReferenceCollectionBuilder<TEntity, TRelated> IsAboutRowOwner<TEntity, TRelated>(this ReferenceCollectionBuilder<TEntity, TRelated> relationship)
        where TEntity : class
        where TRelated : class
    {
        ArgumentNullException.ThrowIfNull(relationship);
        MarkAbout(relationship.Metadata, string.Empty);
        return relationship;
    }

    /// <summary>Non-generic form of <see cref="IsAboutRowOwner{TEntity, TRelated}(ReferenceCollectionBuilder{TEntity, TRelated})"/> (one-to-many).</summary>
    /// <param name="relationship">The relationship builder.</param>
    /// <returns>The same builder.</returns>
    public static ReferenceCollectionBuilder IsAboutRowOwner(this ReferenceCollectionBuilder relationship)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        MarkAbout(relationship.Metadata, string.Empty);
        return relationship;
    }

    /// <summary>One-to-one form of <see cref="IsAboutRowOwner{TEntity, TRelated}(ReferenceCollectionBuilder{TEntity, TRelated})"/>; call it after <c>HasForeignKey&lt;TDependent&gt;(...)</c>.</summary>
    /// <typeparam name="TEntity">The entity type <c>HasOne</c> was called on.</typeparam>
    /// <typeparam name="TRelated">The other entity type.</typeparam>
    /// <param name="relationship">The relationship builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">The dependent side is not configured yet (no <c>HasForeignKey</c> or <c>HasPrincipalKey</c>).</exception>
    public static ReferenceReferenceBuilder<TEntity, TRelated> IsAboutRowOwner<TEntity, TRelated>(this ReferenceReferenceBuilder<TEntity, TRelated> relationship)
        where TEntity : class
        where TRelated : class
    {
        ArgumentNullException.ThrowIfNull(relationship);
        RequireDependent(relationship.Metadata, "IsAboutRowOwner()");
        MarkAbout(relationship.Metadata, string.Empty);
        return relationship;
    }

    private static string CheckNavigation(string navigation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(navigation);
        if (navigation.Contains(';', StringComparison.Ordinal) || navigation.Contains('=', StringComparison.Ordinal))
        {
            throw new ArgumentException("A navigation name must not contain ';' or '='.", nameof(navigation));
        }

        return navigation;
    }

    private static void RequireDependent(Microsoft.EntityFrameworkCore.Metadata.IMutableForeignKey foreignKey, string call)
    {
        if (((Microsoft.EntityFrameworkCore.Metadata.IConventionForeignKey)foreignKey).GetPrincipalEndConfigurationSource() is null)
        {
            throw new InvalidOperationException(
                $"{call} on the one-to-one relationship between {foreignKey.PrincipalEntityType.DisplayName()} and {foreignKey.DeclaringEntityType.DisplayName()}: EF Core has not decided yet which side holds the foreign key, so the mark could land on the wrong side. "
                + $"Call HasForeignKey<TDependent>(...) first, then {call}.");
        }
    }

    private static void MarkAbout(Microsoft.EntityFrameworkCore.Metadata.IMutableForeignKey foreignKey, string navigation)
    {
        // On the dependent entity type, like IsNotOwnership(): a later decision on the same reference replaces an earlier one.
        var dependent = foreignKey.DeclaringEntityType;
        var mark = ModelClassification.OwnershipMark(foreignKey);
        var kept = ModelClassification.AboutSubjectMarks(dependent).Where(m => m.Mark != mark).Select(m => m.Mark + "=" + m.Navigation);
        dependent.SetAnnotation(PrivacyAnnotationNames.AboutSubject, string.Join(";", kept.Append(mark + "=" + navigation)));
    }

    private static void MarkOneToOne(Microsoft.EntityFrameworkCore.Metadata.IMutableForeignKey foreignKey)
    {
        if (((Microsoft.EntityFrameworkCore.Metadata.IConventionForeignKey)foreignKey).GetPrincipalEndConfigurationSource() is null)
        {
            throw new InvalidOperationException(
                $"IsNotOwnership() on the one-to-one relationship between {foreignKey.PrincipalEntityType.DisplayName()} and {foreignKey.DeclaringEntityType.DisplayName()}: EF Core has not decided yet which side holds the foreign key, so the mark could land on the wrong side. "
                + "Call HasForeignKey<TDependent>(...) first, then IsNotOwnership().");
        }

        Mark(foreignKey);
    }

    private static void Mark(Microsoft.EntityFrameworkCore.Metadata.IMutableForeignKey foreignKey)
    {
        // On the dependent entity type: EF Core may replace the foreign key object while conventions run. A mark that no
        // longer names a foreign key of the type when the model is finalized is a start-up error (OwnershipCheck).
        var dependent = foreignKey.DeclaringEntityType;
        var mark = ModelClassification.OwnershipMark(foreignKey);
        var marks = dependent.FindAnnotation(PrivacyAnnotationNames.NotOwnership)?.Value as string;
        if (marks is null || !marks.Split(';').Contains(mark, StringComparer.Ordinal))
        {
            dependent.SetAnnotation(PrivacyAnnotationNames.NotOwnership, marks is null ? mark : marks + ";" + mark);
        }
    }
}
