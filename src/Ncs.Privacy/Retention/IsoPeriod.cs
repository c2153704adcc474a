using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Ncs.Privacy;

/// <summary>
/// A calendar period in ISO 8601 duration form (<c>PnYnMnWnDTnHnMnS</c>): years and months are calendar units,
/// not a fixed number of days. Where the start day does not exist in the target month (<c>P1M</c> from 31 January),
/// the period runs through the end of that month and ends at the start of the next (1 March), so that a later start
/// never ends earlier.
/// </summary>
public readonly record struct IsoPeriod
{
    private IsoPeriod(int years, int months, int days, TimeSpan time)
    {
        Years = years;
        Months = months;
        Days = days;
        Time = time;
    }

    /// <summary>Whole years.</summary>
    public int Years { get; }

    /// <summary>Whole months.</summary>
    public int Months { get; }

    /// <summary>Whole days (weeks are folded in as seven days).</summary>
    public int Days { get; }

    /// <summary>The time part (hours, minutes, seconds).</summary>
    public TimeSpan Time { get; }

    /// <summary>True for a period of length zero.</summary>
    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Time == TimeSpan.Zero;

    /// <summary>Parses an ISO 8601 duration; throws <see cref="FormatException"/> naming the problem.</summary>
    /// <param name="text">The duration, such as <c>P7Y</c>.</param>
    public static IsoPeriod Parse(string text)
    {
        if (TryParse(text, out var period, out var error))
        {
            return period;
        }

        throw new FormatException(error);
    }

    /// <summary>Parses an ISO 8601 duration.</summary>
    /// <param name="text">The duration, such as <c>P7Y</c>.</param>
    /// <param name="period">The parsed period.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out IsoPeriod period) => TryParse(text, out period, out _);

    internal static bool TryParse(string? text, out IsoPeriod period, out string error)
    {
        period = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "an ISO 8601 duration is required, such as 'P7Y' or 'P30D'";
            return false;
        }

        if (text[0] != 'P')
        {
            error = $"'{text}' is not an ISO 8601 duration: it must start with 'P' (for example 'P7Y')";
            return false;
        }

        long years = 0, months = 0, days = 0, hours = 0, minutes = 0, seconds = 0;
        var inTime = false;
        var anyComponent = false;
        var lastRank = -1;
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == 'T')
            {
                if (inTime)
                {
                    error = $"'{text}' is not an ISO 8601 duration: 'T' appears twice";
                    return false;
                }

                inTime = true;
                i++;
                if (i == text.Length)
                {
                    error = $"'{text}' is not an ISO 8601 duration: 'T' must be followed by hours, minutes or seconds";
                    return false;
                }

                continue;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length)
            {
                error = $"'{text}' is not an ISO 8601 duration: expected a whole number followed by a unit (Y, M, W, D, or H, M, S after T)";
                return false;
            }

            if (!long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 100_000)
            {
                error = $"'{text}' is not a usable duration: the number '{text[start..i]}' is too large";
                return false;
            }

            var unit = text[i++];
            var rank = (inTime, unit) switch
            {
                (false, 'Y') => 0,
                (false, 'M') => 1,
                (false, 'W') => 2,
                (false, 'D') => 3,
                (true, 'H') => 4,
                (true, 'M') => 5,
                (true, 'S') => 6,
                _ => -1,
            };
            if (rank < 0)
            {
                error = $"'{text}' is not an ISO 8601 duration: unknown unit '{unit}'" + (inTime ? " in the time part" : " (hours, minutes and seconds go after 'T')");
                return false;
            }

            if (rank <= lastRank)
            {
                error = $"'{text}' is not an ISO 8601 duration: units must appear once each, in the order Y, M, W, D, T, H, M, S";
                return false;
            }

            lastRank = rank;
            anyComponent = true;
            switch (rank)
            {
                case 0: years = value; break;
                case 1: months = value; break;
                case 2: days += value * 7; break;
                case 3: days += value; break;
                case 4: hours = value; break;
                case 5: minutes = value; break;
                default: seconds = value; break;
            }
        }

        if (!anyComponent)
        {
            error = $"'{text}' is not an ISO 8601 duration: it names no amount (for example 'P7Y')";
            return false;
        }

        period = new IsoPeriod((int)years, (int)months, (int)days, new TimeSpan((int)hours, (int)minutes, (int)seconds));
        error = string.Empty;
        return true;
    }

    /// <summary>
    /// Adds the period to a point in time: years and months first (a start day missing from the target month ends the
    /// period at the start of the following month), then days, then time. Monotone: a later start never gives an earlier end.
    /// </summary>
    /// <param name="value">The start.</param>
    public DateTime AddTo(DateTime value)
    {
        var max = DateTime.MaxValue;
        if (value.Year + Years + (Months / 12) + (Days / 365) + (Time.Days / 365) + 1 > max.Year)
        {
            return max;
        }

        var totalMonths = (value.Month - 1) + (Years * 12L) + Months;
        var year = value.Year + (int)(totalMonths / 12);
        var month = (int)(totalMonths % 12) + 1;
        DateTime afterMonths;
        if (value.Day <= DateTime.DaysInMonth(year, month))
        {
            afterMonths = new DateTime(year, month, value.Day, 0, 0, 0, value.Kind).Add(value.TimeOfDay);
        }
        else
        {
            // The target month is shorter than the start day (31 January + P1M): the period covers the whole of the
            // short month and ends when the next month begins. Clamping to the month's last day instead would keep the
            // time of day and make later starts end earlier, which no retention rule may do.
            afterMonths = month == 12 ? new DateTime(year + 1, 1, 1, 0, 0, 0, value.Kind) : new DateTime(year, month + 1, 1, 0, 0, 0, value.Kind);
        }

        return afterMonths.AddDays(Days).Add(Time);
    }

    /// <summary>Subtracts the period from a point in time, in the reverse order of <see cref="AddTo"/>; clamps at <see cref="DateTime.MinValue"/>.</summary>
    /// <param name="value">The end.</param>
    public DateTime SubtractFrom(DateTime value)
    {
        if (value.Year - Years - (Months / 12) - (Days / 365) - (Time.Days / 365) - 1 < DateTime.MinValue.Year)
        {
            return DateTime.SpecifyKind(DateTime.MinValue, value.Kind);
        }

        return value.Subtract(Time).AddDays(-Days).AddMonths(-Months).AddYears(-Years);
    }

    /// <summary>The canonical ISO 8601 text of the period (weeks are written as days).</summary>
    public override string ToString()
    {
        if (IsZero)
        {
            return "P0D";
        }

        var sb = new StringBuilder("P");
        if (Years != 0) sb.Append(CultureInfo.InvariantCulture, $"{Years}Y");
        if (Months != 0) sb.Append(CultureInfo.InvariantCulture, $"{Months}M");
        if (Days != 0) sb.Append(CultureInfo.InvariantCulture, $"{Days}D");
        if (Time != TimeSpan.Zero)
        {
            sb.Append('T');
            var hours = (int)Time.TotalHours;
            if (hours != 0) sb.Append(CultureInfo.InvariantCulture, $"{hours}H");
            if (Time.Minutes != 0) sb.Append(CultureInfo.InvariantCulture, $"{Time.Minutes}M");
            if (Time.Seconds != 0) sb.Append(CultureInfo.InvariantCulture, $"{Time.Seconds}S");
        }

        return sb.ToString();
    }

    /// <summary>The period in plain English ("7 years", "1 year and 6 months").</summary>
    public string ToDisplayString()
    {
        var parts = new List<string>(4);
        static string Unit(long n, string one) => n == 1 ? $"1 {one}" : string.Create(CultureInfo.InvariantCulture, $"{n} {one}s");
        if (Years != 0) parts.Add(Unit(Years, "year"));
        if (Months != 0) parts.Add(Unit(Months, "month"));
        if (Days != 0) parts.Add(Unit(Days, "day"));
        if (Time.TotalHours >= 1) parts.Add(Unit((long)Time.TotalHours, "hour"));
        if (Time.Minutes != 0) parts.Add(Unit(Time.Minutes, "minute"));
        if (Time.Seconds != 0) parts.Add(Unit(Time.Seconds, "second"));
        return parts.Count switch
        {
            0 => "0 days",
            1 => parts[0],
            _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
        };
    }
}
