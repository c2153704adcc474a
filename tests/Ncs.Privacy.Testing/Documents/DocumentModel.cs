using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Documents;

// The documents people read (issue 15), written by someone who did not write them: a club whose policy declares little
// (one recipient without a location, no DPO), whose texts and values carry characters HTML and Markdown give meaning to,
// with names declared in the annotations ([DisplayName], [Display]), a private field, a part that may be NULL and a
// long value.

/// <summary>A policy with a recipient whose location is not declared next to one outside the EEA, and markup in its texts.</summary>
[PrivacyPolicy(Name = "Club <b>shop</b>")]
[Controller("Club & Co <AB>", Email = "privacy@club.test")]
public static class DocumentPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("Members of the club")]
        public const string Member = "member";
    }

    public static class Categories
    {
        [DataCategory("Name and address")]
        public const string Contact = "contact";
    }

    public static class Recipients
    {
        [Recipient(RecipientKind.Processor, "Mailer \"<script>alert(1)</script>\"")]
        public const string Mailer = "mailer";

        [Recipient(RecipientKind.Processor, "Host in the US", Country = "US", Safeguard = TransferSafeguard.StandardContractualClauses)]
        public const string UsHost = "us-host";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the membership.", Name = "Membership", Subjects = [Subjects.Member], Recipients = [Recipients.Mailer])]
        public const string Membership = "membership";

        [Purpose(LegalBasis.LegitimateInterests, "Send club news.", Name = "News", Subjects = [Subjects.Member], Recipients = [Recipients.UsHost],
            LegitimateInterest = "Keeping members informed")]
        public const string News = "news";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the membership lasts")]
        public const string WhileMember = "while-member";
    }
}

/// <summary>The subject: names declared with .NET's attributes, a private field, a part that may be NULL, notes.</summary>
[DataSubject(DocumentPolicy.Subjects.Member)]
[DisplayName("Club member")]
public class Member
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [PersonalData(DocumentPolicy.Purposes.Membership, DocumentPolicy.Retention.WhileMember, Category = DocumentPolicy.Categories.Contact)]
    [Display(Name = "Full name")]
    public string Name { get; set; } = "";

    [PersonalData(DocumentPolicy.Purposes.News, DocumentPolicy.Retention.WhileMember, Category = DocumentPolicy.Categories.Contact)]
    [DisplayName("E-mail address")]
    public string? Email { get; set; }

    [PersonalData(DocumentPolicy.Purposes.Membership, DocumentPolicy.Retention.WhileMember)]
    private string? _memberNumber;

    public string? MemberNumber
    {
        get => _memberNumber;
        set => _memberNumber = value;
    }

    [NotPersonalData("Described by its own members")]
    public MemberAddress? Home { get; set; }

    public List<MemberNote> Notes { get; set; } = [];
}

/// <summary>An owned part that may be absent (NULL columns).</summary>
public class MemberAddress
{
    [PersonalData(DocumentPolicy.Purposes.Membership, DocumentPolicy.Retention.WhileMember, Category = DocumentPolicy.Categories.Contact)]
    public string? City { get; set; }

    [PersonalData(DocumentPolicy.Purposes.Membership, DocumentPolicy.Retention.WhileMember, Category = DocumentPolicy.Categories.Contact)]
    public string? Street { get; set; }
}

/// <summary>What the club writes down about a member; the text may be long.</summary>
[DisplayName("Note about the member")]
public class MemberNote
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [NotPersonalData("Foreign key to the member")]
    public int MemberId { get; set; }

    [NotPersonalData("Navigation")]
    public Member? Member { get; set; }

    [PersonalData(DocumentPolicy.Purposes.Membership, DocumentPolicy.Retention.WhileMember)]
    [Display(Name = "Note")]
    public string Text { get; set; } = "";
}

public class DocumentContext(DbContextOptions<DocumentContext> options) : DbContext(options)
{
    public DbSet<Member> Members => Set<Member>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Member>().Property<string?>("_memberNumber").HasColumnName("MemberNumber");
        modelBuilder.Entity<Member>().Ignore(m => m.MemberNumber);
        modelBuilder.Entity<Member>().OwnsOne(m => m.Home);
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>The club's database and services, as an application registers them.</summary>
public static class DocumentModel
{
    /// <summary>Member 1: markup in every value, no address, a long note and a note of several lines. Member 2: another person.</summary>
    public const int Mallory = 1;

    public const int Other = 2;

    /// <summary>A value longer than any screen, without a space to break it at.</summary>
    public static readonly string LongNote = new('A', 5_000);

    public const string MultiLineNote = "First line\nSecond line";

    public static ServiceProvider Services(TestDatabase database, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddDbContext<DocumentContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(DocumentPolicy)).Configure(o =>
            {
                // Only these types: the shared test assembly also holds the Identity catalogue, whose assembly this suite does not load.
                o.ModelAssemblies.Clear();
                o.ModelTypes.Add(typeof(Member));
                o.ModelTypes.Add(typeof(MemberAddress));
                o.ModelTypes.Add(typeof(MemberNote));
            }))
            .AddEntityFrameworkCore<DocumentContext>()
            .AddErasure(e => e.AuditKey = "document-tests-audit-key-0123456789abcdef");
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<DocumentContext>();
        await context.Database.EnsureCreatedAsync();
        context.Members.AddRange(
            new Member
            {
                Id = Mallory, Name = "<script>alert(1)</script>", Email = "\"><img src=x onerror=alert(2)>", MemberNumber = "=1+1", Home = null,
                Notes = [new MemberNote { Text = LongNote }, new MemberNote { Text = MultiLineNote }],
            },
            new Member { Id = Other, Name = "Other Person", Email = "other@club.test", Home = new MemberAddress { Street = "Main street 1" } });
        await context.SaveChangesAsync();
    }
}
