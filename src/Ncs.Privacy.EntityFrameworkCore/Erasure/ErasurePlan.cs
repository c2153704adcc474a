using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>What the planner decided for an erasure request as a whole.</summary>
public enum ErasureOutcome
{
    /// <summary>The plan erases (deletes or anonymises) what it lists; retained items carry their reasons.</summary>
    Erase = 0,

    /// <summary>The request is refused (Art. 12(4)): <see cref="ErasurePlan.Refusals"/> says why. Nothing will be written.</summary>
    Refused = 1,

    /// <summary>No subject with this identifier exists (soft-deleted rows included). Nothing will be written.</summary>
    SubjectNotFound = 2,
}

/// <summary>What one step does to its rows.</summary>
public enum ErasureRowAction
{
    /// <summary>The rows are deleted.</summary>
    Delete = 0,

    /// <summary>The rows stay; their personal fields are replaced (see <see cref="ErasureField.Action"/>).</summary>
    Anonymise = 1,

    /// <summary>The rows are kept unchanged (a guard's objection, or rows that may concern other subjects).</summary>
    Retain = 2,
}

/// <summary>What happens to one field of a step's rows.</summary>
public enum ErasureFieldAction
{
    /// <summary>Deleted with its row.</summary>
    Delete = 0,

    /// <summary>Replaced by a value that cannot be linked to the subject.</summary>
    Anonymise = 1,

    /// <summary>Kept: the step's <see cref="ErasureStep.Retention"/> says why and until when.</summary>
    Retain = 2,
}

/// <summary>Which of an entity type's rows a step covers.</summary>
public enum ErasureRowSelection
{
    /// <summary>Every row of the subject in this entity type (and share).</summary>
    All = 0,

    /// <summary>Rows a legal hold still keeps: the anchor of at least one hold rule has not expired at planning time.</summary>
    LegalHoldInForce = 1,

    /// <summary>Rows whose legal holds have all ended at planning time.</summary>
    LegalHoldEnded = 2,

    /// <summary>Rows that concern this subject only: reached through a many-to-many relationship and linked to no one else, or rows whose reference to a second subject (<c>[PersonalData(Subject = ...)]</c>) is empty.</summary>
    OnlyThisSubject = 3,

    /// <summary>
    /// Rows that concern other subjects too: linked to other subjects through a many-to-many relationship, naming a
    /// second subject, or pointed to by the subject and referred to by something else as well. They stay.
    /// </summary>
    SharedWithOthers = 4,

    /// <summary>Rows of an otherwise deleted selection that rows which stay refer to (the card a kept order was paid with): anonymised, not deleted.</summary>
    ReferencedByKeptRows = 5,

    /// <summary>Rows without any personal field that belong to a row that stays (the lines of an order kept for bookkeeping): kept with it.</summary>
    BelongsToKeptRow = 6,

    /// <summary>
    /// Rows the subject points to that no one else's row refers to, but a row of the subject's that this plan keeps whole
    /// (a guard's objection keeps the orders for a claim, Art. 17(3)(e)): kept as they are, for that row.
    /// </summary>
    KeptWithRetainedRows = 7,
}

/// <summary>
/// An Art. 17 erasure plan for one data subject: per entity type and field, delete, anonymise or retain, the number of
/// rows, the reason and end date of every retention, and the recipients to notify (Art. 19). Produced by
/// <see cref="IErasurePlanner"/> without writing anything; reviewable as JSON (<see cref="ToJson"/>) or Markdown
/// (<see cref="ToMarkdown"/>); executed by <see cref="IErasureExecutor"/>. See docs/erasure.md.
/// </summary>
public sealed class ErasurePlan
{
    /// <summary>The format identifier written in <see cref="Format"/>.</summary>
    public const string CurrentFormat = "ncs-privacy-erasure-plan/1";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>The format and version of the document.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>Identifies this plan; the executor records it so that running the plan twice is harmless.</summary>
    public Guid PlanId { get; init; }

    /// <summary>The request's identifier (a ticket number, never a personal value).</summary>
    public required string RequestId { get; init; }

