using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// The weak points round 6 left (issue 11, round 7), each as a kind: unique columns whose value space is too small for
// random values, required self-references (a thread whose every note answers one, the first itself), inheritance combined
// with owned and complex types, and retention anchors stored through converters that get a part of the date wrong. Shapes
// that differ in one mapping call share one model and one context base that takes the mapping as a parameter.

// ---- (1) Unique numbers and codes: random values need a value space they cannot fill ---------------------------------

/// <summary>Which member of <see cref="B7NumberCustomer"/> is unique, and in what column.</summary>
public enum B7UniqueColumn
{
    /// <summary>A <c>short</c> (smallint): 32,767 random values.</summary>
    Short,

    /// <summary>A <c>byte</c>: 255 random values.</summary>
    Byte,

    /// <summary>A <c>long</c> in a <c>numeric(4, 0)</c> column: 9,999 random values.</summary>
    Numeric4,

    /// <summary>A <c>string</c> of at most 4 characters: no random token fits.</summary>
    Code4,

    /// <summary>An <c>int</c> in its own column: 2,147,483,647 random values.</summary>
    Int,
}

[DataSubject(Subjects.Customer)]
public class B7NumberCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public int Member { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public short Desk { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public byte Locker { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public long Card { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Code { get; set; } = "";

    internal override void Seed(int id)
    {
        base.Seed(id);
        Member = 100 + id;
        Desk = (short)(400 + id);
        Locker = (byte)(10 + id);
        Card = 7000 + id;
        Code = $"c{id}";
    }
}

/// <summary>The customer kept by a held invoice, one of its members unique (the others take Zero or a token).</summary>
public abstract class B7NumberContextBase(DbContextOptions options, B7UniqueColumn unique) : HeldContext<B7NumberCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
        => modelBuilder.Entity<B7NumberCustomer>(c =>
        {
            c.Property(x => x.Card).HasColumnType(unique == B7UniqueColumn.Numeric4 ? "numeric(4, 0)" : null);
            if (unique == B7UniqueColumn.Code4)
            {
                c.Property(x => x.Code).HasMaxLength(4);
            }

            _ = unique switch
            {
                B7UniqueColumn.Short => c.HasIndex(x => x.Desk).IsUnique(),
                B7UniqueColumn.Byte => c.HasIndex(x => x.Locker).IsUnique(),
                B7UniqueColumn.Numeric4 => c.HasIndex(x => x.Card).IsUnique(),
                B7UniqueColumn.Code4 => c.HasIndex(x => x.Code).IsUnique(),
                _ => c.HasIndex(x => x.Member).IsUnique(),
            };
        });
}

public class B7UniqueShortContext(DbContextOptions<B7UniqueShortContext> options) : B7NumberContextBase(options, B7UniqueColumn.Short);

public class B7UniqueByteContext(DbContextOptions<B7UniqueByteContext> options) : B7NumberContextBase(options, B7UniqueColumn.Byte);

public class B7UniqueNumeric4Context(DbContextOptions<B7UniqueNumeric4Context> options) : B7NumberContextBase(options, B7UniqueColumn.Numeric4);

public class B7UniqueCode4Context(DbContextOptions<B7UniqueCode4Context> options) : B7NumberContextBase(options, B7UniqueColumn.Code4);

public class B7UniqueIntContext(DbContextOptions<B7UniqueIntContext> options) : B7NumberContextBase(options, B7UniqueColumn.Int);

public abstract class B7NumberShapeBase<TContext> : Break2Shape<TContext>
    where TContext : DbContext
{
    protected override Task SeedAsync(TContext context) => SeedHeldAsync(context, _ => new B7NumberCustomer());
}

public sealed class B7UniqueShortShape : B7NumberShapeBase<B7UniqueShortContext>
{
    public override string Feature => "A NOT NULL unique short (smallint), kept: random values would collide";

    public override string Member => "B7NumberCustomer.Desk";

    public override string? Refused => "RandomToken needs a column of at least 999,999,999 values";
}

public sealed class B7UniqueByteShape : B7NumberShapeBase<B7UniqueByteContext>
{
    public override string Feature => "A NOT NULL unique byte, kept: random values would collide";

    public override string Member => "B7NumberCustomer.Locker";

    public override string? Refused => "RandomToken needs a column of at least 999,999,999 values";
}

public sealed class B7UniqueNumeric4Shape : B7NumberShapeBase<B7UniqueNumeric4Context>
{
    public override string Feature => "A NOT NULL unique long in a numeric(4, 0) column, kept: random values would collide";

