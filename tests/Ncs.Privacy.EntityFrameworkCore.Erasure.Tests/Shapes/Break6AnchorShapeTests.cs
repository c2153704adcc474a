using System.Globalization;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Shapes;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Shapes;

/// <summary>
/// Retention anchors and store types a sixth fresh tester mapped (tests/Ncs.Privacy.Testing/Shapes/Break6AnchorShapes.cs,
/// defects 1, 2, 3 and 7 of round 6), and shapes of the same kinds the tester did not list, run as the catalogue is: a
/// shape that declares a refusal is refused at start-up with that message, naming the member; every other shape starts,
/// and export, plan, execute and two sweeps run with the dumps saying exactly what happened.
/// </summary>
public class Break6AnchorShapeTests
{
    /// <summary>Every shape of the round, on both databases.</summary>
    public static TheoryData<string, DatabaseProvider> All()
        => BreakRun.Held(
            new B6TzShape(), new B6Tz3Shape(), new B6TsShape(),
            new B6DmyShape(), new B6BinaryShape(), new B6IsoTextShape(), new B6OwnIsoTextShape(), new B6TicksShape(), new B6UtcKindShape(),
            new B6ComplexAnchorShape(), new B6NestedAnchorShape(), new B6OwnedAnchorShape(), new B6JsonAnchorShape(), new B6NoAnchorShape(), new B6HeldComplexAnchorShape(),
            new B6MemberShape());

    /// <summary>
    /// (1) An anchor in a timestamptz column: every plan and sweep threw on PostgreSQL (Kind=Unspecified), because the store
    /// type was classified by "starts with timestamp and does not contain 'with time zone'". (2) An anchor stored as
    /// dd.MM.yyyy text: the held invoice was deleted and an unexpired field swept; refused now, as is DateTime.ToBinary.
    /// (3) An anchor in a complex or owned type in the row: the period was never enforced (now swept), or the legal hold was
    /// refused asking for the attribute the member has (now held); an anchor only in JSON, or none, is refused. (7) A random
    /// int in a smallint column: 22003 at execution; now bounded by the column.
    /// </summary>
    [Theory]
    [MemberData(nameof(All))]
    public Task A_shape_of_round_6_anchors_is_refused_with_its_cause_or_erased_and_swept(string name, DatabaseProvider provider)
        => BreakRun.AssertAsDeclaredAsync(BreakRun.Create(name), provider);

    /// <summary>Every spelling of a timestamp with and without time zone gets the same answer (one rule, not a test per place).</summary>
    [Theory]
    [InlineData("timestamp", true)]
    [InlineData("TIMESTAMP", true)]
    [InlineData("timestamp(3)", true)]
    [InlineData("timestamp (6)", true)]
    [InlineData("timestamp without time zone", true)]
    [InlineData("timestamp(3) without time zone", true)]
    [InlineData("TIMESTAMP  WITHOUT  TIME ZONE", true)]
    [InlineData("timestamptz", false)]
    [InlineData("TIMESTAMPTZ(3)", false)]
    [InlineData("timestamp with time zone", false)]
    [InlineData("timestamp(3) with time zone", false)]
    [InlineData("timestamp (6) WITH TIME ZONE", false)]
    [InlineData("date", false)]
    [InlineData("datetime2", false)]
    [InlineData("TEXT", false)]
    public void A_timestamp_is_without_time_zone_in_every_spelling_and_only_then(string storeType, bool without)
    {
        Assert.Equal(without, StoreTypes.IsTimestampWithoutTimeZone(storeType));
        Assert.Equal(!without && storeType.StartsWith("timestamp", StringComparison.OrdinalIgnoreCase), StoreTypes.IsTimestampWithTimeZone(storeType));
    }

    /// <summary>The largest integer of every integer store type spelling; null where the name says nothing.</summary>
    [Theory]
    [InlineData("smallint", "32767")]
    [InlineData("SMALLINT", "32767")]
    [InlineData("int2", "32767")]
    [InlineData("smallserial", "32767")]
    [InlineData("integer", "2147483647")]
    [InlineData("int4", "2147483647")]
    [InlineData("INT", "2147483647")]
    [InlineData("bigint", "9223372036854775807")]
    [InlineData("int8", "9223372036854775807")]
    [InlineData("tinyint", "127")]
    [InlineData("numeric(4)", "9999")]
    [InlineData("numeric(4, 0)", "9999")]
    [InlineData("NUMERIC (6,2)", "9999")]
    [InlineData("decimal(18,0)", "999999999999999999")]
    [InlineData("numeric(2,2)", "0")]
    [InlineData("numeric", null)]
    [InlineData("text", null)]
    public void An_integer_store_type_bounds_its_values_in_every_spelling(string storeType, string? maximum)
        => Assert.Equal(maximum is null ? null : decimal.Parse(maximum, CultureInfo.InvariantCulture), StoreTypes.IntegerMaximum(storeType));

    /// <summary>Text store types in every spelling; PostgreSQL's system identifiers.</summary>
    [Theory]
    [InlineData("text", true)]
    [InlineData("character varying(25)", true)]
    [InlineData("varchar(max)", true)]
    [InlineData("NVARCHAR(100)", true)]
    [InlineData("national character varying(10)", true)]
    [InlineData("bpchar", true)]
    [InlineData("citext", true)]
    [InlineData("jsonb", false)]
    [InlineData("integer", false)]
    [InlineData("timestamp with time zone", false)]
    [InlineData("bytea", false)]
    public void A_text_store_type_is_text_in_every_spelling(string storeType, bool text)
    {
        Assert.Equal(text, StoreTypes.IsText(storeType));
        Assert.False(StoreTypes.IsSystemIdentifier(storeType));
        Assert.True(StoreTypes.IsSystemIdentifier(storeType == "text" ? "XID8" : "xid"));
    }

    /// <summary>Both anchors the converter stores as dd.MM.yyyy are refused, as anchors that do not sort, with the fix.</summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Every_anchor_whose_stored_form_does_not_sort_is_refused_with_the_fix(DatabaseProvider provider)
    {
        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(new B6DmyShape(), provider));
        var refused = error.Problems.Where(p => p.Kind == PrivacyModelProblemKind.RetentionAnchorNotOrdered).Select(p => $"{p.EntityType}.{p.Property}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["B2Invoice.InvoiceDate", "B6TzCustomer.LastSeen"], refused);
        Assert.Contains("HasConversion<string>()", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Round 6 bounded a random value by its column (22003 before); round 7 refuses random values in a unique column of
    /// 32,767 values, where they collide: every such member is named, with fixes that fit it.
    /// </summary>
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Random_integers_in_unique_smallint_columns_are_refused_naming_each_member(DatabaseProvider provider)
    {
        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => ShapeRun.StartAsync(new B6MemberShape(), provider));
        var refused = error.Problems.Where(p => p.Kind == PrivacyModelProblemKind.AnonymisationNotExecutable).Select(p => p.Property ?? string.Empty).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["BadgeNo", "DeskNo", "MemberNo"], refused);
        Assert.Contains("32,767", error.Message, StringComparison.Ordinal);
        Assert.Contains("make the column nullable (Null then fits)", error.Message, StringComparison.Ordinal);
        Assert.Contains("an int or bigint column", error.Message, StringComparison.Ordinal);
    }
}
