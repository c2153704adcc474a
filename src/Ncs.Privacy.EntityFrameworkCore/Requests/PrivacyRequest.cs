namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// One data-subject request (GDPR Art. 12): the right invoked, how and when it arrived, its state, due day and any
/// extension, how the requester was verified, the outcome with reasons and the recipients to notify (Art. 19). It holds no
/// personal value: the subject appears only as the keyed hash the audit trail uses (docs/audit.md), so the request log does
/// not re-identify an erased person. Map it with <see cref="PrivacyRequestModelBuilderExtensions.AddPrivacyRequests"/>;
/// change it only through <see cref="IDataSubjectRequestService"/>.
/// </summary>
public class PrivacyRequest
{
    /// <summary>Identifies the request (the number to quote to the subject).</summary>
    public Guid Id { get; set; }

    /// <summary>The right invoked.</summary>
    public DataSubjectRight Right { get; set; }

    /// <summary>How it arrived.</summary>
    public RequestChannel Channel { get; set; }

    /// <summary>The operator's reference (a mail-system ticket number); never an e-mail address or a name.</summary>
    public string? Reference { get; set; }

    /// <summary>For an objection or a purpose-limited restriction: the purpose.</summary>
    public string? Purpose { get; set; }

    /// <summary>The data-subject category, once the subject is known.</summary>
    public string? SubjectCategory { get; set; }

    /// <summary>HMAC-SHA256 of the category and the subject's key under the audit key (hex), once the subject is known.</summary>
    public string? SubjectKeyHash { get; set; }

    /// <summary>When the request was received (UTC); the deadline runs from this day.</summary>
    public DateTime ReceivedAtUtc { get; set; }

    /// <summary>The day of receipt in the controller's time zone.</summary>
    public DateOnly ReceivedOn { get; set; }

    /// <summary>The last day to answer, extension included (<see cref="RequestDeadline.DueOn"/>).</summary>
    public DateOnly DueOn { get; set; }

    /// <summary>Months of extension granted (0-2).</summary>
    public int ExtensionMonths { get; set; }

    /// <summary>Why the request was extended, as told to the subject (Art. 12(3)).</summary>
    public string? ExtensionReason { get; set; }

    /// <summary>Where the request stands.</summary>
    public DataSubjectRequestState State { get; set; }

    /// <summary>The verification method (<see cref="IRequestVerifier.Method"/>) that confirmed the requester.</summary>
    public string? VerificationMethod { get; set; }

    /// <summary>When the requester was verified (UTC).</summary>
    public DateTime? VerifiedAtUtc { get; set; }

    /// <summary>When the request was completed, refused or withdrawn (UTC).</summary>
    public DateTime? ClosedAtUtc { get; set; }

    /// <summary>The answer: what was done, or the reasons for refusing (Art. 12(4)).</summary>
    public string? Outcome { get; set; }

    /// <summary>Recipient identifiers from the policy to notify of a rectification, erasure or restriction (Art. 19), as a JSON array.</summary>
    public string RecipientsToNotify { get; set; } = "[]";

    /// <summary>Recipients notified, as a JSON object of recipient identifier to UTC time.</summary>
    public string RecipientsNotified { get; set; } = "{}";

    /// <summary>Incremented by every change: two operators cannot both move a request from the same state.</summary>
    public int Version { get; set; }
}

/// <summary>One step in a request's history: what happened, when, and the state after it. Never a personal value.</summary>
public class PrivacyRequestEvent
{
    /// <summary>Surrogate key.</summary>
    public long Id { get; set; }

