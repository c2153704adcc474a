namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakDeadlineZoneTests
{
    [Fact]
    public void A_due_day_ends_when_the_next_day_first_begins_where_clocks_fall_back_at_midnight()
    {
        // Havana leaves daylight saving time on 1 November 2026 at 01:00, back to 00:00: 1 November begins at 00:00 -04:00
        // (04:00 UTC), and its first hour happens twice. A request due on 31 October is due when that day ends, at 04:00 UTC,
        // not an hour later at the second midnight.
        var havana = TimeZoneInfo.FindSystemTimeZoneById("America/Havana");
        Assert.True(havana.IsAmbiguousTime(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Unspecified)));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero), RequestDeadline.EndOfDay(new DateOnly(2026, 10, 31), havana));
    }
}
