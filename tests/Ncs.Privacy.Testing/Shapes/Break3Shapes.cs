using System.Net;
using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// Mappings a third fresh tester wrote the way real applications do (issue 11, round 3): each works for export, erasure
// and the sweep, or start-up refuses it naming the member (Member) and the fix.

// ---- A NOT NULL birth date in a 'timestamp without time zone' column (PostgreSQL), the row kept and swept ---------------

[DataSubject(Subjects.Customer)]
public class LocalTimeCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateTime BirthDate { get; set; }
}

public class LocalTimeContext(DbContextOptions<LocalTimeContext> options) : HeldContext<LocalTimeCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        if (IsPostgres)
        {
            modelBuilder.Entity<LocalTimeCustomer>().Property(x => x.BirthDate).HasColumnType("timestamp without time zone");
        }
    }
}

public sealed class LocalTimeShape : Break2Shape<LocalTimeContext>
{
    public override string Feature => "A NOT NULL DateTime in a 'timestamp without time zone' column";

    public override string Member => "LocalTimeCustomer.BirthDate";

    protected override Task SeedAsync(LocalTimeContext context)
        => SeedHeldAsync(context, id => new LocalTimeCustomer { BirthDate = new DateTime(1980, 1, id, 0, 0, 0, DateTimeKind.Unspecified) });
}

// ---- Unsigned and other numeric types under a two-year rule (the sweep must recognise its zero values) ----------------

[DataSubject(Subjects.Customer)]
public class NumbersCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)] public uint Points { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public ulong LoyaltyNumber { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public ushort ShoeSize { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public sbyte Floor { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public decimal CreditLimit { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public float Height { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public double Weight { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public DateOnly Birthday { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public TimeOnly PreferredTime { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public TimeSpan Commute { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public DateTimeOffset SignedUp { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public char Initial { get; set; }
    [PersonalData(Purposes.Account, Retention.TwoYears)] public byte[] Photo { get; set; } = [];
    [PersonalData(Purposes.Account, Retention.TwoYears)] public bool Newsletter { get; set; }
}

public class NumbersContext(DbContextOptions<NumbersContext> options) : HeldContext<NumbersCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<NumbersCustomer>().Property(x => x.CreditLimit).HasPrecision(5, 2);
}

public sealed class NumbersShape : Break2Shape<NumbersContext>
{
    public override string Feature => "Unsigned integers, decimal(5,2), float, DateOnly, TimeOnly, char, byte[] under a two-year rule";

    public override string Member => "NumbersCustomer.Points";

    protected override Task SeedAsync(NumbersContext context)
        => SeedHeldAsync(context, id => new NumbersCustomer
        {
            Points = (uint)(100 + id), LoyaltyNumber = 9_000_000_000UL + (ulong)id, ShoeSize = (ushort)(40 + id),
            Floor = (sbyte)id, CreditLimit = 100.25m + id, Height = 1.5f + id, Weight = 70.5 + id, Birthday = new DateOnly(1980, 1, id),
            PreferredTime = new TimeOnly(9, id), Commute = TimeSpan.FromMinutes(10 + id), SignedUp = new DateTimeOffset(2019, 1, id, 0, 0, 0, TimeSpan.Zero),
            Initial = (char)('A' + id), Photo = [1, 2, (byte)id], Newsletter = true,
        });
}

// ---- Enums: NOT NULL, without a zero member, as a number and as text, under a two-year rule ---------------------------

public enum B3Tier
{
    Bronze = 1,
    Silver = 2,
    Gold = 3,
}

[DataSubject(Subjects.Customer)]
public class TierCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public B3Tier Tier { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public B3Tier TierAsText { get; set; }
}

public class TierContext(DbContextOptions<TierContext> options) : HeldContext<TierCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<TierCustomer>().Property(x => x.TierAsText).HasConversion<string>().HasMaxLength(10);
}

public sealed class TierShape : Break2Shape<TierContext>
{
    public override string Feature => "A NOT NULL enum without a zero member, as a number and as text";

    public override string Member => "TierCustomer.Tier";

    public override string? Refused => "TierCustomer.Tier: has no anonymisation strategy that fits the column";