    /// <summary>The data-subject category.</summary>
    public required string SubjectCategory { get; init; }

    /// <summary>The subject's key, in invariant text. The plan is a working document for the request; the audit record never holds it.</summary>
    public required string SubjectId { get; init; }

    /// <summary>When the plan was made; legal holds and retention end dates are evaluated at this moment.</summary>
    public DateTimeOffset PlannedAt { get; init; }

    /// <summary>The policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>The DbContext type (full name) the plan applies to.</summary>
    public required string Context { get; init; }

    /// <summary>
    /// Identifies the database the plan was made against (a hash of provider, data source and database name); the
    /// executor runs a plan only in that database, so a plan reviewed against another copy cannot be applied here.
    /// </summary>
    public string? Database { get; init; }

    /// <summary>Whether the plan erases, is refused, or found no subject.</summary>
    public ErasureOutcome Outcome { get; init; }

    /// <summary>Why the request is refused (Art. 12(4)); empty unless <see cref="Outcome"/> is <see cref="ErasureOutcome.Refused"/>.</summary>
    public IReadOnlyList<ErasureRefusal> Refusals { get; init; } = [];

    /// <summary>The steps, in the order they run: dependent rows before the rows they refer to.</summary>
    public IReadOnlyList<ErasureStep> Steps { get; init; } = [];

    /// <summary>Everyone the erased data was disclosed to, to be told of the erasure (Art. 19).</summary>
    public IReadOnlyList<ErasureRecipient> Recipients { get; init; } = [];

    /// <summary>Rows the plan deletes.</summary>
    [JsonIgnore]
    public long RowsDeleted => Steps.Where(s => s.Action == ErasureRowAction.Delete).Sum(s => s.RowCount);

    /// <summary>Rows the plan keeps but anonymises (fully or minimised under a legal hold).</summary>
    [JsonIgnore]
    public long RowsAnonymised => Steps.Where(s => s.Action == ErasureRowAction.Anonymise).Sum(s => s.RowCount);

    /// <summary>Rows the plan keeps unchanged.</summary>
    [JsonIgnore]
    public long RowsRetained => Steps.Where(s => s.Action == ErasureRowAction.Retain).Sum(s => s.RowCount);

