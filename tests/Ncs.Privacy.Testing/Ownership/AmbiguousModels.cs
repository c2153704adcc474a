using Microsoft.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// Models that start-up must refuse until the application decides (issue 12), each with one undecided shape.

/// <summary>Input 2 as filed: a message with a sender and a recipient, both customers, and no decision.</summary>
public class UndecidedMessageContext(DbContextOptions<UndecidedMessageContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Buyer>().Ignore(b => b.Avatar);
        modelBuilder.Entity<PlainMessage>(m =>
        {
            m.HasOne<Buyer>().WithMany().HasForeignKey(x => x.SenderId).OnDelete(DeleteBehavior.Restrict);
            m.HasOne<Buyer>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

public class PlainMessage
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int SenderId { get; set; }

    public int RecipientId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Body { get; set; } = "";
}

/// <summary>Input 5's order as an app first writes it: to the buyer directly and through the card it was paid with.</summary>
public class UndecidedPurchaseContext(DbContextOptions<UndecidedPurchaseContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Buyer>().Ignore(b => b.Avatar);
        modelBuilder.Entity<PaymentMethod>().HasOne<Buyer>().WithMany().HasForeignKey(p => p.BuyerId);
        modelBuilder.Entity<Purchase>(p =>
        {
            p.HasOne<Buyer>().WithMany().HasForeignKey(x => x.BuyerId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne(x => x.PaymentMethod).WithMany().HasForeignKey(x => x.PaymentMethodId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

/// <summary>Input 7: two roots of one category.</summary>
public class TwoRootsContext(DbContextOptions<TwoRootsContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebCustomer>();
        modelBuilder.Entity<ShopCustomer>();
    }
}

[DataSubject(Subjects.Customer)]
public class WebCustomer
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Login { get; set; } = "";
}

[DataSubject(Subjects.Customer)]
public class ShopCustomer
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";
}

/// <summary>Input 8: an e-mail, unannotated, is the principal key of a sign-up's foreign key.</summary>
public class EmailKeyContext(DbContextOptions<EmailKeyContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<KeyedCustomer>();
        modelBuilder.Entity<NewsletterSignup>().HasOne<KeyedCustomer>().WithMany().HasForeignKey(s => s.CustomerEmail).HasPrincipalKey(c => c.Email);
    }
}

[DataSubject(Subjects.Customer)]
public class KeyedCustomer
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    /// <summary>No annotation: as a principal key it counts as technical unless someone says otherwise.</summary>
    public string Email { get; set; } = "";
}

public class NewsletterSignup
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public string CustomerEmail { get; set; } = "";

    [NotPersonalData("The list's name.")] public string List { get; set; } = "";
}

/// <summary>Input 8 with the e-mail classified as personal: refused with the fix (a surrogate key).</summary>
public class ClassifiedEmailKeyContext(DbContextOptions<ClassifiedEmailKeyContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ClassifiedKeyCustomer>().HasAlternateKey(c => c.Email);
    }
}

[DataSubject(Subjects.Customer)]
public class ClassifiedKeyCustomer
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Email { get; set; } = "";
}

/// <summary>A legal hold on a row that has no anchor on any path: refused at start-up.</summary>
public class UnanchoredHoldContext(DbContextOptions<UnanchoredHoldContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Buyer>().Ignore(b => b.Avatar);
        modelBuilder.Entity<Receipt>().HasOne<Buyer>().WithMany().HasForeignKey(r => r.BuyerId);
    }
}

public class Receipt
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int BuyerId { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)] public string Text { get; set; } = "";
}

/// <summary>An unnamed query filter: start-up asks whether it is soft delete or tenant.</summary>
public class UnnamedFilterContext(DbContextOptions<UnnamedFilterContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Buyer>().Ignore(b => b.Avatar).HasQueryFilter(b => !b.IsDeleted);
    }
}