    protected override Task SeedAsync(TierContext context)
        => SeedHeldAsync(context, id => new TierCustomer { Tier = B3Tier.Gold, TierAsText = B3Tier.Silver });
}

// ---- A complex type mapped to JSON holding values that are not text, the row kept and swept ----------------------------

public class JsonValuesProfile
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Nickname { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateTime Birth { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public int ShoeSize { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public bool Newsletter { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateOnly Anniversary { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Motto { get; set; }
}

[DataSubject(Subjects.Customer)]
public class JsonValuesCustomer : AnchoredCustomer
{
    public JsonValuesProfile Profile { get; set; } = new();
}

public class JsonValuesContext(DbContextOptions<JsonValuesContext> options) : HeldContext<JsonValuesCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<JsonValuesCustomer>().ComplexProperty(c => c.Profile, p => p.ToJson());
}

public sealed class JsonValuesShape : Break2Shape<JsonValuesContext>
{
    public override string Feature => "A complex type mapped to JSON with a date, a number, a bool and a DateOnly, kept and swept";

    public override string Member => "JsonValuesProfile.Birth";

    protected override Task SeedAsync(JsonValuesContext context)
        => SeedHeldAsync(context, id => new JsonValuesCustomer
        {
            Profile = new JsonValuesProfile { Nickname = Swept(id, "nick"), Birth = new DateTime(1980, 1, id, 0, 0, 0, DateTimeKind.Utc), ShoeSize = 40 + id, Newsletter = true, Anniversary = new DateOnly(2001, 2, id), Motto = id == 1 ? null : Swept(id, "motto") },
        });
}

// ---- An optional complex type mapped to JSON that customer 1 never gave, the row kept -----------------------------------

public class JsonAddress
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Street { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string City { get; set; } = "";
}

[DataSubject(Subjects.Customer)]
public class OptionalJsonB3Customer : ShapeCustomer
{
    public JsonAddress? Shipping { get; set; }
}

public class OptionalJsonB3Context(DbContextOptions<OptionalJsonB3Context> options) : HeldContext<OptionalJsonB3Customer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<OptionalJsonB3Customer>().ComplexProperty(c => c.Shipping, p => p.ToJson());
}

public sealed class OptionalJsonB3Shape : Break2Shape<OptionalJsonB3Context>
{
    public override string Feature => "An optional complex type mapped to JSON, NULL on a kept row";

    public override string Member => "JsonAddress.Street";

    protected override Task SeedAsync(OptionalJsonB3Context context)
        => SeedHeldAsync(context, id => new OptionalJsonB3Customer { Shipping = id == 1 ? null : new JsonAddress { Street = $"s{id}-street", City = $"s{id}-city" } });
}

// ---- A column a database trigger fills (ValueGeneratedOnAddOrUpdate without computed SQL) with personal data -----------

[DataSubject(Subjects.Customer)]
public class TriggerCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.Account)]
    [System.ComponentModel.DataAnnotations.Schema.DatabaseGenerated(System.ComponentModel.DataAnnotations.Schema.DatabaseGeneratedOption.Computed)]
    public string? SearchName { get; set; }
}

public class TriggerContext(DbContextOptions<TriggerContext> options) : HeldContext<TriggerCustomer>(options);

public sealed class TriggerShape : Break2Shape<TriggerContext>
{
    public override string Feature => "A personal column the database fills on every update (DatabaseGenerated(Computed), a trigger)";

    public override string Member => "TriggerCustomer.SearchName";

    protected override async Task SeedAsync(TriggerContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new TriggerCustomer().Numbered(id));
        }

        B2Invoice.Add(context);
        await context.SaveChangesAsync();

        // What the application's trigger does: a search copy of the name.
        await context.Database.ExecuteSqlRawAsync("UPDATE \"TriggerCustomer\" SET \"SearchName\" = \"Name\" || '-search'");
    }
}

// ---- An implicit many-to-many join table (Dictionary<string, object>) carrying a personal note --------------------------

[DataSubject(Subjects.Customer)]
public class TagCustomer : AnchoredCustomer
{
    [NotPersonalData("Navigation.")]
    public List<Tag> Tags { get; set; } = [];
}

public class Tag
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [NotPersonalData("A shop's tag.")]
    public string Label { get; set; } = "";