    /// <summary>The plan as indented JSON (schema: docs/schemas/erasure-plan.schema.json).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a plan written by <see cref="ToJson"/>, for instance after a data-protection officer reviewed it.</summary>
    /// <param name="json">The document.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="FormatException">The document is not an erasure plan of a supported format.</exception>
    public static ErasurePlan FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ErasurePlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<ErasurePlan>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The document is not a valid erasure plan: {e.Message}", e);
        }

        if (plan is null || plan.Format != CurrentFormat)
        {
            throw new FormatException($"The document is not an erasure plan of format '{CurrentFormat}' (found '{plan?.Format}').");
        }

        return plan;
    }

    /// <summary>The plan as Markdown, for the data-protection officer's review.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.Append(c, $"# Erasure plan {PlanId}\n\n");
        md.Append(c, $"- Request: {RequestId}\n- Subject: {SubjectCategory} {SubjectId}\n- Planned at: {PlannedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}Z\n- Policy: {Policy}\n- Outcome: **{Outcome}**\n\n");
        if (Outcome == ErasureOutcome.SubjectNotFound)
        {
            md.Append("No data about this subject exists; nothing will be erased.\n");
            return md.ToString();
        }

        if (Refusals.Count > 0)
        {
            md.Append("## Refused (Art. 12(4))\n\n");
            foreach (var refusal in Refusals)
            {
                md.Append(c, $"- {refusal.Reason}{(refusal.Basis is null ? string.Empty : $" ({refusal.Basis})")}{(refusal.Until is { } until ? $", until {until:yyyy-MM-dd}" : string.Empty)} — {refusal.Source}\n");
            }

            md.Append('\n');
        }

        if (Steps.Count > 0)
        {
            md.Append(c, $"## Steps\n\n{RowsDeleted} rows deleted, {RowsAnonymised} anonymised, {RowsRetained} retained unchanged.\n\n");
            md.Append("| # | Entity | Rows | Which rows | Action | Fields | Why | Notify |\n|---|---|---|---|---|---|---|---|\n");
            foreach (var step in Steps)
            {
                var fields = string.Join(", ", step.Fields.Select(f => f.Action switch
                {
                    ErasureFieldAction.Anonymise => $"{f.Name}: anonymise ({f.Strategy})",
                    ErasureFieldAction.Retain => $"{f.Name}: retain",
                    _ => $"{f.Name}: delete",
                }));
                var reasons = string.Join("; ", step.Retention.Select(r => r.Reason + (r.Until is { } until ? $" until {until:yyyy-MM-dd}" : string.Empty)));
                if (step.Note is not null)
                {
                    reasons = reasons.Length == 0 ? step.Note : reasons + "; " + step.Note;
                }

                var name = step.Entity ?? step.EntityType;
                var entity = step.Share is null ? name : $"{name} [{step.Share}]";
                var rows = step.Rows switch
                {
                    ErasureRowSelection.LegalHoldInForce => "under legal hold",
                    ErasureRowSelection.LegalHoldEnded => "legal hold ended",
                    ErasureRowSelection.OnlyThisSubject => "this subject's only",
                    ErasureRowSelection.SharedWithOthers => "shared with others",
                    ErasureRowSelection.ReferencedByKeptRows => "referred to by rows that stay",
                    ErasureRowSelection.BelongsToKeptRow => "belong to rows that stay",
                    ErasureRowSelection.KeptWithRetainedRows => "referred to by the subject's retained rows",
                    _ => "all",
                };
                md.Append(c, $"| {step.Order} | {entity} | {step.RowCount} | {rows} | {step.Action.ToString().ToLowerInvariant()} | {Escape(fields)} | {Escape(reasons)} | {string.Join(", ", step.Recipients)} |\n");
            }

            md.Append('\n');
        }

        if (Recipients.Count > 0)
        {
            md.Append("## Recipients to notify (Art. 19)\n\n");
            foreach (var recipient in Recipients)
            {
                md.Append(c, $"- **{recipient.Id}** ({recipient.Kind}{(recipient.Country is null ? string.Empty : ", " + recipient.Country)}): {recipient.Description}\n");
            }
        }

        return md.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}

/// <summary>One reason an erasure request is refused (Art. 12(4)).</summary>
public sealed class ErasureRefusal
{
    /// <summary>The reason, in words the subject can be told.</summary>
    public required string Reason { get; init; }

    /// <summary>The Art. 17(3) exception or law relied on.</summary>
    public string? Basis { get; init; }

    /// <summary>When the reason is expected to end, if known.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Who objected (the guard's type name).</summary>
    public required string Source { get; init; }
}

/// <summary>One set-based statement of an erasure: the rows of one entity type (and share) selected one way, and what happens to them.</summary>
public sealed class ErasureStep
{
    /// <summary>The position in the plan (1-based); steps run in this order.</summary>
    public int Order { get; init; }

    /// <summary>The entity type's name in the model.</summary>
    public required string EntityType { get; init; }

    /// <summary>The entity type's short name, for the reader.</summary>
    public string? Entity { get; init; }

    /// <summary>
    /// The name people read, as the register and the export give it: declared with <c>[DisplayName]</c>, else derived
    /// ("Identity user claim", "Customer service message"); translated by the policy's resources when rendered.
    /// </summary>
    public string? DisplayName { get; init; }

    /// <summary>The table, for the reader.</summary>
    public string? Table { get; init; }

    /// <summary>Null when the subject owns the rows; otherwise the navigation through which the rows concern the subject (only that share's fields are touched).</summary>
    public string? Share { get; init; }

    /// <summary>
    /// True when the rows are rows the subject points to (a customer's avatar, an order's copy of the delivery address) or
    /// rows that hang on them, rather than rows the subject owns or shares: a type may have steps of both kinds. Absent
    /// from the JSON when false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool PointedTo { get; init; }

