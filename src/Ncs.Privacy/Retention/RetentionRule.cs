namespace Ncs.Privacy;

/// <summary>
/// A declared retention rule: how long data is kept, counted from which point, and whether a legal obligation
/// holds it against erasure. One definition, used by the register, the export, erasure and the retention sweep.
/// </summary>
public sealed class RetentionRule
{
    internal RetentionRule(string id, string description, IsoPeriod? period, RetentionStart from, bool endsWithAccount, string? legalObligation, FiscalYear fiscalYear)
    {
        Id = id;
        Description = description;
        Period = period;
        From = from;
        EndsWithAccount = endsWithAccount;
        LegalObligation = legalObligation;
        FiscalYear = fiscalYear;
    }

    /// <summary>The identifier annotations use.</summary>
    public string Id { get; }

    /// <summary>What the rule keeps and why.</summary>
    public string Description { get; }

    /// <summary>The period, or null for "while the account exists".</summary>
    public IsoPeriod? Period { get; }

    /// <summary>Where the period starts relative to the anchor.</summary>
    public RetentionStart From { get; }

    /// <summary>The data goes when the subject's account is erased, at the latest.</summary>
    public bool EndsWithAccount { get; }

    /// <summary>What of this rule the policy document does not state (its period, its start), or null.</summary>
    public string? Assumption { get; internal init; }

    /// <summary>The law that obliges the controller to keep the data, or null.</summary>
    public string? LegalObligation { get; }

    /// <summary>True when a legal obligation keeps the data against an erasure request until <see cref="ExpiresAt"/>.</summary>
    public bool IsLegalHold => LegalObligation is not null;

    /// <summary>The fiscal year used by <see cref="RetentionStart.EndOfFiscalYear"/> and <see cref="RetentionStart.EndOfCalendarYearOfFiscalYearEnd"/>.</summary>
    public FiscalYear FiscalYear { get; }

    /// <summary>
    /// The first moment at which data anchored at <paramref name="anchor"/> is no longer kept by this rule, or null
    /// when the rule has no period (it ends only with the account).
    /// </summary>
    /// <param name="anchor">The anchor date (created, last activity, invoice date...).</param>
    /// <example>Bokföringslagen with a calendar fiscal year: an invoice of 2024-03-15 is kept through 2031 and expires at 2032-01-01T00:00.</example>
    public DateTime? ExpiresAt(DateTime anchor)
    {
        if (Period is not { } period)
        {
            return null;
        }

        return period.AddTo(StartOfPeriod(anchor));
    }

    /// <summary>
    /// The latest anchor whose data has expired at <paramref name="now"/>: data is expired exactly when its anchor is
    /// at or before this value. Retention sweeps use it to select expired rows with one set-based comparison. Null when
    /// the rule has no period.
    /// </summary>
    /// <param name="now">The moment of the sweep.</param>
    public DateTime? LatestExpiredAnchor(DateTime now)
    {
        if (Period is not { } period)
        {
            return null;
        }

        // ExpiresAt is monotone in the anchor, but calendar arithmetic (month ends, year ends) has no exact inverse:
        // search for the boundary between a point known to be expired and one known not to be.
        var lowGuess = period.SubtractFrom(now).AddYears(-2);
        var low = lowGuess.Year <= DateTime.MinValue.Year + 1 ? DateTime.SpecifyKind(DateTime.MinValue, now.Kind) : lowGuess;
        if (period.AddTo(StartOfPeriod(low)) > now)
        {
            return null; // nothing representable has expired yet
        }

        var lowTicks = low.Ticks;
        var highTicks = Math.Min(now.Ticks + 1, DateTime.MaxValue.Ticks);
        while (highTicks - lowTicks > 1)
        {
            var mid = lowTicks + ((highTicks - lowTicks) / 2);
            if (period.AddTo(StartOfPeriod(new DateTime(mid, now.Kind))) <= now)
            {
                lowTicks = mid;
            }
            else
            {
                highTicks = mid;
            }
        }

        return new DateTime(lowTicks, now.Kind);
    }

    /// <summary>The retention period in words, e.g. "7 years from the end of the calendar year in which the fiscal year ended".</summary>
    public string TimeLimitText
    {
        get
        {
            var text = Period is { } period
                ? period.ToDisplayString() + From switch
                {
                    RetentionStart.EndOfCalendarYear => " from the end of the calendar year of the anchor date",
                    RetentionStart.EndOfFiscalYear => " from the end of the fiscal year of the anchor date",
                    RetentionStart.EndOfCalendarYearOfFiscalYearEnd => " from the end of the calendar year in which the fiscal year of the anchor date ended",
                    _ => " from the anchor date",
                }
                : "while the account exists";
            if (Period is not null && EndsWithAccount)
            {
                text += ", or until the account is deleted, whichever comes first";
            }

            if (LegalObligation is not null)
            {
                text += $" (legal obligation: {LegalObligation})";
            }

            return text;
        }
    }

    private DateTime StartOfPeriod(DateTime anchor)
    {
        DateTime DayAfter(DateOnly lastDay) => lastDay.Year == DateTime.MaxValue.Year && lastDay.DayOfYear >= 365
            ? DateTime.MaxValue
            : DateTime.SpecifyKind(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), anchor.Kind);

        var date = DateOnly.FromDateTime(anchor);
        return From switch
        {
            RetentionStart.EndOfCalendarYear => DayAfter(new DateOnly(date.Year, 12, 31)),
            RetentionStart.EndOfFiscalYear => DayAfter(FiscalYear.EndOf(date)),
            RetentionStart.EndOfCalendarYearOfFiscalYearEnd => DayAfter(new DateOnly(FiscalYear.EndOf(date).Year, 12, 31)),
            _ => anchor,
        };
    }
}
