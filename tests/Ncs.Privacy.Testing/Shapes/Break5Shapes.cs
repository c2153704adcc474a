using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// Mappings a fifth fresh tester wrote the way real applications do (issue 11, round 5), and shapes of the same kinds the
// tester did not list: each works for export, erasure and the sweep, or start-up refuses it naming the member (Member)
// and a fix that is itself valid for the column (Refused / RefusedOn).

// ---- A personal value as the TPH discriminator (a CLR property, a named shadow property, an int) ----------------------

[DataSubject(Subjects.Customer)]
public abstract class B5GenderCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Gender { get; set; } = "";
}

public class B5Female : B5GenderCustomer;

public class B5Male : B5GenderCustomer;

public class B5GenderContext(DbContextOptions<B5GenderContext> options) : HeldContext<B5GenderCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5GenderCustomer>().HasDiscriminator(c => c.Gender).HasValue<B5Female>("F").HasValue<B5Male>("M");
    }
}

public sealed class B5GenderShape : Break2Shape<B5GenderContext>
{
    public override string Feature => "A personal CLR property (Gender) as the TPH discriminator, kept and swept";

    public override string Member => "B5GenderCustomer.Gender";

    public override string? Refused => "B5GenderCustomer.Gender: is the discriminator of the B5GenderCustomer hierarchy";

    protected override Task SeedAsync(B5GenderContext context)
        => SeedHeldAsync<B5GenderCustomer>(context, id => id == 2 ? new B5Male { Gender = "M" } : new B5Female { Gender = "F" });
}

[DataSubject(Subjects.Customer)]
public class B5HealthCustomer : AnchoredCustomer;

public class B5PregnantCustomer : B5HealthCustomer;

/// <summary>A shadow discriminator HealthStatus ('none', 'pregnant') classified personal in OnModelCreating.</summary>
public class B5HealthContext(DbContextOptions<B5HealthContext> options) : HeldContext<B5HealthCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5HealthCustomer>().HasDiscriminator<string>("HealthStatus").HasValue<B5HealthCustomer>("none").HasValue<B5PregnantCustomer>("pregnant");
        modelBuilder.Entity<B5HealthCustomer>().Property<string>("HealthStatus").IsPersonalData(Purposes.Account, Retention.Account);
    }
}

/// <summary>The same shadow discriminator left unclassified: the application named it and chose its values.</summary>
public class B5UnclassifiedHealthContext(DbContextOptions<B5UnclassifiedHealthContext> options) : HeldContext<B5HealthCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5HealthCustomer>().HasDiscriminator<string>("HealthStatus").HasValue<B5HealthCustomer>("none").HasValue<B5PregnantCustomer>("pregnant");
    }
}

/// <summary>Not in the catalogue, whose refusals are all of what cannot execute: this one is a classification (UnclassifiedProperty).</summary>
public sealed class B5UnclassifiedHealthShape : Break2Shape<B5UnclassifiedHealthContext>
{
    public override string Feature => "A named shadow discriminator (HealthStatus: 'none', 'pregnant') left unclassified: not taken as technical";

    public override string Member => "HealthStatus";

    public override string? Refused => "is the discriminator of the B5HealthCustomer hierarchy, named by the application";

    protected override Task SeedAsync(B5UnclassifiedHealthContext context)
        => SeedHeldAsync<B5HealthCustomer>(context, id => id == 1 ? new B5PregnantCustomer() : new B5HealthCustomer());
}

public sealed class B5HealthShape : Break2Shape<B5HealthContext>
{
    public override string Feature => "A named shadow discriminator (HealthStatus: 'none', 'pregnant') classified personal in OnModelCreating, kept";

    public override string Member => "B5HealthCustomer.HealthStatus";

    public override string? Refused => "B5HealthCustomer.HealthStatus: is the discriminator of the B5HealthCustomer hierarchy";

    protected override Task SeedAsync(B5HealthContext context)
        => SeedHeldAsync<B5HealthCustomer>(context, id => id == 2 ? new B5HealthCustomer() : new B5PregnantCustomer());
}

