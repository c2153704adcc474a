namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// An objection (GDPR Art. 21) of one data subject to one purpose, stored in the application's database so that
/// every instance honours it. Map it with <see cref="ObjectionModelBuilderExtensions.AddPrivacyObjections"/>.
/// </summary>
/// <remarks>
/// It holds the subject's key and a purpose identifier, never a personal value, so it can outlive an erasure of the
/// subject as the record that direct marketing to that key must not resume (Art. 21(3)).
/// </remarks>
public class PrivacyObjection
{
    /// <summary>Surrogate key.</summary>
    [NotPersonalData("Surrogate key of the objection record")]
    public long Id { get; set; }

    /// <summary>The data-subject category (e.g. <c>customer</c>).</summary>
    [NotPersonalData("A data-subject category identifier from the policy")]
    public string SubjectCategory { get; set; } = "";

    /// <summary>The subject's primary key, in invariant text form.</summary>
    [NotPersonalData("A reference to the subject's row, like a foreign key; no value about the person")]
    public string SubjectKey { get; set; } = "";

    /// <summary>The purpose objected to.</summary>
    [NotPersonalData("A purpose identifier from the policy")]
    public string Purpose { get; set; } = "";

    /// <summary>When the objection was recorded (UTC).</summary>
    [NotPersonalData("Timestamp of the objection, meaningless without the subject's data")]
    public DateTime ObjectedAtUtc { get; set; }
}

/// <summary>Maps <see cref="PrivacyObjection"/> in an application's model.</summary>
public static class ObjectionModelBuilderExtensions
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "PrivacyObjections";

    /// <summary>
    /// Maps the objection table (one row per subject and purpose, unique) in the context that holds the subjects.
    /// Call it from <c>OnModelCreating</c>; include it in your migrations.
    /// </summary>
    /// <param name="modelBuilder">The model builder.</param>
    /// <param name="tableName">The table name.</param>
    /// <returns>The model builder.</returns>
    public static ModelBuilder AddPrivacyObjections(this ModelBuilder modelBuilder, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PrivacyObjection>(b =>
        {
            b.ToTable(tableName);
            b.HasKey(o => o.Id);
            b.Property(o => o.SubjectCategory).HasMaxLength(100).IsRequired();
            b.Property(o => o.SubjectKey).HasMaxLength(200).IsRequired();
            b.Property(o => o.Purpose).HasMaxLength(100).IsRequired();
            b.HasIndex(o => new { o.SubjectCategory, o.SubjectKey, o.Purpose }).IsUnique();
            b.HasIndex(o => new { o.Purpose, o.SubjectCategory });
        });
        return modelBuilder;
    }
}
