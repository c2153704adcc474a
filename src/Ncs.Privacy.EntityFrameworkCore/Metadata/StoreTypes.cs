using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// The one place that reads a column's store type (issue 11, round 6): whether it is a timestamp without time zone, text,
/// a system identifier, how long its text may be, how large an integer it holds, and whether the stored form of a date
/// orders as the dates do. Each answer is taken from the provider's type mapping where it has one, else from the store
/// type's name, normalised first (case, spaces, precision and length in parentheses), so every spelling a provider
/// accepts (<c>timestamptz</c>, <c>TIMESTAMP(3) WITH TIME ZONE</c>, <c>int2</c>, <c>numeric(4, 0)</c>) gets the same answer.
/// </summary>
internal static class StoreTypes
{
    private static readonly Regex Parentheses = new(@"\(\s*[^)]*\)", RegexOptions.CultureInvariant);
    private static readonly Regex Spaces = new(@"\s+", RegexOptions.CultureInvariant);
    private static readonly Regex Numeric = new(@"^\s*(numeric|decimal|number|dec)\s*\(\s*(\d+)\s*(,\s*(-?\d+)\s*)?\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex CharLength = new(@"char[a-z ]*\(\s*(\d+)\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The first word of every text store type (after <c>national</c>): <c>character varying</c>, <c>nvarchar(max)</c>, <c>text</c>.</summary>
    private static readonly HashSet<string> TextWords = new(StringComparer.Ordinal)
    {
        "varchar", "varchar2", "nvarchar", "nvarchar2", "char", "nchar", "character", "bpchar", "text", "ntext", "citext",
        "clob", "nclob", "string", "name", "tinytext", "mediumtext", "longtext",
    };

    /// <summary>
    /// The store type's base name: lower case, single spaces, without what is in parentheses (<c>TIMESTAMP (3) WITH TIME ZONE</c>
    /// reads <c>timestamp with time zone</c>, <c>character varying(25)</c> reads <c>character varying</c>).
    /// </summary>
    public static string Base(string storeType)
        => Spaces.Replace(Parentheses.Replace(storeType, " "), " ").Trim().ToLowerInvariant();

    /// <summary>
    /// The column's store type: the type mapping's (a runtime model, or a model whose mappings are set), else the
    /// configured column type (the start-up check, before type mappings are set). Null inside a JSON document or when
    /// neither is known.
    /// </summary>
    public static string? Of(IReadOnlyProperty property)
    {
        if (property.DeclaringType.IsMappedToJson())
        {
            return null;
        }

        if (property.FindTypeMapping() is RelationalTypeMapping { StoreType: { Length: > 0 } mapped })
        {
            return mapped;
        }

        try
        {
            return property.GetColumnType();
        }
        catch (InvalidOperationException)
        {
            return null; // a model that has neither a type mapping nor a column type to read
        }
    }

    /// <summary>
    /// Whether the column is a timestamp without time zone (PostgreSQL's <c>timestamp</c>, <c>timestamp(3)</c>,
    /// <c>timestamp without time zone</c>), to which Npgsql writes no UTC <see cref="DateTime"/>: values and parameters
    /// compared with it carry no kind. False for <c>timestamptz</c> and <c>timestamp with time zone</c> in any spelling,
    /// which take UTC only, and for every other store type.
    /// </summary>
    public static bool IsTimestampWithoutTimeZone(IReadOnlyProperty property)
    {
        // The provider's own type mapping says it without reading a name the application wrote (Npgsql's classes).
        var mapping = property.DeclaringType.IsMappedToJson() ? null : property.FindTypeMapping();
        switch (mapping?.GetType().Name)
        {
            case "NpgsqlTimestampTzTypeMapping":
                return false;
            case "NpgsqlTimestampTypeMapping":
                return true;
        }

        return Of(property) is { } storeType && IsTimestampWithoutTimeZone(storeType);
    }

    /// <summary>Whether the store type's name is a timestamp without time zone, in any spelling.</summary>
    public static bool IsTimestampWithoutTimeZone(string storeType)
        => Base(storeType) is "timestamp" or "timestamp without time zone";

    /// <summary>Whether the store type's name is a timestamp with time zone (<c>timestamptz</c>, <c>timestamp with time zone</c>), in any spelling.</summary>
    public static bool IsTimestampWithTimeZone(string storeType)
        => Base(storeType) is "timestamptz" or "timestamp with time zone";

    /// <summary>Whether the store type holds text that any string can be written to.</summary>
    public static bool IsText(string storeType)
    {
        var words = Base(storeType).Split(' ');
        var first = words[0] == "national" && words.Length > 1 ? words[1] : words[0];
        return TextWords.Contains(first);
    }

    /// <summary>Whether the store type is one of PostgreSQL's transaction or tuple identifiers (<c>xid</c>, <c>xid8</c>, <c>cid</c>, <c>tid</c>), to which no integer casts.</summary>
    public static bool IsSystemIdentifier(string storeType) => Base(storeType) is "xid" or "xid8" or "cid" or "tid";

    /// <summary>The length a text store type declares (<c>varchar(25)</c>, <c>character varying(25)</c>, <c>nchar(10)</c>), or null.</summary>
    public static int? Length(string? storeType)
        => storeType is not null && CharLength.Match(storeType) is { Success: true } match
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// The largest integer the store type holds, or null when its name says nothing about it: <c>tinyint</c> 127 (signed on
    /// MySQL), <c>smallint</c>/<c>int2</c> 32,767, <c>integer</c>/<c>int</c>/<c>int4</c>/<c>serial</c> 2,147,483,647,
    /// <c>bigint</c>/<c>int8</c> 9,223,372,036,854,775,807, <c>numeric(p, s)</c>/<c>decimal(p, s)</c> 10^(p−s) − 1.
    /// </summary>
    public static decimal? IntegerMaximum(string? storeType)
    {
        if (storeType is null)
        {
            return null;
        }

        if (Numeric.Match(storeType) is { Success: true } numeric)
        {
            var precision = int.Parse(numeric.Groups[2].Value, CultureInfo.InvariantCulture);
            var scale = numeric.Groups[4].Success ? int.Parse(numeric.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
            var digits = Math.Clamp(precision - scale, 0, 28);
            var maximum = 1m;
            for (var i = 0; i < digits; i++)
            {
                maximum *= 10;
            }

            return maximum - 1;
        }

        return Base(storeType) switch
        {
            "tinyint" or "int1" => sbyte.MaxValue,
            "smallint" or "int2" or "smallserial" or "serial2" => short.MaxValue,
            "mediumint" => 8_388_607,
            "integer" or "int" or "int4" or "serial" or "serial4" => int.MaxValue,
            "bigint" or "int8" or "bigserial" or "serial8" => long.MaxValue,
            _ => null,
        };
    }

    /// <summary>
    /// The largest random integer <see cref="AnonymisationStrategy.RandomToken"/> writes into the column: the smallest of
    /// the CLR type's maximum, the store type's (<see cref="IntegerMaximum(string?)"/>) and 10^15 (the database's random
    /// function gives about 15 significant digits). 0 when the column holds no positive integer.
    /// </summary>
    public static long RandomMaximum(IReadOnlyProperty property)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        decimal maximum = type == typeof(byte) ? byte.MaxValue
            : type == typeof(short) ? short.MaxValue
            : type == typeof(int) ? int.MaxValue
            : 1_000_000_000_000_000m;
        if (property.GetValueConverter() is null && IntegerMaximum(Of(property)) is { } stored)
        {
            maximum = Math.Min(maximum, stored);
        }

        return (long)Math.Max(0, maximum);
    }

    /// <summary>
    /// The probe of <see cref="AnchorOrderProblem"/>: dates in ascending order that cover what a converter's stored form can get
    /// wrong. Centuries and years (1753, 1899/1900, 1999/2000, 2099/2100), both sides of 1970 (Unix time, signed or not), the
    /// end of 32-bit Unix seconds (2038-01-19 03:14:07/08), a leap day, the first and last day of every month 1-12 (month
    /// numbers without a leading zero, month names), every day 1-31 of a month (days without a leading zero), every hour
    /// 0-23 (a 12-hour clock), minutes and seconds 0/1/9/10/59 (no leading zero) and fractions of a second. Each is tried
    /// as UTC and without kind (<see cref="AnchorOrderProblem"/>), so a stored form that depends on the kind is caught too.
    /// </summary>
    private static readonly DateTime[] Probe = BuildProbe();

    /// <summary>The probe's dates (UTC, ascending), for the tests that check what it covers.</summary>
    internal static IReadOnlyList<DateTime> AnchorProbe => Probe;

    private static DateTime[] BuildProbe()
    {
        static DateTime At(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) => new(year, month, day, hour, minute, second, DateTimeKind.Utc);
        var dates = new List<DateTime>
        {
            At(1753, 1, 1), At(1899, 12, 31, 23, 59, 59), At(1900, 1, 1), At(1969, 12, 31, 23, 59, 59), At(1970, 1, 1), At(1970, 1, 1, 0, 0, 1),
            At(1999, 12, 31, 23, 59, 59), At(2000, 1, 1), At(2000, 2, 28), At(2000, 2, 29), At(2000, 3, 1), At(2009, 12, 31), At(2010, 1, 1),
            At(2020, 3, 1), At(2038, 1, 19, 3, 14, 7), At(2038, 1, 19, 3, 14, 8), At(2099, 12, 31, 23, 59, 59), At(2100, 1, 1), At(2199, 12, 31),
        };
        for (var month = 1; month <= 12; month++)
        {
            dates.Add(At(2001, month, 1));
            dates.Add(At(2001, month, DateTime.DaysInMonth(2001, month)));
        }

        for (var day = 1; day <= 31; day++)
        {
            dates.Add(At(2026, 1, day));
        }

        for (var hour = 0; hour < 24; hour++)
        {
            dates.Add(At(2026, 6, 1, hour));
        }

        foreach (var part in new[] { 1, 9, 10, 59 })
        {
            dates.Add(At(2026, 6, 1, 10, part));
            dates.Add(At(2026, 6, 1, 10, 0, part));
        }

        foreach (var ticks in new[] { 1L, TimeSpan.TicksPerMillisecond, 10 * TimeSpan.TicksPerMillisecond, 100 * TimeSpan.TicksPerMillisecond, 999 * TimeSpan.TicksPerMillisecond })
        {
            dates.Add(At(2026, 6, 1, 10).AddTicks(ticks));
        }

        return dates.Distinct().Order().ToArray();
    }

    /// <summary>
    /// Why a retention anchor's stored form does not order as its dates do, or null when it does. Erasure and the sweep
    /// compare the anchor with the cutoff in SQL, where the database orders what it stores: a date/time column, or a value
    /// converter's output (ticks, ISO text) only if that output sorts as the dates. Decided for any converter by converting
    /// dates across day, month, year and century boundaries and comparing the stored values as the database does (numbers by
    /// value, text by code point): <c>dd.MM.yyyy</c> text does not sort, <c>yyyy-MM-dd</c> text and ticks do.
    /// </summary>
    public static string? AnchorOrderProblem(IReadOnlyProperty property)
    {
        var converter = ConverterOf(property);
        if (converter is null)
        {
            return null; // stored as the provider's own date type, which the database orders as dates
        }

        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var name = converter.GetType().Name;

        // Every date as UTC and without a kind (what the application may have stored, and the cutoff's two forms): a stored
        // form that depends on the kind (DateTime.ToBinary) does not order the two alike.
        var probe = type == typeof(DateOnly)
            ? Probe.Select(d => (Key: (long)DateOnly.FromDateTime(d).DayNumber * TimeSpan.TicksPerDay, Value: (object)DateOnly.FromDateTime(d))).DistinctBy(p => p.Key).ToArray()
            : Probe.SelectMany(d => new[] { (Key: d.Ticks, Value: (object)d), (Key: d.Ticks, Value: (object)DateTime.SpecifyKind(d, DateTimeKind.Unspecified)) }).ToArray();
        var stored = new object?[probe.Length];
        try
        {
            for (var i = 0; i < probe.Length; i++)
            {
                if (!converter.ModelClrType.IsInstanceOfType(probe[i].Value))
                {
                    return null; // not a DateTime/DateOnly converter: the anchor's own type rule refuses it
                }

                stored[i] = converter.ConvertToProvider(probe[i].Value);
            }
        }
#pragma warning disable CA1031 // any exception of the application's converter means the anchor cannot be compared
        catch (Exception error)
#pragma warning restore CA1031
        {
            return $"is a [RetentionAnchor] stored through a value converter ({name}) that cannot convert the dates the cutoff is compared with ({error.GetType().Name}); {Fix}";
        }

        for (var i = 0; i < probe.Length; i++)
        {
            for (var j = 0; j < probe.Length; j++)
            {
                if (probe[i].Key >= probe[j].Key)
                {
                    continue;
                }

                var order = Compare(stored[i], stored[j]);
                if (order is null)
                {
                    return $"is a [RetentionAnchor] stored through a value converter ({name}) as {converter.ProviderClrType.Name}, which the database cannot order as dates; {Fix}";
                }

                // Dates within one day may be stored alike (Precision); a later day must sort later, and nothing may sort earlier.
                if (order > 0 || (order == 0 && probe[i].Key / Precision != probe[j].Key / Precision))
                {
                    return $"is a [RetentionAnchor] stored through a value converter ({name}) as {converter.ProviderClrType.Name} whose stored values do not sort as the dates do "
                        + $"({Format(probe[i].Value)} is stored as '{stored[i]}', the later {Format(probe[j].Value)} as '{stored[j]}'): erasure and the retention sweep compare the stored value with the cutoff in SQL, "
                        + $"so a legal hold could end early and fields not yet expired could be swept; {Fix}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The value converter of a property: the application's, or its type mapping's (<c>HasConversion&lt;long&gt;()</c> on a
    /// DateTime: <see cref="DateTimeToBinaryConverter"/>; the ownership check runs on the finalized model, whose type mappings
    /// are set). Null inside a JSON document and when the value is stored as it is.
    /// </summary>
    private static ValueConverter? ConverterOf(IReadOnlyProperty property)
        => property.DeclaringType.IsMappedToJson() ? null : property.GetValueConverter() ?? property.FindTypeMapping()?.Converter;

    /// <summary>
    /// The precision a stored anchor must keep: dates on different days must be stored in their order. Dates within one day
    /// may be stored alike (a converter to Unix seconds, text without seconds): the cutoff then moves by less than a day,
    /// which a retention period or a legal hold measured in months or years does not notice. A later date never sorts earlier.
    /// </summary>
    private const long Precision = TimeSpan.TicksPerDay;

    private const string Fix = "store the date as a date (remove the converter), as ticks (HasConversion(d => d.Ticks, t => new DateTime(t, DateTimeKind.Utc)); not HasConversion<long>(), which stores DateTime.ToBinary), or as ISO 8601 text that sorts (HasConversion<string>(), yyyy-MM-dd...)";

    private static string Format(object date) => date switch
    {
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.') + (time.Kind == DateTimeKind.Utc ? " UTC" : string.Empty),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => date.ToString() ?? string.Empty,
    };

    /// <summary>How the database orders two stored values: numbers and dates by value, text by code point, null when it cannot be told.</summary>
    private static int? Compare(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (DateTime x, DateTime y) => x.Ticks.CompareTo(y.Ticks),
        (DateTimeOffset x, DateTimeOffset y) => x.UtcTicks.CompareTo(y.UtcTicks),
        (DateOnly x, DateOnly y) => x.CompareTo(y),
        (null, _) or (_, null) => null,
        _ when IsNumber(a) && IsNumber(b) => Convert.ToDecimal(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(b, CultureInfo.InvariantCulture)),
        _ => null,
    };

    private static bool IsNumber(object value)
        => value is long or int or short or byte or sbyte or ulong or uint or ushort or decimal or double or float;
}
