namespace Ncs.Privacy.Analyzers.Model;

/// <summary>
/// The syntax check of Ncs.Privacy's <c>IsoPeriod.TryParse</c> (PnYnMnWnDTnHnMnS), with the same error texts, so that
/// the build rejects exactly what start-up would. Kept in step with src/Ncs.Privacy/Retention/IsoPeriod.cs.
/// </summary>
internal static class IsoPeriodSyntax
{
    /// <summary>Null when <paramref name="text"/> is a valid period; otherwise the reason it is not.</summary>
    public static string? Check(string? text)
    {
        if (text is null || text.Length == 0)
        {
            return "an ISO 8601 duration is required, such as 'P7Y' or 'P30D'";
        }

        if (text[0] != 'P')
        {
            return $"'{text}' is not an ISO 8601 duration: it must start with 'P' (for example 'P7Y')";
        }

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
                    return $"'{text}' is not an ISO 8601 duration: 'T' appears twice";
                }

                inTime = true;
                i++;
                if (i == text.Length)
                {
                    return $"'{text}' is not an ISO 8601 duration: 'T' must be followed by hours, minutes or seconds";
                }

                continue;
            }

            var start = i;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9')
            {
                i++;
            }

            if (i == start || i == text.Length)
            {
                return $"'{text}' is not an ISO 8601 duration: expected a whole number followed by a unit (Y, M, W, D, or H, M, S after T)";
            }

            var digits = text.Substring(start, i - start);
            if (!long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value > 100_000)
            {
                return $"'{text}' is not a usable duration: the number '{digits}' is too large";
            }

            var unit = text[i++];
            var rank = Rank(inTime, unit);
            if (rank < 0)
            {
                return $"'{text}' is not an ISO 8601 duration: unknown unit '{unit}'" + (inTime ? " in the time part" : " (hours, minutes and seconds go after 'T')");
            }

            if (rank <= lastRank)
            {
                return $"'{text}' is not an ISO 8601 duration: units must appear once each, in the order Y, M, W, D, T, H, M, S";
            }

            lastRank = rank;
            anyComponent = true;
        }

        return anyComponent ? null : $"'{text}' is not an ISO 8601 duration: it names no amount (for example 'P7Y')";
    }

    private static int Rank(bool inTime, char unit) => (inTime, unit) switch
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
}
