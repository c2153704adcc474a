using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// ---- Computed and default-valued columns ----------------------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class ComputedCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string First { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Last { get; set; } = "";

    /// <summary>Computed by the database from First and Last: never written, it follows them.</summary>
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? FullName { get; private set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Language { get; set; }

    [NotPersonalData("A country code with a default.")]
    public string Country { get; set; } = "";
}

public class ComputedDefaultContext(DbContextOptions<ComputedDefaultContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ComputedCustomer>(c =>
        {
            c.Property(x => x.FullName).HasComputedColumnSql("\"First\" || ' ' || \"Last\"", stored: true);
            c.Property(x => x.Language).HasDefaultValueSql("'sv'");
            c.Property(x => x.Country).HasDefaultValue("SE");
        });
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ComputedDefaultShape : Shape<ComputedDefaultContext>
{
    public override string Feature => "Computed and default-valued columns";

    protected override Task SeedAsync(ComputedDefaultContext context)
    {
        context.AddRange(
            new ComputedCustomer { Id = 1, First = "s1-first", Last = "s1-last", Language = "s1-lang" },
            new ComputedCustomer { Id = 2, First = "s2-first", Last = "s2-last" },
            new ComputedCustomer { Id = 3, First = "s3-first", Last = "s3-last", Country = "NO" });
        return context.SaveChangesAsync();
    }
}

// ---- Keyless entity type mapped to a table --------------------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class KeylessCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

[Keyless]
public class KeylessNote
{
    [NotPersonalData("The customer the note is about.")]
    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Text { get; set; } = "";
}

public class KeylessContext(DbContextOptions<KeylessContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<KeylessCustomer>();
        modelBuilder.Entity<KeylessNote>().ToTable("KeylessNotes");
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class KeylessShape : Shape<KeylessContext>
{
    public override string Feature => "Keyless entity type mapped to a table";

    public override string? Refused => "KeylessNote.Text: is personal data in a keyless entity type";

    protected override Task SeedAsync(KeylessContext context)
    {
        context.Add(new KeylessCustomer { Id = 1, Name = "s1-name" });
        return context.SaveChangesAsync();
    }
}

// ---- Shadow property ----------------------------------------------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class ShadowCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }
}

public class ShadowContext(DbContextOptions<ShadowContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ShadowCustomer>().Property<string>("ReferralCode").IsPersonalData(Purposes.Account, Retention.TwoYears);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ShadowShape : Shape<ShadowContext>
{
    public override string Feature => "Shadow property";

    protected override Task SeedAsync(ShadowContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            var customer = new ShadowCustomer { Id = id, Name = $"s{id}-name", LastSeen = SeenAt(id) };
            context.Add(customer).Property("ReferralCode").CurrentValue = Swept(id, "referral");
        }

        return context.SaveChangesAsync();
    }
}

// ---- Property bag (shared-type entity type) --------------------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class BagCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

public class PropertyBagContext(DbContextOptions<PropertyBagContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BagCustomer>();
        modelBuilder.SharedTypeEntity<Dictionary<string, object>>("BagNote", b =>
        {
            b.IndexerProperty<int>("Id");
            b.IndexerProperty<int>("CustomerId");
            b.IndexerProperty<string>("Text").IsRequired().IsPersonalData(Purposes.Account, Retention.Account);
            b.HasKey("Id");
            b.HasOne(typeof(BagCustomer)).WithMany().HasForeignKey("CustomerId").OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class PropertyBagShape : Shape<PropertyBagContext>
{
    public override string Feature => "Property bag (shared-type entity type)";

    protected override Task SeedAsync(PropertyBagContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new BagCustomer { Id = id, Name = $"s{id}-name" });
            context.Set<Dictionary<string, object>>("BagNote").Add(new Dictionary<string, object> { ["Id"] = id * 10, ["CustomerId"] = id, ["Text"] = $"s{id}-note" });
        }

        return context.SaveChangesAsync();
    }
}

// ---- Every CLR type EF Core maps, in a row that is kept (every field anonymised) ----------------------------------------------

public enum ShapeLevel
{
    /// <summary>Not known: what anonymisation writes (AnonymisationStrategy.Zero, chosen explicitly).</summary>
    Unknown = 0,
    Bronze = 1,
    Silver = 2,
    Gold = 3,
}

[DataSubject(Subjects.Customer)]
public class TypesCustomer
{
    private const ErasureAction Keep = ErasureAction.Anonymise;

    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public string Text { get; set; } = "";
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public char Initial { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public bool Flag { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public byte Byte { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public short Short { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public int Int { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public long Long { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public decimal Decimal { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public double Double { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public float Float { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public DateTime DateTime { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public DateTimeOffset DateTimeOffset { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public DateOnly DateOnly { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public TimeOnly TimeOnly { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public TimeSpan TimeSpan { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public Guid Guid { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep, Anonymisation = AnonymisationStrategy.Zero)] public ShapeLevel Level { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep, Anonymisation = AnonymisationStrategy.Zero)] public ShapeLevel LevelAsText { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public byte[] Bytes { get; set; } = [];
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public int UniqueNumber { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public int? OptionalNumber { get; set; }
    [PersonalData(Purposes.Account, Retention.Account, Erasure = Keep)] public string? OptionalText { get; set; }
}

public class ClrTypesContext(DbContextOptions<ClrTypesContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TypesCustomer>(c =>
        {
            c.Property(x => x.LevelAsText).HasConversion<string>().HasMaxLength(10);
            c.HasIndex(x => x.UniqueNumber).IsUnique();
        });
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ClrTypesShape : Shape<ClrTypesContext>
{
    public override string Feature => "Every CLR type EF Core maps (char, enum as number and as text, unique int, byte[])";

    protected override Task SeedAsync(ClrTypesContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new TypesCustomer
            {
                Id = id, Text = $"s{id}-text", Initial = (char)('A' + id), Flag = true, Byte = (byte)(10 + id), Short = (short)(100 + id), Int = 1000 + id,
                Long = 10000 + id, Decimal = 12.5m + id, Double = 1.5 + id, Float = 2.5f + id, DateTime = new DateTime(1980, 1, id, 0, 0, 0, DateTimeKind.Utc),
                DateTimeOffset = new DateTimeOffset(1981, 2, id, 0, 0, 0, TimeSpan.Zero), DateOnly = new DateOnly(1982, 3, id), TimeOnly = new TimeOnly(10, id),
                TimeSpan = TimeSpan.FromMinutes(id), Guid = System.Guid.NewGuid(), Level = ShapeLevel.Gold, LevelAsText = ShapeLevel.Silver,
                Bytes = Encoding.UTF8.GetBytes($"s{id}-bytes"), UniqueNumber = 500 + id,
                OptionalNumber = id == 1 ? null : id, OptionalText = id == 1 ? null : $"s{id}-optional",
            });
        }

        return context.SaveChangesAsync();
    }
}

// ---- A NOT NULL unique Guid and integer: a random value made in the UPDATE (on SQLite too) ------------------------------

[DataSubject(Subjects.Customer)]
public class GuidCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public Guid DeviceId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public int Badge { get; set; }
}

public class UniqueGuidContext(DbContextOptions<UniqueGuidContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<GuidCustomer>().HasIndex(x => x.DeviceId).IsUnique();
        modelBuilder.Entity<GuidCustomer>().HasIndex(x => x.Badge).IsUnique();
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class UniqueGuidShape : Shape<UniqueGuidContext>
{
    public override string Feature => "NOT NULL unique Guid and integer columns";

    protected override Task SeedAsync(UniqueGuidContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new GuidCustomer { Id = id, Name = $"s{id}-name", DeviceId = Guid.NewGuid(), Badge = 7000 + id });
        }

        return context.SaveChangesAsync();
    }
}

// ---- A CHECK constraint a token would violate, on a NOT NULL column (issue input 8) ---------------------------------------

[DataSubject(Subjects.Customer)]
public class CheckCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Phone { get; set; } = "";
}

public class CheckConstraintContext(DbContextOptions<CheckConstraintContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CheckCustomer>().ToTable(t => t.HasCheckConstraint("CK_CheckCustomer_Phone", "\"Phone\" LIKE '+%'"));
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class CheckConstraintShape : Shape<CheckConstraintContext>
{
    public override string Feature => "CHECK constraint on a NOT NULL personal column";

    public override string? Refused => "CheckCustomer.Phone: has no anonymisation strategy that fits the column";

    protected override Task SeedAsync(CheckConstraintContext context)
    {
        context.Add(new CheckCustomer { Id = 1, Name = "s1-name", Phone = "+46-s1" });
        return context.SaveChangesAsync();
    }
}

[DataSubject(Subjects.Customer)]
public class CheckNullableCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Phone { get; set; }
}

public class CheckConstraintNullableContext(DbContextOptions<CheckConstraintNullableContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CheckNullableCustomer>().ToTable(t => t.HasCheckConstraint("CK_CheckNullableCustomer_Phone", "\"Phone\" LIKE '+%'"));
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class CheckConstraintNullableShape : Shape<CheckConstraintNullableContext>
{
    public override string Feature => "CHECK constraint on a nullable personal column";

    protected override Task SeedAsync(CheckConstraintNullableContext context)
    {
        context.AddRange(
            new CheckNullableCustomer { Id = 1, Name = "s1-name", Phone = "+46-s1-phone" },
            new CheckNullableCustomer { Id = 2, Name = "s2-name", Phone = "+46-s2-phone" },
            new CheckNullableCustomer { Id = 3, Name = "s3-name" });
        return context.SaveChangesAsync();
    }
}

// ---- CHECK constraints start-up can read: lengths joined by AND (a token fits), and one that tests for NULL ------------

[DataSubject(Subjects.Customer)]
public class CheckLengthCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Phone { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Code { get; set; } = "";
}

public class CheckLengthContext(DbContextOptions<CheckLengthContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CheckLengthCustomer>().ToTable(t =>
        {
            t.HasCheckConstraint("CK_CheckLengthCustomer_Phone", "(length(\"Phone\") >= 6) AND length(\"Phone\") <= 40 AND \"Phone\" <> ''");
            t.HasCheckConstraint("CK_CheckLengthCustomer_Code", "length(\"Code\") <= 12");
        });
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class CheckLengthShape : Shape<CheckLengthContext>
{
    public override string Feature => "CHECK constraint of lengths (joined by AND) on NOT NULL personal columns";

    protected override Task SeedAsync(CheckLengthContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new CheckLengthCustomer { Id = id, Name = $"s{id}-name", Phone = $"+46-s{id}-phone", Code = $"s{id}-code" });
        }

        return context.SaveChangesAsync();
    }
}

[DataSubject(Subjects.Customer)]
public class CheckEitherCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Phone { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Email { get; set; }
}

public class CheckEitherContext(DbContextOptions<CheckEitherContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CheckEitherCustomer>().ToTable(t => t.HasCheckConstraint("CK_CheckEitherCustomer_Contact", "\"Phone\" IS NOT NULL OR \"Email\" IS NOT NULL"));
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class CheckNullTestShape : Shape<CheckEitherContext>
{
    public override string Feature => "CHECK constraint that tests for NULL, on nullable personal columns";

    public override string? Refused => "CheckEitherCustomer.Phone: has no anonymisation strategy that fits the column";

    protected override Task SeedAsync(CheckEitherContext context)
    {
        context.Add(new CheckEitherCustomer { Id = 1, Name = "s1-name", Phone = "s1-phone" });
        return context.SaveChangesAsync();
    }
}

// ---- Bounded and unbounded strings, a private field (issue input 7) -----------------------------------------------------

[DataSubject(Subjects.Customer)]
public class PaymentMethod
{
    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    private string _cardNumber = "";

    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Notes { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Login { get; set; } = "";

    public string CardNumber => _cardNumber;

    public void SetCard(string number) => _cardNumber = number;
}

public class StringLengthContext(DbContextOptions<StringLengthContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PaymentMethod>(p =>
        {
            p.Ignore(x => x.CardNumber);
            p.Property<string>("_cardNumber").HasMaxLength(25).IsRequired();
            p.Property(x => x.Login).HasMaxLength(30);
            p.HasIndex(x => x.Login).IsUnique();
        });
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class StringLengthShape : Shape<StringLengthContext>
{
    public override string Feature => "Bounded (NOT NULL, 25 characters; unique, 30) and unbounded strings";

    protected override Task SeedAsync(StringLengthContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            var method = new PaymentMethod { Id = id, Notes = $"s{id}-notes", Login = $"s{id}-login" };
            method.SetCard($"s{id}-4111111111111111");
            context.Add(method);
        }

        return context.SaveChangesAsync();
    }
}

// ---- A value converter that encrypts, the row kept by a held invoice; a swept converted field (issue input 1) ----------

[DataSubject(Subjects.Customer)]
public class EncryptedCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Ssn { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Secret { get; set; } = "";
}

public class EncryptedInvoice
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

/// <summary>Encryption as far as the database can tell: Base64 of a prefix and the value; reading anything else throws.</summary>
public sealed class FakeEncryptionConverter() : ValueConverter<string, string>(v => Encrypt(v), v => Decrypt(v))
{
    public static string Encrypt(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes("enc:" + value));

    public static string Decrypt(string value)
    {
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(value));
        return text.StartsWith("enc:", StringComparison.Ordinal) ? text[4..] : throw new FormatException("Not an encrypted value.");
    }
}

public class ConverterContext(DbContextOptions<ConverterContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EncryptedCustomer>(c =>
        {
            c.Property(x => x.Ssn).HasConversion(new FakeEncryptionConverter());
            c.Property(x => x.Secret).HasConversion(new FakeEncryptionConverter());
        });
        modelBuilder.Entity<EncryptedInvoice>().HasOne<EncryptedCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ConverterShape : Shape<ConverterContext>
{
    public override string Feature => "Value converter (an encrypted column)";

    public override string Reveal(string stored)
    {
        try
        {
            return FakeEncryptionConverter.Decrypt(stored);
        }
        catch (FormatException)
        {
            return stored;
        }
    }

    protected override Task SeedAsync(ConverterContext context)
    {
        foreach (var id in new[] { 1, 2, 3, 4, 5, 6, 7 })
        {
            var seen = id >= 3 ? Old : Recent;
            context.Add(new EncryptedCustomer { Id = id, Name = $"s{Math.Min(id, 3)}-name", Ssn = $"s{Math.Min(id, 3)}-ssn", LastSeen = seen, Secret = id >= 3 ? $"old-secret-{id}" : $"s{id}-secret" });
        }

        context.AddRange(
            new EncryptedInvoice { Id = 1, CustomerId = 1, InvoiceDate = Recent, BillingName = "s1-held-billing" },
            new EncryptedInvoice { Id = 2, CustomerId = 2, InvoiceDate = Recent, BillingName = "s2-billing" });
        return context.SaveChangesAsync();
    }
}

// ---- A length given only by the column type (varchar(10)), NOT NULL, in a kept row ---------------------------------------

[DataSubject(Subjects.Customer)]
public class ColumnTypeCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Code { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public DateTime? BirthDate { get; set; }
}

public class ColumnTypeContext(DbContextOptions<ColumnTypeContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ColumnTypeCustomer>().Property(c => c.Code).HasColumnType("varchar(10)");
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ColumnTypeShape : Shape<ColumnTypeContext>
{
    public override string Feature => "Length given by the column type (varchar(10)), NOT NULL";

    protected override Task SeedAsync(ColumnTypeContext context)
    {
        context.AddRange(
            new ColumnTypeCustomer { Id = 1, Code = "s1-code", BirthDate = null },
            new ColumnTypeCustomer { Id = 2, Code = "s2-code", BirthDate = new DateTime(1990, 5, 6, 0, 0, 0, DateTimeKind.Utc) },
            new ColumnTypeCustomer { Id = 3, Code = "s3-code" });
        return context.SaveChangesAsync();
    }
}