    public override string Member => "B7NumberCustomer.Card";

    public override string? Refused => "RandomToken needs a column of at least 999,999,999 values";
}

public sealed class B7UniqueCode4Shape : B7NumberShapeBase<B7UniqueCode4Context>
{
    public override string Feature => "A NOT NULL unique string of at most 4 characters, kept";

    public override string Member => "B7NumberCustomer.Code";

    public override string? Refused => "widen the column to at least 22 characters";
}

public sealed class B7UniqueIntShape : B7NumberShapeBase<B7UniqueIntContext>
{
    public override string Feature => "A NOT NULL unique int, kept, among short, byte, long and text members that are not unique";

    public override string Member => "B7NumberCustomer.Member";
}

// ---- (1) Thousands of kept and swept rows with unique members ---------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class B7TicketCustomer : AnchoredCustomer;

/// <summary>A ticket the customer bought: kept (anonymised) on erasure, its serial swept two years after issue.</summary>
public class B7Ticket
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    /// <summary>The number printed on the ticket: unique, kept as a row of the event's attendance, anonymised on erasure.</summary>
    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public int Seat { get; set; }

    /// <summary>A unique serial of at most 24 characters: the short random token (22 characters) fits.</summary>
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Serial { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the ticket was issued.")]
    public DateTime IssuedAt { get; set; }

    /// <summary>
    /// <paramref name="count"/> tickets of <paramref name="customer"/> from key <paramref name="first"/> on, issued when the
    /// customer was last seen (<see cref="Shape.SeenAt"/>), with seats and serials numbered from the key.
    /// </summary>
    public static IEnumerable<B7Ticket> Of(int customer, int first, int count)
        => Enumerable.Range(first, count).Select(id => new B7Ticket
        {
            Id = id,
            CustomerId = customer,
            Seat = id,
            Serial = Shape.Swept(customer, "t" + id.ToString(CultureInfo.InvariantCulture)),
            IssuedAt = Shape.SeenAt(customer),
        });
}

public abstract class B7TicketContextBase(DbContextOptions options, string? seatColumn) : HeldContext<B7TicketCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
        => modelBuilder.Entity<B7Ticket>(t =>
        {
            t.HasOne<B7TicketCustomer>().WithMany().HasForeignKey(x => x.CustomerId);
            t.Property(x => x.Seat).HasColumnType(seatColumn);
            t.Property(x => x.Serial).HasMaxLength(24);
            t.HasIndex(x => x.Seat).IsUnique();
            t.HasIndex(x => x.Serial).IsUnique();
        });
}

public class B7TicketContext(DbContextOptions<B7TicketContext> options) : B7TicketContextBase(options, null);

public class B7SmallTicketContext(DbContextOptions<B7SmallTicketContext> options) : B7TicketContextBase(options, "smallint");

public abstract class B7TicketShapeBase<TContext> : Break2Shape<TContext>
    where TContext : DbContext
{
    public override string Member => "B7Ticket.Seat";

    /// <summary>The tickets of each customer in the catalogue's run (the many-rows test adds thousands of its own).</summary>
    public int TicketsPerCustomer { get; init; } = 2;

    protected override Task SeedAsync(TContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.AddRange(B7Ticket.Of(id, (id * 10_000) + 1, TicketsPerCustomer));
        }

        return SeedHeldAsync(context, _ => new B7TicketCustomer());
    }
}

public sealed class B7TicketShape : B7TicketShapeBase<B7TicketContext>
{
    public override string Feature => "Tickets with a unique int seat (kept, anonymised) and a unique 24-character serial (swept), thousands per customer";
}

public sealed class B7SmallTicketShape : B7TicketShapeBase<B7SmallTicketContext>
{
    public override string Feature => "Tickets with a unique int seat in a smallint column (kept, anonymised), thousands per customer";

    public override string? Refused => "RandomToken needs a column of at least 999,999,999 values";
}

// ---- (2) Required self-references: a thread whose notes answer a note, the first one itself --------------------------

[DataSubject(Subjects.Customer)]
public class B7NoteCustomer : AnchoredCustomer;

