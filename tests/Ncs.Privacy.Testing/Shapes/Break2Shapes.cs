using System.Globalization;
using Microsoft.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// Mappings a second fresh tester wrote the way real applications do (issue 11): each works for export, erasure and the
// sweep, or start-up refuses it naming the member (Member) and the fix.

// ---- Entity splitting: one entity type over two tables (SplitToTable), the row kept by a held invoice -----------------

[DataSubject(Subjects.Customer)]
public class EntitySplitCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Phone { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Street { get; set; } = "";
}

public class EntitySplittingContext(DbContextOptions<EntitySplittingContext> options) : HeldContext<EntitySplitCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EntitySplitCustomer>(c => c.ToTable("SplitCustomers").SplitToTable("SplitCustomerDetails", t =>
        {
            t.Property(x => x.Phone);
            t.Property(x => x.Street);
        }));
    }
}

public sealed class EntitySplittingShape : Break2Shape<EntitySplittingContext>
{
    public override string Feature => "Entity splitting (SplitToTable), the row kept by a held invoice";

    public override string Member => "EntitySplitCustomer.Phone";

    public override string? Refused => "EntitySplitCustomer.Phone: is personal data in an entity type split over several tables (SplitToTable: SplitCustomerDetails)";

    protected override Task SeedAsync(EntitySplittingContext context)
        => SeedHeldAsync(context, id => new EntitySplitCustomer { Phone = Swept(id, "phone"), Street = $"s{id}-street" });
}

// ---- A NOT NULL json/jsonb column of preferences (text on SQLite), the row kept by a held invoice ---------------------

[DataSubject(Subjects.Customer)]
public class JsonbCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Preferences { get; set; } = "{}";
}

public class JsonbContext(DbContextOptions<JsonbContext> options) : HeldContext<JsonbCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        if (IsPostgres)
        {
            modelBuilder.Entity<JsonbCustomer>().Property(x => x.Preferences).HasColumnType("jsonb");
        }
    }
}

public sealed class JsonbShape : Break2Shape<JsonbContext>
{
    public override string Feature => "A NOT NULL jsonb column (text on SQLite) of a kept row";

    public override string Member => "JsonbCustomer.Preferences";

    public override string? RefusedOn(DatabaseProvider provider)
        => provider == DatabaseProvider.PostgreSql ? "JsonbCustomer.Preferences: has no anonymisation strategy that fits the column" : null;

    protected override Task SeedAsync(JsonbContext context)
        => SeedHeldAsync(context, id => new JsonbCustomer { Preferences = $"{{\"theme\": \"s{id}-dark\"}}" });
}

// ---- A national id kept as text in the model and stored as bigint through a converter, the row kept -------------------

[DataSubject(Subjects.Customer)]
public class BigintIdCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string NationalId { get; set; } = "";
}

public class BigintIdContext(DbContextOptions<BigintIdContext> options) : HeldContext<BigintIdCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BigintIdCustomer>().Property(x => x.NationalId)
            .HasConversion(v => long.Parse(v, CultureInfo.InvariantCulture), v => v.ToString(CultureInfo.InvariantCulture));
    }
}

public sealed class BigintIdShape : Break2Shape<BigintIdContext>
{
    public override string Feature => "A text property stored as bigint through a value converter (a national id), the row kept";

    public override string Member => "BigintIdCustomer.NationalId";

    public override string? Refused => "cannot convert the Redact value ('[erased]': FormatException)";

    protected override Task SeedAsync(BigintIdContext context)
        => SeedHeldAsync(context, id => new BigintIdCustomer { NationalId = $"19800101000{id}" });
}

// ---- A personal e-mail that is an alternate key (HasAlternateKey), the row kept ----------------------------------------

[DataSubject(Subjects.Customer)]
public class AltKeyCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Email { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

public class AltKeyContext(DbContextOptions<AltKeyContext> options) : HeldContext<AltKeyCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<AltKeyCustomer>().HasAlternateKey(x => x.Email);
}

public sealed class AltKeyShape : Break2Shape<AltKeyContext>
{
    public override string Feature => "A personal e-mail as alternate key (HasAlternateKey), the row kept";

    public override string Member => "AltKeyCustomer.Email";

