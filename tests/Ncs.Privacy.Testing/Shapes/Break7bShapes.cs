using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;
using static Ncs.Privacy.Testing.Shapes.ShapePolicy;

namespace Ncs.Privacy.Testing.Shapes;

// Mappings a seventh fresh tester wrote (issue 11, round 7), and shapes of the same kinds the tester did not list: each works
// for export, erasure and the sweep, or start-up refuses it naming the member (Member) and a fix that works (Refused /
// RefusedOn).

// ---- The subject is a derived type of a Party hierarchy; addresses refer to the base type (defect 7) --------------------

/// <summary>A party: a person (the subject) or an organisation (no subject); its addresses refer to the base type.</summary>
public abstract class B7Party : AnchoredCustomer
{
    public List<B7PartyAddress> Addresses { get; set; } = [];
}

[DataSubject(Subjects.Customer)]
public class B7Person : B7Party
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? BirthName { get; set; }
}

/// <summary>Not a subject: its rows are nobody's data, and a sweep of its addresses must leave its row alone.</summary>
public class B7Organisation : B7Party
{
    [NotPersonalData("The organisation's registration number.")]
    public string OrgNo { get; set; } = "";
}

public class B7PartyAddress
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int PartyId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Street { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the address was added.")]
    public DateTime AddedAt { get; set; }
}

/// <summary>How the Party hierarchy is mapped.</summary>
public enum B7Strategy
{
    Tph,
    Tpt,
    Tpc,
}

public abstract class B7PartyContext(DbContextOptions options, B7Strategy strategy) : HeldContext<B7Person>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B7Party>(e =>
        {
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasMany(p => p.Addresses).WithOne().HasForeignKey(a => a.PartyId);
            switch (strategy)
            {
                case B7Strategy.Tph:
                    e.ToTable("B7Parties");
                    break;
                case B7Strategy.Tpt:
                    e.UseTptMappingStrategy().ToTable("B7Parties");
                    break;
                case B7Strategy.Tpc:
                    e.UseTpcMappingStrategy();
                    break;
            }
        });
        modelBuilder.Entity<B7Person>(e => e.ToTable(strategy == B7Strategy.Tph ? "B7Parties" : "B7People"));
        modelBuilder.Entity<B7Organisation>(e => e.ToTable(strategy == B7Strategy.Tph ? "B7Parties" : "B7Organisations"));
    }
}

public class B7PartyTphContext(DbContextOptions<B7PartyTphContext> options) : B7PartyContext(options, B7Strategy.Tph);

public class B7PartyTptContext(DbContextOptions<B7PartyTptContext> options) : B7PartyContext(options, B7Strategy.Tpt);

public class B7PartyTpcContext(DbContextOptions<B7PartyTpcContext> options) : B7PartyContext(options, B7Strategy.Tpc);

/// <summary>The Party hierarchy under one strategy: persons 1-3 (3 old), organisation 4 (old, no subject), an address each.</summary>
public abstract class B7PartyShape<TContext>(string strategy) : Break2Shape<TContext>
    where TContext : DbContext
{
    public override string Feature => $"The subject is a derived type (Person : Party, {strategy}) and addresses refer to the base type; an Organisation is no subject: the sweep deletes expired addresses only";

    public override string Member => "B7PartyAddress.Street";

    protected override async Task SeedAsync(TContext context)
    {
        context.Add(new B7Organisation { Id = 4, Name = "org4-name", LastSeen = Old, OrgNo = "556", Addresses = [new() { Id = 14, Street = "old-org4-street", AddedAt = Old }] });
        await SeedHeldAsync(context, id => new B7Person
        {
            BirthName = $"s{id}-birth",
            Addresses = [new() { Id = 10 + id, Street = Swept(id, "street"), AddedAt = SeenAt(id) }],
        });
    }
}

public sealed class B7PartyTphShape() : B7PartyShape<B7PartyTphContext>("TPH");

public sealed class B7PartyTptShape() : B7PartyShape<B7PartyTptContext>("TPT");

public sealed class B7PartyTpcShape() : B7PartyShape<B7PartyTpcContext>("TPC");

// ---- CHECK constraints of TPC leaf tables on a column of the abstract base (defect 1) ----------------------------------

[DataSubject(Subjects.Customer)]
public class B7CheckCustomer : AnchoredCustomer;

/// <summary>A phone number every leaf table checks (or one leaf only); random tokens and the placeholder violate it.</summary>
public abstract class B7Contact
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears, Erasure = ErasureAction.Anonymise)]
    public string Phone { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the contact was added.")]
    public DateTime AddedAt { get; set; }
}