[DataSubject(Subjects.Customer)]
public class B5TierCustomer : AnchoredCustomer;

public class B5DisabledCustomer : B5TierCustomer;

public class B5TierContext(DbContextOptions<B5TierContext> options) : HeldContext<B5TierCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5TierCustomer>().HasDiscriminator<int>("Assistance").HasValue<B5TierCustomer>(0).HasValue<B5DisabledCustomer>(7);
        modelBuilder.Entity<B5TierCustomer>().Property<int>("Assistance").IsPersonalData(Purposes.Account, Retention.TwoYears);
    }
}

public sealed class B5TierShape : Break2Shape<B5TierContext>
{
    public override string Feature => "A personal int discriminator (a NOT NULL int, for which Zero would otherwise fit), swept";

    public override string Member => "B5TierCustomer.Assistance";

    public override string? Refused => "B5TierCustomer.Assistance: is the discriminator of the B5TierCustomer hierarchy";

    protected override Task SeedAsync(B5TierContext context)
        => SeedHeldAsync<B5TierCustomer>(context, id => id == 2 ? new B5TierCustomer() : new B5DisabledCustomer());
}

// ---- Columns the database refuses to UPDATE: an identity column GENERATED ALWAYS (PostgreSQL) -------------------------

[DataSubject(Subjects.Customer)]
public class B5IdentityCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public int MemberNumber { get; set; }
}

public class B5IdentityContext(DbContextOptions<B5IdentityContext> options) : HeldContext<B5IdentityCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5IdentityCustomer>(c =>
        {
            c.Property(x => x.Id).ValueGeneratedNever();
            if (IsPostgres)
            {
                c.Property(x => x.MemberNumber).UseIdentityAlwaysColumn();
            }
        });
    }
}

public sealed class B5IdentityShape : Break2Shape<B5IdentityContext>
{
    public override string Feature => "A personal identity column GENERATED ALWAYS (PostgreSQL UseIdentityAlwaysColumn), kept and swept";

    public override string Member => "B5IdentityCustomer.MemberNumber";

    public override string? RefusedOn(DatabaseProvider provider)
        => provider == DatabaseProvider.PostgreSql ? "B5IdentityCustomer.MemberNumber: is a PostgreSQL identity column GENERATED ALWAYS" : null;

    protected override Task SeedAsync(B5IdentityContext context)
        => SeedHeldAsync(context, id => new B5IdentityCustomer { MemberNumber = 1000 + id });
}

// ---- Text fixed values inside a JSON complex type (Redact, Zero on string and char), kept and swept -------------------

public class B5JsonText
{
    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Redact)]
    public string Nickname { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public string Motto { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public char Initial { get; set; }

    [System.ComponentModel.DataAnnotations.MaxLength(10)]
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Town { get; set; } = "";
}

[DataSubject(Subjects.Customer)]
public class B5JsonTextCustomer : AnchoredCustomer
{
    public B5JsonText Profile { get; set; } = new();
}

public class B5JsonTextContext(DbContextOptions<B5JsonTextContext> options) : HeldContext<B5JsonTextCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5JsonTextCustomer>().ComplexProperty(c => c.Profile, p => p.ToJson());
    }
}

public sealed class B5JsonTextShape : Break2Shape<B5JsonTextContext>
{
    public override string Feature => "NOT NULL text in a JSON complex type with Redact and Zero (string and char), and a bounded string with the default, kept and swept";

    public override string Member => "B5JsonText.Nickname";

    protected override Task SeedAsync(B5JsonTextContext context)
        => SeedHeldAsync(context, id => new B5JsonTextCustomer { Profile = new() { Nickname = Swept(id, "nick"), Motto = Swept(id, "motto"), Initial = 'S', Town = Swept(id, "town") } });
}

// ---- A converter's output for a fixed value longer than the column ----------------------------------------------------

public enum B5Plan
{
    Unknown = 0,
    Gold = 1,
    Silver = 2,
}

public static class B5Cipher
{
    public const string Prefix = "enc:v1:aes256gcm:";