    protected override Task SeedAsync(AltKeyContext context)
        => SeedHeldRowsAsync(context, id => new AltKeyCustomer { Id = id, Email = $"s{id}-mail@example.com", Name = $"s{id}-name" });
}

// ---- An optional complex type (EF Core 10), NULL for customer 1 whose row is kept ---------------------------------------

[DataSubject(Subjects.Customer)]
public class OptionalComplexCustomer : ShapeCustomer
{
    public ShapeContact? Billing { get; set; }
}

public class OptionalComplexContext(DbContextOptions<OptionalComplexContext> options) : HeldContext<OptionalComplexCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<OptionalComplexCustomer>().ComplexProperty(c => c.Billing);
}

public sealed class OptionalComplexShape : Break2Shape<OptionalComplexContext>
{
    public override string Feature => "Optional complex type (ComplexProperty of a nullable type), NULL on a kept row";

    public override string Member => "OptionalComplexCustomer.Billing.Name";

    protected override Task SeedAsync(OptionalComplexContext context)
        => SeedHeldAsync(context, id => new OptionalComplexCustomer { Billing = Billing(id) });

    /// <summary>The optional billing contact: none for customer 1 (kept), a name and phone for 2, a name only for 3.</summary>
    public static ShapeContact? Billing(int id) => id switch
    {
        1 => null,
        2 => new ShapeContact { Name = "s2-billing", Phone = "s2-phone" },
        _ => new ShapeContact { Name = "s3-billing" },
    };
}

// ---- Many-to-many with a personal payload on the join entity, swept after two years ------------------------------------

[DataSubject(Subjects.Customer)]
public class ClubCustomer : AnchoredCustomer
{
    public List<Club> Clubs { get; set; } = [];
}

public class Club
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [NotPersonalData("The club's name.")]
    public string Title { get; set; } = "";

    public List<ClubCustomer> Members { get; set; } = [];
}

public class ClubMembership
{
    public int CustomerId { get; set; }

    public int ClubId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Note { get; set; }
}

public class ClubContext(DbContextOptions<ClubContext> options) : ShapeContext(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ClubCustomer>().HasMany(c => c.Clubs).WithMany(g => g.Members).UsingEntity<ClubMembership>(
            r => r.HasOne<Club>().WithMany().HasForeignKey(m => m.ClubId),
            l => l.HasOne<ClubCustomer>().WithMany().HasForeignKey(m => m.CustomerId));
    }
}

public sealed class ClubShape : Break2Shape<ClubContext>
{
    public override string Feature => "Many-to-many skip navigations with a personal payload on the join entity";

    public override string Member => "ClubMembership.Note";

    protected override async Task SeedAsync(ClubContext context)
    {
        context.AddRange(new Club { Id = 1, Title = "Painters" }, new Club { Id = 2, Title = "Builders" });
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new ClubCustomer().Numbered(id));
        }

        await context.SaveChangesAsync();
        context.AddRange(
            new ClubMembership { CustomerId = 1, ClubId = 1, Note = "s1-note" },
            new ClubMembership { CustomerId = 2, ClubId = 1, Note = "s2-note" },
            new ClubMembership { CustomerId = 3, ClubId = 2, Note = Swept(3, "note") });
        await context.SaveChangesAsync();
    }
}

// ---- A view-mapped entity type (ToView) with personal columns, related to the customer --------------------------------

[DataSubject(Subjects.Customer)]
public class ViewCustomer : ShapeCustomer;

public class ViewCustomerCard
{
    [NotPersonalData("The customer's key.")]
    public int Id { get; set; }

    [NotPersonalData("The customer's key, which the view repeats.")]
    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

public class ViewContext(DbContextOptions<ViewContext> options) : ShapeContext(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ViewCustomerCard>(v =>
        {
            v.ToView("ViewCustomerCards");
            v.HasOne<ViewCustomer>().WithMany().HasForeignKey(x => x.CustomerId);
        });
    }
}

public sealed class ViewShape : Break2Shape<ViewContext>
{
    public override string Feature => "A view-mapped entity type (ToView) with personal columns, related to the customer";

    public override string Member => "ViewCustomerCard.Name";

    public override string? Refused => "ViewCustomerCard.Name: is personal data in an entity type mapped to a view, SQL query or function (ViewCustomerCards)";