public class B7HomeContact : B7Contact;

public class B7WorkContact : B7Contact;

/// <summary>Where the CHECK is declared: on each leaf table, on the abstract base, or on one leaf only.</summary>
public enum B7CheckOn
{
    EachLeaf,
    Base,
    OneLeaf,
}

public abstract class B7TpcCheckContext(DbContextOptions options, B7CheckOn on) : HeldContext<B7CheckCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B7Contact>(e =>
        {
            e.UseTpcMappingStrategy();
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasOne<B7CheckCustomer>().WithMany().HasForeignKey(x => x.CustomerId);
            if (on == B7CheckOn.Base)
            {
                e.ToTable(t => t.HasCheckConstraint("CK_B7Phone", "\"Phone\" LIKE '+%'"));
            }
        });
        modelBuilder.Entity<B7HomeContact>().ToTable("B7HomeContacts", t =>
        {
            if (on != B7CheckOn.Base)
            {
                t.HasCheckConstraint("CK_B7HomePhone", "\"Phone\" LIKE '+%'");
            }
        });
        modelBuilder.Entity<B7WorkContact>().ToTable("B7WorkContacts", t =>
        {
            if (on == B7CheckOn.EachLeaf)
            {
                t.HasCheckConstraint("CK_B7WorkPhone", "\"Phone\" LIKE '+%'");
            }
        });
    }
}

public class B7TpcLeafCheckContext(DbContextOptions<B7TpcLeafCheckContext> options) : B7TpcCheckContext(options, B7CheckOn.EachLeaf);

public class B7TpcBaseCheckContext(DbContextOptions<B7TpcBaseCheckContext> options) : B7TpcCheckContext(options, B7CheckOn.Base);

public class B7TpcOneLeafCheckContext(DbContextOptions<B7TpcOneLeafCheckContext> options) : B7TpcCheckContext(options, B7CheckOn.OneLeaf);

public abstract class B7TpcCheckShape<TContext>(string where) : Break2Shape<TContext>
    where TContext : DbContext
{
    public override string Feature => $"TPC with an abstract base: a CHECK constraint on the base's column, declared {where}";

    public override string? Refused => "is under the CHECK constraint 'CK_B7";

    public override string Member => "B7Contact.Phone";

    protected override async Task SeedAsync(TContext context)
    {
        context.Add(new B7HomeContact { Id = 1, CustomerId = 1, Phone = "+46-s1", AddedAt = Recent });
        context.Add(new B7WorkContact { Id = 2, CustomerId = 2, Phone = "+46-s2", AddedAt = Recent });
        await SeedHeldAsync(context, _ => new B7CheckCustomer());
    }
}

public sealed class B7TpcLeafCheckShape() : B7TpcCheckShape<B7TpcLeafCheckContext>("on each leaf table");

public sealed class B7TpcBaseCheckShape() : B7TpcCheckShape<B7TpcBaseCheckContext>("on the abstract base");

public sealed class B7TpcOneLeafCheckShape() : B7TpcCheckShape<B7TpcOneLeafCheckContext>("on one leaf table only");

// ---- A unique index declared on another entity type that maps the same column (defect 2) -------------------------------

[DataSubject(Subjects.Customer)]
public class B7SiblingCustomer : ShapeCustomer;

/// <summary>A customer's parties: a person and a company share the column Email of one TPH table; the company's is unique.</summary>
public abstract class B7SiblingParty
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }
}

public class B7SiblingPerson : B7SiblingParty
{
    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise, Anonymisation = AnonymisationStrategy.Redact)]
    public string Email { get; set; } = "";
}

/// <summary>The same person's row as <see cref="B7SiblingPerson"/>, with the default strategy.</summary>
public class B7SiblingContact : B7SiblingParty
{
    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Email { get; set; } = "";
}

public class B7SiblingCompany : B7SiblingParty
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Email { get; set; } = "";
}

public abstract class B7SiblingContext<TPerson>(DbContextOptions options) : HeldContext<B7SiblingCustomer>(options)
    where TPerson : B7SiblingParty
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B7SiblingParty>(e =>
        {
            e.ToTable("B7SiblingParties");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasOne<B7SiblingCustomer>().WithMany().HasForeignKey(x => x.CustomerId);
        });
        modelBuilder.Entity<TPerson>().Property<string>("Email").HasColumnName("Email").HasMaxLength(100);
        modelBuilder.Entity<B7SiblingCompany>(e =>
        {
            e.Property(x => x.Email).HasColumnName("Email").HasMaxLength(100);
            e.HasIndex(x => x.Email).IsUnique();
        });
    }
}

