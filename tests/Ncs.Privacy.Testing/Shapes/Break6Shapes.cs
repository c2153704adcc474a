using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// Mappings a sixth fresh tester wrote (issue 11, round 6: erasure statements and owned types), and shapes of the same kinds
// the tester did not list: each works for export, erasure and the sweep, or start-up refuses it naming the member (Member)
// and a fix that works (Refused / RefusedOn).

// ---- Rows of one step that refer to each other: a comment thread (self-referencing foreign key) ------------------------

[DataSubject(Subjects.Customer)]
public class B6ThreadCustomer : AnchoredCustomer;

/// <summary>A comment that may answer another; customers 1 and 3 answer their own comments.</summary>
public class B6Comment
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int AuthorId { get; set; }

    public int? ParentId { get; set; }

    public B6Comment? Parent { get; set; }

    public List<B6Comment> Replies { get; set; } = [];

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Text { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the comment was posted.")]
    public DateTime PostedAt { get; set; }

    /// <summary>Customer 1: a comment and a reply to it; 2: a comment; 3 (2020): a comment, a reply and a reply to the reply.</summary>
    internal static void Add(DbContext context, bool crossReply = false)
    {
        context.Add(new B6Comment { Id = 1, AuthorId = 1, Text = "s1-root", PostedAt = Shape.Recent });
        context.Add(new B6Comment { Id = 2, AuthorId = 1, ParentId = 1, Text = "s1-reply", PostedAt = Shape.Recent });
        context.Add(new B6Comment { Id = 3, AuthorId = 2, Text = "s2-root", PostedAt = Shape.Recent });
        context.Add(new B6Comment { Id = 4, AuthorId = 3, Text = "old-root", PostedAt = Shape.Old });
        context.Add(new B6Comment { Id = 5, AuthorId = 3, ParentId = 4, Text = "old-reply", PostedAt = Shape.Old });
        context.Add(new B6Comment { Id = 6, AuthorId = 3, ParentId = 5, Text = "old-reply-reply", PostedAt = Shape.Old });
        if (crossReply)
        {
            // Customer 2 answers customer 1's comment: that comment stays (anonymised), her reply goes, and the unlink leaves
            // customer 2's row alone.
            context.Add(new B6Comment { Id = 7, AuthorId = 2, ParentId = 1, Text = "s2-answer", PostedAt = Shape.Recent });
        }
    }
}

public class B6ThreadContext(DbContextOptions<B6ThreadContext> options) : HeldContext<B6ThreadCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B6Comment>(c =>
        {
            c.HasOne<B6ThreadCustomer>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne(x => x.Parent).WithMany(x => x.Replies).HasForeignKey(x => x.ParentId).IsNotOwnership().OnDelete(DeleteBehavior.Restrict);
        });
    }
}

public sealed class B6ThreadShape : Break2Shape<B6ThreadContext>
{
    public override string Feature => "A self-referencing comment thread (ParentId, OnDelete Restrict): a customer's comments answer each other, erased and swept";

    public override string Member => "B6Comment.Text";

    protected override Task SeedAsync(B6ThreadContext context)
    {
        B6Comment.Add(context);
        return SeedHeldAsync(context, _ => new B6ThreadCustomer());
    }
}

/// <summary>The same thread without a Replies collection and without IsNotOwnership (the tester's second form).</summary>
public class B6BareThreadContext(DbContextOptions<B6BareThreadContext> options) : HeldContext<B6ThreadCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B6Comment>(c =>
        {
            c.Ignore(x => x.Replies);
            c.HasOne<B6ThreadCustomer>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

public sealed class B6BareThreadShape : Break2Shape<B6BareThreadContext>
{
    public override string Feature => "A self-referencing comment thread (OnDelete Restrict) without a Replies collection, erased and swept";

    public override string Member => "B6Comment.Text";

    protected override Task SeedAsync(B6BareThreadContext context)
    {
        B6Comment.Add(context);
        return SeedHeldAsync(context, _ => new B6ThreadCustomer());
    }
}

/// <summary>The thread with EF Core's default delete behaviour (ClientSetNull: NO ACTION), and another customer's answer.</summary>
public class B6AnsweredThreadContext(DbContextOptions<B6AnsweredThreadContext> options) : HeldContext<B6ThreadCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B6Comment>(c =>
        {
            c.HasOne<B6ThreadCustomer>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne(x => x.Parent).WithMany(x => x.Replies).HasForeignKey(x => x.ParentId).IsNotOwnership();
        });
    }
}

public sealed class B6AnsweredThreadShape : Break2Shape<B6AnsweredThreadContext>
{
    public override string Feature => "A self-referencing comment thread (NO ACTION) where another customer answers the subject's comment, erased and swept";

    public override string Member => "B6Comment.Text";

