using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// Mappings a fourth fresh tester wrote the way real applications do (issue 11, round 4): each works for export, erasure
// and the sweep, or start-up refuses it naming the member (Member) and the fix.

// ---- A JSON complex type with nullable values for which Zero is chosen explicitly, kept and swept ----------------------

public class ZeroJsonProfile
{
    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public int? ShoeSize { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public bool? Newsletter { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public string? Nickname { get; set; }
}

[DataSubject(Subjects.Customer)]
public class ZeroJsonCustomer : AnchoredCustomer
{
    public ZeroJsonProfile Profile { get; set; } = new();
}

public class ZeroJsonContext(DbContextOptions<ZeroJsonContext> options) : HeldContext<ZeroJsonCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<ZeroJsonCustomer>().ComplexProperty(c => c.Profile, p => p.ToJson());
}

public sealed class ZeroJsonShape : Break2Shape<ZeroJsonContext>
{
    public override string Feature => "Nullable values in a JSON complex type with Zero chosen explicitly, kept and swept";

    public override string Member => "ZeroJsonProfile.ShoeSize";

    protected override Task SeedAsync(ZeroJsonContext context)
    {
        context.Add(new ZeroJsonCustomer { Id = 1, Name = "s1-name", LastSeen = SeenAt(1), Profile = new() { ShoeSize = 41, Newsletter = null, Nickname = "s1-nick" } });
        context.Add(new ZeroJsonCustomer { Id = 2, Name = "s2-name", LastSeen = SeenAt(2), Profile = new() { ShoeSize = 42, Newsletter = true, Nickname = "s2-nick" } });
        context.Add(new ZeroJsonCustomer { Id = 3, Name = "s3-name", LastSeen = SeenAt(3), Profile = new() { ShoeSize = null, Newsletter = true, Nickname = "old-nick" } });
        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- Built-in converters whose provider type differs: bool as 'Y'/'N', Guid as bytes, DateTime as ticks ---------------

[DataSubject(Subjects.Customer)]
public class ProviderTypeCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public bool Newsletter { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public Guid DeviceId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateTime BirthDate { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public List<string>? Nicknames { get; set; }
}

public class ProviderTypeContext(DbContextOptions<ProviderTypeContext> options) : HeldContext<ProviderTypeCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProviderTypeCustomer>(c =>
        {
            c.Property(x => x.Newsletter).HasConversion(new BoolToStringConverter("N", "Y")).HasMaxLength(1);
            c.Property(x => x.DeviceId).HasConversion(new GuidToBytesConverter());
            c.Property(x => x.BirthDate).HasConversion(new DateTimeToTicksConverter());
            c.Property(x => x.Nicknames).HasConversion(
                v => string.Join(',', v!),
                v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))), v => v.ToList()));
        });
    }
}

public sealed class ProviderTypeShape : Break2Shape<ProviderTypeContext>
{
    public override string Feature => "Converters to another provider type (bool as Y/N, Guid as bytes, DateTime as ticks, a list as text with a ValueComparer)";

    public override string Member => "ProviderTypeCustomer.Newsletter";

    protected override Task SeedAsync(ProviderTypeContext context)
        => SeedHeldAsync(context, id => new ProviderTypeCustomer
        {
            Newsletter = true, DeviceId = new Guid($"00000000-0000-0000-0000-00000000000{id}"),
            BirthDate = new DateTime(1980, 1, id, 0, 0, 0, DateTimeKind.Utc), Nicknames = [Swept(id, "nick")],
        });
}

// ---- A phone number normalised on write and validated on read (a value converter whose read throws on '[erased]') -----

public static class PhoneNumbers
{
    public static string Normalise(string value) => value.Replace(" ", "", StringComparison.Ordinal);

    public static string Validate(string value) => value.StartsWith('+') || value.Length == 0
        ? value
        : throw new FormatException($"'{value}' is not a phone number in E.164 form.");
}

[DataSubject(Subjects.Customer)]
public class PhoneCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Redact)]
    public string Phone { get; set; } = "";
}

public class PhoneContext(DbContextOptions<PhoneContext> options) : HeldContext<PhoneCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<PhoneCustomer>().Property(x => x.Phone).HasConversion(v => PhoneNumbers.Normalise(v), v => PhoneNumbers.Validate(v)).HasMaxLength(20);
}

public sealed class PhoneShape : Break2Shape<PhoneContext>
{
    public override string Feature => "A value converter that validates on read and rejects the Redact placeholder";

