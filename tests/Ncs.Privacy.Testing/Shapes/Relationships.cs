using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// ---- A foreign-key cycle among one subject's rows (issue input 6) -----------------------------------------------------

[DataSubject(Subjects.Customer)]
public class CycleCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public int? DefaultAddressId { get; set; }

    public CycleAddress? DefaultAddress { get; set; }

    public List<CycleAddress> Addresses { get; set; } = [];
}

public class CycleAddress
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public CycleCustomer Customer { get; set; } = null!;

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Street { get; set; } = "";
}

public class ForeignKeyCycleContext(DbContextOptions<ForeignKeyCycleContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CycleCustomer>().HasOne(c => c.DefaultAddress).WithMany().HasForeignKey(c => c.DefaultAddressId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<CycleAddress>().HasOne(a => a.Customer).WithMany(c => c.Addresses).HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class ForeignKeyCycleShape : Shape<ForeignKeyCycleContext>
{
    public override string Feature => "Foreign-key cycle (a default address of the customer's own addresses)";

    protected override async Task SeedAsync(ForeignKeyCycleContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new CycleCustomer { Id = id, Name = $"s{id}-name", Addresses = [new CycleAddress { Id = id * 10, Street = $"s{id}-home" }, new CycleAddress { Id = (id * 10) + 1, Street = $"s{id}-work" }] });
        }

        await context.SaveChangesAsync();
        foreach (var customer in context.ChangeTracker.Entries<CycleCustomer>().Select(e => e.Entity).ToList())
        {
            customer.DefaultAddressId = customer.Id * 10;
        }

        await context.SaveChangesAsync();
    }
}

// ---- The e-mail address as primary key (issue input 9) ------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class EmailKeyCustomer
{
    /// <summary>A natural key; with the default settings keys count as technical columns.</summary>
    public string Email { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

public class EmailKeyInvoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public string CustomerEmail { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";
}

public class EmailKeyContext(DbContextOptions<EmailKeyContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EmailKeyCustomer>().HasKey(c => c.Email);
        modelBuilder.Entity<EmailKeyInvoice>().HasOne<EmailKeyCustomer>().WithMany().HasForeignKey(i => i.CustomerEmail).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

public sealed class EmailKeyShape : Shape<EmailKeyContext>
{
    public const string AliceEmail = "alice.wonderland@subdomain.example-company.com";

    public override string Feature => "E-mail address as primary key (keys technical)";

    // A personal value as a key is copied into every row that refers to it and can never be replaced: start-up asks
    // for a surrogate key (issue 12), even where keys count as technical.
    public override string? Refused => "EmailKeyCustomer.Email: is the primary key and its name or type says it may hold personal data";

    public override IReadOnlyList<object> Subjects => [AliceEmail, "bob@example.com"];

    protected override Task SeedAsync(EmailKeyContext context)
    {
        context.AddRange(new EmailKeyCustomer { Email = AliceEmail, Name = "s1-name" }, new EmailKeyCustomer { Email = "bob@example.com", Name = "s2-name" });
        context.AddRange(
            new EmailKeyInvoice { Id = 1, CustomerEmail = AliceEmail, InvoiceDate = Recent, BillingName = "s1-held-billing" },
            new EmailKeyInvoice { Id = 2, CustomerEmail = "bob@example.com", InvoiceDate = Recent, BillingName = "s2-billing" });
        return context.SaveChangesAsync();
    }
}
