using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// Retention anchors and store types a sixth fresh tester mapped the way real applications do (issue 11, round 6, defects
// 1, 2, 3 and 7), and shapes of the same kinds the tester did not list: each works for export, erasure and the sweep, or
// start-up refuses it naming the member (Member) and the real cause (Refused / RefusedOn). Customer 3 was last seen (or
// created) in 2020, so its two-year Nick ('old-nick') must be swept; customers 1 and 2 in 2026, so theirs must stay.

// ---- (1) Anchors in columns with a time zone, in every spelling PostgreSQL accepts -------------------------------------

[DataSubject(Subjects.Customer)]
public class B6TzCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nick { get; set; }
}

/// <summary>The customer's anchor and the held invoice's anchor in columns with a time zone (PostgreSQL only: SQLite has no such type).</summary>
public abstract class B6TzContextBase(DbContextOptions options, string customerType, string invoiceType) : HeldContext<B6TzCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        if (IsPostgres)
        {
            modelBuilder.Entity<B6TzCustomer>().Property(c => c.LastSeen).HasColumnType(customerType);
            modelBuilder.Entity<B2Invoice>().Property(i => i.InvoiceDate).HasColumnType(invoiceType);
        }
    }
}

public class B6TzContext(DbContextOptions<B6TzContext> options) : B6TzContextBase(options, "timestamptz", "timestamp with time zone");

public class B6Tz3Context(DbContextOptions<B6Tz3Context> options) : B6TzContextBase(options, "TIMESTAMPTZ(3)", "timestamp (6) with time zone");

public class B6TsContext(DbContextOptions<B6TsContext> options) : B6TzContextBase(options, "timestamp(3) without time zone", "TIMESTAMP");

public abstract class B6TzShapeBase<TContext> : Break2Shape<TContext>
    where TContext : DbContext
{
    public override string Member => "B6TzCustomer.LastSeen";

    protected override Task SeedAsync(TContext context)
        => SeedHeldAsync(context, id => new B6TzCustomer { Nick = id == 3 ? "old-nick" : $"s{id}-nick" });
}

public sealed class B6TzShape : B6TzShapeBase<B6TzContext>
{
    public override string Feature => "Retention anchors in timestamptz and timestamp with time zone columns (PostgreSQL), held invoice and two-year field";
}

public sealed class B6Tz3Shape : B6TzShapeBase<B6Tz3Context>
{
    public override string Feature => "Retention anchors in TIMESTAMPTZ(3) and timestamp (6) with time zone columns (PostgreSQL), held and swept";
}

public sealed class B6TsShape : B6TzShapeBase<B6TsContext>
{
    public override string Feature => "Retention anchors in timestamp(3) without time zone and TIMESTAMP columns (PostgreSQL), held and swept";

    /// <summary>The same rows, with dates without kind: Npgsql writes no UTC value into a column without time zone.</summary>
    protected override Task SeedAsync(B6TsContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            var customer = new B6TzCustomer { Nick = id == 3 ? "old-nick" : $"s{id}-nick" }.Numbered(id);
            customer.LastSeen = DateTime.SpecifyKind(customer.LastSeen, DateTimeKind.Unspecified);
            context.Add(customer);
        }

        var recent = DateTime.SpecifyKind(Recent, DateTimeKind.Unspecified);
        context.AddRange(
            new B2Invoice { Id = 1, CustomerId = 1, InvoiceDate = recent, BillingName = "s1-held-billing" },
            new B2Invoice { Id = 2, CustomerId = 2, InvoiceDate = recent, BillingName = "s2-billing" });
        return context.SaveChangesAsync();
    }
}

// ---- (2) Anchors stored through a value converter: compared in SQL only when the stored form sorts as the dates --------

/// <summary>A legacy schema's text dates, <c>dd.MM.yyyy</c>: the stored text does not sort as the dates do.</summary>
public sealed class B6DayMonthYearConverter() : ValueConverter<DateTime, string>(
    v => v.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
    s => DateTime.SpecifyKind(DateTime.ParseExact(s, "dd.MM.yyyy", CultureInfo.InvariantCulture), DateTimeKind.Utc));

/// <summary>The same dates as ISO 8601 text through the application's own converter: it sorts as the dates.</summary>
public sealed class B6IsoDateConverter() : ValueConverter<DateTime, string>(
    v => v.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
    s => DateTime.SpecifyKind(DateTime.ParseExact(s, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), DateTimeKind.Utc));