    public override string Member => "PhoneCustomer.Phone";

    public override string? Refused => "PhoneCustomer.Phone: has a value converter";

    protected override Task SeedAsync(PhoneContext context)
        => SeedHeldAsync(context, id => new PhoneCustomer { Phone = $"+46 70 {id}" });
}

// ---- A value object stored as text whose constructor validates, NOT NULL ------------------------------------------------

public sealed record B4Email
{
    public B4Email(string value) => Value = value.Contains('@', StringComparison.Ordinal) ? value : throw new ArgumentException($"'{value}' is not an e-mail address.", nameof(value));

    public string Value { get; }
}

[DataSubject(Subjects.Customer)]
public class ValueObjectCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public B4Email Email { get; set; } = new("x@example.com");
}

public class ValueObjectContext(DbContextOptions<ValueObjectContext> options) : HeldContext<ValueObjectCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<ValueObjectCustomer>().Property(x => x.Email).HasConversion(v => v.Value, v => new B4Email(v)).HasMaxLength(200);
}

public sealed class ValueObjectShape : Break2Shape<ValueObjectContext>
{
    public override string Feature => "A NOT NULL value object stored as text whose constructor validates";

    public override string Member => "ValueObjectCustomer.Email";

    protected override Task SeedAsync(ValueObjectContext context)
        => SeedHeldAsync(context, id => new ValueObjectCustomer { Email = new B4Email($"s{id}-mail@example.com") });
}

// ---- An owned type with a personal field under a unique index; tiny NOT NULL strings ------------------------------------

public class B4Contact
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Email { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Gender { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Country { get; set; } = "";
}

[DataSubject(Subjects.Customer)]
public class OwnedUniqueCustomer : AnchoredCustomer
{
    public B4Contact Contact { get; set; } = new();
}

public class OwnedUniqueContext(DbContextOptions<OwnedUniqueContext> options) : HeldContext<OwnedUniqueCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OwnedUniqueCustomer>().OwnsOne(c => c.Contact, o =>
        {
            o.Property(x => x.Email).HasMaxLength(30).IsRequired();
            o.HasIndex(x => x.Email).IsUnique();
            o.Property(x => x.Gender).HasMaxLength(1).IsRequired();
            o.Property(x => x.Country).HasMaxLength(2).IsUnicode(false).IsRequired();
        });
        modelBuilder.Entity<OwnedUniqueCustomer>().Navigation(c => c.Contact).IsRequired();
    }
}

public sealed class OwnedUniqueShape : Break2Shape<OwnedUniqueContext>
{
    public override string Feature => "An owned type with a unique e-mail (30 characters) and NOT NULL strings of 1 and 2 characters";

    public override string Member => "B4Contact.Email";

    protected override Task SeedAsync(OwnedUniqueContext context)
        => SeedHeldAsync(context, id => new OwnedUniqueCustomer { Contact = new() { Email = $"s{id}-m@x.se", Gender = "F", Country = "SE" } });
}

// ---- A held invoice that refers to its customer by the customer's e-mail (an alternate key, composite) ----------------

[DataSubject(Subjects.Customer)]
public class CompositeFkCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [NotPersonalData("The shop.")]
    public int TenantId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Email { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }
}

public class CompositeFkInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [NotPersonalData("The shop.")]
    public int TenantId { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string CustomerEmail { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }
}

public class CompositeFkContext(DbContextOptions<CompositeFkContext> options) : ShapeContext(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CompositeFkInvoice>().HasOne<CompositeFkCustomer>().WithMany()
            .HasForeignKey(i => new { i.TenantId, i.CustomerEmail }).HasPrincipalKey(c => new { c.TenantId, c.Email }).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CompositeFkShape : Break2Shape<CompositeFkContext>
{
    public override string Feature => "A personal e-mail in a composite alternate key that a held invoice's foreign key refers to";

    public override string Member => "CompositeFkCustomer.Email";

    protected override Task SeedAsync(CompositeFkContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new CompositeFkCustomer { Id = id, TenantId = 7, Email = $"s{id}-mail@example.com", LastSeen = SeenAt(id) });
        }

        context.Add(new CompositeFkInvoice { Id = 1, TenantId = 7, CustomerEmail = "s1-mail@example.com", InvoiceDate = Recent });
        return context.SaveChangesAsync();
    }
}

// ---- TPH: two derived types share one Phone column, each with its own retention rule -----------------------------------

[DataSubject(Subjects.Customer)]
public abstract class SharedColumnParty : AnchoredCustomer;