/// <summary>A note in a thread: it answers <see cref="ParentId"/> and belongs to <see cref="RootId"/>, both required; a thread's first note names itself in both.</summary>
public class B7Note
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int AuthorId { get; set; }

    public int ParentId { get; set; }

    public int RootId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Text { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the note was posted.")]
    public DateTime PostedAt { get; set; }

    /// <summary>
    /// Customer 1: a thread of three (1 ← 2 ← 3) whose first note customer 2 answers (5: note 1 stays, 2 and 3 go), and a
    /// second thread of three (10 ← 11 ← 12) that nobody else answers; customer 2: a thread of its own (4); customer 3 (2020):
    /// a thread of three (6 ← 7 ← 8) and a second answer to its first note (9). Each thread's notes are numbered from its
    /// first, so a database that deletes in key order meets a note before the notes that answer it. Inserted in SQL: the first note of a thread refers to itself, which EF Core's
    /// SaveChanges would order as a cycle.
    /// </summary>
    internal static async Task AddAsync(DbContext context)
    {
        (int Id, int Author, int Parent, int Root, string Text)[] notes =
        [
            (1, 1, 1, 1, "s1-first"), (2, 1, 1, 1, "s1-reply"), (3, 1, 2, 1, "s1-reply-reply"),
            (4, 2, 4, 4, "s2-first"), (5, 2, 1, 1, "s2-answer"),
            (6, 3, 6, 6, "old-first"), (7, 3, 6, 6, "old-reply"), (8, 3, 7, 6, "old-reply-reply"), (9, 3, 6, 6, "old-answer"),
            (10, 1, 10, 10, "s1-second"), (11, 1, 10, 10, "s1-second-reply"), (12, 1, 11, 10, "s1-second-reply-reply"),
        ];
        foreach (var (id, author, parent, root, text) in notes)
        {
            var posted = Shape.SeenAt(author);
            await context.Database.ExecuteSqlAsync($"INSERT INTO \"B7Note\" (\"Id\", \"AuthorId\", \"ParentId\", \"RootId\", \"Text\", \"PostedAt\") VALUES ({id}, {author}, {parent}, {root}, {text}, {posted})");
        }
    }
}

public abstract class B7NoteContextBase(DbContextOptions options, DeleteBehavior onDelete) : HeldContext<B7NoteCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
        => modelBuilder.Entity<B7Note>(n =>
        {
            n.HasOne<B7NoteCustomer>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
            n.HasOne<B7Note>().WithMany().HasForeignKey(x => x.ParentId).IsNotOwnership().OnDelete(onDelete);
            n.HasOne<B7Note>().WithMany().HasForeignKey(x => x.RootId).IsNotOwnership().OnDelete(onDelete);
        });
}

public class B7RestrictNoteContext(DbContextOptions<B7RestrictNoteContext> options) : B7NoteContextBase(options, DeleteBehavior.Restrict);

public class B7NoActionNoteContext(DbContextOptions<B7NoActionNoteContext> options) : B7NoteContextBase(options, DeleteBehavior.NoAction);

public class B7CascadeNoteContext(DbContextOptions<B7CascadeNoteContext> options) : B7NoteContextBase(options, DeleteBehavior.Cascade);

public abstract class B7NoteShapeBase<TContext> : Break2Shape<TContext>
    where TContext : DbContext
{
    public override string Member => "B7Note.Text";

    protected override async Task SeedAsync(TContext context)
    {
        await SeedHeldAsync(context, _ => new B7NoteCustomer());
        await B7Note.AddAsync(context);
    }
}

public sealed class B7RestrictNoteShape : B7NoteShapeBase<B7RestrictNoteContext>
{
    public override string Feature => "A thread with required self-references (ParentId and RootId NOT NULL, the first note its own parent), OnDelete Restrict, erased and swept";
}

public sealed class B7NoActionNoteShape : B7NoteShapeBase<B7NoActionNoteContext>
{
    public override string Feature => "A thread with required self-references, OnDelete NoAction, erased and swept";
}

public sealed class B7CascadeNoteShape : B7NoteShapeBase<B7CascadeNoteContext>
{
    public override string Feature => "A thread with required self-references, OnDelete Cascade (another customer's answer must stay), erased and swept";
}

// ---- (3) Inheritance with owned and complex types -----------------------------------------------------------------------

/// <summary>How <see cref="B7Document"/>'s hierarchy is mapped, and where its owned or complex type is.</summary>
public enum B7Inheritance
{
    /// <summary>TPC, OwnsOne on the abstract base: the owned columns are in every leaf's table.</summary>
    TpcOwnsOneOnBase,

    /// <summary>TPH, OwnsOne on the abstract base: one table.</summary>
    TphOwnsOneOnBase,