public enum B6AnchorStorage
{
    DayMonthYear,
    Binary,
    IsoText,
    OwnIsoText,
    Ticks,
    UtcKind,
}

public abstract class B6ConvertedContextBase(DbContextOptions options, B6AnchorStorage storage) : HeldContext<B6TzCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        Convert(modelBuilder.Entity<B6TzCustomer>().Property(c => c.LastSeen));
        Convert(modelBuilder.Entity<B2Invoice>().Property(i => i.InvoiceDate));
    }

    private void Convert(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<DateTime> property)
    {
        _ = storage switch
        {
            B6AnchorStorage.DayMonthYear => property.HasConversion<B6DayMonthYearConverter>(),
            B6AnchorStorage.Binary => property.HasConversion<long>(), // EF Core's DateTimeToBinaryConverter: DateTime.ToBinary, kind bits included
            B6AnchorStorage.IsoText => property.HasConversion<string>(), // EF Core's DateTimeToStringConverter
            B6AnchorStorage.OwnIsoText => property.HasConversion<B6IsoDateConverter>(),
            B6AnchorStorage.Ticks => property.HasConversion(v => v.Ticks, v => new DateTime(v, DateTimeKind.Utc)),
            _ => property.HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc)),
        };
    }
}

public class B6DmyContext(DbContextOptions<B6DmyContext> options) : B6ConvertedContextBase(options, B6AnchorStorage.DayMonthYear);

public class B6BinaryContext(DbContextOptions<B6BinaryContext> options) : B6ConvertedContextBase(options, B6AnchorStorage.Binary);

public class B6IsoTextContext(DbContextOptions<B6IsoTextContext> options) : B6ConvertedContextBase(options, B6AnchorStorage.IsoText);

public class B6OwnIsoTextContext(DbContextOptions<B6OwnIsoTextContext> options) : B6ConvertedContextBase(options, B6AnchorStorage.OwnIsoText);

public class B6TicksContext(DbContextOptions<B6TicksContext> options) : B6ConvertedContextBase(options, B6AnchorStorage.Ticks);

public class B6UtcKindContext(DbContextOptions<B6UtcKindContext> options) : B6ConvertedContextBase(options, B6AnchorStorage.UtcKind);

public sealed class B6DmyShape : B6TzShapeBase<B6DmyContext>
{
    public override string Feature => "Retention anchors stored as dd.MM.yyyy text through a value converter (legacy schema)";

    public override string? Refused => "B6TzCustomer.LastSeen: is a [RetentionAnchor] stored through a value converter (B6DayMonthYearConverter) as String whose stored values do not sort as the dates do";
}

public sealed class B6BinaryShape : B6TzShapeBase<B6BinaryContext>
{
    public override string Feature => "Retention anchors stored with HasConversion<long>() (DateTime.ToBinary, whose kind bits do not sort)";

    public override string? Refused => "B6TzCustomer.LastSeen: is a [RetentionAnchor] stored through a value converter (DateTimeToBinaryConverter) as Int64 whose stored values do not sort as the dates do";
}

public sealed class B6IsoTextShape : B6TzShapeBase<B6IsoTextContext>
{
    public override string Feature => "Retention anchors stored as text with HasConversion<string>(), held and swept";
}

public sealed class B6OwnIsoTextShape : B6TzShapeBase<B6OwnIsoTextContext>
{
    public override string Feature => "Retention anchors stored as ISO 8601 text through the application's own converter, held and swept";
}

public sealed class B6TicksShape : B6TzShapeBase<B6TicksContext>
{
    public override string Feature => "Retention anchors stored as ticks (long) through a lambda converter, held and swept";
}

public sealed class B6UtcKindShape : B6TzShapeBase<B6UtcKindContext>
{
    public override string Feature => "Retention anchors through a converter that only sets DateTimeKind.Utc on read, held and swept";
}

// ---- (3) Anchors in complex types and owned types in the owner's row, in JSON, or nowhere ------------------------------

public class B6Audit
{
    [RetentionAnchor]
    [NotPersonalData("When the row was created.")]
    public DateTime CreatedAt { get; set; }

    [NotPersonalData("When the row was last changed.")]
    public DateTime? UpdatedAt { get; set; }
}

public class B6OwnedAudit
{
    [RetentionAnchor]
    [NotPersonalData("When the row was created.")]
    public DateTime CreatedAt { get; set; }
}