    protected override Task SeedAsync(ViewContext context) => Seed(context);

    /// <summary>Creates the view of customer cards and adds the three customers (the view-mapped shapes share it).</summary>
    public static async Task Seed(DbContext context)
    {
        await context.Database.ExecuteSqlRawAsync("CREATE VIEW \"ViewCustomerCards\" AS SELECT \"Id\", \"Id\" AS \"CustomerId\", \"Name\" FROM \"ViewCustomer\"");
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new ViewCustomer().Numbered(id));
        }

        await context.SaveChangesAsync();
    }
}

// ---- A primitive collection (List<string> as JSON text or text[]) of phone numbers, NOT NULL, the row kept ------------

[DataSubject(Subjects.Customer)]
public class PhonesCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public List<string> Phones { get; set; } = [];
}

public class PhonesContext(DbContextOptions<PhonesContext> options) : HeldContext<PhonesCustomer>(options);

public sealed class PhonesShape : Break2Shape<PhonesContext>
{
    public override string Feature => "A NOT NULL primitive collection (List<string>) of a kept row";

    public override string Member => "PhonesCustomer.Phones";

    protected override Task SeedAsync(PhonesContext context)
        => SeedHeldAsync(context, id => new PhonesCustomer { Phones = [$"s{id}-phone"] });
}

// ---- Converted values under a two-year rule: enum as text (no member 0), DateOnly, text encrypted to bytes, decimal ----

public enum LoyaltyTier
{
    /// <summary>Not known: what anonymisation writes (AnonymisationStrategy.Zero, chosen explicitly).</summary>
    Unknown = 0,
    Bronze = 1,
    Silver = 2,
}

[DataSubject(Subjects.Customer)]
public class SweptTypesCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public LoyaltyTier Tier { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateOnly BirthDate { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Ssn { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public decimal CreditLimit { get; set; }
}

public class SweptTypesContext(DbContextOptions<SweptTypesContext> options) : HeldContext<SweptTypesCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SweptTypesCustomer>(c =>
        {
            c.Property(x => x.Tier).HasConversion<string>().HasMaxLength(12).IsUnicode(false);
            c.Property(x => x.Ssn).HasConversion(v => System.Text.Encoding.UTF8.GetBytes("x:" + v), v => System.Text.Encoding.UTF8.GetString(v).Substring(2));
            c.Property(x => x.CreditLimit).HasPrecision(9, 2);
        });
    }
}

public sealed class SweptTypesShape : Break2Shape<SweptTypesContext>
{
    public override string Feature => "Converted values under a two-year rule (enum as text, DateOnly, text as bytes, precise decimal)";

    public override string Member => "SweptTypesCustomer.Tier";

    public override string Reveal(string stored) => stored.StartsWith("x:", StringComparison.Ordinal) ? stored[2..] : stored;

    protected override Task SeedAsync(SweptTypesContext context)
        => SeedHeldAsync(context, id => new SweptTypesCustomer { Tier = LoyaltyTier.Silver, BirthDate = new DateOnly(1980 + id, 5, 17), Ssn = Swept(id, "ssn"), CreditLimit = 1234.56m });
}

// ---- Concurrency tokens and fixed-length columns: [ConcurrencyCheck] e-mail under a filtered unique index, xmin on ----
// ---- PostgreSQL, char(24) unique, char(8) and char(5) NOT NULL; the row kept -----------------------------------------

[DataSubject(Subjects.Customer)]
public class TokenCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [System.ComponentModel.DataAnnotations.ConcurrencyCheck]
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Email { get; set; } = "";

    [NotPersonalData("Soft delete flag.")]
    public bool IsDeleted { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string MemberCode { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Initials { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Zip { get; set; } = "";

    [NotPersonalData("Row version (xmin on PostgreSQL).")]
    public uint Version { get; set; }
}

public class TokenContext(DbContextOptions<TokenContext> options) : HeldContext<TokenCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TokenCustomer>(c =>
        {
            c.HasIndex(x => x.Email).IsUnique().HasFilter("\"IsDeleted\" = FALSE");
            c.Property(x => x.MemberCode).HasMaxLength(24).IsFixedLength().IsUnicode(false);
            c.HasIndex(x => x.MemberCode).IsUnique();
            c.Property(x => x.Initials).HasMaxLength(8).IsFixedLength();
            c.Property(x => x.Zip).HasMaxLength(5).IsFixedLength();
            if (IsPostgres)
            {
                c.Property(x => x.Version).IsRowVersion();
            }
            else
            {
                c.Ignore(x => x.Version);
            }
        });
    }
}