public class B7SiblingRedactContext(DbContextOptions<B7SiblingRedactContext> options) : B7SiblingContext<B7SiblingPerson>(options);

public class B7SiblingDefaultContext(DbContextOptions<B7SiblingDefaultContext> options) : B7SiblingContext<B7SiblingContact>(options);

public sealed class B7SiblingRedactShape : Break2Shape<B7SiblingRedactContext>
{
    public override string Feature => "TPH siblings map one column (Email); the unique index is declared on the other sibling, Redact asked for";

    public override string? Refused => "has a unique index, and Redact would give every erased row the same value";

    public override string Member => "B7SiblingPerson.Email";

    protected override async Task SeedAsync(B7SiblingRedactContext context)
    {
        context.Add(new B7SiblingPerson { Id = 1, CustomerId = 1, Email = "s1-mail" });
        context.Add(new B7SiblingPerson { Id = 2, CustomerId = 2, Email = "s2-mail" });
        context.Add(new B7SiblingCompany { Id = 3, CustomerId = 3, Email = "s3-company" });
        await SeedHeldAsync(context, _ => new B7SiblingCustomer());
    }
}

public sealed class B7SiblingDefaultShape : Break2Shape<B7SiblingDefaultContext>
{
    public override string Feature => "TPH siblings map one column (Email); the unique index is declared on the other sibling, default strategy (a random token)";

    public override string Member => "B7SiblingContact.Email";

    protected override async Task SeedAsync(B7SiblingDefaultContext context)
    {
        context.Add(new B7SiblingContact { Id = 1, CustomerId = 1, Email = "s1-mail" });
        context.Add(new B7SiblingContact { Id = 2, CustomerId = 2, Email = "s2-mail" });
        context.Add(new B7SiblingContact { Id = 4, CustomerId = 3, Email = "s3-mail" });
        context.Add(new B7SiblingCompany { Id = 3, CustomerId = 3, Email = "s3-company" });
        await SeedHeldAsync(context, _ => new B7SiblingCustomer());
    }
}

/// <summary>Table splitting: the customer's Email (Redact) and the login's (unique) are one column of the customers' table.</summary>
[DataSubject(Subjects.Customer)]
public class B7SplitCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise, Anonymisation = AnonymisationStrategy.Redact)]
    public string Email { get; set; } = "";

    public B7SplitLogin? Login { get; set; }
}

public class B7SplitLogin
{
    [NotPersonalData("The customer's key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Email { get; set; } = "";
}

public class B7SplitContext(DbContextOptions<B7SplitContext> options) : HeldContext<B7SplitCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B7SplitCustomer>(e =>
        {
            e.ToTable("B7SplitCustomers");
            e.Property(x => x.Email).HasColumnName("Email");
            e.HasOne(x => x.Login).WithOne().HasForeignKey<B7SplitLogin>(x => x.Id);
        });
        modelBuilder.Entity<B7SplitLogin>(e =>
        {
            e.ToTable("B7SplitCustomers");
            e.Property(x => x.Email).HasColumnName("Email");
            e.HasIndex(x => x.Email).IsUnique();
        });
    }
}

public sealed class B7SplitUniqueShape : Break2Shape<B7SplitContext>
{
    public override string Feature => "Table splitting: the unique index on the shared column Email is declared on the other entity type, Redact asked for";

    public override string? Refused => "has a unique index, and Redact would give every erased row the same value";

    public override string Member => "B7SplitCustomer.Email";

    protected override Task SeedAsync(B7SplitContext context)
        => SeedHeldAsync(context, id => new B7SplitCustomer { Email = $"s{id}-mail", Login = new() { Email = $"s{id}-mail" } });
}

// ---- A unique index on a stored computed column derived from the personal column (defect 3) ----------------------------

[DataSubject(Subjects.Customer)]
public class B7ComputedRedactCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise, Anonymisation = AnonymisationStrategy.Redact)]
    public string Email { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string NormalizedEmail { get; private set; } = "";
}

[DataSubject(Subjects.Customer)]
public class B7ComputedCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string Email { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string NormalizedEmail { get; private set; } = "";
}