public class B6Stamp
{
    public B6Audit Audit { get; set; } = new();
}

[DataSubject(Subjects.Customer)]
public class B6AuditCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nick { get; set; }

    public B6Audit Audit { get; set; } = new();
}

[DataSubject(Subjects.Customer)]
public class B6OwnedAuditCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nick { get; set; }

    public B6OwnedAudit Audit { get; set; } = new();
}

[DataSubject(Subjects.Customer)]
public class B6NestedAuditCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nick { get; set; }

    public B6Stamp Stamp { get; set; } = new();
}

public class B6ComplexAnchorContext(DbContextOptions<B6ComplexAnchorContext> options) : HeldContext<B6AuditCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<B6AuditCustomer>().ComplexProperty(c => c.Audit);
}

public class B6JsonAnchorContext(DbContextOptions<B6JsonAnchorContext> options) : HeldContext<B6AuditCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<B6AuditCustomer>().ComplexProperty(c => c.Audit, a => a.ToJson());
}

public class B6OwnedAnchorContext(DbContextOptions<B6OwnedAnchorContext> options) : HeldContext<B6OwnedAuditCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<B6OwnedAuditCustomer>().OwnsOne(c => c.Audit);
}

public class B6NestedAnchorContext(DbContextOptions<B6NestedAnchorContext> options) : HeldContext<B6NestedAuditCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<B6NestedAuditCustomer>().ComplexProperty(c => c.Stamp, s => s.ComplexProperty(x => x.Audit));
}

public sealed class B6ComplexAnchorShape : Break2Shape<B6ComplexAnchorContext>
{
    public override string Feature => "The [RetentionAnchor] inside a complex type (Audit.CreatedAt), two-year field swept";

    public override string Member => "B6AuditCustomer.Nick";

    protected override Task SeedAsync(B6ComplexAnchorContext context)
        => SeedHeldAsync(context, id => new B6AuditCustomer { Nick = id == 3 ? "old-nick" : $"s{id}-nick", Audit = new() { CreatedAt = SeenAt(id) } });
}

public sealed class B6NestedAnchorShape : Break2Shape<B6NestedAnchorContext>
{
    public override string Feature => "The [RetentionAnchor] in a complex type inside a complex type (Stamp.Audit.CreatedAt), two-year field swept";

    public override string Member => "B6NestedAuditCustomer.Nick";

    protected override Task SeedAsync(B6NestedAnchorContext context)
        => SeedHeldAsync(context, id => new B6NestedAuditCustomer { Nick = id == 3 ? "old-nick" : $"s{id}-nick", Stamp = new() { Audit = new() { CreatedAt = SeenAt(id) } } });
}

public sealed class B6OwnedAnchorShape : Break2Shape<B6OwnedAnchorContext>
{
    public override string Feature => "The [RetentionAnchor] inside an owned type in the owner's row (OwnsOne Audit.CreatedAt), two-year field swept";

    public override string Member => "B6OwnedAuditCustomer.Nick";

    protected override Task SeedAsync(B6OwnedAnchorContext context)
        => SeedHeldAsync(context, id => new B6OwnedAuditCustomer { Nick = id == 3 ? "old-nick" : $"s{id}-nick", Audit = new() { CreatedAt = SeenAt(id) } });
}

public sealed class B6JsonAnchorShape : Break2Shape<B6JsonAnchorContext>
{
    public override string Feature => "The only [RetentionAnchor] inside a JSON complex type (ToJson), with a two-year field";

    public override string Member => "B6AuditCustomer.Nick";

    public override string? Refused => "B6AuditCustomer has a [RetentionAnchor] only where erasure and the sweep cannot compare it with the row in SQL: Audit.CreatedAt (in a JSON document)";

    protected override Task SeedAsync(B6JsonAnchorContext context)
        => SeedHeldAsync(context, id => new B6AuditCustomer { Nick = id == 3 ? "old-nick" : $"s{id}-nick", Audit = new() { CreatedAt = SeenAt(id) } });
}

[DataSubject(Subjects.Customer)]
public class B6NoAnchorCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nick { get; set; }
}

public class B6NoAnchorContext(DbContextOptions<B6NoAnchorContext> options) : HeldContext<B6NoAnchorCustomer>(options);

