namespace Ncs.Privacy;

/// <summary>
/// Declares a retention rule on a <c>const string</c> field of the policy class. A rule is a period (ISO 8601,
/// e.g. <c>P7Y</c>) counted from a point the model names (see <see cref="RetentionAnchorAttribute"/>), and/or
/// "while the account exists"; with <see cref="LegalObligation"/> it is a legal hold that beats erasure.
/// </summary>
/// <example>
/// Bokföringslagen: accounting records are kept seven years after the end of the calendar year in which the fiscal year ended.
/// <code>
/// [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd,
///     Description = "Accounting records", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
/// public const string Bookkeeping = "bookkeeping";
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class RetentionRuleAttribute : Attribute
{
    /// <summary>Declares a rule without a period: use <see cref="EndsWithAccount"/>.</summary>
    public RetentionRuleAttribute()
    {
    }

    /// <summary>Declares a rule with an ISO 8601 period counted from the anchor.</summary>
    /// <param name="period">An ISO 8601 duration such as <c>P7Y</c>, <c>P18M</c>, <c>P30D</c> or <c>P1Y6M</c>.</param>
    public RetentionRuleAttribute(string period) => Period = period;

    /// <summary>Declares a rule with an ISO 8601 period counted from a point derived from the anchor.</summary>
    /// <param name="period">An ISO 8601 duration such as <c>P7Y</c>.</param>
    /// <param name="from">Where the period starts relative to the anchor.</param>
    public RetentionRuleAttribute(string period, RetentionStart from)
    {
        Period = period;
        From = from;
    }

    /// <summary>The ISO 8601 period, or null for a rule that only ends with the account.</summary>
    public string? Period { get; }

    /// <summary>Where the period starts relative to the anchor.</summary>
    public RetentionStart From { get; }

    /// <summary>The data goes when the subject's account is erased, at the latest (and earlier if a period ends first).</summary>
    public bool EndsWithAccount { get; set; }

    /// <summary>What the rule keeps and why, for the register and the export.</summary>
    public string? Description { get; set; }

    /// <summary>The law that obliges the controller to keep the data; makes the rule a legal hold (Art. 17(3)(b)).</summary>
    public string? LegalObligation { get; set; }

    /// <summary>What of this rule (its period, its start) the policy document does not state; shown in the register as an assumption.</summary>
    public string? Assumption { get; set; }
}