public abstract class B7ComputedContext<TCustomer>(DbContextOptions options) : HeldContext<TCustomer>(options)
    where TCustomer : ShapeCustomer
{
    protected override void Map(ModelBuilder modelBuilder)
        => modelBuilder.Entity<TCustomer>(e =>
        {
            e.Property<string>("NormalizedEmail").HasComputedColumnSql("lower(\"Email\")", stored: true);
            e.HasIndex("NormalizedEmail").IsUnique();
        });
}

public class B7ComputedRedactContext(DbContextOptions<B7ComputedRedactContext> options) : B7ComputedContext<B7ComputedRedactCustomer>(options);

public class B7ComputedDefaultContext(DbContextOptions<B7ComputedDefaultContext> options) : B7ComputedContext<B7ComputedCustomer>(options);

public sealed class B7ComputedRedactShape : Break2Shape<B7ComputedRedactContext>
{
    public override string Feature => "A unique index on a stored computed column (lower(Email)) derived from a personal column, Redact asked for";

    public override string? Refused => "has a unique index, and Redact would give every erased row the same value";

    public override string Member => "B7ComputedRedactCustomer.Email";

    protected override Task SeedAsync(B7ComputedRedactContext context)
        => SeedHeldAsync(context, id => new B7ComputedRedactCustomer { Email = $"s{id}-Mail" });
}

public sealed class B7ComputedDefaultShape : Break2Shape<B7ComputedDefaultContext>
{
    public override string Feature => "A unique index on a stored computed column (lower(Email)) derived from a personal column, default strategy (a random token)";

    public override string Member => "B7ComputedCustomer.Email";

    protected override Task SeedAsync(B7ComputedDefaultContext context)
        => SeedHeldAsync(context, id => new B7ComputedCustomer { Email = $"s{id}-Mail" });
}

// ---- A unique index with NULLS NOT DISTINCT (PostgreSQL 15, AreNullsDistinct(false)) (defect 4) ------------------------

[DataSubject(Subjects.Customer)]
public class B7NullsCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise)]
    public string? RecoveryEmail { get; set; }
}

[DataSubject(Subjects.Customer)]
public class B7NullsNullCustomer : ShapeCustomer
{
    [PersonalData(Purposes.Account, Retention.Account, Erasure = ErasureAction.Anonymise, Anonymisation = AnonymisationStrategy.Null)]
    public string? RecoveryEmail { get; set; }
}

public abstract class B7NullsContext<TCustomer>(DbContextOptions options) : HeldContext<TCustomer>(options)
    where TCustomer : ShapeCustomer
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        var index = modelBuilder.Entity<TCustomer>().HasIndex("RecoveryEmail").IsUnique();
        if (IsPostgres)
        {
            index.AreNullsDistinct(false);
        }
    }
}

public class B7NullsDefaultContext(DbContextOptions<B7NullsDefaultContext> options) : B7NullsContext<B7NullsCustomer>(options);

public class B7NullsNullContext(DbContextOptions<B7NullsNullContext> options) : B7NullsContext<B7NullsNullCustomer>(options);

public sealed class B7NullsDefaultShape : Break2Shape<B7NullsDefaultContext>
{
    public override string Feature => "A nullable unique column whose index treats NULLs as equal (PostgreSQL NULLS NOT DISTINCT), default strategy";

    public override string Member => "B7NullsCustomer.RecoveryEmail";

    protected override Task SeedAsync(B7NullsDefaultContext context)
        => SeedHeldAsync(context, id => new B7NullsCustomer { RecoveryEmail = id == 2 ? null : $"s{id}-recovery" });
}

public sealed class B7NullsNullShape : Break2Shape<B7NullsNullContext>
{
    public override string Feature => "A nullable unique column whose index treats NULLs as equal (PostgreSQL NULLS NOT DISTINCT), Null asked for";

    public override string? RefusedOn(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql ? "treats NULLs as equal (NULLS NOT DISTINCT" : null;

    public override string Member => "B7NullsNullCustomer.RecoveryEmail";

    protected override Task SeedAsync(B7NullsNullContext context)
        => SeedHeldAsync(context, id => new B7NullsNullCustomer { RecoveryEmail = id == 2 ? null : $"s{id}-recovery" });
}

// ---- Lower-case unquoted table names (snake case, ToTable("members")): the sweep's row lock (defect 6) -----------------

[DataSubject(Subjects.Customer)]
public class B7SnakeMember : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Nickname { get; set; }
}

public class B7SnakePremium : B7SnakeMember
{
    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string? Referrer { get; set; }
}

/// <summary>How the member hierarchy's tables are named: by the snake-case convention, or explicitly in lower case (TPT).</summary>
public enum B7Naming
{
    SnakeCaseTpt,
    LowerCaseTpt,
}

