using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// Models a new user writes that the catalogue does not have (issue 11, "models designed by someone who did not write
// the change").

// ---- An encrypting converter with a random IV (what real encryption does), on a swept field ----------------------------

[DataSubject(Subjects.Customer)]
public class IvCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Secret { get; set; } = "";
}

/// <summary>Base64 of four random bytes (the IV), the prefix and the value: the same value never encrypts the same way twice.</summary>
public sealed class RandomIvConverter() : ValueConverter<string, string>(v => Encrypt(v), v => Decrypt(v))
{
    public static string Encrypt(string value) => Convert.ToBase64String([.. RandomNumberGenerator.GetBytes(4), .. Encoding.UTF8.GetBytes("enc:" + value)]);

    public static string Decrypt(string value)
    {
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(value).AsSpan(4));
        return text.StartsWith("enc:", StringComparison.Ordinal) ? text[4..] : throw new FormatException("Not an encrypted value.");
    }
}

public class RandomIvContext(DbContextOptions<RandomIvContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IvCustomer>().Property(x => x.Secret).HasConversion(new RandomIvConverter());
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class RandomIvShape : Shape<RandomIvContext>
{
    public override string Feature => "Value converter that encrypts with a random IV, on a swept field";

    public override string Reveal(string stored)
    {
        try
        {
            return RandomIvConverter.Decrypt(stored);
        }
        catch (Exception)
        {
            return stored;
        }
    }

    protected override Task SeedAsync(RandomIvContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new IvCustomer { Id = id, Name = $"s{id}-name", LastSeen = SeenAt(id), Secret = Swept(id, "secret") });
        }

        return context.SaveChangesAsync();
    }
}

// ---- Strongly typed ids (a value object key with a converter, as DDD templates write them) ---------------------------

public readonly record struct CustomerId(int Value);

[DataSubject(Subjects.Customer)]
public class TypedIdCustomer
{
    [NotPersonalData("Surrogate key.")]
    public CustomerId Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nickname { get; set; }
}

public class TypedIdInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public CustomerId CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";
}

public class TypedIdContext(DbContextOptions<TypedIdContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TypedIdCustomer>().Property(x => x.Id).HasConversion(v => v.Value, v => new CustomerId(v));
        modelBuilder.Entity<TypedIdInvoice>(i =>
        {
            i.Property(x => x.CustomerId).HasConversion(v => v.Value, v => new CustomerId(v));
            i.HasOne<TypedIdCustomer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class TypedIdShape : Shape<TypedIdContext>
{
    public override string Feature => "Strongly typed id (a value object key through a converter)";

    public override IReadOnlyList<object> Subjects => [new CustomerId(1), new CustomerId(2), new CustomerId(3)];

    protected override Task SeedAsync(TypedIdContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new TypedIdCustomer { Id = new CustomerId(id), Name = $"s{id}-name", LastSeen = SeenAt(id), Nickname = Swept(id, "nick") });
        }

        context.AddRange(
            new TypedIdInvoice { Id = 1, CustomerId = new CustomerId(1), InvoiceDate = Recent, BillingName = "s1-held-billing" },
            new TypedIdInvoice { Id = 2, CustomerId = new CustomerId(2), InvoiceDate = Recent, BillingName = "s2-billing" });
        return context.SaveChangesAsync();
    }
}

// ---- Owned types nested two levels, optional, all members NULL, the row kept by a held invoice ------------------------

public class NestedHome
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Street { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? City { get; set; }
}

public class NestedProfile
{
    [NotPersonalData("When the profile was made (EF Core needs a required column to tell an empty profile from none).")]
    public DateTime Created { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Nickname { get; set; }

    public NestedHome? Home { get; set; }
}

[DataSubject(Subjects.Customer)]
public class NestedCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public NestedProfile? Profile { get; set; }
}

public class NestedInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";
}

public class NestedOwnedContext(DbContextOptions<NestedOwnedContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<NestedCustomer>().OwnsOne(c => c.Profile, p => p.OwnsOne(x => x.Home));
        modelBuilder.Entity<NestedInvoice>().HasOne<NestedCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class NestedOwnedShape : Shape<NestedOwnedContext>
{
    public override string Feature => "Owned types nested two levels, optional, with all members NULL";

    protected override Task SeedAsync(NestedOwnedContext context)
    {
        context.AddRange(
            new NestedCustomer { Id = 1, Name = "s1-name", Profile = new NestedProfile { Nickname = "s1-nick", Home = new NestedHome() } },
            new NestedCustomer { Id = 2, Name = "s2-name", Profile = new NestedProfile { Nickname = "s2-nick", Home = new NestedHome { Street = "s2-street", City = "s2-city" } } },
            new NestedCustomer { Id = 3, Name = "s3-name" });
        context.AddRange(
            new NestedInvoice { Id = 1, CustomerId = 1, InvoiceDate = Recent, BillingName = "s1-held-billing" },
            new NestedInvoice { Id = 3, CustomerId = 3, InvoiceDate = Recent, BillingName = "s3-held-billing" });
        return context.SaveChangesAsync();
    }
}

// ---- A self-reference between subjects (who referred whom), and a manager chain -----------------------------------------

[DataSubject(Subjects.Customer)]
public class ReferralCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [NotPersonalData("The customer who referred this one.")]
    public int? ReferredById { get; set; }

    public ReferralCustomer? ReferredBy { get; set; }
}