    /// <summary>TPT, OwnsMany on a derived type: the stamps' table refers to the derived type's table.</summary>
    TptOwnsManyOnDerived,

    /// <summary>TPC, OwnsMany on a leaf.</summary>
    TpcOwnsManyOnDerived,

    /// <summary>TPT, ComplexProperty on the base.</summary>
    TptComplexOnBase,

    /// <summary>TPC, ComplexProperty on the abstract base: its columns are in every leaf's table.</summary>
    TpcComplexOnBase,
}

[DataSubject(Subjects.Customer)]
public class B7DocCustomer : AnchoredCustomer;

/// <summary>Who holds a document (owned in some shapes, ignored in others); nullable: a licence may have none.</summary>
public class B7Holder
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Street { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? City { get; set; }
}

/// <summary>Who issued a document, as a complex type (never null).</summary>
public class B7Issuer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Officer { get; set; } = "";
}

/// <summary>An entry stamp in a passport (an owned collection).</summary>
public class B7Stamp
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Country { get; set; } = "";
}

public abstract class B7Document
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Number { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the document was issued.")]
    public DateTime IssuedAt { get; set; }

    public B7Holder? Holder { get; set; }

    public B7Issuer Issuer { get; set; } = new();
}

public class B7Passport : B7Document
{
    public List<B7Stamp> Stamps { get; set; } = [];
}

public class B7Licence : B7Document;

public abstract class B7DocumentContextBase(DbContextOptions options, B7Inheritance mapping) : HeldContext<B7DocCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B7Document>(d =>
        {
            d.HasOne<B7DocCustomer>().WithMany().HasForeignKey(x => x.CustomerId);
            _ = mapping switch
            {
                B7Inheritance.TpcOwnsOneOnBase or B7Inheritance.TpcOwnsManyOnDerived or B7Inheritance.TpcComplexOnBase => d.UseTpcMappingStrategy(),
                B7Inheritance.TptOwnsManyOnDerived or B7Inheritance.TptComplexOnBase => d.UseTptMappingStrategy(),
                _ => d.UseTphMappingStrategy(),
            };
            if (mapping is B7Inheritance.TpcOwnsOneOnBase or B7Inheritance.TphOwnsOneOnBase)
            {
                d.OwnsOne(x => x.Holder);
            }
            else
            {
                d.Ignore(x => x.Holder);
            }

            if (mapping is B7Inheritance.TptComplexOnBase or B7Inheritance.TpcComplexOnBase)
            {
                d.ComplexProperty(x => x.Issuer);
            }
            else
            {
                d.Ignore(x => x.Issuer);
            }
        });
        modelBuilder.Entity<B7Passport>(p =>
        {
            if (mapping is B7Inheritance.TptOwnsManyOnDerived or B7Inheritance.TpcOwnsManyOnDerived)
            {
                p.OwnsMany(x => x.Stamps, s =>
                {
                    s.ToTable("B7Stamps");
                    s.HasKey(x => x.Id);
                    s.Property(x => x.Id).ValueGeneratedNever();
                });
            }
            else
            {
                p.Ignore(x => x.Stamps);
            }

            if (mapping != B7Inheritance.TphOwnsOneOnBase)
            {
                p.ToTable("B7Passports");
            }
        });
        if (mapping != B7Inheritance.TphOwnsOneOnBase)
        {
            modelBuilder.Entity<B7Licence>().ToTable("B7Licences");
        }
        else
        {
            modelBuilder.Entity<B7Licence>();
        }
    }
}

public class B7TpcOwnsOneContext(DbContextOptions<B7TpcOwnsOneContext> options) : B7DocumentContextBase(options, B7Inheritance.TpcOwnsOneOnBase);

public class B7TphOwnsOneContext(DbContextOptions<B7TphOwnsOneContext> options) : B7DocumentContextBase(options, B7Inheritance.TphOwnsOneOnBase);

public class B7TptOwnsManyContext(DbContextOptions<B7TptOwnsManyContext> options) : B7DocumentContextBase(options, B7Inheritance.TptOwnsManyOnDerived);

public class B7TpcOwnsManyContext(DbContextOptions<B7TpcOwnsManyContext> options) : B7DocumentContextBase(options, B7Inheritance.TpcOwnsManyOnDerived);

public class B7TptComplexContext(DbContextOptions<B7TptComplexContext> options) : B7DocumentContextBase(options, B7Inheritance.TptComplexOnBase);