    /// <summary>Which rows.</summary>
    public ErasureRowSelection Rows { get; init; }

    /// <summary>What happens to the rows.</summary>
    public ErasureRowAction Action { get; init; }

    /// <summary>How many rows, counted at planning time; the executor refuses the plan if the count has changed.</summary>
    public long RowCount { get; init; }

    /// <summary>The personal fields of the rows and what happens to each.</summary>
    public IReadOnlyList<ErasureField> Fields { get; init; } = [];

    /// <summary>For retained fields or rows: why, and until when.</summary>
    public IReadOnlyList<ErasureRetention> Retention { get; init; } = [];

    /// <summary>Identifiers of recipients of the deleted or anonymised fields (Art. 19).</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>Why rows are kept although erasure would delete them (other subjects' data, retained rows refer to them), in English.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// Foreign-key properties of this step's rows that are set to NULL before any step deletes (comma-separated per foreign
    /// key): an optional reference to rows an earlier step deletes, which would otherwise close a cycle among the subject's
    /// rows (<c>Customer.DefaultAddressId → Address</c>, <c>Address.CustomerId → Customer</c>). The rows are deleted
    /// afterwards, in the same transaction; the executor runs exactly these.
    /// </summary>
    public IReadOnlyList<string> Unlinked { get; init; } = [];

    /// <summary>The same reasons as <see cref="Note"/>, each as a code and its arguments, so that the plan reads in any language (<see cref="ErasurePlanText"/>).</summary>
    public IReadOnlyList<ErasureNote> Notes { get; init; } = [];
}

/// <summary>
/// One reason a step's rows are treated as they are, as a text code and its arguments (names of records and
/// relationships, as people read them). The text of each code is a resource of the library (<c>Plan.Note.{Code}</c>),
/// in English and Swedish.
/// </summary>
public sealed class ErasureNote
{
    /// <summary>The code, e.g. <c>ReferencedByKeptRows</c>.</summary>
    public required string Code { get; init; }

    /// <summary>The values the text names, in the order of its placeholders.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
}

/// <summary>A field of a step's rows.</summary>
public sealed class ErasureField
{
    /// <summary>The property name.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The name people read, with the parts it is in: "Shipping address › City" (each part declared with
    /// <c>[Display(Name = ...)]</c> or <c>[DisplayName]</c>, else derived), as in the register and the export.
    /// </summary>
    public string? DisplayName { get; init; }

    /// <summary>What happens to it.</summary>
    public ErasureFieldAction Action { get; init; }

    /// <summary>For anonymised fields: the replacement (never <see cref="AnonymisationStrategy.Default"/>: the planner resolves it).</summary>
    public AnonymisationStrategy? Strategy { get; init; }

    /// <summary>The purposes the field serves.</summary>
    public IReadOnlyList<string> Purposes { get; init; } = [];
}

/// <summary>Why something is retained and until when.</summary>
public sealed class ErasureRetention
{
    /// <summary>The reason in words: the legal obligation, or a guard's objection.</summary>
    public required string Reason { get; init; }

    /// <summary>The retention rule (for a legal hold).</summary>
    public string? Rule { get; init; }

    /// <summary>The law, for a legal hold.</summary>
    public string? LegalObligation { get; init; }

    /// <summary>When the last retained row's hold ends (computed with <c>RetentionRule.ExpiresAt</c> from the latest anchor); null when unknown.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>When the first retained row's hold ends; the retention sweep releases rows as their holds end.</summary>
    public DateTimeOffset? EarliestEnd { get; init; }
}

/// <summary>A recipient to notify of the erasure (Art. 19).</summary>
public sealed class ErasureRecipient
{
    /// <summary>The identifier the policy declares.</summary>
    public required string Id { get; init; }

    /// <summary>Processor, partner, authority...</summary>
    public required string Kind { get; init; }

    /// <summary>Who it is.</summary>
    public required string Description { get; init; }

    /// <summary>The country outside the EEA, if any.</summary>
    public string? Country { get; init; }
}