public abstract class B7SnakeContext(DbContextOptions options, B7Naming naming) : HeldContext<B7SnakeMember>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        switch (naming)
        {
            case B7Naming.SnakeCaseTpt:
                modelBuilder.Entity<B7SnakeMember>().UseTptMappingStrategy();
                break;
            case B7Naming.LowerCaseTpt:
                modelBuilder.Entity<B7SnakeMember>().UseTptMappingStrategy().ToTable("b7members");
                modelBuilder.Entity<B7SnakePremium>().ToTable("b7premium_members");
                break;
        }

        modelBuilder.Entity<B7SnakeMember>().Property(x => x.Id).ValueGeneratedNever();
    }
}

public class B7SnakeTptContext(DbContextOptions<B7SnakeTptContext> options) : B7SnakeContext(options, B7Naming.SnakeCaseTpt);

public class B7LowerTptContext(DbContextOptions<B7LowerTptContext> options) : B7SnakeContext(options, B7Naming.LowerCaseTpt);


/// <summary>Member 1, premium member 2, member 3 (old): the base task's batch (a LEFT JOIN to the derived table) is locked and swept.</summary>
public abstract class B7SnakeShape<TContext>(string naming) : Break2Shape<TContext>
    where TContext : DbContext
{
    public override string Feature => $"Lower-case unquoted table names ({naming}): the sweep locks its batch's rows";

    public override string Member => "B7SnakeMember.Nickname";

    protected override Task SeedAsync(TContext context)
        => SeedHeldAsync(context, id => id == 2
            ? new B7SnakePremium { Nickname = "s2-nick", Referrer = "s2-referrer" }
            : new B7SnakeMember { Nickname = Swept(id, "nick") });
}

/// <summary>EFCore.NamingConventions' snake case, as an application configures it.</summary>
public sealed class B7SnakeTptShape() : B7SnakeShape<B7SnakeTptContext>("UseSnakeCaseNamingConvention, TPT")
{
    public override IPrivacyBuilder Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        => base.Register(services, o =>
        {
            configure(o);
            o.UseSnakeCaseNamingConvention();
        });
}

public sealed class B7LowerTptShape() : B7SnakeShape<B7LowerTptContext>("ToTable(\"b7members\"), TPT");

// ---- A foreign-key cycle through an owned type (defect 8) -------------------------------------------------------------

/// <summary>Preferences owned by the customer, in the customer's row, naming one of her orders.</summary>
public class B7Prefs
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Greeting { get; set; }

    public int? FavouriteOrderId { get; set; }
}

/// <summary>A profile owned by the customer that owns the preferences in turn (two ownership levels, one row).</summary>
public class B7Profile
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Motto { get; set; }

    public B7Prefs Prefs { get; set; } = new();
}

[DataSubject(Subjects.Customer)]
public class B7CycleCustomer : ShapeCustomer
{
    public B7Prefs Prefs { get; set; } = new();

    public B7Profile Profile { get; set; } = new();
}

public class B7CycleOrder
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Note { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the order was placed.")]
    public DateTime PlacedAt { get; set; }
}

