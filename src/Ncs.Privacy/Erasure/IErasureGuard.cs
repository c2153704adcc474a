namespace Ncs.Privacy;

/// <summary>
/// An application's run-time veto on erasure (Art. 17(3)): for instance, an unpaid debt that the controller needs the
/// customer's data to claim (Art. 17(3)(e), legal claims). Register implementations in dependency injection; the
/// erasure planner asks every guard before it plans anything, and each objection appears in the plan with its reason.
/// Guards only read: they must not change data.
/// </summary>
/// <example>
/// <code>
/// public sealed class UnpaidDebtGuard(ShopContext shop) : IErasureGuard
/// {
///     public async ValueTask&lt;IReadOnlyList&lt;ErasureObjection&gt;&gt; CheckAsync(ErasureGuardContext context, CancellationToken cancellationToken)
///         =&gt; context.SubjectCategory == "customer" &amp;&amp; await shop.Debts.AnyAsync(d =&gt; d.CustomerId == (int)context.SubjectId &amp;&amp; !d.Paid, cancellationToken)
///             ? [new ErasureObjection("The customer has an unpaid debt.") { Basis = "Art. 17(3)(e): establishment, exercise or defence of legal claims" }]
///             : [];
/// }
/// </code>
/// </example>
public interface IErasureGuard
{
    /// <summary>Returns the objections to erasing the subject now; an empty list lets erasure proceed.</summary>
    /// <param name="context">The subject and request.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The objections, each with a reason the data subject can be told (Art. 12(4)).</returns>
    ValueTask<IReadOnlyList<ErasureObjection>> CheckAsync(ErasureGuardContext context, CancellationToken cancellationToken);
}

/// <summary>What an <see cref="IErasureGuard"/> is asked about.</summary>
/// <param name="SubjectCategory">The data-subject category (e.g. <c>"customer"</c>).</param>
/// <param name="SubjectId">The subject's key, converted to the key's CLR type.</param>
/// <param name="RequestId">The erasure request's identifier.</param>
/// <param name="Now">The moment of planning.</param>
public sealed record ErasureGuardContext(string SubjectCategory, object SubjectId, string RequestId, DateTimeOffset Now);

/// <summary>One reason not to erase (part of) a subject's data now.</summary>
/// <param name="Reason">Why, in words the data subject can be told (Art. 12(4)); never a personal value.</param>
public sealed record ErasureObjection(string Reason)
{
    /// <summary>The Art. 17(3) exception or law relied on, e.g. <c>"Art. 17(3)(e)"</c>.</summary>
    public string? Basis { get; init; }

    /// <summary>When the objection is expected to end, if known.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// The entity types (CLR types) whose rows are retained because of this objection; null or empty refuses the whole
    /// request. Rows that retained rows refer to are kept too (anonymised) so that foreign keys stay valid.
    /// </summary>
    public IReadOnlyList<Type>? EntityTypes { get; init; }

    /// <summary>True when the objection refuses the whole request.</summary>
    public bool RefusesRequest => EntityTypes is null || EntityTypes.Count == 0;
}