    public static string Encrypt(string value) => Prefix + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value));

    public static string Decrypt(string value) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value[Prefix.Length..]));

    public static byte[] Seal(string value) => [.. "SEAL"u8, .. System.Text.Encoding.UTF8.GetBytes(value)];

    public static string Open(byte[] value) => System.Text.Encoding.UTF8.GetString(value.AsSpan(4));
}

[DataSubject(Subjects.Customer)]
public class B5LengthCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public B5Plan Plan { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Redact)]
    public string Pin { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Redact)]
    public string Secret { get; set; } = "";
}

public class B5LengthContext(DbContextOptions<B5LengthContext> options) : HeldContext<B5LengthCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5LengthCustomer>(c =>
        {
            c.Property(x => x.Plan).HasConversion<string>().HasMaxLength(6);
            c.Property(x => x.Pin).HasConversion(v => B5Cipher.Encrypt(v), v => B5Cipher.Decrypt(v)).HasMaxLength(25);
            c.Property(x => x.Secret).HasConversion(v => B5Cipher.Seal(v), v => B5Cipher.Open(v)).HasMaxLength(10);
        });
    }
}

public sealed class B5LengthShape : Break2Shape<B5LengthContext>
{
    public override string Feature => "Fixed values whose converted form is longer than the column (enum as text, encrypted text, sealed bytes)";

    public override string Member => "B5LengthCustomer.Plan";

    public override string? Refused => "B5LengthCustomer.Plan: has a value converter";

    protected override Task SeedAsync(B5LengthContext context)
        => SeedHeldAsync(context, id => new B5LengthCustomer { Plan = B5Plan.Silver, Pin = $"{id}2345", Secret = $"{id}x" });
}

[DataSubject(Subjects.Customer)]
public class B5ShortCipherCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Pin { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Secret { get; set; } = "";
}

public class B5ShortCipherContext(DbContextOptions<B5ShortCipherContext> options) : HeldContext<B5ShortCipherCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5ShortCipherCustomer>(c =>
        {
            c.Property(x => x.Pin).HasConversion(v => B5Cipher.Encrypt(v), v => B5Cipher.Decrypt(v)).HasMaxLength(25);
            c.Property(x => x.Secret).HasConversion(v => B5Cipher.Seal(v), v => B5Cipher.Open(v)).HasMaxLength(10);
        });
    }
}

public sealed class B5ShortCipherShape : Break2Shape<B5ShortCipherContext>
{
    public override string Feature => "Encrypted text and sealed bytes whose Redact form is too long for the column, default strategy (Zero fits), kept and swept";

    public override string Member => "B5ShortCipherCustomer.Pin";

    public override string Reveal(string stored)
        => stored.StartsWith(B5Cipher.Prefix, StringComparison.Ordinal) ? B5Cipher.Decrypt(stored) : stored;

    protected override Task SeedAsync(B5ShortCipherContext context)
        => SeedHeldAsync(context, id => new B5ShortCipherCustomer { Pin = Swept(id, "p"), Secret = $"{id}x" });
}

// ---- NOT NULL times, dates and Guids inside a JSON complex type, swept twice -------------------------------------------

public class B5JsonTimes
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public TimeSpan Commute { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public TimeOnly WakeUp { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateOnly Anniversary { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateTimeOffset Moment { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public Guid DeviceId { get; set; }
}

[DataSubject(Subjects.Customer)]
public class B5JsonTimesCustomer : AnchoredCustomer
{
    public B5JsonTimes Profile { get; set; } = new();
}

public class B5JsonTimesContext(DbContextOptions<B5JsonTimesContext> options) : HeldContext<B5JsonTimesCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5JsonTimesCustomer>().ComplexProperty(c => c.Profile, p => p.ToJson());
    }
}

public sealed class B5JsonTimesShape : Break2Shape<B5JsonTimesContext>
{
    public override string Feature => "NOT NULL TimeSpan, TimeOnly, DateOnly, DateTimeOffset and Guid in a JSON complex type, kept and swept twice";

    public override string Member => "B5JsonTimes.Commute";

    protected override Task SeedAsync(B5JsonTimesContext context)
        => SeedHeldAsync(context, id => new B5JsonTimesCustomer
        {
            Profile = new()
            {
                Commute = TimeSpan.FromMinutes(20 + id), WakeUp = new TimeOnly(6, id), Anniversary = new DateOnly(2001, 1, id),
                Moment = new DateTimeOffset(2001, 1, id, 0, 0, 0, TimeSpan.Zero), DeviceId = new Guid($"00000000-0000-0000-0000-00000000000{id}"),
            },
        });
}

// ---- Nullable values of every other kind inside a JSON complex type: Null fits -----------------------------------------

public class B5JsonNullables
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateTime? Wedding { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Null)]
    public DateOnly? Anniversary { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public Guid? DeviceId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public TimeSpan? Commute { get; set; }
}