    /// <summary>The request.</summary>
    public Guid RequestId { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTime OccurredAtUtc { get; set; }

    /// <summary>What happened: <c>received</c>, <c>identified</c>, <c>verified</c>, <c>verification-failed</c>, <c>extended</c>, <c>exported</c>, <c>rectified</c>, <c>erased</c>, <c>objected</c>, <c>restricted</c>, <c>notified</c>, <c>completed</c>, <c>refused</c>, <c>withdrawn</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The request's state after the event.</summary>
    public DataSubjectRequestState State { get; set; }

    /// <summary>Names only: a verification method, an entity type and field, a purpose, recipient identifiers, row counts.</summary>
    public string? Detail { get; set; }
}

/// <summary>
/// A restriction of processing (GDPR Art. 18) of one subject's data, for every purpose or for one, until a day or until
/// lifted. Like an objection it holds the subject's key and identifiers from the policy, never a personal value; queries
/// honour it through <see cref="RestrictionQueryableExtensions.WhereNotRestricted"/> and the retention sweep keeps the
/// subject's rows while it is in force.
/// </summary>
public class PrivacyRestriction
{
    /// <summary>Surrogate key.</summary>
    public long Id { get; set; }

    /// <summary>The data-subject category.</summary>
    public string SubjectCategory { get; set; } = "";

    /// <summary>
    /// The subject's primary key in invariant text form (a reference to the row, like a foreign key; a Guid in lower case);
    /// once an erasure leaves no row of the subject, the audit trail's keyed hash instead, and the restriction is lifted.
    /// </summary>
    public string SubjectKey { get; set; } = "";

    /// <summary>The purpose restricted; null restricts every purpose (all processing but storage).</summary>
    public string? Purpose { get; set; }

    /// <summary>The request that asked for it, if any.</summary>
    public Guid? RequestId { get; set; }

    /// <summary>When it was recorded (UTC).</summary>
    public DateTime RestrictedAtUtc { get; set; }

    /// <summary>When it ends by itself (UTC), e.g. once the accuracy is verified; null: until lifted.</summary>
    public DateTime? UntilUtc { get; set; }

    /// <summary>When it was lifted (UTC); the subject must be told before (Art. 18(3)).</summary>
    public DateTime? LiftedAtUtc { get; set; }
}

/// <summary>Maps the request log and the restrictions in an application's model.</summary>
public static class PrivacyRequestModelBuilderExtensions
{
    /// <summary>Characters the log holds of an extension's reason (Art. 12(3)).</summary>
    internal const int ExtensionReasonMaxLength = 2000;

    /// <summary>Characters the log holds of an outcome: the answer or the refusal's reasons with the complaint notice.</summary>
    internal const int OutcomeMaxLength = 4000;

    private static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime> Utc =
        new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime?, DateTime?> NullableUtc =
        new(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);