    [NotPersonalData("Navigation.")]
    public List<TagCustomer> Customers { get; set; } = [];
}

public class TagContext(DbContextOptions<TagContext> options) : HeldContext<TagCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TagCustomer>().HasMany(c => c.Tags).WithMany(t => t.Customers).UsingEntity("CustomerTag", j =>
        {
            j.IndexerProperty<string>("Note").IsPersonalData(Purposes.Account, Retention.TwoYears);
        });
    }
}

public sealed class TagShape : Break2Shape<TagContext>
{
    public override string Feature => "An implicit many-to-many join table (property bag) with a personal note under a two-year rule";

    public override string Member => "CustomerTag.Note";

    protected override async Task SeedAsync(TagContext context)
    {
        context.Add(new Tag { Id = 1, Label = "vip" });
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new TagCustomer().Numbered(id));
        }

        B2Invoice.Add(context);
        await context.SaveChangesAsync();
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Set<Dictionary<string, object>>("CustomerTag").Add(new Dictionary<string, object> { ["CustomersId"] = id, ["TagsId"] = 1, ["Note"] = Swept(id, "note") });
        }

        await context.SaveChangesAsync();
    }
}

// ---- Table splitting with an optional dependent that customer 1 never filled in, the row kept ---------------------------

[DataSubject(Subjects.Customer)]
public class SplitPrincipal : ShapeCustomer
{
    [NotPersonalData("Navigation.")]
    public SplitPreferences? Preferences { get; set; }
}

public class SplitPreferences
{
    [NotPersonalData("Shared key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Colour { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Hobby { get; set; }
}

public class OptionalSplitContext(DbContextOptions<OptionalSplitContext> options) : HeldContext<SplitPrincipal>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SplitPrincipal>().ToTable("SplitPrincipals").HasOne(c => c.Preferences).WithOne().HasForeignKey<SplitPreferences>(p => p.Id);
        modelBuilder.Entity<SplitPreferences>().ToTable("SplitPrincipals");
    }
}

public sealed class OptionalSplitShape : Break2Shape<OptionalSplitContext>
{
    public override string Feature => "Table splitting with an optional dependent, absent on a kept row";

    public override string Member => "SplitPreferences.Colour";

    protected override Task SeedAsync(OptionalSplitContext context)
        => SeedHeldAsync(context, id => new SplitPrincipal { Preferences = id == 1 ? null : new SplitPreferences { Colour = $"s{id}-colour", Hobby = $"s{id}-hobby" } });
}

// ---- Nested owned types in the owner's table, both optional; customer 1 (kept) has an address without coordinates -------

public class B3Address
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Street { get; set; } = "";

    [NotPersonalData("Navigation.")]
    public B3Geo? Geo { get; set; }
}

public class B3Geo
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public double Latitude { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Label { get; set; } = "";
}

[DataSubject(Subjects.Customer)]
public class NestedRowCustomer : ShapeCustomer
{
    [NotPersonalData("Navigation.")]
    public B3Address? Address { get; set; }
}

public class NestedRowContext(DbContextOptions<NestedRowContext> options) : HeldContext<NestedRowCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<NestedRowCustomer>().OwnsOne(c => c.Address, a => a.OwnsOne(x => x.Geo));
}

public sealed class NestedRowShape : Break2Shape<NestedRowContext>
{
    public override string Feature => "Nested optional owned types in the owner's table, the inner one NULL on a kept row";

    public override string Member => "B3Geo.Latitude";

    protected override Task SeedAsync(NestedRowContext context)
        => SeedHeldAsync(context, id => new NestedRowCustomer
        {
            Address = id == 2 ? null : new B3Address { Street = $"s{id}-street", Geo = id == 1 ? null : new B3Geo { Latitude = 59.3, Label = $"s{id}-label" } },
        });
}

// ---- A row version (xmin on PostgreSQL, a concurrency token elsewhere), a personal concurrency-checked e-mail, HasData ---

