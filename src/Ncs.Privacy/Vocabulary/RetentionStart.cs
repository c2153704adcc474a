namespace Ncs.Privacy;

/// <summary>The point from which a retention period is counted, relative to the model's anchor date.</summary>
public enum RetentionStart
{
    /// <summary>The anchor itself (created, last activity, account closed...).</summary>
    Anchor = 0,

    /// <summary>The end of the calendar year that contains the anchor.</summary>
    EndOfCalendarYear = 1,

    /// <summary>The end of the fiscal year that contains the anchor (see <see cref="PrivacyPolicyAttribute.FiscalYearStartMonth"/>).</summary>
    EndOfFiscalYear = 2,

    /// <summary>
    /// The end of the calendar year in which the fiscal year containing the anchor ends: the Swedish
    /// Bokföringslagen (1999:1078) 7 kap. 2 § counts its seven years from here.
    /// </summary>
    EndOfCalendarYearOfFiscalYearEnd = 3,
}
