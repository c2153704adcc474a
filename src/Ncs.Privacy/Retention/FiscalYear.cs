namespace Ncs.Privacy;

/// <summary>The controller's fiscal year, described by the month in which it starts.</summary>
public readonly record struct FiscalYear
{
    /// <summary>Creates a fiscal year that starts on the first day of <paramref name="startMonth"/>.</summary>
    /// <param name="startMonth">1 (January, a calendar fiscal year) to 12.</param>
    public FiscalYear(int startMonth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(startMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startMonth, 12);
        StartMonth = startMonth;
    }

    /// <summary>The calendar year as fiscal year.</summary>
    public static FiscalYear Calendar => new(1);

    /// <summary>The month (1–12) in which the fiscal year starts.</summary>
    public int StartMonth { get; }

    /// <summary>The last day of the fiscal year that contains <paramref name="date"/>.</summary>
    /// <param name="date">Any date.</param>
    public DateOnly EndOf(DateOnly date)
    {
        var start = StartMonth == 0 ? 1 : StartMonth;
        var startYear = date.Month >= start ? date.Year : date.Year - 1;
        if (startYear < 1)
        {
            return new DateOnly(1, start, 1).AddDays(-1); // the fiscal year that began before year 1 (start > 1 here)
        }

        return new DateOnly(startYear, start, 1).AddYears(1).AddDays(-1);
    }
}
