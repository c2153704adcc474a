using CsCheck;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Art. 12(3) periods, counted by Regulation 1182/71 Art. 3: same date one month later, or that month's last day.</summary>
public class DeadlineTests
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    private static readonly Gen<DateOnly> Days = Gen.Int[0, 109_572].Select(i => new DateOnly(1900, 1, 1).AddDays(i));

    [Theory]
    [InlineData("2026-03-05", 0, "2026-04-05")]
    [InlineData("2026-01-31", 0, "2026-02-28")]
    [InlineData("2028-01-31", 0, "2028-02-29")]
    [InlineData("2028-02-29", 0, "2028-03-29")]
    [InlineData("2026-03-31", 0, "2026-04-30")]
    [InlineData("2026-12-31", 0, "2027-01-31")]
    [InlineData("2026-01-30", 0, "2026-02-28")]
    [InlineData("2026-01-31", 2, "2026-04-30")]
    [InlineData("2026-01-31", 1, "2026-03-31")]
    [InlineData("2026-11-30", 2, "2027-02-28")]
    [InlineData("2027-11-29", 2, "2028-02-29")]
    public void Due_day_is_the_same_date_or_the_months_last_day(string received, int extension, string due)
        => Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), RequestDeadline.DueOn(DateOnly.Parse(received, System.Globalization.CultureInfo.InvariantCulture), extension));

    [Fact]
    public void Every_receipt_day_is_due_on_the_same_date_of_the_next_month_or_its_last_day()
    {
        Days.Sample(received =>
        {
            for (var extension = 0; extension <= RequestDeadline.MaxExtensionMonths; extension++)
            {
                var due = RequestDeadline.DueOn(received, extension);
                var months = 1 + extension;
                var expectedMonth = new DateOnly(received.Year, received.Month, 1).AddMonths(months);
                Assert.Equal((expectedMonth.Year, expectedMonth.Month), (due.Year, due.Month));
                var last = DateTime.DaysInMonth(due.Year, due.Month);
                Assert.Equal(Math.Min(received.Day, last), due.Day);

                // Never a day early: a period of months ends no sooner than on the receipt date's number, or on the month's end.
                Assert.True(due.Day == received.Day || due.Day == last);
                Assert.InRange(due.DayNumber - received.DayNumber, 28 * months, 31 * months);
            }
        });
    }

    [Fact]
    public void A_later_receipt_is_never_due_earlier_and_an_extension_never_shortens()
    {
        Gen.Select(Days, Gen.Int[0, 400]).Sample((received, later) =>
        {
            var other = received.AddDays(later);
            Assert.True(RequestDeadline.DueOn(other) >= RequestDeadline.DueOn(received));
            var due = RequestDeadline.DueOn(received);
            Assert.True(RequestDeadline.DueOn(received, 1) > due);
            Assert.True(RequestDeadline.DueOn(received, 2) > RequestDeadline.DueOn(received, 1));

            // Counting three months from receipt is never shorter than adding two months to the first due day.
            Assert.True(RequestDeadline.DueOn(received, 2) >= RequestDeadline.EndOfMonthsPeriod(due, 2));
        });
    }

    [Fact]
    public void Month_ends_and_leap_days_are_all_covered_by_the_generator()
    {
        // The property tests above draw from 1900-2199: this checks the shapes that matter exist there.
        var generated = new HashSet<DateOnly>();
        Days.Sample(d => { lock (generated) { generated.Add(d); } }, iter: 200_000);
        Assert.Contains(generated, d => d.Month == 2 && d.Day == 29);
        Assert.Contains(generated, d => d.Month == 1 && d.Day == 31);
        Assert.Contains(generated, d => d.Month == 12 && d.Day == 31);
    }

    [Fact]
    public void The_day_of_receipt_is_the_controllers_calendar_day()
    {
        // 22:30 UTC on 31 March 2026 is 00:30 on 1 April in Stockholm (summer time): due 1 May, ending 22:00 UTC.
        var received = new DateTimeOffset(2026, 3, 31, 22, 30, 0, TimeSpan.Zero);
        var day = RequestDeadline.DayIn(received, Stockholm);
        Assert.Equal(new DateOnly(2026, 4, 1), day);
        Assert.Equal(new DateOnly(2026, 5, 1), RequestDeadline.DueOn(day));
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 22, 0, 0, TimeSpan.Zero), RequestDeadline.EndOfDay(RequestDeadline.DueOn(day), Stockholm));

        // In winter the offset is one hour.
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 23, 0, 0, TimeSpan.Zero), RequestDeadline.EndOfDay(new DateOnly(2026, 1, 15), Stockholm));
    }

    [Fact]
    public void Extensions_beyond_two_months_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RequestDeadline.DueOn(new DateOnly(2026, 1, 1), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => RequestDeadline.DueOn(new DateOnly(2026, 1, 1), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RequestDeadline.EndOfMonthsPeriod(new DateOnly(2026, 1, 1), 0));
    }
}