    /// <summary>
    /// Maps the tables <c>PrivacyRequests</c>, <c>PrivacyRequestEvents</c> and <c>PrivacyRestrictions</c> in the context that
    /// holds the subjects. Call it from <c>OnModelCreating</c> and add a migration; enums are stored as their names, times as
    /// UTC, due days as dates. Every column is classified as not personal data.
    /// </summary>
    /// <param name="modelBuilder">The model builder.</param>
    /// <param name="tablePrefix">Prefix of the three table names.</param>
    /// <returns>The model builder.</returns>
    public static ModelBuilder AddPrivacyRequests(this ModelBuilder modelBuilder, string tablePrefix = "Privacy")
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(tablePrefix);
        modelBuilder.Entity<PrivacyRequest>(b =>
        {
            b.ToTable(tablePrefix + "Requests");
            b.HasKey(r => r.Id);
            b.Property(r => r.Id).IsNotPersonalData("Request log: a random request number.");
            b.Property(r => r.Right).HasConversion<string>().HasMaxLength(20).IsNotPersonalData("Request log: the right invoked.");
            b.Property(r => r.Channel).HasConversion<string>().HasMaxLength(20).IsNotPersonalData("Request log: the channel.");
            b.Property(r => r.Reference).HasMaxLength(100).IsNotPersonalData("Request log: a ticket number; callers must not use personal values.");
            b.Property(r => r.Purpose).HasMaxLength(100).IsNotPersonalData("Request log: a purpose identifier from the policy.");
            b.Property(r => r.SubjectCategory).HasMaxLength(100).IsNotPersonalData("Request log: a data-subject category identifier.");
            b.Property(r => r.SubjectKeyHash).HasMaxLength(64).IsNotPersonalData("Request log: a keyed hash; see docs/audit.md.");
            b.Property(r => r.ReceivedAtUtc).HasConversion(Utc).IsNotPersonalData("Request log: when.");
            b.Property(r => r.ReceivedOn).IsNotPersonalData("Request log: the day of receipt.");
            b.Property(r => r.DueOn).IsNotPersonalData("Request log: the due day.");
            b.Property(r => r.ExtensionMonths).IsNotPersonalData("Request log: months of extension.");
            b.Property(r => r.ExtensionReason).HasMaxLength(ExtensionReasonMaxLength).IsNotPersonalData("Request log: the controller's reason for extending.");
            b.Property(r => r.State).HasConversion<string>().HasMaxLength(20).IsNotPersonalData("Request log: the state.");
            b.Property(r => r.VerificationMethod).HasMaxLength(100).IsNotPersonalData("Request log: a verification method name.");
            b.Property(r => r.VerifiedAtUtc).HasConversion(NullableUtc).IsNotPersonalData("Request log: when.");
            b.Property(r => r.ClosedAtUtc).HasConversion(NullableUtc).IsNotPersonalData("Request log: when.");
            b.Property(r => r.Outcome).HasMaxLength(OutcomeMaxLength).IsNotPersonalData("Request log: the controller's answer and reasons.");
            b.Property(r => r.RecipientsToNotify).IsNotPersonalData("Request log: recipient identifiers from the policy.");
            b.Property(r => r.RecipientsNotified).IsNotPersonalData("Request log: recipient identifiers and times.");
            b.Property(r => r.Version).IsConcurrencyToken().IsNotPersonalData("Request log: a change counter.");
            b.HasIndex(r => new { r.State, r.DueOn });
            b.HasIndex(r => new { r.SubjectCategory, r.SubjectKeyHash });
        });
        modelBuilder.Entity<PrivacyRequestEvent>(b =>
        {
            b.ToTable(tablePrefix + "RequestEvents");
            b.HasKey(e => e.Id);
            b.Property(e => e.Id).IsNotPersonalData("Request log: surrogate key.");
            b.Property(e => e.RequestId).IsNotPersonalData("Request log: the request number.");
            b.Property(e => e.OccurredAtUtc).HasConversion(Utc).IsNotPersonalData("Request log: when.");
            b.Property(e => e.Kind).HasMaxLength(40).IsNotPersonalData("Request log: what happened.");
            b.Property(e => e.State).HasConversion<string>().HasMaxLength(20).IsNotPersonalData("Request log: the state.");
            b.Property(e => e.Detail).HasMaxLength(2000).IsNotPersonalData("Request log: names and counts, never values.");
            b.HasOne<PrivacyRequest>().WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(e => e.RequestId);
        });
        modelBuilder.Entity<PrivacyRestriction>(b =>
        {
            b.ToTable(tablePrefix + "Restrictions");
            b.HasKey(r => r.Id);
            b.Property(r => r.Id).IsNotPersonalData("Restriction: surrogate key.");
            b.Property(r => r.SubjectCategory).HasMaxLength(100).IsRequired().IsNotPersonalData("Restriction: a data-subject category identifier.");
            // No length limit: it holds any key the model allows (a natural key such as a 254-character e-mail address), and
            // the audit trail's keyed hash once the subject is erased.
            b.Property(r => r.SubjectKey).IsRequired().IsNotPersonalData("Restriction: a reference to the subject's row, like a foreign key; the keyed hash after erasure.");
            b.Property(r => r.Purpose).HasMaxLength(100).IsNotPersonalData("Restriction: a purpose identifier from the policy.");
            b.Property(r => r.RequestId).IsNotPersonalData("Restriction: the request number.");
            b.Property(r => r.RestrictedAtUtc).HasConversion(Utc).IsNotPersonalData("Restriction: when.");
            b.Property(r => r.UntilUtc).HasConversion(NullableUtc).IsNotPersonalData("Restriction: until when.");
            b.Property(r => r.LiftedAtUtc).HasConversion(NullableUtc).IsNotPersonalData("Restriction: when lifted.");
            b.HasIndex(r => new { r.SubjectCategory, r.SubjectKey });
        });
        return modelBuilder;
    }
}