public class SharedColumnPerson : SharedColumnParty
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Phone { get; set; }
}

public class SharedColumnCompany : SharedColumnParty
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Phone { get; set; }
}

public class SharedColumnContext(DbContextOptions<SharedColumnContext> options) : HeldContext<SharedColumnParty>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SharedColumnParty>().ToTable("Parties");
        modelBuilder.Entity<SharedColumnPerson>().Property(x => x.Phone).HasColumnName("Phone");
        modelBuilder.Entity<SharedColumnCompany>().Property(x => x.Phone).HasColumnName("Phone");
    }
}

public sealed class SharedColumnShape : Break2Shape<SharedColumnContext>
{
    public override string Feature => "TPH: one Phone column shared by two derived types with different retention rules";

    public override string Member => "SharedColumnPerson.Phone";

    public override IReadOnlyList<object> Subjects => [1, 2, 3, 4];

    protected override Task SeedAsync(SharedColumnContext context)
    {
        context.Add(new SharedColumnPerson { Id = 1, Name = "s1-name", LastSeen = SeenAt(1), Phone = "s1-phone" });
        context.Add(new SharedColumnCompany { Id = 2, Name = "s2-name", LastSeen = SeenAt(2), Phone = "s2-phone" });
        context.Add(new SharedColumnPerson { Id = 3, Name = "s3-name", LastSeen = SeenAt(3), Phone = "old-phone" });
        context.Add(new SharedColumnCompany { Id = 4, Name = "s4-name", LastSeen = Old, Phone = "s4-phone-kept" });
        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- A shadow foreign key; a dependent behind a global query filter; HiLo keys on PostgreSQL ---------------------------

[DataSubject(Subjects.Customer)]
public class ShadowFkCustomer : AnchoredCustomer
{
    public List<ShadowFkNote> Notes { get; set; } = [];
}

public class ShadowFkNote
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [NotPersonalData("Soft delete.")]
    public bool Deleted { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Text { get; set; } = "";
}

public class ShadowFkContext(DbContextOptions<ShadowFkContext> options) : HeldContext<ShadowFkCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ShadowFkCustomer>().HasMany(c => c.Notes).WithOne().HasForeignKey("OwnerId").OnDelete(DeleteBehavior.Cascade);
        modelBuilder.Entity<ShadowFkNote>().HasQueryFilter("SoftDelete", n => !n.Deleted);
        if (IsPostgres)
        {
            modelBuilder.Entity<ShadowFkNote>().Property(n => n.Id).UseHiLo("note_hilo");
        }
    }
}

public sealed class ShadowFkShape : Break2Shape<ShadowFkContext>
{
    public override string Feature => "A dependent reached through a shadow foreign key, behind a query filter, with HiLo keys";

    public override string Member => "ShadowFkNote.Text";

    protected override Task SeedAsync(ShadowFkContext context)
        => SeedHeldAsync(context, id => new ShadowFkCustomer { Notes = [new() { Text = Swept(id, "note") }, new() { Text = Swept(id, "deleted-note"), Deleted = true }] });
}

// ---- PostgreSQL: jsonb as JsonDocument, numeric without precision, bit strings, xid -----------------------------------

[DataSubject(Subjects.Customer)]
public class PgJsonCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public JsonDocument? Preferences { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public decimal Income { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public System.Collections.BitArray? Flags { get; set; }
}

public class PgJsonContext(DbContextOptions<PgJsonContext> options) : HeldContext<PgJsonCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PgJsonCustomer>(c =>
        {
            if (IsPostgres)
            {
                c.Property(x => x.Income).HasColumnType("numeric");
                c.Property(x => x.Flags).HasColumnType("bit varying(8)");
            }
            else
            {
                c.Property(x => x.Preferences).HasConversion(v => v!.RootElement.GetRawText(), v => JsonDocument.Parse(v, default));
                c.Ignore(x => x.Flags);
            }
        });
    }
}

public sealed class PgJsonShape : Break2Shape<PgJsonContext>
{
    public override string Feature => "jsonb as JsonDocument, numeric without precision and a bit string under a two-year rule";

    public override string Member => "PgJsonCustomer.Preferences";

    protected override Task SeedAsync(PgJsonContext context)
        => SeedHeldAsync(context, id => new PgJsonCustomer
        {
            Preferences = JsonDocument.Parse($"{{\"nick\":\"{Swept(id, "nick")}\"}}"), Income = 1000.5m + id,
            Flags = IsPostgres(context) ? new System.Collections.BitArray([true, false, true]) : null
        });
}