    protected override Task SeedAsync(B6AnsweredThreadContext context)
    {
        B6Comment.Add(context, crossReply: true);
        return SeedHeldAsync(context, _ => new B6ThreadCustomer());
    }
}

// ---- Owned types in the owner's table with table-per-concrete-type (an abstract base, OwnsOne on a leaf) ----------------

[DataSubject(Subjects.Customer)]
public class B6DocCustomer : AnchoredCustomer;

/// <summary>A postal address on a document; nullable: a passport may have none.</summary>
public class B6Holder
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Street { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? City { get; set; }
}

public abstract class B6Document
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Number { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the document was issued.")]
    public DateTime IssuedAt { get; set; }
}

/// <summary>Its owned holder's key is EF Core's shadow <c>B6PassportId</c>, the foreign key to the passport (defect 8).</summary>
public class B6Passport : B6Document
{
    public B6Holder? Holder { get; set; }
}

public class B6Licence : B6Document;

public class B6TpcOwnedContext(DbContextOptions<B6TpcOwnedContext> options) : HeldContext<B6DocCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B6Document>(d =>
        {
            d.UseTpcMappingStrategy();
            d.HasOne<B6DocCustomer>().WithMany().HasForeignKey(x => x.CustomerId);
        });
        modelBuilder.Entity<B6Passport>(p =>
        {
            p.ToTable("B6Passports");
            p.OwnsOne(x => x.Holder);
        });
        modelBuilder.Entity<B6Licence>().ToTable("B6Licences");
    }
}

public sealed class B6TpcOwnedShape : Break2Shape<B6TpcOwnedContext>
{
    public override string Feature => "TPC with an abstract base and OwnsOne on a leaf (EF Core deletes no such row: kept and anonymised), erased and swept";

    public override string Member => "B6Passport.Holder";

    protected override async Task SeedAsync(B6TpcOwnedContext context)
    {
        context.Add(new B6Passport { Id = 1, CustomerId = 1, Number = "s1-passport", IssuedAt = Recent, Holder = new() { Street = "s1-street", City = "s1-city" } });
        context.Add(new B6Licence { Id = 2, CustomerId = 1, Number = "s1-licence", IssuedAt = Recent });
        context.Add(new B6Passport { Id = 3, CustomerId = 2, Number = "s2-passport", IssuedAt = Recent });
        context.Add(new B6Passport { Id = 4, CustomerId = 3, Number = "old-passport", IssuedAt = Old, Holder = new() { Street = "s3-street", City = "old-city" } });
        context.Add(new B6Licence { Id = 5, CustomerId = 3, Number = "old-licence", IssuedAt = Old });
        await SeedHeldAsync(context, _ => new B6DocCustomer());
    }
}

/// <summary>Two abstract levels above the leaf that owns the address.</summary>
public abstract class B6IdDocument : B6Document;

public class B6IdCard : B6IdDocument
{
    public B6Holder? Holder { get; set; }
}

public class B6DeepTpcOwnedContext(DbContextOptions<B6DeepTpcOwnedContext> options) : HeldContext<B6DocCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B6Document>(d =>
        {
            d.UseTpcMappingStrategy();
            d.HasOne<B6DocCustomer>().WithMany().HasForeignKey(x => x.CustomerId);
        });
        modelBuilder.Entity<B6IdDocument>();
        modelBuilder.Entity<B6IdCard>(p =>
        {
            p.ToTable("B6IdCards");
            p.OwnsOne(x => x.Holder);
        });
        modelBuilder.Entity<B6Licence>().ToTable("B6Licences");
    }
}

public sealed class B6DeepTpcOwnedShape : Break2Shape<B6DeepTpcOwnedContext>
{
    public override string Feature => "TPC with two abstract levels and OwnsOne on the leaf, erased and swept";

    public override string Member => "B6IdCard.Holder";

    protected override async Task SeedAsync(B6DeepTpcOwnedContext context)
    {
        context.Add(new B6IdCard { Id = 1, CustomerId = 1, Number = "s1-card", IssuedAt = Recent, Holder = new() { Street = "s1-street", City = "s1-city" } });
        context.Add(new B6Licence { Id = 2, CustomerId = 1, Number = "s1-licence", IssuedAt = Recent });
        context.Add(new B6IdCard { Id = 3, CustomerId = 2, Number = "s2-card", IssuedAt = Recent, Holder = new() { Street = "s2-street" } });
        context.Add(new B6IdCard { Id = 4, CustomerId = 3, Number = "old-card", IssuedAt = Old, Holder = new() { Street = "s3-street", City = "old-city" } });
        await SeedHeldAsync(context, _ => new B6DocCustomer());
    }
}

// ---- Owned types in the owner's table with table-per-type (OwnsOne on the base type) ----------------------------------

