using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// One row of the privacy audit trail: an erasure or a retention batch. It records what was done (entity types, fields,
/// actions, row counts, recipients to notify) and never a personal value; the subject appears only as a keyed hash of
/// its key, which lets erasures be re-applied after a backup is restored without naming the subject. Map it with
/// <see cref="PrivacyAuditModelBuilderExtensions.AddPrivacyAudit"/>; see docs/audit.md.
/// </summary>
public class PrivacyAuditRecord
{
    /// <summary>The <see cref="Kind"/> of an Art. 17 erasure.</summary>
    public const string ErasureKind = "erasure";

    /// <summary>The <see cref="Kind"/> of a retention-sweep batch.</summary>
    public const string RetentionKind = "retention";

    /// <summary>The <see cref="Kind"/> of a refused erasure request (Art. 12(4)).</summary>
    public const string RefusalKind = "refusal";

    /// <summary>Identifies the record.</summary>
    public Guid Id { get; set; }

    /// <summary><see cref="ErasureKind"/>, <see cref="RefusalKind"/> or <see cref="RetentionKind"/>.</summary>
    public string Kind { get; set; } = ErasureKind;

    /// <summary>The executed plan (unique: a plan is applied once).</summary>
    public Guid? PlanId { get; set; }

    /// <summary>The request's identifier, as the caller gave it.</summary>
    public string? RequestId { get; set; }

    /// <summary>The data-subject category of an erasure.</summary>
    public string? SubjectCategory { get; set; }

    /// <summary>HMAC-SHA256 of the category and the subject's key under the application's audit key (hex); see docs/audit.md.</summary>
    public string? SubjectKeyHash { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The policy's name.</summary>
    public string Policy { get; set; } = string.Empty;

    /// <summary>Rows deleted or anonymised.</summary>
    public long Rows { get; set; }

    /// <summary>What was done, as JSON: an array of <see cref="PrivacyAuditEntry"/>.</summary>
    public string Entries { get; set; } = "[]";

    /// <summary>Identifiers of the recipients to notify (Art. 19), as a JSON array.</summary>
    public string Recipients { get; set; } = "[]";

    /// <summary>The entries, parsed.</summary>
    public IReadOnlyList<PrivacyAuditEntry> ReadEntries() => JsonSerializer.Deserialize<List<PrivacyAuditEntry>>(Entries, PrivacyAuditEntry.JsonOptions) ?? [];

    internal static string Hash(ReadOnlySpan<byte> key, string category, string subjectId)
        => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(category + "\n" + subjectId)));
}

/// <summary>One entity type's part of an audit record: no values, only names and counts.</summary>
public sealed class PrivacyAuditEntry
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The entity type.</summary>
    public required string EntityType { get; init; }

    /// <summary>The share (navigation) for rows that concern two subjects.</summary>
    public string? Share { get; init; }

    /// <summary>Which rows.</summary>
    public ErasureRowSelection Selection { get; init; }

    /// <summary>What was done.</summary>
    public ErasureRowAction Action { get; init; }

    /// <summary>How many rows.</summary>
    public long Rows { get; init; }

    /// <summary>Fields deleted or anonymised.</summary>
    public IReadOnlyList<string> Erased { get; init; } = [];

    /// <summary>Fields kept.</summary>
    public IReadOnlyList<string> Retained { get; init; } = [];

    /// <summary>The retention rules that applied (a sweep), or that keep retained fields (a legal hold).</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>When the retained rows' holds end, at the latest.</summary>
    public DateTimeOffset? RetainedUntil { get; init; }

    /// <summary>For a refusal: who objected (the guard's type name) and on which basis; the reason's words are in the plan, not here.</summary>
    public string? RefusedBy { get; init; }

    internal static string Write(IEnumerable<PrivacyAuditEntry> entries) => JsonSerializer.Serialize(entries, JsonOptions);
}

/// <summary>Maps <see cref="PrivacyAuditRecord"/> into an application's model, so that erasures write their audit record in the same transaction.</summary>
public static class PrivacyAuditModelBuilderExtensions
{
    /// <summary>Adds the audit table to the model (include it in your migrations).</summary>
    /// <param name="modelBuilder">The model builder of <c>OnModelCreating</c>.</param>
    /// <param name="table">The table name.</param>
    /// <returns>The same builder.</returns>
    public static ModelBuilder AddPrivacyAudit(this ModelBuilder modelBuilder, string table = "PrivacyAudit")
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PrivacyAuditRecord>(audit =>
        {
            audit.ToTable(table);
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Id).IsNotPersonalData("Audit: a random record identifier.");
            audit.Property(a => a.Kind).HasMaxLength(16).IsNotPersonalData("Audit: the kind of operation.");
            audit.Property(a => a.PlanId).IsNotPersonalData("Audit: a random plan identifier.");
            audit.Property(a => a.RequestId).HasMaxLength(200).IsNotPersonalData("Audit: the request's ticket number; callers must not use personal values.");
            audit.Property(a => a.SubjectCategory).HasMaxLength(100).IsNotPersonalData("Audit: a data-subject category name.");
            audit.Property(a => a.SubjectKeyHash).HasMaxLength(64).IsNotPersonalData("Audit: a keyed hash; see docs/audit.md.");
            audit.Property(a => a.OccurredAt).IsNotPersonalData("Audit: when.");
            audit.Property(a => a.Policy).HasMaxLength(200).IsNotPersonalData("Audit: the policy's name.");
            audit.Property(a => a.Rows).IsNotPersonalData("Audit: a count.");
            audit.Property(a => a.Entries).IsNotPersonalData("Audit: entity and field names with counts, never values.");
            audit.Property(a => a.Recipients).IsNotPersonalData("Audit: recipient identifiers from the policy.");
            audit.HasIndex(a => a.PlanId).IsUnique();
            audit.HasIndex(a => new { a.SubjectCategory, a.SubjectKeyHash });
        });
        return modelBuilder;
    }
}
