using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// Mappings a second fresh tester wrote the way real applications do (issue 11): each works for export, erasure and the
// sweep, or start-up refuses it naming the member (Member) and the fix.

/// <summary>A shape of this round: the member that start-up must name when it refuses the mapping.</summary>
public abstract class Break2Shape<TContext> : Shape<TContext>
    where TContext : DbContext
{
    /// <summary>The personal member (<c>Type.Member</c>) the mapping is about.</summary>
    public abstract string Member { get; }
}

/// <summary>An invoice under Bokföringslagen that keeps its customer's row (customer 1's is held).</summary>
public class B2Invoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";

    public static void Add(DbContext context) => context.AddRange(
        new B2Invoice { Id = 1, CustomerId = 1, InvoiceDate = Shape.Recent, BillingName = "s1-held-billing" },
        new B2Invoice { Id = 2, CustomerId = 2, InvoiceDate = Shape.Recent, BillingName = "s2-billing" });
}

// ---- Entity splitting: one entity type over two tables (SplitToTable), the row kept by a held invoice -----------------

[DataSubject(Subjects.Customer)]
public class EntitySplitCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Phone { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Street { get; set; } = "";
}

public class EntitySplittingContext(DbContextOptions<EntitySplittingContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EntitySplitCustomer>(c => c.ToTable("SplitCustomers").SplitToTable("SplitCustomerDetails", t =>
        {
            t.Property(x => x.Phone);
            t.Property(x => x.Street);
        }));
        modelBuilder.Entity<B2Invoice>().HasOne<EntitySplitCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class EntitySplittingShape : Break2Shape<EntitySplittingContext>
{
    public override string Feature => "Entity splitting (SplitToTable), the row kept by a held invoice";

    public override string Member => "EntitySplitCustomer.Phone";

    public override string? Refused => "EntitySplitCustomer.Phone: is personal data in an entity type split over several tables (SplitToTable: SplitCustomerDetails)";

    protected override Task SeedAsync(EntitySplittingContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new EntitySplitCustomer { Id = id, Name = $"s{id}-name", LastSeen = SeenAt(id), Phone = Swept(id, "phone"), Street = $"s{id}-street" });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- A NOT NULL json/jsonb column of preferences (text on SQLite), the row kept by a held invoice ---------------------

[DataSubject(Subjects.Customer)]
public class JsonbCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Preferences { get; set; } = "{}";
}

public class JsonbContext(DbContextOptions<JsonbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            modelBuilder.Entity<JsonbCustomer>().Property(x => x.Preferences).HasColumnType("jsonb");
        }

        modelBuilder.Entity<B2Invoice>().HasOne<JsonbCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class JsonbShape : Break2Shape<JsonbContext>
{
    public override string Feature => "A NOT NULL jsonb column (text on SQLite) of a kept row";

    public override string Member => "JsonbCustomer.Preferences";

    public override string? RefusedOn(DatabaseProvider provider)
        => provider == DatabaseProvider.PostgreSql ? "JsonbCustomer.Preferences: has no anonymisation strategy that fits the column" : null;

    protected override Task SeedAsync(JsonbContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new JsonbCustomer { Id = id, Name = $"s{id}-name", Preferences = $"{{\"theme\": \"s{id}-dark\"}}" });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- A national id kept as text in the model and stored as bigint through a converter, the row kept -------------------

[DataSubject(Subjects.Customer)]
public class BigintIdCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string NationalId { get; set; } = "";
}

public class BigintIdContext(DbContextOptions<BigintIdContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BigintIdCustomer>().Property(x => x.NationalId)
            .HasConversion(v => long.Parse(v, CultureInfo.InvariantCulture), v => v.ToString(CultureInfo.InvariantCulture));
        modelBuilder.Entity<B2Invoice>().HasOne<BigintIdCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class BigintIdShape : Break2Shape<BigintIdContext>
{
    public override string Feature => "A text property stored as bigint through a value converter (a national id), the row kept";

    public override string Member => "BigintIdCustomer.NationalId";

    public override string? Refused => "cannot convert the Redact value ('[erased]': FormatException)";

    protected override Task SeedAsync(BigintIdContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new BigintIdCustomer { Id = id, Name = $"s{id}-name", NationalId = $"19800101000{id}" });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
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

public class AltKeyContext(DbContextOptions<AltKeyContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AltKeyCustomer>().HasAlternateKey(x => x.Email);
        modelBuilder.Entity<B2Invoice>().HasOne<AltKeyCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class AltKeyShape : Break2Shape<AltKeyContext>
{
    public override string Feature => "A personal e-mail as alternate key (HasAlternateKey), the row kept";

    public override string Member => "AltKeyCustomer.Email";

    protected override Task SeedAsync(AltKeyContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new AltKeyCustomer { Id = id, Email = $"s{id}-mail@example.com", Name = $"s{id}-name" });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- An optional complex type (EF Core 10), NULL for customer 1 whose row is kept ---------------------------------------

[DataSubject(Subjects.Customer)]
public class OptionalComplexCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public ShapeContact? Billing { get; set; }
}

public class OptionalComplexContext(DbContextOptions<OptionalComplexContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OptionalComplexCustomer>().ComplexProperty(c => c.Billing);
        modelBuilder.Entity<B2Invoice>().HasOne<OptionalComplexCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class OptionalComplexShape : Break2Shape<OptionalComplexContext>
{
    public override string Feature => "Optional complex type (ComplexProperty of a nullable type), NULL on a kept row";

    public override string Member => "OptionalComplexCustomer.Billing.Name";

    protected override Task SeedAsync(OptionalComplexContext context)
    {
        context.AddRange(
            new OptionalComplexCustomer { Id = 1, Name = "s1-name", Billing = null },
            new OptionalComplexCustomer { Id = 2, Name = "s2-name", Billing = new ShapeContact { Name = "s2-billing", Phone = "s2-phone" } },
            new OptionalComplexCustomer { Id = 3, Name = "s3-name", Billing = new ShapeContact { Name = "s3-billing" } });
        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- Many-to-many with a personal payload on the join entity, swept after two years ------------------------------------

[DataSubject(Subjects.Customer)]
public class ClubCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

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

public class ClubContext(DbContextOptions<ClubContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ClubCustomer>().HasMany(c => c.Clubs).WithMany(g => g.Members).UsingEntity<ClubMembership>(
            r => r.HasOne<Club>().WithMany().HasForeignKey(m => m.ClubId),
            l => l.HasOne<ClubCustomer>().WithMany().HasForeignKey(m => m.CustomerId));
        modelBuilder.AddPrivacyAudit();
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
            context.Add(new ClubCustomer { Id = id, Name = $"s{id}-name", LastSeen = SeenAt(id) });
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
public class ViewCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

public class ViewCustomerCard
{
    [NotPersonalData("The customer's key.")]
    public int Id { get; set; }

    [NotPersonalData("The customer's key, which the view repeats.")]
    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

public class ViewContext(DbContextOptions<ViewContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ViewCustomerCard>(v =>
        {
            v.ToView("ViewCustomerCards");
            v.HasOne<ViewCustomer>().WithMany().HasForeignKey(x => x.CustomerId);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ViewShape : Break2Shape<ViewContext>
{
    public override string Feature => "A view-mapped entity type (ToView) with personal columns, related to the customer";

    public override string Member => "ViewCustomerCard.Name";

    public override string? Refused => "ViewCustomerCard.Name: is personal data in an entity type mapped to a view, SQL query or function (ViewCustomerCards)";

    protected override async Task SeedAsync(ViewContext context)
    {
        await context.Database.ExecuteSqlRawAsync("CREATE VIEW \"ViewCustomerCards\" AS SELECT \"Id\", \"Id\" AS \"CustomerId\", \"Name\" FROM \"ViewCustomer\"");
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new ViewCustomer { Id = id, Name = $"s{id}-name" });
        }

        await context.SaveChangesAsync();
    }
}

// ---- A primitive collection (List<string> as JSON text or text[]) of phone numbers, NOT NULL, the row kept ------------

[DataSubject(Subjects.Customer)]
public class PhonesCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public List<string> Phones { get; set; } = [];
}

public class PhonesContext(DbContextOptions<PhonesContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B2Invoice>().HasOne<PhonesCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class PhonesShape : Break2Shape<PhonesContext>
{
    public override string Feature => "A NOT NULL primitive collection (List<string>) of a kept row";

    public override string Member => "PhonesCustomer.Phones";

    protected override Task SeedAsync(PhonesContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new PhonesCustomer { Id = id, Name = $"s{id}-name", Phones = [$"s{id}-phone"] });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
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
public class SweptTypesCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.Zero)]
    public LoyaltyTier Tier { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateOnly BirthDate { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Ssn { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public decimal CreditLimit { get; set; }
}

public class SweptTypesContext(DbContextOptions<SweptTypesContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SweptTypesCustomer>(c =>
        {
            c.Property(x => x.Tier).HasConversion<string>().HasMaxLength(12).IsUnicode(false);
            c.Property(x => x.Ssn).HasConversion(v => System.Text.Encoding.UTF8.GetBytes("x:" + v), v => System.Text.Encoding.UTF8.GetString(v).Substring(2));
            c.Property(x => x.CreditLimit).HasPrecision(9, 2);
        });
        modelBuilder.Entity<B2Invoice>().HasOne<SweptTypesCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class SweptTypesShape : Break2Shape<SweptTypesContext>
{
    public override string Feature => "Converted values under a two-year rule (enum as text, DateOnly, text as bytes, precise decimal)";

    public override string Member => "SweptTypesCustomer.Tier";

    public override string Reveal(string stored) => stored.StartsWith("x:", StringComparison.Ordinal) ? stored[2..] : stored;

    protected override Task SeedAsync(SweptTypesContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new SweptTypesCustomer { Id = id, Name = $"s{id}-name", LastSeen = SeenAt(id), Tier = LoyaltyTier.Silver, BirthDate = new DateOnly(1980 + id, 5, 17), Ssn = Swept(id, "ssn"), CreditLimit = 1234.56m });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
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

public class TokenContext(DbContextOptions<TokenContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TokenCustomer>(c =>
        {
            c.HasIndex(x => x.Email).IsUnique().HasFilter("\"IsDeleted\" = FALSE");
            c.Property(x => x.MemberCode).HasMaxLength(24).IsFixedLength().IsUnicode(false);
            c.HasIndex(x => x.MemberCode).IsUnique();
            c.Property(x => x.Initials).HasMaxLength(8).IsFixedLength();
            c.Property(x => x.Zip).HasMaxLength(5).IsFixedLength();
            if (Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
            {
                c.Property(x => x.Version).IsRowVersion();
            }
            else
            {
                c.Ignore(x => x.Version);
            }
        });
        modelBuilder.Entity<B2Invoice>().HasOne<TokenCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class TokenShape : Break2Shape<TokenContext>
{
    public override string Feature => "Concurrency tokens ([ConcurrencyCheck], xmin), filtered unique index, fixed-length char(n), the row kept";

    public override string Member => "TokenCustomer.MemberCode";

    public override string Reveal(string stored) => stored.TrimEnd(' ');

    protected override Task SeedAsync(TokenContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new TokenCustomer { Id = id, Email = $"s{id}-mail@example.com", MemberCode = $"s{id}-code", Initials = $"s{id}-ab", Zip = $"s{id}-1" });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- An optional complex type mapped to JSON, NULL for customer 1 whose row is kept -------------------------------------

[DataSubject(Subjects.Customer)]
public class OptionalJsonCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public ShapeContact? Billing { get; set; }
}

public class OptionalJsonContext(DbContextOptions<OptionalJsonContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OptionalJsonCustomer>().ComplexProperty(c => c.Billing, b => b.ToJson());
        modelBuilder.Entity<B2Invoice>().HasOne<OptionalJsonCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class OptionalJsonShape : Break2Shape<OptionalJsonContext>
{
    public override string Feature => "Optional complex type mapped to JSON, NULL on a kept row";

    public override string Member => "OptionalJsonCustomer.Billing.Name";

    protected override Task SeedAsync(OptionalJsonContext context)
    {
        context.AddRange(
            new OptionalJsonCustomer { Id = 1, Name = "s1-name", Billing = null },
            new OptionalJsonCustomer { Id = 2, Name = "s2-name", Billing = new ShapeContact { Name = "s2-billing", Phone = "s2-phone" } },
            new OptionalJsonCustomer { Id = 3, Name = "s3-name", Billing = new ShapeContact { Name = "s3-billing" } });
        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- A member number from a database sequence (PostgreSQL) or default, NOT NULL unique int; the row kept ---------------

[DataSubject(Subjects.Customer)]
public class SequenceCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public int MemberNumber { get; set; }
}

public class SequenceContext(DbContextOptions<SequenceContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SequenceCustomer>(c =>
        {
            c.HasIndex(x => x.MemberNumber).IsUnique();
            if (Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
            {
                modelBuilder.HasSequence<int>("MemberNumbers").StartsAt(1000);
                c.Property(x => x.MemberNumber).HasDefaultValueSql("nextval('\"MemberNumbers\"')");
            }
        });
        modelBuilder.Entity<B2Invoice>().HasOne<SequenceCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class SequenceShape : Break2Shape<SequenceContext>
{
    public override string Feature => "A NOT NULL unique member number from a sequence, the row kept";

    public override string Member => "SequenceCustomer.MemberNumber";

    protected override Task SeedAsync(SequenceContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new SequenceCustomer { Id = id, Name = $"s{id}-name", MemberNumber = 1000 + id });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- The fix offered for a NOT NULL primitive collection: nullable List<string> and string[], swept ---------------------

[DataSubject(Subjects.Customer)]
public class NullablePhonesCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public List<string>? Phones { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string[]? Aliases { get; set; }
}

public class NullablePhonesContext(DbContextOptions<NullablePhonesContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B2Invoice>().HasOne<NullablePhonesCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class NullablePhonesShape : Break2Shape<NullablePhonesContext>
{
    public override string Feature => "Nullable primitive collections (List<string>?, string[]?) of a kept row, swept";

    public override string Member => "NullablePhonesCustomer.Phones";

    protected override Task SeedAsync(NullablePhonesContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new NullablePhonesCustomer { Id = id, Name = $"s{id}-name", LastSeen = SeenAt(id), Phones = id == 1 ? null : [$"s{id}-phone"], Aliases = [Swept(id, "alias")] });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- TruncateToYear on NOT NULL and nullable dates under a two-year rule, the row kept --------------------------------

[DataSubject(Subjects.Customer)]
public class TruncatedDatesCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.TruncateToYear)]
    public DateTime BirthDate { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Anonymisation = AnonymisationStrategy.TruncateToYear)]
    public DateTime? MarriedOn { get; set; }
}

public class TruncatedDatesContext(DbContextOptions<TruncatedDatesContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B2Invoice>().HasOne<TruncatedDatesCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class TruncatedDatesShape : Break2Shape<TruncatedDatesContext>
{
    public override string Feature => "TruncateToYear on NOT NULL and nullable dates under a two-year rule, the row kept";

    public override string Member => "TruncatedDatesCustomer.BirthDate";

    protected override Task SeedAsync(TruncatedDatesContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new TruncatedDatesCustomer
            {
                Id = id,
                Name = $"s{id}-name",
                LastSeen = SeenAt(id),
                BirthDate = new DateTime(1980 + id, 5, 17, 8, 30, 0, DateTimeKind.Utc),
                MarriedOn = id == 1 ? null : new DateTime(2010, 7, 1, 0, 0, 0, DateTimeKind.Utc),
            });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
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
public class PhotoCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public int? PhotoTenant { get; set; }

    public int? PhotoNumber { get; set; }

    public TenantPhoto? Photo { get; set; }
}

public class CompositePhotoContext(DbContextOptions<CompositePhotoContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TenantPhoto>().HasKey(p => new { p.Tenant, p.Number });
        modelBuilder.Entity<PhotoCustomer>().HasOne(c => c.Photo).WithMany().HasForeignKey(c => new { c.PhotoTenant, c.PhotoNumber }).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
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
            context.Add(new PhotoCustomer { Id = id, Name = $"s{id}-name", PhotoTenant = 7, PhotoNumber = id });
        }

        return context.SaveChangesAsync();
    }
}

// ---- Tables in schemas of their own (HasDefaultSchema, ToTable(name, schema)), the row kept and swept -----------------

[DataSubject(Subjects.Customer)]
public class SchemaCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nickname { get; set; }
}

public class SchemaContext(DbContextOptions<SchemaContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var schemas = Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        if (schemas)
        {
            modelBuilder.HasDefaultSchema("shop");
            modelBuilder.Entity<SchemaCustomer>().ToTable("Customers", "crm");
        }

        modelBuilder.Entity<B2Invoice>().HasOne<SchemaCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class SchemaShape : Break2Shape<SchemaContext>
{
    public override string Feature => "Tables in schemas (HasDefaultSchema, ToTable(name, schema)) on PostgreSQL, the row kept and swept";

    public override string Member => "SchemaCustomer.Nickname";

    protected override Task SeedAsync(SchemaContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new SchemaCustomer { Id = id, Name = $"s{id}-name", LastSeen = SeenAt(id), Nickname = Swept(id, "nick") });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
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

public class JsonbNullableContext(DbContextOptions<JsonbNullableContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var preferences = modelBuilder.Entity<JsonbCustomer>().Property(x => x.Preferences).IsRequired(false);
        modelBuilder.Entity<NationalIdCard>().Property(x => x.NationalId).IsRequired(false)
            .HasConversion(v => long.Parse(v, CultureInfo.InvariantCulture), v => v.ToString(CultureInfo.InvariantCulture));
        if (Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            preferences.HasColumnType("jsonb");
        }

        modelBuilder.Entity<B2Invoice>().HasOne<JsonbCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<NationalIdCard>().HasOne<JsonbCustomer>().WithMany().HasForeignKey(b => b.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
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
            context.Add(new JsonbCustomer { Id = id, Name = $"s{id}-name", Preferences = $"{{\"theme\": \"s{id}-dark\"}}" });
            context.Add(new NationalIdCard { Id = id, CustomerId = id, NationalId = $"19800101000{id}" });
        }

        B2Invoice.Add(context);
        return context.SaveChangesAsync();
    }
}

// ---- The fix offered for the view: the view-mapped type without a relationship (the query joins instead) --------------

public class ViewUnlinkedContext(DbContextOptions<ViewUnlinkedContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ViewCustomer>();
        modelBuilder.Entity<ViewCustomerCard>().ToView("ViewCustomerCards");
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ViewUnlinkedShape : Break2Shape<ViewUnlinkedContext>
{
    public override string Feature => "The fix offered for a view-mapped type: no relationship, the query joins";

    public override string Member => "ViewCustomerCard.Name";

    protected override async Task SeedAsync(ViewUnlinkedContext context)
    {
        await context.Database.ExecuteSqlRawAsync("CREATE VIEW \"ViewCustomerCards\" AS SELECT \"Id\", \"Id\" AS \"CustomerId\", \"Name\" FROM \"ViewCustomer\"");
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new ViewCustomer { Id = id, Name = $"s{id}-name" });
        }

        await context.SaveChangesAsync();
    }
}

// ---- An entity type written to a table and read from a view (ToTable(...).ToView(...)), the view hiding archived rows --

[DataSubject(Subjects.Customer)]
public class ReadViewCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

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

public class ReadViewContext(DbContextOptions<ReadViewContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReadViewCustomer>().HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CustomerId);
        modelBuilder.Entity<ReadViewNote>().ToTable("ReadViewNotes").ToView("ActiveNotes");
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ReadViewShape : Break2Shape<ReadViewContext>
{
    public override string Feature => "An entity type written to a table and read from a view that hides archived rows";

    public override string Member => "ReadViewNote.Text";

    public override string? Refused => "ReadViewNote.Text: is personal data in an entity type written to table ReadViewNotes but read from view ActiveNotes";

    protected override async Task SeedAsync(ReadViewContext context)
    {
        await context.Database.ExecuteSqlRawAsync(context.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal)
            ? "CREATE VIEW \"ActiveNotes\" AS SELECT * FROM \"ReadViewNotes\" WHERE NOT \"Archived\""
            : "CREATE VIEW \"ActiveNotes\" AS SELECT * FROM \"ReadViewNotes\" WHERE \"Archived\" = 0");
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new ReadViewCustomer { Id = id, Name = $"s{id}-name" });
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

public class ReadViewFixedContext(DbContextOptions<ReadViewFixedContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReadViewCustomer>().HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CustomerId);
        modelBuilder.Entity<ReadViewNote>().ToTable("ReadViewNotes");
        modelBuilder.Entity<ActiveNote>().HasNoKey().ToView("ActiveNotes");
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ReadViewFixedShape : Break2Shape<ReadViewFixedContext>
{
    public override string Feature => "The fix offered for a read view: the table alone, the view through a keyless type";

    public override string Member => "ReadViewNote.Text";

    protected override async Task SeedAsync(ReadViewFixedContext context)
    {
        await context.Database.ExecuteSqlRawAsync(context.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal)
            ? "CREATE VIEW \"ActiveNotes\" AS SELECT * FROM \"ReadViewNotes\" WHERE NOT \"Archived\""
            : "CREATE VIEW \"ActiveNotes\" AS SELECT * FROM \"ReadViewNotes\" WHERE \"Archived\" = 0");
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new ReadViewCustomer { Id = id, Name = $"s{id}-name" });
            context.Add(new ReadViewNote { Id = id * 10, CustomerId = id, Text = $"s{id}-note" });
            context.Add(new ReadViewNote { Id = (id * 10) + 1, CustomerId = id, Archived = true, Text = $"s{id}-archived" });
        }

        await context.SaveChangesAsync();
    }
}
