namespace Ncs.Privacy;

/// <summary>
/// Marks a column that holds a data subject's identifier by value, without a foreign key: an order's <c>BuyerId</c> that
/// holds the identity service's user id, a basket keyed by the user's id. In a context that does not map the subject's
/// root entity (the <see cref="DataSubjectAttribute"/> type lives in another database or service), export, erasure and
/// retention follow this column as they follow a foreign key to the root: the rows whose column holds the subject's id,
/// and every row that reaches them through foreign keys, are the subject's. See docs/distributed.md.
/// </summary>
/// <remarks>
/// The column's type must be the type of the subject's key (through the same value converter, if any); start-up checks
/// it against the root when a registered context maps the root, and refuses the column in a context that maps the root
/// itself (use a foreign key there).
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class SubjectReferenceAttribute : Attribute
{
    /// <summary>Creates the marker.</summary>
    /// <param name="category">Identifier of a data-subject category declared with <see cref="DataSubjectCategoryAttribute"/>.</param>
    public SubjectReferenceAttribute(string category) => Category = category;

    /// <summary>Identifier of the data-subject category whose identifier the column holds.</summary>
    public string Category { get; }

    /// <summary>
    /// Whether the subject the column names owns the row (default <c>true</c>). Set <c>false</c> on a reference that names
    /// someone the row is not about as its owner: a message's recipient beside its sender, a card's holder beside the
    /// order's buyer. The row is then not that subject's (not in their export, not erased with them), the equivalent of
    /// <c>IsNotOwnership()</c> on a foreign key. A row with two owning references to subjects is refused at start-up until
    /// one of them says <c>OwnsRow = false</c> (docs/ownership.md, rule 8).
    /// </summary>
    public bool OwnsRow { get; init; } = true;
}
