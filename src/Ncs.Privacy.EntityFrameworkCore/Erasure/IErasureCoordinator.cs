using System.Text;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// One Art. 17 erasure over every registered context that holds the subject: the context with the subject's root and
/// those that refer to the subject by value (<see cref="SubjectReferenceAttribute"/>), each with its own database. Each
/// context's part is a regular <see cref="ErasurePlan"/> that runs atomically in one transaction of its context; the
/// request as a whole is made consistent eventually: parts run one after another (contexts that refer to the subject
/// first, the root's context last, so no reference ever outlives the subject's row), a part that failed is reported with
/// the parts that committed, and running the same plan again finishes the job (committed parts answer
/// <see cref="ErasureStatus.AlreadyApplied"/>). See docs/distributed.md.
/// </summary>
public interface IErasureCoordinator
{
    /// <summary>Plans the erasure in every registered context that holds <paramref name="subject"/>'s category; writes nothing.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="requestId">The request's identifier (a ticket number; never a personal value), written to each context's audit trail.</param>
    /// <param name="cancellationToken">Cancels planning.</param>
    /// <returns>One part per context, in execution order.</returns>
    /// <exception cref="ArgumentException">The category is undeclared, no registered context holds it, the id does not fit a key, or the request id is empty or too long.</exception>
    Task<CoordinatedErasurePlan> PlanAsync(DataSubjectReference subject, string requestId, CancellationToken cancellationToken = default);

    /// <summary>Runs each part in its own transaction, in the plan's order.</summary>
    /// <param name="plan">A plan from <see cref="PlanAsync(DataSubjectReference, string, CancellationToken)"/>, reviewed.</param>
    /// <param name="cancellationToken">Cancels between parts; a part in progress is rolled back.</param>
    /// <returns>Each part's result.</returns>
    /// <exception cref="ErasureRefusedException">A part is a refusal (a guard objected): nothing is erased anywhere; the refusal is recorded.</exception>
    /// <exception cref="ErasureIncompleteException">A part failed after others committed: run the same plan again to finish.</exception>
    Task<CoordinatedErasureResult> ExecuteAsync(CoordinatedErasurePlan plan, CancellationToken cancellationToken = default);

    /// <summary>Plans the erasure a verified erasure request asks for (<c>AddPrivacyRequests</c>), and moves the request to InProgress.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="subject">The verified subject.</param>
    /// <param name="cancellationToken">Cancels planning.</param>
    /// <returns>The plan, whose request id ties each part's audit record to the request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not a verified erasure request of this subject.</exception>
    /// <exception cref="InvalidOperationException">Requests are not registered.</exception>
    Task<CoordinatedErasurePlan> PlanAsync(Guid requestId, DataSubjectReference subject, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a request's plan and records it: each part's answer is logged on the request as it commits; the request is
    /// completed (with the recipients to notify, Art. 19) when every part has, refused when a part is a refusal, and left in
    /// progress, with the failure logged, when a part fails (call again to finish).
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="plan">A plan from <see cref="PlanAsync(Guid, DataSubjectReference, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancels between parts.</param>
    /// <returns>The request after the erasure.</returns>
    /// <exception cref="DataSubjectNotFoundException">No context holds the subject: complete or refuse the request with that answer.</exception>
    /// <exception cref="ErasureIncompleteException">A part failed after others committed; the request stays in progress.</exception>
    Task<DataSubjectRequestInfo> EraseAsync(Guid requestId, CoordinatedErasurePlan plan, CancellationToken cancellationToken = default);
}

/// <summary>An erasure over several contexts: one <see cref="ErasurePlan"/> per context, in the order they run.</summary>
/// <param name="SubjectCategory">The subject's category.</param>
/// <param name="SubjectId">The subject's identifier as plans store it.</param>
/// <param name="RequestId">The request's identifier.</param>
/// <param name="Parts">One plan per context that holds the category, in execution order (referring contexts first, the root's last).</param>
public sealed record CoordinatedErasurePlan(string SubjectCategory, string SubjectId, string RequestId, IReadOnlyList<ErasurePlan> Parts)
{
    /// <summary>What to do: <see cref="ErasureOutcome.Refused"/> if any part is refused, <see cref="ErasureOutcome.SubjectNotFound"/> if no part found the subject, else <see cref="ErasureOutcome.Erase"/>.</summary>
    public ErasureOutcome Outcome => Parts.Any(p => p.Outcome == ErasureOutcome.Refused) ? ErasureOutcome.Refused
        : Parts.All(p => p.Outcome == ErasureOutcome.SubjectNotFound) ? ErasureOutcome.SubjectNotFound
        : ErasureOutcome.Erase;

