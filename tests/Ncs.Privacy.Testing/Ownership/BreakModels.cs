using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Ownership.OwnershipPolicy;

namespace Ncs.Privacy.Testing.Ownership;

// Models written by someone who did not write issue 12's change, the way applications have them (BreakOwnershipTests).

/// <summary>A customer root with a tenant and a soft-delete filter, a photo and a default card.</summary>
[DataSubject(Subjects.Customer)]
public class Person
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";

    [NotPersonalData("The tenant.")] public int TenantId { get; set; }

    [NotPersonalData("A flag.")] public bool IsDeleted { get; set; }

    [NotPersonalData("A reference.")] public int? PhotoId { get; set; }

    [NotPersonalData("A reference.")] public int? DefaultCardId { get; set; }
}

/// <summary>A photo a person uses as their picture.</summary>
public class Photo
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string FileName { get; set; } = "";
}

/// <summary>A card of a person.</summary>
public class Card
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int PersonId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Holder { get; set; } = "";
}

/// <summary>A member whose key for other tables is the user name (an alternate key), unannotated.</summary>
[DataSubject(Subjects.Customer)]
public class Member
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public string UserName { get; set; } = "";
}

public class MemberPost
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public string AuthorUserName { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)] public string Text { get; set; } = "";
}

/// <summary>An e-mail value object (a strongly typed id), stored as text through a converter.</summary>
public sealed record EmailAddress(string Value);

[DataSubject(Subjects.Customer)]
public class Subscriber
{
    public EmailAddress Id { get; set; } = new("");

    [PersonalData(Purposes.Account, Retention.Account)] public string Name { get; set; } = "";
}

public abstract class BreakContext<TContext>(DbContextOptions<TContext> options) : DbContext(options)
    where TContext : DbContext
{
    public int? Tenant { get; init; }
}

/// <summary>A photo two people of different tenants use (the default picture).</summary>
public class TenantPhotoContext(DbContextOptions<TenantPhotoContext> options) : BreakContext<TenantPhotoContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>(b =>
        {
            b.HasQueryFilter("SoftDelete", c => !c.IsDeleted);
            b.HasQueryFilter("Tenant", c => Tenant == null || c.TenantId == Tenant);
            b.HasOne<Photo>().WithMany().HasForeignKey(c => c.PhotoId).OnDelete(DeleteBehavior.Restrict);
            b.Ignore(c => c.DefaultCardId);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A person's default card (Person.DefaultCardId → Card, Card.PersonId → Person).</summary>
public class CardContext(DbContextOptions<CardContext> options) : BreakContext<CardContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>(b =>
        {
            b.HasQueryFilter("SoftDelete", c => !c.IsDeleted);
            b.Ignore(c => c.PhotoId);
            b.HasOne<Card>().WithMany().HasForeignKey(c => c.DefaultCardId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Card>().HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>Posts refer to their author by user name (an alternate key).</summary>
public class UserNameKeyContext(DbContextOptions<UserNameKeyContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<MemberPost>().HasOne<Member>().WithMany().HasForeignKey(p => p.AuthorUserName).HasPrincipalKey(m => m.UserName);
}

/// <summary>A subscriber keyed by its e-mail value object.</summary>
public class EmailValueKeyContext(DbContextOptions<EmailValueKeyContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Subscriber>().Property(s => s.Id).HasConversion(e => e.Value, v => new EmailAddress(v));
}

/// <summary>A post whose image is a photo.</summary>
public class Post
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int AuthorId { get; set; }

    public int? ImageId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Title { get; set; } = "";
}

/// <summary>An order of a person in one tenant (the person's account is global, the orders are per tenant).</summary>
public class TenantOrder
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int PersonId { get; set; }

    [NotPersonalData("The tenant.")] public int TenantId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Note { get; set; } = "";
}

/// <summary>A person whose own post shows their own picture.</summary>
public class OwnPostImageContext(DbContextOptions<OwnPostImageContext> options) : BreakContext<OwnPostImageContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>(b =>
        {
            b.HasQueryFilter("SoftDelete", c => !c.IsDeleted);
            b.HasOne<Photo>().WithMany().HasForeignKey(c => c.PhotoId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Post>(p =>
        {
            p.HasOne<Person>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne<Photo>().WithMany().HasForeignKey(x => x.ImageId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A global person (no tenant filter) with orders in several tenants (a "Tenant" filter on the orders).</summary>
public class GlobalPersonContext(DbContextOptions<GlobalPersonContext> options) : BreakContext<GlobalPersonContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>().HasQueryFilter("SoftDelete", c => !c.IsDeleted);
        modelBuilder.Entity<TenantOrder>(o =>
        {
            o.HasQueryFilter("Tenant", x => Tenant == null || x.TenantId == Tenant);
            o.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A group its creator owns; people join it with a nickname (a many-to-many with payload).</summary>
public class Group
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int OwnerId { get; set; }

    [NotPersonalData("A group name.")] public string Name { get; set; } = "";

    public List<Person> Members { get; set; } = [];
}

/// <summary>A membership: the member's nickname in the group.</summary>
public class Membership
{
    public int GroupId { get; set; }

    public int MemberId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Nickname { get; set; } = "";
}

/// <summary>Groups with an owner and members (link rows with payload, reached by a short and a long path).</summary>
public class GroupContext(DbContextOptions<GroupContext> options) : BreakContext<GroupContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>().HasQueryFilter("SoftDelete", c => !c.IsDeleted);
        modelBuilder.Entity<Group>(g =>
        {
            g.HasOne<Person>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
            g.HasMany(x => x.Members).WithMany().UsingEntity<Membership>(
                r => r.HasOne<Person>().WithMany().HasForeignKey(m => m.MemberId),
                l => l.HasOne<Group>().WithMany().HasForeignKey(m => m.GroupId));
        });
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A tag on a photo (who is in it).</summary>
public class PhotoTag
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public int PhotoId { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Label { get; set; } = "";
}

/// <summary>A person's picture with tags on it.</summary>
public class TaggedPhotoContext(DbContextOptions<TaggedPhotoContext> options) : BreakContext<TaggedPhotoContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>(b =>
        {
            b.HasQueryFilter("SoftDelete", c => !c.IsDeleted);
            b.HasOne<Photo>().WithMany().HasForeignKey(c => c.PhotoId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<PhotoTag>().HasOne<Photo>().WithMany().HasForeignKey(t => t.PhotoId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>A line subscription keyed by the phone number, stored as a number.</summary>
[DataSubject(Subjects.Customer)]
public class PhoneSubscriber
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public long PhoneNumber { get; set; }
}

public class CallRecord
{
    [NotPersonalData("Surrogate key.")] public int Id { get; set; }

    public long CallerPhoneNumber { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)] public string Note { get; set; } = "";
}

/// <summary>Calls refer to their subscriber by phone number (an alternate key of type long).</summary>
public class PhoneKeyContext(DbContextOptions<PhoneKeyContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<CallRecord>().HasOne<PhoneSubscriber>().WithMany().HasForeignKey(c => c.CallerPhoneNumber).HasPrincipalKey(s => s.PhoneNumber);
}

/// <summary>A person's cards, no orders.</summary>
public class CardOnlyContext(DbContextOptions<CardOnlyContext> options) : BreakContext<CardOnlyContext>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>(b =>
        {
            b.HasQueryFilter("SoftDelete", c => !c.IsDeleted);
            b.Ignore(c => c.PhotoId);
            b.Ignore(c => c.DefaultCardId);
        });
        modelBuilder.Entity<Card>().HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}