[DataSubject(Subjects.Customer)]
public class VersionedCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    [System.ComponentModel.DataAnnotations.ConcurrencyCheck]
    public string Email { get; set; } = "";

    [NotPersonalData("Row version.")]
    public uint Version { get; set; }
}

public class VersionedContext(DbContextOptions<VersionedContext> options) : HeldContext<VersionedCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        if (IsPostgres)
        {
            modelBuilder.Entity<VersionedCustomer>().Property(x => x.Version).IsRowVersion();
        }
        else
        {
            modelBuilder.Entity<VersionedCustomer>().Property(x => x.Version).IsConcurrencyToken();
        }

        modelBuilder.Entity<VersionedCustomer>().HasData(
            new VersionedCustomer { Id = 1, Email = "s1-mail@example.com" },
            new VersionedCustomer { Id = 2, Email = "s2-mail@example.com" },
            new VersionedCustomer { Id = 3, Email = "s3-mail@example.com" });
    }
}

public sealed class VersionedShape : Break2Shape<VersionedContext>
{
    public override string Feature => "A row version (xmin), a concurrency-checked personal e-mail, HasData seed rows";

    public override string Member => "VersionedCustomer.Email";

    protected override Task SeedAsync(VersionedContext context)
    {
        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- PostgreSQL types: text[] of aliases, citext e-mail, inet address (SQLite: text) under a two-year rule --------------

[DataSubject(Subjects.Customer)]
public class PgTypesCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string[]? Aliases { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Email { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public IPAddress? LastIp { get; set; }
}

public class PgTypesContext(DbContextOptions<PgTypesContext> options) : HeldContext<PgTypesCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        if (IsPostgres)
        {
            modelBuilder.HasPostgresExtension("citext");
            modelBuilder.Entity<PgTypesCustomer>().Property(x => x.Email).HasColumnType("citext");
        }
        else
        {
            modelBuilder.Entity<PgTypesCustomer>().Property(x => x.LastIp).HasConversion(v => v!.ToString(), v => IPAddress.Parse(v));
        }

        modelBuilder.Entity<PgTypesCustomer>().HasIndex(x => x.Email).IsUnique();
    }
}

public sealed class PgTypesShape : Break2Shape<PgTypesContext>
{
    public override string Feature => "text[], a unique citext e-mail and an inet address under a two-year rule";

    public override string Member => "PgTypesCustomer.Aliases";

    protected override Task SeedAsync(PgTypesContext context)
        => SeedHeldAsync(context, id => new PgTypesCustomer
        {
            Aliases = [Swept(id, "alias")], Email = Swept(id, "mail@example.com"),
            LastIp = IPAddress.Parse($"10.0.0.{id}"),
        });
}

// ---- An owned collection mapped to JSON (OwnsMany(...).ToJson()) on a row a held invoice keeps --------------------------

public class B3Phone
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Number { get; set; } = "";
}

[DataSubject(Subjects.Customer)]
public class JsonPhonesCustomer : ShapeCustomer
{
    [NotPersonalData("Navigation.")]
    public List<B3Phone> Phones { get; set; } = [];
}

public class JsonPhonesContext(DbContextOptions<JsonPhonesContext> options) : HeldContext<JsonPhonesCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<JsonPhonesCustomer>().OwnsMany(c => c.Phones, p => p.ToJson());
}

/// <summary>The same phones as a complex collection in JSON (what the owned JSON collection's error once suggested).</summary>
public class JsonPhonesComplexContext(DbContextOptions<JsonPhonesComplexContext> options) : HeldContext<JsonPhonesCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<JsonPhonesCustomer>().ComplexCollection(c => c.Phones, p => p.ToJson());
}

/// <summary>The same phones in a table of their own (OwnsMany without ToJson).</summary>
public class JsonPhonesTableContext(DbContextOptions<JsonPhonesTableContext> options) : HeldContext<JsonPhonesCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<JsonPhonesCustomer>().OwnsMany(c => c.Phones, p => p.HasKey("Id"));
}

public sealed class JsonPhonesComplexShape : Break2Shape<JsonPhonesComplexContext>
{
    public override string Feature => "The phones as a complex collection in JSON on a kept row";

    public override string Member => "JsonPhonesCustomer.Phones";