    /// <summary>The plan for a person to review: what is atomic, what is eventually consistent, then each part.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("# Erasure across ").Append(Parts.Count).Append(" contexts\n\n");
        md.Append("- Request: ").Append(RequestId).Append('\n');
        md.Append("- Subject: ").Append(SubjectCategory).Append(' ').Append(SubjectId).Append('\n');
        md.Append("- Outcome: **").Append(Outcome).Append("**\n\n");
        md.Append("Each part runs atomically, in one transaction of its own database. The request as a whole is eventually consistent: ");
        md.Append("the parts run in this order, and if one fails the parts before it stay committed; running the same plan again finishes the rest ");
        md.Append("(parts that ran answer AlreadyApplied).\n\n");
        for (var i = 0; i < Parts.Count; i++)
        {
            md.Append(i + 1).Append(". ").Append(Parts[i].Context).Append(": ").Append(Parts[i].Outcome).Append(", ")
                .Append(Parts[i].RowsDeleted).Append(" rows deleted, ").Append(Parts[i].RowsAnonymised).Append(" anonymised, ")
                .Append(Parts[i].RowsRetained).Append(" retained\n");
        }

        foreach (var part in Parts)
        {
            md.Append("\n---\n\n## ").Append(part.Context).Append("\n\n").Append(part.ToMarkdown());
        }

        return md.ToString();
    }
}

/// <summary>What an erasure over several contexts did, part by part.</summary>
/// <param name="Parts">Each part's result, in the order they ran.</param>
public sealed record CoordinatedErasureResult(IReadOnlyList<ErasureResult> Parts)
{
    /// <summary>Rows deleted in every context.</summary>
    public long RowsDeleted => Parts.Sum(p => p.RowsDeleted);

    /// <summary>Rows anonymised in every context.</summary>
    public long RowsAnonymised => Parts.Sum(p => p.RowsAnonymised);
}

/// <summary>
/// A part of an erasure over several contexts failed after the parts before it committed. Nothing of the failed part was
/// written (its transaction rolled back); the request is not finished: run the same plan again (committed parts answer
/// <see cref="ErasureStatus.AlreadyApplied"/>), or, if the part's plan went stale, plan again.
/// </summary>
public sealed class ErasureIncompleteException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="completed">The parts that committed (or had before).</param>
    /// <param name="failedContext">The context whose part failed.</param>
    /// <param name="innerException">The failure.</param>
    public ErasureIncompleteException(IReadOnlyList<ErasureResult> completed, string failedContext, Exception innerException)
        : base($"The erasure's part in {failedContext} failed after {completed.Count} part(s) committed; nothing of that part was written. Run the same plan again to finish ({innerException?.GetType().Name}: {innerException?.Message}).", innerException)
    {
        Completed = completed;
        FailedContext = failedContext;
    }

    /// <summary>Creates the exception.</summary>
    public ErasureIncompleteException()
        : this([], string.Empty, new InvalidOperationException())
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ErasureIncompleteException(string message)
        : base(message)
    {
        Completed = [];
        FailedContext = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The failure.</param>
    public ErasureIncompleteException(string message, Exception innerException)
        : base(message, innerException)
    {
        Completed = [];
        FailedContext = string.Empty;
    }

    /// <summary>The parts that committed, in order.</summary>
    public IReadOnlyList<ErasureResult> Completed { get; }

    /// <summary>The context (type full name) whose part failed.</summary>
    public string FailedContext { get; }
}