// ---- SQLite and PostgreSQL: a NOT NULL column with a default and CHECK(length(x) > 3) ----------------------------------

[DataSubject(Subjects.Customer)]
public class DefaultCheckCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Nick { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public string Code { get; set; } = "";
}

public class DefaultCheckContext(DbContextOptions<DefaultCheckContext> options) : HeldContext<DefaultCheckCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DefaultCheckCustomer>(c =>
        {
            c.Property(x => x.Nick).HasDefaultValue("none").HasMaxLength(40);
            c.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Nick", "length(\"Nick\") > 3");
                t.HasCheckConstraint("CK_Code", "LENGTH(\"Code\") <> 1");
            });
        });
    }
}

public sealed class DefaultCheckShape : Break2Shape<DefaultCheckContext>
{
    public override string Feature => "A NOT NULL column with a default value under CHECK(length(x) > 3)";

    public override string Member => "DefaultCheckCustomer.Nick";

    protected override Task SeedAsync(DefaultCheckContext context)
        => SeedHeldAsync(context, id => new DefaultCheckCustomer { Nick = Swept(id, "nick"), Code = Swept(id, "code") });
}

// ---- PostgreSQL: a uint in an xid column (SQLite: an integer), NOT NULL, under a two-year rule -------------------------

[DataSubject(Subjects.Customer)]
public class XidCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public uint Visits { get; set; }
}

public class XidContext(DbContextOptions<XidContext> options) : HeldContext<XidCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        if (IsPostgres)
        {
            modelBuilder.Entity<XidCustomer>().Property(x => x.Visits).HasColumnType("xid");
        }
    }
}

public sealed class XidShape : Break2Shape<XidContext>
{
    public override string Feature => "A NOT NULL uint in a PostgreSQL xid column under a two-year rule";

    public override string Member => "XidCustomer.Visits";

    public override string? RefusedOn(DatabaseProvider provider)
        => provider == DatabaseProvider.PostgreSql ? "XidCustomer.Visits: has no anonymisation strategy that fits the column" : null;

    protected override Task SeedAsync(XidContext context)
        => SeedHeldAsync(context, id => new XidCustomer { Visits = (uint)(10 + id) });
}

// ---- Value converters inside a JSON complex type (an encrypted text, a bool as 'Y'/'N'), nullable values with Zero -----

public enum B4Mood
{
    Unknown = 0,
    Happy = 1,
}

public static class B4Cipher
{
    private const string Prefix = "enc:";

    public static string Encrypt(string value) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Prefix + value));

    public static string Decrypt(string value)
    {
        var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value));
        return text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : throw new FormatException("Not a ciphertext of this application.");
    }

    public static byte[] EncryptToBytes(string value) => System.Text.Encoding.UTF8.GetBytes(Prefix + value).Select(b => (byte)(b ^ 0x5A)).ToArray();

    public static string DecryptBytes(byte[] value)
    {
        var text = System.Text.Encoding.UTF8.GetString(value.Select(b => (byte)(b ^ 0x5A)).ToArray());
        return text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : throw new FormatException("Not a ciphertext of this application.");
    }
}

public class JsonConvAProfile
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Secret { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public bool Newsletter { get; set; }
}

[DataSubject(Subjects.Customer)]
public class JsonConvACustomer : AnchoredCustomer
{
    public JsonConvAProfile Profile { get; set; } = new();
}

public class JsonConvAContext(DbContextOptions<JsonConvAContext> options) : HeldContext<JsonConvACustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JsonConvACustomer>().ComplexProperty(c => c.Profile, p =>
        {
            p.ToJson();
            p.Property(x => x.Secret).HasConversion(v => B4Cipher.Encrypt(v), v => B4Cipher.Decrypt(v));
            p.Property(x => x.Newsletter).HasConversion(new BoolToStringConverter("N", "Y"));
        });
    }
}

public sealed class JsonConvAShape : Break2Shape<JsonConvAContext>
{
    public override string Feature => "Value converters on NOT NULL fields inside a JSON complex type (encrypted text, bool as Y/N), kept";

    public override string? Refused => "JsonConvAProfile.Secret: has no anonymisation strategy that fits the column";

    public override string Member => "JsonConvAProfile.Secret";

    public override string Reveal(string stored) => stored;

    protected override Task SeedAsync(JsonConvAContext context)
        => SeedHeldAsync(context, id => new JsonConvACustomer
        {
            Profile = new() { Secret = Swept(id, "secret"), Newsletter = true },
        });
}

