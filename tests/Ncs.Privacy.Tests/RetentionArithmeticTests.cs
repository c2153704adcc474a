using CsCheck;

namespace Ncs.Privacy.Tests;

public class IsoPeriodTests
{
    [Theory]
    [InlineData("P7Y", 7, 0, 0, 0)]
    [InlineData("P18M", 0, 18, 0, 0)]
    [InlineData("P1Y6M", 1, 6, 0, 0)]
    [InlineData("P30D", 0, 0, 30, 0)]
    [InlineData("P2W", 0, 0, 14, 0)]
    [InlineData("P1W3D", 0, 0, 10, 0)]
    [InlineData("PT36H", 0, 0, 0, 36)]
    [InlineData("P1DT12H", 0, 0, 1, 12)]
    [InlineData("P0D", 0, 0, 0, 0)]
    public void Parses_valid_durations(string text, int years, int months, int days, int hours)
    {
        var period = IsoPeriod.Parse(text);
        Assert.Equal(years, period.Years);
        Assert.Equal(months, period.Months);
        Assert.Equal(days, period.Days);
        Assert.Equal(TimeSpan.FromHours(hours), period.Time);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("7Y", "must start with 'P'")]
    [InlineData("P", "names no amount")]
    [InlineData("PY", "expected a whole number")]
    [InlineData("P7", "expected a whole number")]
    [InlineData("P7X", "unknown unit 'X'")]
    [InlineData("P1H", "hours, minutes and seconds go after 'T'")]
    [InlineData("P1M1Y", "in the order")]
    [InlineData("P1Y1Y", "in the order")]
    [InlineData("PT", "'T' must be followed")]
    [InlineData("P-1Y", "expected a whole number")]
    [InlineData("P1.5Y", "unknown unit '.'")]
    [InlineData("P999999999Y", "too large")]
    public void Rejects_malformed_durations_with_a_reason(string text, string reason)
    {
        Assert.False(IsoPeriod.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => IsoPeriod.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P7Y")]
    [InlineData("P1Y6M")]
    [InlineData("P14D")]
    [InlineData("P1DT2H3M4S")]
    public void Formats_round_trip(string text) => Assert.Equal(text, IsoPeriod.Parse(text).ToString());

    [Theory]
    [InlineData("2024-01-30", "P1M", "2024-03-01")] // 30 February does not exist: kept through 29 February
    [InlineData("2024-01-31T15:00", "P1M", "2024-03-01")]
    [InlineData("2024-01-29T15:00", "P1M", "2024-02-29T15:00")]
    [InlineData("2023-01-31", "P1M", "2023-03-01")]
    [InlineData("2024-02-29", "P1Y", "2025-03-01")]
    [InlineData("2024-02-29", "P4Y", "2028-02-29")]
    [InlineData("2024-12-31", "P1D", "2025-01-01")]
    [InlineData("2024-03-31", "P1Y1M", "2025-05-01")]
    [InlineData("2024-11-30", "P3M", "2025-03-01")]
    [InlineData("2024-12-31", "P2M", "2025-03-01")]
    public void Adds_calendar_units(string start, string period, string expected)
    {
        var result = IsoPeriod.Parse(period).AddTo(DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result);
    }

    [Fact]
    public void A_later_start_never_ends_earlier()
    {
        var periods = Gen.OneOf(new[] { "P1M", "P1Y", "P1Y1M", "P3M2D", "P18M", "PT12H", "P1MT1H" }).Select(IsoPeriod.Parse);
        Gen.Select(periods, Anchors.Instant, Anchors.Instant).Sample((period, a, b) =>
            a > b || period.AddTo(a) <= period.AddTo(b), iter: 5_000);
    }

    [Fact]
    public void Describes_itself_in_words()
    {
        Assert.Equal("7 years", IsoPeriod.Parse("P7Y").ToDisplayString());
        Assert.Equal("1 year and 6 months", IsoPeriod.Parse("P1Y6M").ToDisplayString());
        Assert.Equal("2 years, 1 month and 3 days", IsoPeriod.Parse("P2Y1M3D").ToDisplayString());
    }
}

public class RetentionRuleTests
{
    private static RetentionRule Bookkeeping(int fiscalYearStartMonth = 1) =>
        new("bookkeeping", "Accounting records", IsoPeriod.Parse("P7Y"), RetentionStart.EndOfCalendarYearOfFiscalYearEnd, false, "Bokföringslagen", new FiscalYear(fiscalYearStartMonth));

    private static DateTime D(string text) => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Calendar fiscal year: kept through the seventh year after the year of the invoice.
    [InlineData(1, "2024-03-15", "2032-01-01")]
    [InlineData(1, "2024-01-01", "2032-01-01")]
    [InlineData(1, "2024-12-31T23:59:59", "2032-01-01")]
    [InlineData(1, "2025-01-01", "2033-01-01")]
    // Fiscal year May–April: an invoice of March 2024 belongs to the year that ended 2024-04-30.
    [InlineData(5, "2024-03-15", "2032-01-01")]
    [InlineData(5, "2024-04-30", "2032-01-01")]
    // ...but May 2024 belongs to the year that ends 2025-04-30, so the seven years count from the end of 2025.
    [InlineData(5, "2024-05-01", "2033-01-01")]
    [InlineData(5, "2024-12-31", "2033-01-01")]
    public void Bokforingslagen_keeps_records_seven_years_after_the_calendar_year_in_which_the_fiscal_year_ended(int startMonth, string invoiceDate, string expires)
    {
        Assert.Equal(D(expires), Bookkeeping(startMonth).ExpiresAt(D(invoiceDate)));
    }

    [Theory]
    [InlineData(RetentionStart.Anchor, "2024-03-15T10:30:00", "2026-03-15T10:30:00")]
    [InlineData(RetentionStart.EndOfCalendarYear, "2024-03-15T10:30:00", "2027-01-01")]
    [InlineData(RetentionStart.EndOfFiscalYear, "2024-03-15", "2026-07-01")] // fiscal year July–June ends 2024-06-30
    [InlineData(RetentionStart.EndOfFiscalYear, "2024-07-01", "2027-07-01")]
    public void Counts_from_the_declared_start(RetentionStart from, string anchor, string expires)
    {
        var rule = new RetentionRule("r", "r", IsoPeriod.Parse("P2Y"), from, false, null, new FiscalYear(7));
        Assert.Equal(D(expires), rule.ExpiresAt(D(anchor)));
    }

    [Fact]
    public void A_rule_without_a_period_never_expires_by_time()
    {
        var rule = new RetentionRule("account", "Account", null, RetentionStart.Anchor, true, null, FiscalYear.Calendar);
        Assert.Null(rule.ExpiresAt(D("2000-01-01")));
        Assert.Null(rule.LatestExpiredAnchor(D("2030-01-01")));
        Assert.Equal("while the account exists", rule.TimeLimitText);
    }

    [Theory]
    [InlineData("2032-01-01", "2024-12-31T23:59:59.9999999")]
    [InlineData("2031-12-31T23:59:59", "2023-12-31T23:59:59.9999999")]
    public void Latest_expired_anchor_is_exact_at_year_boundaries(string now, string latest)
    {
        Assert.Equal(D(latest), Bookkeeping().LatestExpiredAnchor(D(now)));
    }

    [Fact]
    public void Latest_expired_anchor_handles_short_months()
    {
        // 29 January + P1M ends at the same time on 29 February; the 30th and 31st run through February and end on 1 March.
        var rule = new RetentionRule("r", "r", IsoPeriod.Parse("P1M"), RetentionStart.Anchor, false, null, FiscalYear.Calendar);
        Assert.Equal(D("2024-01-29"), rule.LatestExpiredAnchor(D("2024-02-29")));
        Assert.Equal(D("2024-01-29T23:59:59"), rule.LatestExpiredAnchor(D("2024-02-29T23:59:59")));
        Assert.Equal(D("2024-02-01"), rule.LatestExpiredAnchor(D("2024-03-01")));
    }

    [Fact]
    public void Latest_expired_anchor_agrees_with_expiry_for_any_rule_anchor_and_moment()
    {
        var periods = Gen.OneOf(new[] { "P1M", "P1Y", "P7Y", "P30D", "P1Y1M1D", "PT12H", "P18M", "P3M2D" });
        var starts = Gen.Enum<RetentionStart>();
        var months = Gen.Int[1, 12];
        Gen.Select(periods, starts, months, Anchors.Instant, Anchors.Instant).Sample((period, from, month, anchor, now) =>
        {
            var rule = new RetentionRule("r", "r", IsoPeriod.Parse(period), from, false, null, new FiscalYear(month));
            var expired = rule.ExpiresAt(anchor) <= now;
            var latest = rule.LatestExpiredAnchor(now);
            return expired == (latest is { } l && anchor <= l);
        }, iter: 2_000);
    }

    [Fact]
    public void Describes_the_time_limit()
    {
        Assert.Equal(
            "7 years from the end of the calendar year in which the fiscal year of the anchor date ended (legal obligation: Bokföringslagen)",
            Bookkeeping().TimeLimitText);
    }
}

/// <summary>Instants that hit the interesting places often: month ends, year ends, midnight, and arbitrary ticks.</summary>
internal static class Anchors
{
    private static readonly long Start = new DateTime(2000, 1, 1).Ticks;
    private static readonly long End = new DateTime(2040, 1, 1).Ticks;

    public static readonly Gen<DateTime> Instant = Gen.Frequency(
        (2, Gen.Long[Start, End].Select(t => new DateTime(t))),
        (1, Gen.Select(Gen.Int[2000, 2039], Gen.Int[1, 12], Gen.Int[0, 3], Gen.OneOf(new[] { 0L, 1L, TimeSpan.TicksPerHour * 15, TimeSpan.TicksPerDay - 1 }))
            .Select((y, m, back, t) => new DateTime(y, m, DateTime.DaysInMonth(y, m) - back).AddTicks(t))));
}