public class B6Home
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Street { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? City { get; set; }
}

[DataSubject(Subjects.Customer)]
public class B6TptCustomer : AnchoredCustomer
{
    public B6Home? Home { get; set; }
}

public class B6Business : B6TptCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? ContactPerson { get; set; }
}

public class B6TptOwnedContext(DbContextOptions<B6TptOwnedContext> options) : HeldContext<B6TptCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B6TptCustomer>(c =>
        {
            c.UseTptMappingStrategy();
            c.OwnsOne(x => x.Home);
        });
        modelBuilder.Entity<B6Business>().ToTable("B6Businesses");
    }
}

public sealed class B6TptOwnedShape : Break2Shape<B6TptOwnedContext>
{
    public override string Feature => "TPT with OwnsOne on the base type and personal fields on the derived type, kept and swept";

    public override string Member => "B6TptCustomer.Home";

    protected override Task SeedAsync(B6TptOwnedContext context)
        => SeedHeldRowsAsync(context, id => (id == 2
            ? new B6TptCustomer()
            : new B6Business { ContactPerson = Swept(id, "contact"), Home = new() { Street = $"s{id}-street", City = $"s{id}-city" } }).Numbered(id));
}

/// <summary>The owned address's City under the two-year rule: swept in the base table for a derived type's rows.</summary>
public class B6SweptHome
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Street { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? City { get; set; }
}

[DataSubject(Subjects.Customer)]
public class B6TptSweptCustomer : AnchoredCustomer
{
    public B6SweptHome? Home { get; set; }
}

public class B6SweptBusiness : B6TptSweptCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? ContactPerson { get; set; }
}

public class B6TptSweptContext(DbContextOptions<B6TptSweptContext> options) : HeldContext<B6TptSweptCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B6TptSweptCustomer>(c =>
        {
            c.UseTptMappingStrategy();
            c.OwnsOne(x => x.Home);
        });
        modelBuilder.Entity<B6SweptBusiness>().ToTable("B6SweptBusinesses");
    }
}

public sealed class B6TptSweptShape : Break2Shape<B6TptSweptContext>
{
    public override string Feature => "TPT with OwnsOne on the base type whose City has a two-year rule, swept for derived rows";

    public override string Member => "B6TptSweptCustomer.Home";

    protected override Task SeedAsync(B6TptSweptContext context)
        => SeedHeldRowsAsync(context, id => (id == 2
            ? new B6TptSweptCustomer { Home = new() { Street = "s2-street", City = "s2-city" } }
            : new B6SweptBusiness { ContactPerson = Swept(id, "contact"), Home = new() { Street = $"s{id}-street", City = Swept(id, "city") } }).Numbered(id));
}

// ---- Keys EF Core creates itself: an owned type's shadow key, named after its owner ------------------------------------

/// <summary>A passport (not in a hierarchy) with an owned holder: EF Core's shadow key <c>B6PlainPassportId</c> says "passport".</summary>
public class B6PlainPassport
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Number { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the passport was issued.")]
    public DateTime IssuedAt { get; set; }

    public B6Holder? Holder { get; set; }
}

/// <summary>A mailbox with an owned signature: the shadow key <c>B6MailBoxId</c> says "mail".</summary>
public class B6MailBox
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public B6Signature Signature { get; set; } = new();
}

public class B6Signature
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Text { get; set; } = "";
}

public class B6ShadowKeyContext(DbContextOptions<B6ShadowKeyContext> options) : HeldContext<B6DocCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B6PlainPassport>(p =>
        {
            p.HasOne<B6DocCustomer>().WithMany().HasForeignKey(x => x.CustomerId);
            p.OwnsOne(x => x.Holder);
        });
        modelBuilder.Entity<B6MailBox>(m =>
        {
            m.HasOne<B6DocCustomer>().WithMany().HasForeignKey(x => x.CustomerId);
            m.OwnsOne(x => x.Signature);
        });
    }
}

public sealed class B6ShadowKeyShape : Break2Shape<B6ShadowKeyContext>
{
    public override string Feature => "OwnsOne on entities named Passport and MailBox: EF Core's shadow key of the owned type (the owner's key) is technical";

    public override string Member => "B6PlainPassport.Holder";

    protected override async Task SeedAsync(B6ShadowKeyContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            context.Add(new B6PlainPassport { Id = id, CustomerId = id, Number = Swept(id, "passport"), IssuedAt = SeenAt(id), Holder = id == 2 ? null : new() { Street = $"s{id}-street", City = Swept(id, "city") } });
            context.Add(new B6MailBox { Id = id, CustomerId = id, Signature = new() { Text = $"s{id}-signature" } });
        }

        await SeedHeldAsync(context, _ => new B6DocCustomer());
    }
}