public class B7TpcComplexContext(DbContextOptions<B7TpcComplexContext> options) : B7DocumentContextBase(options, B7Inheritance.TpcComplexOnBase);

/// <summary>
/// Customer 1: a passport (1, with a holder, stamps and an issuer) and a licence (2); customer 2: a passport (3) with no
/// holder; customer 3 (2020): a passport (4) and a licence (5), expired. Members a mapping ignores are not stored.
/// </summary>
public abstract class B7DocumentShapeBase<TContext> : Break2Shape<TContext>
    where TContext : DbContext
{
    protected override async Task SeedAsync(TContext context)
    {
        static B7Holder HolderOf(int id) => new() { Street = $"s{id}-street", City = Swept(id, "city") };
        static B7Issuer IssuerOf(int id) => new() { Officer = Swept(id, "officer") };
        static List<B7Stamp> StampsOf(int id) => [new() { Id = (id * 10) + 1, Country = $"s{id}-country" }, new() { Id = (id * 10) + 2, Country = $"s{id}-country2" }];
        context.AddRange(
            new B7Passport { Id = 1, CustomerId = 1, Number = "s1-passport", IssuedAt = Recent, Holder = HolderOf(1), Issuer = IssuerOf(1), Stamps = StampsOf(1) },
            new B7Licence { Id = 2, CustomerId = 1, Number = "s1-licence", IssuedAt = Recent, Issuer = IssuerOf(1) },
            new B7Passport { Id = 3, CustomerId = 2, Number = "s2-passport", IssuedAt = Recent, Issuer = IssuerOf(2), Stamps = StampsOf(2) },
            new B7Passport { Id = 4, CustomerId = 3, Number = "old-passport", IssuedAt = Old, Holder = HolderOf(3), Issuer = IssuerOf(3), Stamps = StampsOf(3) },
            new B7Licence { Id = 5, CustomerId = 3, Number = "old-licence", IssuedAt = Old, Holder = HolderOf(3), Issuer = IssuerOf(3) });
        await SeedHeldAsync(context, _ => new B7DocCustomer());
    }
}

/// <summary>
/// Not in the catalogue: EF Core itself refuses the model when it is built ("The entity type 'B7Document' is not mapped, so
/// by default the owned type 'Holder.B7Holder' will also be unmapped"), before Ncs.Privacy's check; Break7ShapeTests says so.
/// </summary>
public sealed class B7TpcOwnsOneShape : B7DocumentShapeBase<B7TpcOwnsOneContext>
{
    public override string Feature => "TPC with OwnsOne on the abstract base (refused by EF Core when the model is built)";

    public override string Member => "B7Document.Holder";
}

public sealed class B7TphOwnsOneShape : B7DocumentShapeBase<B7TphOwnsOneContext>
{
    public override string Feature => "TPH with OwnsOne on the abstract base, erased and swept";

    public override string Member => "B7Document.Holder";
}

public sealed class B7TptOwnsManyShape : B7DocumentShapeBase<B7TptOwnsManyContext>
{
    public override string Feature => "TPT with OwnsMany on a derived type, erased and swept";

    public override string Member => "B7Passport.Stamps";
}

public sealed class B7TpcOwnsManyShape : B7DocumentShapeBase<B7TpcOwnsManyContext>
{
    public override string Feature => "TPC with OwnsMany on a leaf, erased and swept";

    public override string Member => "B7Passport.Stamps";
}

public sealed class B7TptComplexShape : B7DocumentShapeBase<B7TptComplexContext>
{
    public override string Feature => "TPT with a ComplexProperty on the base type, erased and swept";

    public override string Member => "B7Document.Issuer";

    public override string? Refused => "EF Core's own queries of such a hierarchy fail ('Sequence contains more than one element', dotnet/efcore#35392)";
}

public sealed class B7TpcComplexShape : B7DocumentShapeBase<B7TpcComplexContext>
{
    public override string Feature => "TPC with a ComplexProperty on the abstract base, erased and swept";

    public override string Member => "B7Document.Issuer";

    public override string? Refused => "EF Core's own queries of its concrete types fail";
}

// ---- (4) Retention anchors through converters that get one part of the date wrong ------------------------------------

/// <summary>A converter's stored text: which part of the date it writes wrongly (or rightly).</summary>
public enum B7AnchorText
{
    /// <summary><c>yyyy-MM-d HH:mm:ss</c>: the day without a leading zero ('2026-01-9' after '2026-01-10').</summary>
    DayUnpadded,

