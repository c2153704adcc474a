using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// The rules behind the new-user findings, on shapes they did not list: keys through converters to other provider types,
// a random-IV converter on a nullable value-type column (Zero), a converter bounding a column below the short token.

// ---- A strongly typed id stored as text (a handle), and one stored as a Guid -----------------------------------------

public readonly record struct MemberHandle(string Value);

public readonly record struct MemberGuid(Guid Value);

[DataSubject(Subjects.Customer)]
public class HandleMember
{
    [NotPersonalData("Surrogate key (an opaque handle).")]
    public MemberHandle Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

public class HandleInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public MemberHandle MemberId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";
}

[DataSubject(Subjects.Customer)]
public class GuidMember
{
    [NotPersonalData("Surrogate key.")]
    public MemberGuid Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

public class HandleContext(DbContextOptions<HandleContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<HandleMember>().Property(x => x.Id).HasConversion(v => v.Value, v => new MemberHandle(v)).HasMaxLength(20);
        modelBuilder.Entity<HandleInvoice>(i =>
        {
            i.Property(x => x.MemberId).HasConversion(v => v.Value, v => new MemberHandle(v)).HasMaxLength(20);
            i.HasOne<HandleMember>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class HandleIdShape : Shape<HandleContext>
{
    public override string Feature => "Strongly typed id stored as text (a handle)";

    public override IReadOnlyList<object> Subjects => [new MemberHandle("h-1"), new MemberHandle("h-2")];

    protected override Task SeedAsync(HandleContext context)
    {
        context.AddRange(new HandleMember { Id = new MemberHandle("h-1"), Name = "s1-name" }, new HandleMember { Id = new MemberHandle("h-2"), Name = "s2-name" });
        context.Add(new HandleInvoice { Id = 1, MemberId = new MemberHandle("h-1"), InvoiceDate = Recent, BillingName = "s1-held-billing" });
        return context.SaveChangesAsync();
    }
}

public class GuidIdContext(DbContextOptions<GuidIdContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<GuidMember>().Property(x => x.Id).HasConversion(v => v.Value, v => new MemberGuid(v));
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class GuidIdShape : Shape<GuidIdContext>
{
    public static readonly Guid First = new("7b6f3a52-0c1e-4d8a-9f57-1a2b3c4d5e01");
    public static readonly Guid Second = new("7b6f3a52-0c1e-4d8a-9f57-1a2b3c4d5e02");

    public override string Feature => "Strongly typed id stored as a Guid";

    public override IReadOnlyList<object> Subjects => [new MemberGuid(First), new MemberGuid(Second)];

    protected override Task SeedAsync(GuidIdContext context)
    {
        context.AddRange(new GuidMember { Id = new MemberGuid(First), Name = "s1-name" }, new GuidMember { Id = new MemberGuid(Second), Name = "s2-name" });
        return context.SaveChangesAsync();
    }
}

// ---- A random-IV converter on a NOT NULL number (Zero), swept -------------------------------------------------------

/// <summary>Stores an int as Base64 of four random bytes and its text: the same number never encrypts the same way twice.</summary>
public sealed class RandomIvIntConverter() : ValueConverter<int, string>(v => Encrypt(v), v => Decrypt(v))
{
    public static string Encrypt(int value) => Convert.ToBase64String([.. RandomNumberGenerator.GetBytes(4), .. Encoding.UTF8.GetBytes("n:" + value.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public static int Decrypt(string value) => int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(value).AsSpan(4))[2..], System.Globalization.CultureInfo.InvariantCulture);
}

[DataSubject(Subjects.Customer)]
public class IvNumberCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the customer was last seen.")]
    public DateTime LastSeen { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public int ShoeSize { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nickname { get; set; }
}

public class RandomIvNumberContext(DbContextOptions<RandomIvNumberContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IvNumberCustomer>().Property(x => x.ShoeSize).HasConversion(new RandomIvIntConverter());
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class RandomIvNumberShape : Shape<RandomIvNumberContext>
{
    public override string Feature => "Random-IV converter on a NOT NULL number (Zero), with a plain field in the same rule";

    protected override Task SeedAsync(RandomIvNumberContext context)
    {
        context.AddRange(
            new IvNumberCustomer { Id = 1, Name = "s1-name", LastSeen = SeenAt(3), ShoeSize = 41, Nickname = null },
            new IvNumberCustomer { Id = 2, Name = "s2-name", LastSeen = SeenAt(3), ShoeSize = 38, Nickname = "old-nick" },
            new IvNumberCustomer { Id = 3, Name = "s3-name", LastSeen = SeenAt(3), ShoeSize = 0, Nickname = null },
            new IvNumberCustomer { Id = 4, Name = "s4-name", LastSeen = SeenAt(1), ShoeSize = 44, Nickname = "s4-nick" });
        return context.SaveChangesAsync();
    }
}