public class JsonConvBProfile
{

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public B4Mood? Mood { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public DateTime? Birth { get; set; }
}

[DataSubject(Subjects.Customer)]
public class JsonConvBCustomer : AnchoredCustomer
{
    public JsonConvBProfile Profile { get; set; } = new();
}

public class JsonConvBContext(DbContextOptions<JsonConvBContext> options) : HeldContext<JsonConvBCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JsonConvBCustomer>().ComplexProperty(c => c.Profile, p =>
        {
            p.ToJson();
            p.Property(x => x.Mood).HasConversion<string>();
        });
    }
}

public sealed class JsonConvBShape : Break2Shape<JsonConvBContext>
{
    public override string Feature => "A nullable enum stored as text inside a JSON complex type, Zero chosen, kept";

    public override string? Refused => "JsonConvBProfile.Mood: is a nullable B4Mood inside a JSON document";

    public override string Member => "JsonConvBProfile.Mood";

    public override string Reveal(string stored) => stored;

    protected override Task SeedAsync(JsonConvBContext context)
        => SeedHeldAsync(context, id => new JsonConvBCustomer
        {
            Profile = new() { Mood = id == 1 ? null : B4Mood.Happy, Birth = id == 3 ? null : new DateTime(1980, 1, id, 0, 0, 0, DateTimeKind.Utc) },
        });
}

public class JsonConvCProfile
{

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public DateTime? Birth { get; set; }
}

[DataSubject(Subjects.Customer)]
public class JsonConvCCustomer : AnchoredCustomer
{
    public JsonConvCProfile Profile { get; set; } = new();
}

public class JsonConvCContext(DbContextOptions<JsonConvCContext> options) : HeldContext<JsonConvCCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JsonConvCCustomer>().ComplexProperty(c => c.Profile, p =>
        {
            p.ToJson();
        });
    }
}

public sealed class JsonConvCShape : Break2Shape<JsonConvCContext>
{
    public override string Feature => "A nullable DateTime inside a JSON complex type, Zero chosen, kept";

    public override string? Refused => "JsonConvCProfile.Birth: is a nullable DateTime inside a JSON document";

    public override string Member => "JsonConvCProfile.Birth";

    public override string Reveal(string stored) => stored;

    protected override Task SeedAsync(JsonConvCContext context)
        => SeedHeldAsync(context, id => new JsonConvCCustomer
        {
            Profile = new() { Birth = id == 3 ? null : new DateTime(1980, 1, id, 0, 0, 0, DateTimeKind.Utc) },
        });
}

// ---- TPT: a derived table's converted NOT NULL column under a CHECK; an encrypted text stored as bytes -----------------

[DataSubject(Subjects.Customer)]
public class TptConvCustomer : AnchoredCustomer;

public class TptConvMember : TptConvCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Code { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Ssn { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateTime Birth { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateTimeOffset SignedUp { get; set; }
}

public class TptConvContext(DbContextOptions<TptConvContext> options) : HeldContext<TptConvCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TptConvCustomer>().UseTptMappingStrategy().ToTable("Customers");
        modelBuilder.Entity<TptConvMember>(m =>
        {
            m.ToTable("Members", t => t.HasCheckConstraint("CK_Code", "length(\"Code\") <= 40"));
            m.Property(x => x.Code).HasConversion(v => v.ToUpperInvariant(), v => v);
            m.Property(x => x.Ssn).HasConversion(v => B4Cipher.EncryptToBytes(v), v => B4Cipher.DecryptBytes(v));
            m.Property(x => x.Birth).HasConversion(v => v.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), v => DateTime.SpecifyKind(DateTime.Parse(v, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc)).HasMaxLength(10);
        });
    }
}

public sealed class TptConvShape : Break2Shape<TptConvContext>
{
    public override string Feature => "TPT: a derived table's converted columns (upper-cased text under a CHECK, encrypted bytes, a date as text)";

    public override string Member => "TptConvMember.Code";

    protected override Task SeedAsync(TptConvContext context)
        => SeedHeldAsync(context, id => new TptConvMember
        {
            Code = Swept(id, "code"), Ssn = Swept(id, "ssn"), Birth = new DateTime(1980, 1, id, 0, 0, 0, DateTimeKind.Utc),
            SignedUp = new DateTimeOffset(2019, 1, id, 0, 0, 0, TimeSpan.Zero),
        });
}