public sealed class TokenShape : Break2Shape<TokenContext>
{
    public override string Feature => "Concurrency tokens ([ConcurrencyCheck], xmin), filtered unique index, fixed-length char(n), the row kept";

    public override string Member => "TokenCustomer.MemberCode";

    public override string Reveal(string stored) => stored.TrimEnd(' ');

    protected override Task SeedAsync(TokenContext context)
        => SeedHeldRowsAsync(context, id => new TokenCustomer { Id = id, Email = $"s{id}-mail@example.com", MemberCode = $"s{id}-code", Initials = $"s{id}-ab", Zip = $"s{id}-1" });
}

// ---- An optional complex type mapped to JSON, NULL for customer 1 whose row is kept -------------------------------------

[DataSubject(Subjects.Customer)]
public class OptionalJsonCustomer : ShapeCustomer
{
    public ShapeContact? Billing { get; set; }
}

public class OptionalJsonContext(DbContextOptions<OptionalJsonContext> options) : HeldContext<OptionalJsonCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<OptionalJsonCustomer>().ComplexProperty(c => c.Billing, b => b.ToJson());
}

public sealed class OptionalJsonShape : Break2Shape<OptionalJsonContext>
{
    public override string Feature => "Optional complex type mapped to JSON, NULL on a kept row";

    public override string Member => "OptionalJsonCustomer.Billing.Name";

    protected override Task SeedAsync(OptionalJsonContext context)
        => SeedHeldAsync(context, id => new OptionalJsonCustomer { Billing = OptionalComplexShape.Billing(id) });
}

// ---- A member number from a database sequence (PostgreSQL) or default, NOT NULL unique int; the row kept ---------------

[DataSubject(Subjects.Customer)]
public class SequenceCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public int MemberNumber { get; set; }
}

public class SequenceContext(DbContextOptions<SequenceContext> options) : HeldContext<SequenceCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SequenceCustomer>(c =>
        {
            c.HasIndex(x => x.MemberNumber).IsUnique();
            if (IsPostgres)
            {
                modelBuilder.HasSequence<int>("MemberNumbers").StartsAt(1000);
                c.Property(x => x.MemberNumber).HasDefaultValueSql("nextval('\"MemberNumbers\"')");
            }
        });
    }
}

public sealed class SequenceShape : Break2Shape<SequenceContext>
{
    public override string Feature => "A NOT NULL unique member number from a sequence, the row kept";

    public override string Member => "SequenceCustomer.MemberNumber";

    protected override Task SeedAsync(SequenceContext context)
        => SeedHeldAsync(context, id => new SequenceCustomer { MemberNumber = 1000 + id });
}

// ---- The fix offered for a NOT NULL primitive collection: nullable List<string> and string[], swept ---------------------

[DataSubject(Subjects.Customer)]
public class NullablePhonesCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public List<string>? Phones { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string[]? Aliases { get; set; }
}

public class NullablePhonesContext(DbContextOptions<NullablePhonesContext> options) : HeldContext<NullablePhonesCustomer>(options);

public sealed class NullablePhonesShape : Break2Shape<NullablePhonesContext>
{
    public override string Feature => "Nullable primitive collections (List<string>?, string[]?) of a kept row, swept";

    public override string Member => "NullablePhonesCustomer.Phones";

    protected override Task SeedAsync(NullablePhonesContext context)
        => SeedHeldAsync(context, id => new NullablePhonesCustomer { Phones = id == 1 ? null : [$"s{id}-phone"], Aliases = [Swept(id, "alias")] });
}

// ---- TruncateToYear on NOT NULL and nullable dates under a two-year rule, the row kept --------------------------------

[DataSubject(Subjects.Customer)]
public class TruncatedDatesCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.TruncateToYear)]
    public DateTime BirthDate { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.TruncateToYear)]
    public DateTime? MarriedOn { get; set; }
}

public class TruncatedDatesContext(DbContextOptions<TruncatedDatesContext> options) : HeldContext<TruncatedDatesCustomer>(options);