public class ReferralContext(DbContextOptions<ReferralContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReferralCustomer>().HasOne(c => c.ReferredBy).WithMany().HasForeignKey(c => c.ReferredById).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ReferralShape : Shape<ReferralContext>
{
    public override string Feature => "Self-reference between subjects (referred by), a chain 3 -> 1 -> 2";

    protected override async Task SeedAsync(ReferralContext context)
    {
        context.Add(new ReferralCustomer { Id = 2, Name = "s2-name" });
        await context.SaveChangesAsync();
        context.Add(new ReferralCustomer { Id = 1, Name = "s1-name", ReferredById = 2 });
        await context.SaveChangesAsync();
        context.Add(new ReferralCustomer { Id = 3, Name = "s3-name", ReferredById = 1 });
        await context.SaveChangesAsync();
    }
}

// ---- Converters of several kinds on fields of a held customer and on swept fields ------------------------------------------

public enum Tier
{
    Basic = 1,
    Plus = 2,
}

public sealed record EmailAddress
{
    public EmailAddress(string value)
    {
        if (!value.Contains('@', StringComparison.Ordinal))
        {
            throw new FormatException($"'{value}' is not an e-mail address.");
        }

        Value = value;
    }

    public string Value { get; }
}

[DataSubject(Subjects.Customer)]
public class ConvCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public Tier? Tier { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public bool Newsletter { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public DateTime BirthDate { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public EmailAddress? Email { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Country { get; set; } = "";

    [NotPersonalData("The tenant.")]
    public int TenantId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Login { get; set; } = "";
}

public class ConvInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";
}

public class ConvertersContext(DbContextOptions<ConvertersContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ConvCustomer>(c =>
        {
            c.Property(x => x.Tier).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.Newsletter).HasConversion(new BoolToStringConverter("N", "Y"));
            c.Property(x => x.BirthDate).HasConversion(v => v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
            c.Property(x => x.Email).HasConversion(v => v!.Value, v => new EmailAddress(v)).HasMaxLength(200);
            c.Property(x => x.Country).HasMaxLength(3).IsFixedLength();
            c.Property(x => x.Login).HasMaxLength(100);
            c.HasIndex(x => new { x.TenantId, x.Login }).IsUnique();
        });
        modelBuilder.Entity<ConvInvoice>().HasOne<ConvCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ConvertersShape : Shape<ConvertersContext>
{
    public override string Feature => "Converters: enum as text, bool as Y/N, DateTime UTC, value object e-mail; char(3); composite unique";

    protected override Task SeedAsync(ConvertersContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new ConvCustomer
            {
                Id = id, Name = $"s{id}-name", LastSeen = SeenAt(id), Tier = Tier.Plus, Newsletter = true, BirthDate = new DateTime(1980, 1, id, 0, 0, 0, DateTimeKind.Utc),
                Email = id == 2 ? null : new EmailAddress(Swept(id, "mail@example.com")), Country = "SWE", TenantId = 7, Login = $"s{id}-login",
            });
        }

        context.AddRange(
            new ConvInvoice { Id = 1, CustomerId = 1, InvoiceDate = Recent, BillingName = "s1-held-billing" },
            new ConvInvoice { Id = 2, CustomerId = 2, InvoiceDate = Recent, BillingName = "s2-billing" });
        return context.SaveChangesAsync();
    }
}


// ---- A required value object (an e-mail address type stored as text), no unique index ------------------------------

[DataSubject(Subjects.Customer)]
public class RequiredEmailCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public EmailAddress Email { get; set; } = new("a@b.example");
}

public class RequiredEmailContext(DbContextOptions<RequiredEmailContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RequiredEmailCustomer>().Property(x => x.Email).HasConversion(v => v.Value, v => new EmailAddress(v)).IsRequired();
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class RequiredEmailShape : Shape<RequiredEmailContext>
{
    public override string Feature => "A required value object stored as text";

    protected override Task SeedAsync(RequiredEmailContext context)
    {
        context.Add(new RequiredEmailCustomer { Id = 1, Email = new EmailAddress("s1-mail@example.com") });
        return context.SaveChangesAsync();
    }
}

// ---- A converter whose mapping hints bound the column (a normalised postal code, 6 characters) -----------------------

/// <summary>Stores a postal code upper-cased, in a column of 6 characters (the converter's mapping hints say so).</summary>
public sealed class PostalCodeConverter() : ValueConverter<string, string>(v => v.ToUpperInvariant(), v => v, new ConverterMappingHints(size: 6, unicode: false));

[DataSubject(Subjects.Customer)]
public class PostalCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string PostalCode { get; set; } = "";
}

public class PostalCodeContext(DbContextOptions<PostalCodeContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PostalCustomer>().Property(x => x.PostalCode).HasConversion(new PostalCodeConverter());
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class PostalCodeShape : Shape<PostalCodeContext>
{
    public override string Feature => "A converter whose mapping hints bound the column (6 characters)";

    protected override Task SeedAsync(PostalCodeContext context)
    {
        context.AddRange(new PostalCustomer { Id = 1, PostalCode = "s1-pc" }, new PostalCustomer { Id = 2, PostalCode = "s2-pc" });
        return context.SaveChangesAsync();
    }
}