public abstract class B7CycleContext(DbContextOptions options, bool nested) : ShapeContext(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<B7CycleCustomer>(e =>
        {
            e.Property(x => x.Id).ValueGeneratedNever();
            if (nested)
            {
                e.Ignore(x => x.Prefs);
                e.OwnsOne(x => x.Profile, p => p.OwnsOne(x => x.Prefs, q => q.HasOne<B7CycleOrder>().WithMany().HasForeignKey(x => x.FavouriteOrderId).IsNotOwnership().OnDelete(DeleteBehavior.Restrict)));
            }
            else
            {
                e.Ignore(x => x.Profile);
                e.OwnsOne(x => x.Prefs, p => p.HasOne<B7CycleOrder>().WithMany().HasForeignKey(x => x.FavouriteOrderId).IsNotOwnership().OnDelete(DeleteBehavior.Restrict));
            }
        });
        modelBuilder.Entity<B7CycleOrder>().HasOne<B7CycleCustomer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class B7CycleContextOne(DbContextOptions<B7CycleContextOne> options) : B7CycleContext(options, nested: false);

public class B7CycleContextNested(DbContextOptions<B7CycleContextNested> options) : B7CycleContext(options, nested: true);

/// <summary>Customers 1 and 2 name their own order as favourite; customer 3 (no favourite) has an expired order.</summary>
public abstract class B7CycleShape<TContext>(string where, bool nested) : Break2Shape<TContext>
    where TContext : DbContext
{
    public override string Feature => $"A foreign-key cycle through an owned type ({where}.FavouriteOrderId -> Order -> Customer, OnDelete Restrict): cleared first, then deleted";

    public override string Member => "B7Prefs.FavouriteOrderId";

    protected override async Task SeedAsync(TContext context)
    {
        foreach (var id in new[] { 1, 2, 3 })
        {
            var customer = new B7CycleCustomer().Numbered(id);
            var prefs = new B7Prefs { Greeting = $"s{id}-greeting" };
            if (nested)
            {
                customer.Profile = new B7Profile { Motto = $"s{id}-motto", Prefs = prefs };
            }
            else
            {
                customer.Prefs = prefs;
            }

            context.Add(customer);
            context.Add(new B7CycleOrder { Id = 10 + id, CustomerId = id, Note = Swept(id, "note"), PlacedAt = SeenAt(id) });
        }

        await context.SaveChangesAsync();
        foreach (var id in new[] { 1, 2 })
        {
            await context.Database.ExecuteSqlRawAsync(nested
                ? $"UPDATE \"B7CycleCustomer\" SET \"Profile_Prefs_FavouriteOrderId\" = {10 + id} WHERE \"Id\" = {id}"
                : $"UPDATE \"B7CycleCustomer\" SET \"Prefs_FavouriteOrderId\" = {10 + id} WHERE \"Id\" = {id}");
        }
    }
}

public sealed class B7CycleShapeOne() : B7CycleShape<B7CycleContextOne>("Prefs", nested: false);

public sealed class B7CycleNestedShape() : B7CycleShape<B7CycleContextNested>("Profile.Prefs", nested: true);

// ---- A nondeterministic collation on a personal column (defect 5) -------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class B7CollatedCustomer : AnchoredCustomer
{
    [PersonalData(Purposes.Account, Retention.TwoYears, Erasure = ErasureAction.Anonymise)]
    public string Email { get; set; } = "";
}

public class B7CollatedContext(DbContextOptions<B7CollatedContext> options) : HeldContext<B7CollatedCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
    {
        if (IsPostgres)
        {
            modelBuilder.HasCollation("b7_case_insensitive", locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        }

        modelBuilder.Entity<B7CollatedCustomer>(e =>
        {
            e.Property(x => x.Email).UseCollation(IsPostgres ? "b7_case_insensitive" : "NOCASE");
            e.HasIndex(x => x.Email).IsUnique();
        });
    }
}

public sealed class B7CollatedShape : Break2Shape<B7CollatedContext>
{
    public override string Feature => "A unique personal column under a nondeterministic collation (PostgreSQL ICU, deterministic: false; SQLite NOCASE), swept";

    public override string Member => "B7CollatedCustomer.Email";

    protected override Task SeedAsync(B7CollatedContext context)
        => SeedHeldAsync(context, id => new B7CollatedCustomer { Email = Swept(id, "mail") });
}

// ---- Lazy-loading proxies (defect 9) ------------------------------------------------------------------------------------

[DataSubject(Subjects.Customer)]
public class B7ProxyCustomer : AnchoredCustomer
{
    public virtual List<B7ProxyOrder> Orders { get; set; } = [];
}

public class B7ProxyOrder
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public virtual B7ProxyCustomer? Customer { get; set; }

    [PersonalData(Purposes.Account, Retention.TwoYears)]
    public string Note { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the order was placed.")]
    public DateTime PlacedAt { get; set; }
}

public class B7ProxyContext(DbContextOptions<B7ProxyContext> options) : HeldContext<B7ProxyCustomer>(options)
{
    protected override void Map(ModelBuilder modelBuilder)
        => modelBuilder.Entity<B7ProxyCustomer>().Property(x => x.Id).ValueGeneratedNever();
}

public sealed class B7ProxyShape : Break2Shape<B7ProxyContext>
{
    public override string Feature => "UseLazyLoadingProxies() (every entity type, the library's own included, is proxied)";

    public override string Member => "B7ProxyOrder.Note";

    public override IPrivacyBuilder Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        => base.Register(services, o =>
        {
            configure(o);
            o.UseLazyLoadingProxies();
        });

    protected override Task SeedAsync(B7ProxyContext context)
        => SeedHeldAsync(context, id => new B7ProxyCustomer { Orders = [new() { Id = 10 + id, Note = Swept(id, "note"), PlacedAt = SeenAt(id) }] });
}