public sealed class TruncatedDatesShape : Break2Shape<TruncatedDatesContext>
{
    public override string Feature => "TruncateToYear on NOT NULL and nullable dates under a two-year rule, the row kept";

    public override string Member => "TruncatedDatesCustomer.BirthDate";

    protected override Task SeedAsync(TruncatedDatesContext context)
        => SeedHeldAsync(context, id => new TruncatedDatesCustomer
        {
            BirthDate = new DateTime(1980 + id, 5, 17, 8, 30, 0, DateTimeKind.Utc),
            MarriedOn = id == 1 ? null : new DateTime(2010, 7, 1, 0, 0, 0, DateTimeKind.Utc),
        });
}

// ---- A photo the customer points to, keyed by (tenant, number): customers of one tenant share the first key column ----

public class TenantPhoto
{
    [NotPersonalData("The tenant, first part of the key.")]
    public int Tenant { get; set; }

    [NotPersonalData("The photo's number within its tenant.")]
    public int Number { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Caption { get; set; } = "";
}

[DataSubject(Subjects.Customer)]
public class PhotoCustomer : ShapeCustomer
{
    public int? PhotoTenant { get; set; }

    public int? PhotoNumber { get; set; }

    public TenantPhoto? Photo { get; set; }
}

public class CompositePhotoContext(DbContextOptions<CompositePhotoContext> options) : ShapeContext(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TenantPhoto>().HasKey(p => new { p.Tenant, p.Number });
        modelBuilder.Entity<PhotoCustomer>().HasOne(c => c.Photo).WithMany().HasForeignKey(c => new { c.PhotoTenant, c.PhotoNumber }).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CompositePhotoShape : Break2Shape<CompositePhotoContext>
{
    public override string Feature => "A pointed-to photo with a composite key (tenant, number) shared by the tenant's customers";

    public override string Member => "TenantPhoto.Caption";

    protected override Task SeedAsync(CompositePhotoContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new TenantPhoto { Tenant = 7, Number = id, Caption = $"s{id}-caption" });
            context.Add(new PhotoCustomer { PhotoTenant = 7, PhotoNumber = id }.Numbered(id));
        }

        return context.SaveChangesAsync();
    }
}

// ---- Tables in schemas of their own (HasDefaultSchema, ToTable(name, schema)), the row kept and swept -----------------

[DataSubject(Subjects.Customer)]
public class SchemaCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nickname { get; set; }
}

public class SchemaContext(DbContextOptions<SchemaContext> options) : HeldContext<SchemaCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        var schemas = IsPostgres;
        if (schemas)
        {
            modelBuilder.HasDefaultSchema("shop");
            modelBuilder.Entity<SchemaCustomer>().ToTable("Customers", "crm");
        }
    }
}

public sealed class SchemaShape : Break2Shape<SchemaContext>
{
    public override string Feature => "Tables in schemas (HasDefaultSchema, ToTable(name, schema)) on PostgreSQL, the row kept and swept";

    public override string Member => "SchemaCustomer.Nickname";

    protected override Task SeedAsync(SchemaContext context)
        => SeedHeldAsync(context, id => new SchemaCustomer { Nickname = Swept(id, "nick") });
}

// ---- The fixes start-up offers for the jsonb and bigint shapes: make the column nullable (Null then fits) --------------

/// <summary>A customer's national id card, stored as bigint through a converter, anonymised rather than deleted (ErasureAction.Anonymise).</summary>
public class NationalIdCard
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string NationalId { get; set; } = "";
}

