namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Plans an Art. 17 erasure for one data subject without writing anything: what is deleted, anonymised or retained (with
/// the legal reason and until when), how many rows, and whom to notify (Art. 19). See docs/erasure.md.
/// </summary>
public interface IErasurePlanner
{
    /// <summary>Makes the plan.</summary>
    /// <param name="subject">The subject: a declared category and its key.</param>
    /// <param name="requestId">The request's identifier (a ticket number; never a personal value): it is written to the audit trail.</param>
    /// <param name="cancellationToken">Cancels planning.</param>
    /// <returns>
    /// A plan whose <see cref="ErasurePlan.Outcome"/> is <see cref="ErasureOutcome.Erase"/>, <see cref="ErasureOutcome.Refused"/>
    /// (with reasons) or <see cref="ErasureOutcome.SubjectNotFound"/>.
    /// </returns>
    /// <exception cref="ArgumentException">The category is not declared, no registered context has its root, the id does not fit the key, or the request id is empty or too long.</exception>
    /// <exception cref="InvalidOperationException">A field's anonymisation cannot keep its column's constraints valid (the message names the field and the fix).</exception>
    Task<ErasurePlan> PlanAsync(DataSubjectReference subject, string requestId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Runs erasure plans: one transaction, one set-based statement per step, dependents before the rows they refer to,
/// and an audit record in the same transaction. See docs/erasure.md and docs/audit.md.
/// </summary>
public interface IErasureExecutor
{
    /// <summary>Applies a plan made by <see cref="IErasurePlanner"/> (or read back with <see cref="ErasurePlan.FromJson"/>).</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="cancellationToken">Cancels execution; the transaction is rolled back.</param>
    /// <returns>What was done; <see cref="ErasureStatus.AlreadyApplied"/> when the plan ran before (nothing is written).</returns>
    /// <exception cref="ErasureRefusedException">The plan is a refusal: nothing is erased; the refusal is recorded in the audit trail (once per plan).</exception>
    /// <exception cref="ErasurePlanStaleException">Rows were added or removed since planning; nothing was written: make a new plan.</exception>
    /// <exception cref="InvalidOperationException">The plan does not fit the model, or the audit table or key is not configured.</exception>
    Task<ErasureResult> ExecuteAsync(ErasurePlan plan, CancellationToken cancellationToken = default);

    /// <summary>
    /// After a backup is restored: finds the subjects whose erasure the audit trail records (by the keyed hash of their key)
    /// and erases them again, each with a fresh plan and its own transaction.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run between subjects.</param>
    /// <returns>The erasures re-applied.</returns>
    Task<IReadOnlyList<ErasureResult>> ReapplyAsync(CancellationToken cancellationToken = default);
}

/// <summary>What an execution did.</summary>
public enum ErasureStatus
{
    /// <summary>The plan was applied and audited.</summary>
    Applied = 0,

    /// <summary>The audit trail shows the plan was applied before; nothing was written.</summary>
    AlreadyApplied = 1,

    /// <summary>The plan found no subject; nothing was written.</summary>
    SubjectNotFound = 2,
}

/// <summary>The result of <see cref="IErasureExecutor.ExecuteAsync"/>.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="RequestId">The request.</param>
/// <param name="Status">What happened.</param>
/// <param name="RowsDeleted">Rows deleted.</param>
/// <param name="RowsAnonymised">Rows anonymised.</param>
/// <param name="Statements">SQL statements the erasure ran: one per step that changes rows (one per table for a table-per-type row).</param>
public sealed record ErasureResult(Guid PlanId, string RequestId, ErasureStatus Status, long RowsDeleted, long RowsAnonymised, int Statements);

/// <summary>The plan is a refusal (Art. 12(4)); it cannot be executed. Nothing was erased; the refusal was recorded in the audit trail.</summary>
public sealed class ErasureRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="refusals">The reasons.</param>
    public ErasureRefusedException(IReadOnlyList<ErasureRefusal> refusals)
        : base("The erasure request is refused and cannot be executed: " + string.Join("; ", (refusals ?? []).Select(r => r.Reason)))
    {
        Refusals = refusals ?? [];
    }

    /// <summary>Creates the exception.</summary>
    public ErasureRefusedException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ErasureRefusedException(string message)
        : base(message)
    {
        Refusals = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ErasureRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Refusals = [];
    }

    /// <summary>The reasons.</summary>
    public IReadOnlyList<ErasureRefusal> Refusals { get; }
}

/// <summary>
/// The data changed since the plan was made (a step would touch a different number of rows than planned): the
/// transaction was rolled back and nothing was written. Make a new plan, review it, and run that.
/// </summary>
public sealed class ErasurePlanStaleException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ErasurePlanStaleException()
        : base("The erasure plan is stale; nothing was written.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ErasurePlanStaleException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ErasurePlanStaleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Settings of erasure, the audit trail and the retention sweep.</summary>
public sealed class ErasureOptions
{
    /// <summary>
    /// The secret key of the audit trail's subject hash (HMAC-SHA256), at least 32 characters; keep it outside the
    /// database (a key vault, configuration). Required to execute erasures. See docs/audit.md.
    /// </summary>
    public string? AuditKey { get; set; }

    /// <summary>Rows per retention batch (one transaction each). Defaults to 1000.</summary>
    public int RetentionBatchSize { get; set; } = 1000;

    /// <summary>How often the hosted retention sweep runs (<c>AddRetentionSweep</c>). Defaults to one hour.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the hosted sweep waits after start-up before its first run. Defaults to one minute.</summary>
    public TimeSpan RetentionInitialDelay { get; set; } = TimeSpan.FromMinutes(1);
}