[DataSubject(Subjects.Customer)]
public class B5JsonNullablesCustomer : AnchoredCustomer
{
    public B5JsonNullables Profile { get; set; } = new();
}

public class B5JsonNullablesContext(DbContextOptions<B5JsonNullablesContext> options) : HeldContext<B5JsonNullablesCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5JsonNullablesCustomer>().ComplexProperty(c => c.Profile, p => p.ToJson());
    }
}

public sealed class B5JsonNullablesShape : Break2Shape<B5JsonNullablesContext>
{
    public override string Feature => "Nullable DateTime, DateOnly, Guid and TimeSpan in a JSON complex type (Null, by default and chosen), kept and swept";

    public override string Member => "B5JsonNullables.Wedding";

    protected override Task SeedAsync(B5JsonNullablesContext context)
        => SeedHeldAsync(context, id => new B5JsonNullablesCustomer
        {
            Profile = new()
            {
                Wedding = id == 2 ? null : new DateTime(2001, 1, id, 0, 0, 0, DateTimeKind.Utc), Anniversary = new DateOnly(2001, 1, id),
                DeviceId = id == 1 ? null : new Guid($"00000000-0000-0000-0000-00000000000{id}"), Commute = TimeSpan.FromMinutes(id),
            },
        });
}

public class B5JsonLists
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public List<string>? Nicknames { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public byte[]? Photo { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public int[]? Scores { get; set; }
}

[DataSubject(Subjects.Customer)]
public class B5JsonListsCustomer : AnchoredCustomer
{
    public B5JsonLists Profile { get; set; } = new();
}

public class B5JsonListsContext(DbContextOptions<B5JsonListsContext> options) : HeldContext<B5JsonListsCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5JsonListsCustomer>().ComplexProperty(c => c.Profile, p => p.ToJson());
    }
}

public sealed class B5JsonListsShape : Break2Shape<B5JsonListsContext>
{
    public override string Feature => "Nullable List<string>, byte[] and int[] in a JSON complex type (Null), kept and swept";

    public override string Member => "B5JsonLists.Nicknames";

    protected override Task SeedAsync(B5JsonListsContext context)
        => SeedHeldAsync(context, id => new B5JsonListsCustomer { Profile = new() { Nicknames = id == 2 ? null : [Swept(id, "nick")], Photo = id == 1 ? null : [1, 2, (byte)id], Scores = [id, 10] } });
}

public class B5JsonList
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public List<string> Nicknames { get; set; } = [];
}

[DataSubject(Subjects.Customer)]
public class B5JsonListCustomer : AnchoredCustomer
{
    public B5JsonList Profile { get; set; } = new();
}

public class B5JsonListContext(DbContextOptions<B5JsonListContext> options) : HeldContext<B5JsonListCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B5JsonListCustomer>().ComplexProperty(c => c.Profile, p => p.ToJson());
    }
}

public sealed class B5JsonListShape : Break2Shape<B5JsonListContext>
{
    public override string Feature => "A NOT NULL List<string> in a JSON complex type: refused, and the fix offered (nullable, then Null) is the shape B5JsonListsShape that works";

    public override string Member => "B5JsonList.Nicknames";

    public override string? Refused => "make the column nullable (Null then fits)";

    protected override Task SeedAsync(B5JsonListContext context)
        => SeedHeldAsync(context, id => new B5JsonListCustomer { Profile = new() { Nicknames = [Swept(id, "nick")] } });
}