public sealed class B6NoAnchorShape : Break2Shape<B6NoAnchorContext>
{
    public override string Feature => "A two-year field on an entity type with no [RetentionAnchor] anywhere";

    public override string Member => "B6NoAnchorCustomer.Nick";

    public override string? Refused => "B6NoAnchorCustomer.Nick: is kept under 'two-years', a retention period of P2Y, but neither B6NoAnchorCustomer nor any row on its ownership path has a [RetentionAnchor]";

    protected override Task SeedAsync(B6NoAnchorContext context)
        => SeedHeldAsync(context, id => new B6NoAnchorCustomer { Nick = $"s{id}-nick" });
}

/// <summary>A held invoice whose accounting date is in a complex type: the legal hold counts from it.</summary>
public class B6DatedInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public B6InvoiceDates Dates { get; set; } = new();

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";
}

public class B6InvoiceDates
{
    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [NotPersonalData("When payment is due.")]
    public DateTime DueDate { get; set; }
}

[DataSubject(Subjects.Customer)]
public class B6DatedCustomer : AnchoredCustomer;

public class B6HeldComplexAnchorContext(DbContextOptions<B6HeldComplexAnchorContext> options) : ShapeContext(options)
{
    protected override void Map(ModelBuilder modelBuilder)
        => modelBuilder.Entity<B6DatedInvoice>(i =>
        {
            i.ComplexProperty(x => x.Dates);
            i.HasOne<B6DatedCustomer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });
}

public sealed class B6HeldComplexAnchorShape : Break2Shape<B6HeldComplexAnchorContext>
{
    public override string Feature => "A legal hold whose [RetentionAnchor] is inside a complex type (Dates.InvoiceDate)";

    public override string Member => "B6DatedInvoice.BillingName";

    protected override Task SeedAsync(B6HeldComplexAnchorContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new B6DatedCustomer().Numbered(id));
        }

        context.AddRange(
            new B6DatedInvoice { Id = 1, CustomerId = 1, BillingName = "s1-held-billing", Dates = new() { InvoiceDate = Recent, DueDate = Recent } },
            new B6DatedInvoice { Id = 2, CustomerId = 2, BillingName = "s2-billing", Dates = new() { InvoiceDate = Recent, DueDate = Recent } });
        return context.SaveChangesAsync();
    }
}

// ---- (7) Random integers bounded by the column's store type, unique columns included ----------------------------------

[DataSubject(Subjects.Customer)]
public class B6MemberCustomer : AnchoredCustomer
{
    /// <summary>An int in a smallint column (the tester's spelling), unique and NOT NULL (so a random value), kept with the held customer.</summary>
    [PersonalData(Purposes.Account, Retention.Account)]
    public int MemberNo { get; set; }

    /// <summary>An int in PostgreSQL's int2 spelling, unique, by default (NOT NULL and unique: a random value).</summary>
    [PersonalData(Purposes.Account, Retention.Account)]
    public int BadgeNo { get; set; }

    /// <summary>A short, unique: before round 6 no strategy fitted it (RandomToken took only int, long and Guid).</summary>
    [PersonalData(Purposes.Account, Retention.Account)]
    public short DeskNo { get; set; }
}

public class B6MemberContext(DbContextOptions<B6MemberContext> options) : HeldContext<B6MemberCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
        => modelBuilder.Entity<B6MemberCustomer>(c =>
        {
            c.Property(x => x.MemberNo).HasColumnType("smallint");
            c.Property(x => x.BadgeNo).HasColumnType(IsPostgres ? "int2" : "SMALLINT");
            c.HasIndex(x => x.MemberNo).IsUnique();
            c.HasIndex(x => x.BadgeNo).IsUnique();
            c.HasIndex(x => x.DeskNo).IsUnique();
        });
}

public sealed class B6MemberShape : Break2Shape<B6MemberContext>
{
    public override string Feature => "Unique integers in smallint and int2 columns and a unique short, random values, kept";

    public override string Member => "B6MemberCustomer.MemberNo";

    /// <summary>Accepted in round 6 (a random value bounded by the column); refused since round 7: 32,767 values collide (Break7Shapes.cs).</summary>
    public override string? Refused => "RandomToken needs a column of at least 999,999,999 values";

    protected override Task SeedAsync(B6MemberContext context)
        => SeedHeldAsync(context, id => new B6MemberCustomer { MemberNo = 100 + id, BadgeNo = 200 + id, DeskNo = (short)(400 + id) });
}
