namespace Ncs.Privacy;

/// <summary>
/// The time limit to answer a data subject's request: one month from receipt (GDPR Art. 12(3)), extendable by two further
/// months where necessary, with the reasons given to the subject within the first month. Periods are counted as Regulation
/// (EEC, Euratom) No 1182/71 counts them (Art. 3(1) and 3(2)(c)): the day of receipt is not counted, and a period of months
/// ends with the expiry of the last hour of the day in the last month that has the same date as the day of receipt, or,
/// when that month has no such date, of the last day of that month. So a request received on 5 March is due at the end of
/// 5 April; one received on 31 January is due at the end of 28 February (29 February in a leap year).
/// </summary>
/// <remarks>
/// The day of receipt is the calendar day in the controller's time zone. Art. 3(4) of the Regulation (a period whose last
/// day is a public holiday, Saturday or Sunday ends on the next working day) is deliberately not applied: it would need the
/// controller's holiday calendar, and leaving it out only ever makes the due date earlier, never later (docs/decisions.md).
/// </remarks>
public static class RequestDeadline
{
    /// <summary>Months to answer a request (Art. 12(3)).</summary>
    public const int ResponseMonths = 1;

    /// <summary>The longest extension, in months (Art. 12(3)).</summary>
    public const int MaxExtensionMonths = 2;

    /// <summary>The day a period of <paramref name="months"/> months starting with an event on <paramref name="eventDay"/> ends (Regulation 1182/71 Art. 3(2)(c)).</summary>
    /// <param name="eventDay">The day of the event (not counted).</param>
    /// <param name="months">The period in months, at least 1.</param>
    /// <returns>The same date <paramref name="months"/> months later, or that month's last day when it has no such date.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="months"/> is less than 1.</exception>
    public static DateOnly EndOfMonthsPeriod(DateOnly eventDay, int months)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        var total = (eventDay.Year * 12) + (eventDay.Month - 1) + months;
        var year = total / 12;
        var month = (total % 12) + 1;
        return new DateOnly(year, month, Math.Min(eventDay.Day, DateTime.DaysInMonth(year, month)));
    }

    /// <summary>The last day to answer a request received on <paramref name="receivedOn"/>.</summary>
    /// <param name="receivedOn">The day of receipt in the controller's time zone.</param>
    /// <param name="extensionMonths">Months of extension granted: 0, 1 or 2.</param>
    /// <returns>
    /// The due day. An extension counts from receipt as one period of 1 + <paramref name="extensionMonths"/> months, so a request
    /// received on 31 January and extended by two months is due on 30 April, not on 28 April (two months after 28 February).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="extensionMonths"/> is not between 0 and 2.</exception>
    public static DateOnly DueOn(DateOnly receivedOn, int extensionMonths = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extensionMonths);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(extensionMonths, MaxExtensionMonths);
        return EndOfMonthsPeriod(receivedOn, ResponseMonths + extensionMonths);
    }

    /// <summary>The calendar day, in <paramref name="zone"/>, of an instant.</summary>
    /// <param name="instant">The instant (e.g. when an e-mail arrived).</param>
    /// <param name="zone">The controller's time zone.</param>
    /// <returns>The local day.</returns>
    public static DateOnly DayIn(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>The instant a due day ends: the start of the next day in <paramref name="zone"/>, in UTC.</summary>
    /// <param name="dueOn">The due day.</param>
    /// <param name="zone">The controller's time zone.</param>
    /// <returns>
    /// The end of the last hour of <paramref name="dueOn"/>, as a UTC instant: the first moment of the next local day (where the
    /// next day's first hour happens twice, its first occurrence).
    /// </returns>
    public static DateTimeOffset EndOfDay(DateOnly dueOn, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var next = dueOn.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        // A day that starts inside a daylight-saving gap starts at the gap's end; none of Europe's zones does this at midnight.
        while (zone.IsInvalidTime(next))
        {
            next = next.AddMinutes(15);
        }

        // A day that starts inside a fall-back overlap (Havana, clocks back from 01:00 to 00:00) starts at the first of the
        // two midnights, the one with the larger (daylight) offset; GetUtcOffset would take the standard offset, an hour later.
        var offset = zone.IsAmbiguousTime(next) ? zone.GetAmbiguousTimeOffsets(next).Max() : zone.GetUtcOffset(next);
        return new DateTimeOffset(next, offset).ToUniversalTime();
    }
}