public class JsonbNullableContext(DbContextOptions<JsonbNullableContext> options) : ShapeContext(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        var preferences = modelBuilder.Entity<JsonbCustomer>().Property(x => x.Preferences).IsRequired(false);
        modelBuilder.Entity<NationalIdCard>().Property(x => x.NationalId).IsRequired(false)
            .HasConversion(v => long.Parse(v, CultureInfo.InvariantCulture), v => v.ToString(CultureInfo.InvariantCulture));
        if (IsPostgres)
        {
            preferences.HasColumnType("jsonb");
        }

        modelBuilder.Entity<B2Invoice>().HasOne<JsonbCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<NationalIdCard>().HasOne<JsonbCustomer>().WithMany().HasForeignKey(b => b.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class JsonbNullableShape : Break2Shape<JsonbNullableContext>
{
    public override string Feature => "The fix offered for a NOT NULL jsonb column and a text stored as bigint: nullable columns";

    public override string Member => "JsonbCustomer.Preferences";

    protected override Task SeedAsync(JsonbNullableContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new JsonbCustomer { Preferences = $"{{\"theme\": \"s{id}-dark\"}}" }.Numbered(id));
            context.Add(new NationalIdCard { Id = id, CustomerId = id, NationalId = $"19800101000{id}" });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- The fix offered for the view: the view-mapped type without a relationship (the query joins instead) --------------

public class ViewUnlinkedContext(DbContextOptions<ViewUnlinkedContext> options) : ShapeContext(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ViewCustomer>();
        modelBuilder.Entity<ViewCustomerCard>().ToView("ViewCustomerCards");
    }
}

public sealed class ViewUnlinkedShape : Break2Shape<ViewUnlinkedContext>
{
    public override string Feature => "The fix offered for a view-mapped type: no relationship, the query joins";

    public override string Member => "ViewCustomerCard.Name";

    protected override Task SeedAsync(ViewUnlinkedContext context) => ViewShape.Seed(context);
}

// ---- An entity type written to a table and read from a view (ToTable(...).ToView(...)), the view hiding archived rows --

[DataSubject(Subjects.Customer)]
public class ReadViewCustomer : ShapeCustomer
{
    public List<ReadViewNote> Notes { get; set; } = [];
}

public class ReadViewNote
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [NotPersonalData("The customer's key.")]
    public int CustomerId { get; set; }

    [NotPersonalData("Archived notes are hidden by the view.")]
    public bool Archived { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Text { get; set; } = "";
}

public class ReadViewContext(DbContextOptions<ReadViewContext> options) : ShapeContext(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReadViewCustomer>().HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CustomerId);
        modelBuilder.Entity<ReadViewNote>().ToTable("ReadViewNotes").ToView("ActiveNotes");
    }
}

public sealed class ReadViewShape : Break2Shape<ReadViewContext>
{
    public override string Feature => "An entity type written to a table and read from a view that hides archived rows";

    public override string Member => "ReadViewNote.Text";

    public override string? Refused => "ReadViewNote.Text: is personal data in an entity type written to table ReadViewNotes but read from view ActiveNotes";

    protected override Task SeedAsync(ReadViewContext context) => Seed(context);

    /// <summary>Creates the view of active notes and adds the three customers with a visible and an archived note each (the read-view shapes share it).</summary>
    public static async Task Seed(DbContext context)
    {
        await context.Database.ExecuteSqlRawAsync(IsPostgres(context)
            ? "CREATE VIEW \"ActiveNotes\" AS SELECT * FROM \"ReadViewNotes\" WHERE NOT \"Archived\""
            : "CREATE VIEW \"ActiveNotes\" AS SELECT * FROM \"ReadViewNotes\" WHERE \"Archived\" = 0");
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new ReadViewCustomer().Numbered(id));
            context.Add(new ReadViewNote { Id = id * 10, CustomerId = id, Text = $"s{id}-note" });
            context.Add(new ReadViewNote { Id = (id * 10) + 1, CustomerId = id, Archived = true, Text = $"s{id}-archived" });
        }

        await context.SaveChangesAsync();
    }
}

// ---- The fix offered for the read view: the table alone, and the view read through a keyless type of its own ---------

public class ActiveNote
{
    [NotPersonalData("The customer's key.")]
    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Text { get; set; } = "";
}

public class ReadViewFixedContext(DbContextOptions<ReadViewFixedContext> options) : ShapeContext(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReadViewCustomer>().HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CustomerId);
        modelBuilder.Entity<ReadViewNote>().ToTable("ReadViewNotes");
        modelBuilder.Entity<ActiveNote>().HasNoKey().ToView("ActiveNotes");
    }
}

public sealed class ReadViewFixedShape : Break2Shape<ReadViewFixedContext>
{
    public override string Feature => "The fix offered for a read view: the table alone, the view through a keyless type";

    public override string Member => "ReadViewNote.Text";

    protected override Task SeedAsync(ReadViewFixedContext context) => ReadViewShape.Seed(context);
}