    protected override Task SeedAsync(JsonPhonesComplexContext context) => JsonPhonesShape.Seed(context);
}

public sealed class JsonPhonesTableShape : Break2Shape<JsonPhonesTableContext>
{
    public override string Feature => "The phones as an owned collection in a table of its own on a kept row";

    public override string Member => "JsonPhonesCustomer.Phones";

    protected override Task SeedAsync(JsonPhonesTableContext context) => JsonPhonesShape.Seed(context);
}

public sealed class JsonPhonesShape : Break2Shape<JsonPhonesContext>
{
    public override string Feature => "An owned collection mapped to JSON (OwnsMany(...).ToJson()) on a kept row";

    public override string Member => "JsonPhonesCustomer.Phones";

    public override string? Refused => "JsonPhonesCustomer.Phones.Number: is personal data in an owned collection mapped to JSON (OwnsMany(...).ToJson())";

    protected override Task SeedAsync(JsonPhonesContext context) => Seed(context);

    public static Task Seed(DbContext context)
        => SeedHeldAsync(context, id => new JsonPhonesCustomer { Phones = [new B3Phone { Number = $"s{id}-phone" }] });
}

// ---- A CHECK constraint on a NOT NULL personal number (an adult's age) under a two-year rule ---------------------------

[DataSubject(Subjects.Customer)]
public class AdultCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public int? Age { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.TruncateToYear)]
    public DateTime BirthDate { get; set; }
}

public class AdultContext(DbContextOptions<AdultContext> options) : HeldContext<AdultCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AdultCustomer>().ToTable(t => t.HasCheckConstraint("CK_Adult", "\"Age\" >= 18"));
        if (IsPostgres)
        {
            modelBuilder.Entity<AdultCustomer>().Property(x => x.BirthDate).HasColumnType("timestamp without time zone");
        }
    }
}

public sealed class AdultShape : Break2Shape<AdultContext>
{
    public override string Feature => "A CHECK constraint on a nullable personal number; TruncateToYear of a local timestamp";

    public override string Member => "AdultCustomer.Age";

    protected override Task SeedAsync(AdultContext context)
        => SeedHeldAsync(context, id => new AdultCustomer { Age = 30 + id, BirthDate = new DateTime(1980, 5, id, 10, 30, 0, DateTimeKind.Unspecified) });
}

// ---- An optional complex type in JSON with values that are not text, and an optional complex type inside it ----------

public class B3Geo2
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public double Latitude { get; set; }
}

public class B3Body
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public int ShoeSize { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateTime Birth { get; set; }

    public B3Geo2? Home { get; set; }
}

[DataSubject(Subjects.Customer)]
public class OptionalValuesCustomer : AnchoredCustomer
{
    public B3Body? Body { get; set; }
}

public class OptionalValuesContext(DbContextOptions<OptionalValuesContext> options) : HeldContext<OptionalValuesCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<OptionalValuesCustomer>().ComplexProperty(c => c.Body, b => b.ToJson());
}

public sealed class OptionalValuesShape : Break2Shape<OptionalValuesContext>
{
    public override string Feature => "An optional JSON complex type with numbers and dates, NULL on a kept row, with an optional complex type inside";

    public override string Member => "B3Body.ShoeSize";

    protected override Task SeedAsync(OptionalValuesContext context)
        => SeedHeldAsync(context, id => new OptionalValuesCustomer
        {
            Body = id == 1 ? null : new B3Body { ShoeSize = 40 + id, Birth = new DateTime(1980, 1, id, 0, 0, 0, DateTimeKind.Utc), Home = id == 2 ? null : new B3Geo2 { Latitude = 59.5 } },
        });
}

// ---- A history table (what a temporal table keeps): copies of the customer's personal data per change -----------------

[DataSubject(Subjects.Customer)]
public class HistoryCustomer : AnchoredCustomer;

public class CustomerHistory
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When this version ended.")]
    public DateTime ValidTo { get; set; }
}

public class HistoryContext(DbContextOptions<HistoryContext> options) : HeldContext<HistoryCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<CustomerHistory>().HasOne<HistoryCustomer>().WithMany().HasForeignKey(h => h.CustomerId).OnDelete(DeleteBehavior.NoAction);
}