    /// <summary><c>yyyy-MM-dd hh:mm:ss</c>: a 12-hour clock without AM/PM ('01' PM before '11' AM).</summary>
    TwelveHour,

    /// <summary><c>yyyy-MM-dd HH:m:ss</c>: minutes without a leading zero.</summary>
    MinuteUnpadded,

    /// <summary><c>yyyy-MM-dd HH:mm</c>: exact to the minute, in order (dates within one day may tie: the cutoff moves by less than a day).</summary>
    Minutes,

    /// <summary>Unix seconds as a long: in order on both sides of 1970, ties only within a second.</summary>
    UnixSeconds,
}

/// <summary>A text or number converter of a <see cref="DateTime"/> anchor with one of <see cref="B7AnchorText"/>'s forms.</summary>
public static class B7AnchorConverters
{
    private static string Text(B7AnchorText form) => form switch
    {
        B7AnchorText.DayUnpadded => "yyyy-MM-d HH:mm:ss",
        B7AnchorText.TwelveHour => "yyyy-MM-dd hh:mm:ss",
        B7AnchorText.MinuteUnpadded => "yyyy-MM-dd HH:m:ss",
        _ => "yyyy-MM-dd HH:mm",
    };

    /// <summary>The converter of <paramref name="form"/>.</summary>
    public static ValueConverter Of(B7AnchorText form) => form == B7AnchorText.UnixSeconds
        ? new ValueConverter<DateTime, long>(v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)).ToUnixTimeSeconds(), v => DateTimeOffset.FromUnixTimeSeconds(v).UtcDateTime)
        : new ValueConverter<DateTime, string>(
            v => v.ToString(Text(form), CultureInfo.InvariantCulture),
            v => DateTime.SpecifyKind(DateTime.ParseExact(v, Text(form), CultureInfo.InvariantCulture), DateTimeKind.Utc));
}

public abstract class B7AnchorContextBase(DbContextOptions options, B7AnchorText form) : HeldContext<B6TzCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B6TzCustomer>().Property(c => c.LastSeen).HasConversion(B7AnchorConverters.Of(form));
        modelBuilder.Entity<B2Invoice>().Property(i => i.InvoiceDate).HasConversion(B7AnchorConverters.Of(form));
    }
}

public class B7DayUnpaddedContext(DbContextOptions<B7DayUnpaddedContext> options) : B7AnchorContextBase(options, B7AnchorText.DayUnpadded);

public class B7TwelveHourContext(DbContextOptions<B7TwelveHourContext> options) : B7AnchorContextBase(options, B7AnchorText.TwelveHour);

public class B7MinuteUnpaddedContext(DbContextOptions<B7MinuteUnpaddedContext> options) : B7AnchorContextBase(options, B7AnchorText.MinuteUnpadded);

public class B7MinutesContext(DbContextOptions<B7MinutesContext> options) : B7AnchorContextBase(options, B7AnchorText.Minutes);

public class B7UnixSecondsContext(DbContextOptions<B7UnixSecondsContext> options) : B7AnchorContextBase(options, B7AnchorText.UnixSeconds);

public sealed class B7DayUnpaddedShape : B6TzShapeBase<B7DayUnpaddedContext>
{
    public override string Feature => "Retention anchors stored as yyyy-MM-d text (the day without a leading zero)";

    public override string? Refused => "as String whose stored values do not sort as the dates do";
}

public sealed class B7TwelveHourShape : B6TzShapeBase<B7TwelveHourContext>
{
    public override string Feature => "Retention anchors stored as text with a 12-hour clock (hh, no AM/PM)";

    public override string? Refused => "as String whose stored values do not sort as the dates do";
}

public sealed class B7MinuteUnpaddedShape : B6TzShapeBase<B7MinuteUnpaddedContext>
{
    public override string Feature => "Retention anchors stored as text with minutes without a leading zero";

    public override string? Refused => "as String whose stored values do not sort as the dates do";
}

public sealed class B7MinutesShape : B6TzShapeBase<B7MinutesContext>
{
    public override string Feature => "Retention anchors stored as yyyy-MM-dd HH:mm text (seconds dropped), held and swept";
}

public sealed class B7UnixSecondsShape : B6TzShapeBase<B7UnixSecondsContext>
{
    public override string Feature => "Retention anchors stored as Unix seconds (long), before and after 1970, held and swept";
}
