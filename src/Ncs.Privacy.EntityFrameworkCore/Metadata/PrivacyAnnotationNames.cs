namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Names of the annotations Ncs.Privacy puts into the EF Core model. Their values are strings, so compiled models
/// and migration snapshots keep working.
/// </summary>
public static class PrivacyAnnotationNames
{
    /// <summary>The prefix shared by every Ncs.Privacy annotation.</summary>
    public const string Prefix = "Ncs.Privacy:";

    /// <summary>On a property: its <see cref="PropertyClassificationKind"/>, by name.</summary>
    public const string Classification = Prefix + "Classification";

    /// <summary>On a personal-data property: the purposes it serves, <c>;</c>-separated, ordered.</summary>
    public const string Purposes = Prefix + "Purposes";

    /// <summary>
    /// On a property classified in the model builder (shadow properties): its uses as <c>purpose=retention</c> pairs,
    /// <c>;</c>-separated. Attributes and <c>Classify&lt;T&gt;</c> keep their full settings in the policy instead.
    /// </summary>
    public const string Uses = Prefix + "Uses";

    /// <summary>On a personal-data property of a row that concerns two subjects: the navigation to the subject it is about.</summary>
    public const string Subject = Prefix + "Subject";

    /// <summary>On a property that is not personal data: the reason given.</summary>
    public const string Reason = Prefix + "Reason";

    /// <summary>
    /// On a dependent entity type: its relationships that refer to another row without making the dependent part of
    /// what that row's subject owns (an order line refers to a product; the product's supplier does not own the line),
    /// as navigation names (or <c>-&gt;PrincipalType</c> without a navigation), <c>;</c>-separated.
    /// </summary>
    public const string NotOwnership = Prefix + "NotOwnership";

    /// <summary>
    /// On a dependent entity type (a row about two parties, or an owned type inside one): which party's data each of its
    /// references to a personal row points to, as <c>mark=navigation</c> pairs (the mark as for <see cref="NotOwnership"/>;
    /// an empty navigation is the row's owner), <c>;</c>-separated. Set by <c>IsAboutSubject(...)</c> and <c>IsAboutRowOwner()</c>.
    /// </summary>
    public const string AboutSubject = Prefix + "AboutSubject";

    /// <summary>On an entity type that is the root of a data-subject category: the category identifier.</summary>
    public const string DataSubject = Prefix + "DataSubject";

    /// <summary>On a property that holds a data subject's identifier by value (no foreign key): the category identifier.</summary>
    public const string SubjectReference = Prefix + "SubjectReference";

    /// <summary>
    /// On a property that holds a data subject's identifier by value and does not make the row that subject's (a message's
    /// recipient beside its sender): <c>"true"</c>. The reference's equivalent of <c>IsNotOwnership()</c>.
    /// </summary>
    public const string SubjectReferenceNotOwnership = Prefix + "SubjectReferenceNotOwnership";

    /// <summary>On the entity type the library adds to stand for the subjects a context refers to by value: <c>true</c>.</summary>
    public const string SubjectReferenceRoot = Prefix + "SubjectReferenceRoot";
}

/// <summary>How a mapped property is classified.</summary>
public enum PropertyClassificationKind
{
    /// <summary>Nobody classified it: the start-up check fails.</summary>
    Unclassified = 0,

    /// <summary>Personal data with at least one purpose (Ncs.Privacy's <see cref="PersonalDataAttribute"/> or the fluent equivalent).</summary>
    PersonalData = 1,

    /// <summary>Only ASP.NET Core Identity's <c>[PersonalData]</c>: personal, but without purpose or retention (a weak classification).</summary>
    IdentityPersonalData = 2,

    /// <summary>Not personal data (<see cref="NotPersonalDataAttribute"/> or the fluent equivalent).</summary>
    NotPersonalData = 3,

    /// <summary>A key, foreign key or discriminator: a technical column, classified by the library unless the app says otherwise.</summary>
    Technical = 4,
}