public sealed class HistoryShape : Break2Shape<HistoryContext>
{
    public override string Feature => "A history table of the customer's earlier names (what a temporal table keeps)";

    public override string Member => "CustomerHistory.Name";

    protected override Task SeedAsync(HistoryContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new HistoryCustomer().Numbered(id));
            context.Add(new CustomerHistory { Id = id, CustomerId = id, Name = Swept(id, "oldname"), ValidTo = SeenAt(id) });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- A PostgreSQL enum (MapEnum) NOT NULL with an 'Unknown = 0' member chosen explicitly, and a nullable one ------------

public enum B3Mood
{
    Unknown = 0,
    Happy = 1,
    Sad = 2,
}

[DataSubject(Subjects.Customer)]
public class MoodCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public B3Mood Mood { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public B3Mood? LastMood { get; set; }
}

public class MoodContext(DbContextOptions<MoodContext> options) : HeldContext<MoodCustomer>(options);

public sealed class MoodShape : Break2Shape<MoodContext>
{
    public override string Feature => "A PostgreSQL enum (MapEnum), NOT NULL with Unknown = 0 chosen, and nullable";

    public override string Member => "MoodCustomer.Mood";

    public override Ncs.Privacy.IPrivacyBuilder Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        => base.Register(services, o =>
        {
            configure(o);
            if (o.Options.Extensions.Any(e => e.GetType().Name.Contains("Npgsql", StringComparison.Ordinal)))
            {
                o.UseNpgsql(n => n.MapEnum<B3Mood>("mood"));
            }
        });

    protected override Task SeedAsync(MoodContext context)
        => SeedHeldAsync(context, id => new MoodCustomer { Mood = B3Mood.Happy, LastMood = B3Mood.Sad });
}

// ---- More PostgreSQL types (macaddr, cidr, hstore, a range) and a DateTime in a 'date' column, under a two-year rule ----

[DataSubject(Subjects.Customer)]
public class PgMoreCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public System.Net.NetworkInformation.PhysicalAddress? Device { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public IPNetwork? HomeNetwork { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public Dictionary<string, string>? Attributes { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public NpgsqlTypes.NpgsqlRange<DateOnly>? Stay { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateTime BirthDay { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.TruncateToYear)]
    public DateTime Wedding { get; set; }
}

public class PgMoreContext(DbContextOptions<PgMoreContext> options) : HeldContext<PgMoreCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        if (IsPostgres)
        {
            modelBuilder.HasPostgresExtension("hstore");
            modelBuilder.Entity<PgMoreCustomer>().Property(x => x.BirthDay).HasColumnType("date");
            modelBuilder.Entity<PgMoreCustomer>().Property(x => x.Wedding).HasColumnType("date");
        }
        else
        {
            modelBuilder.Entity<PgMoreCustomer>().Ignore(x => x.Device).Ignore(x => x.HomeNetwork).Ignore(x => x.Attributes).Ignore(x => x.Stay);
        }
    }
}

public sealed class PgMoreShape : Break2Shape<PgMoreContext>
{
    public override string Feature => "macaddr, cidr, hstore and a range (PostgreSQL), and DateTime in a 'date' column, under a two-year rule";

    public override string Member => "PgMoreCustomer.Device";

    protected override Task SeedAsync(PgMoreContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            var customer = new PgMoreCustomer { BirthDay = new DateTime(1980, 1, id, 0, 0, 0, DateTimeKind.Utc), Wedding = new DateTime(2005, 6, id, 0, 0, 0, DateTimeKind.Utc) }.Numbered(id);
            if (IsPostgres(context))
            {
                customer.Device = System.Net.NetworkInformation.PhysicalAddress.Parse($"00-11-22-33-44-5{id}");
                customer.HomeNetwork = IPNetwork.Parse($"10.{id}.0.0/16");
                customer.Attributes = new() { ["nick"] = Swept(id, "nick") };
                customer.Stay = new NpgsqlTypes.NpgsqlRange<DateOnly>(new DateOnly(2020, 1, id), new DateOnly(2020, 2, id));
            }

            context.Add(customer);
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}
