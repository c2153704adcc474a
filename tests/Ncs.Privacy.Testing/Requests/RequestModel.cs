using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Requests;

/// <summary>The policy of the data-subject request tests: purposes with and without recipients, objectable and not, and a dated retention rule the sweep enforces.</summary>
[PrivacyPolicy(Name = "Request test shop")]
[Controller("Request Shop AB", Email = "privacy@requests.example", RegistrationNumber = "556000-0016")]
public static class RequestPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("People who buy from the shop.")]
        public const string Customer = "customer";

        [DataSubjectCategory("People who answer customers.")]
        public const string Agent = "agent";
    }

    public static class Recipients
    {
        [Recipient(RecipientKind.Processor, "E-mail delivery service.")]
        public const string Mailer = "mailer";

        [Recipient(RecipientKind.Processor, "Web analytics vendor.")]
        public const string Analytics = "analytics";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the customer's account.", Subjects = [Subjects.Customer, Subjects.Agent])]
        public const string Account = "account";

        [Purpose(LegalBasis.Consent, "Send offers by e-mail.", Subjects = [Subjects.Customer], Recipients = [Recipients.Mailer], DirectMarketing = true)]
        public const string Marketing = "marketing";

        [Purpose(LegalBasis.LegitimateInterests, "Understand how the site is used.", Subjects = [Subjects.Customer], Recipients = [Recipients.Analytics], LegitimateInterest = "Improving the shop for its customers.")]
        public const string Analytics = "analytics";

        [Purpose(LegalBasis.Contract, "Answer questions.", Subjects = [Subjects.Customer, Subjects.Agent])]
        public const string Service = "service";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the account exists.")]
        public const string Account = "account";

        [RetentionRule("P1Y", Description = "One year after the visit.")]
        public const string Visits = "visits";

        [RetentionRule("P2Y", Description = "Two years after the ticket was opened.")]
        public const string Service = "service";
    }
}

[DataSubject(RequestPolicy.Subjects.Customer)]
public class RequestCustomer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(RequestPolicy.Purposes.Account, RequestPolicy.Retention.Account)]
    public string Name { get; set; } = "";

    [EmailAddress]
    [PersonalData(RequestPolicy.Purposes.Account, RequestPolicy.Retention.Account)]
    [PersonalData(RequestPolicy.Purposes.Marketing, RequestPolicy.Retention.Account)]
    public string Email { get; set; } = "";

    [PersonalData(RequestPolicy.Purposes.Account, RequestPolicy.Retention.Account)]
    public string? Phone { get; set; }

    [NotPersonalData("Customer number printed on letters.")]
    public string Number { get; set; } = "";

    public List<RequestVisit> Visits { get; set; } = [];
}

/// <summary>A page view, kept a year after the visit (the sweep's work).</summary>
public class RequestVisit
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("When the page was viewed.")]
    public DateTime VisitedAt { get; set; }

    [PersonalData(RequestPolicy.Purposes.Analytics, RequestPolicy.Retention.Visits)]
    public string Page { get; set; } = "";
}

[DataSubject(RequestPolicy.Subjects.Agent)]
public class RequestAgent
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(RequestPolicy.Purposes.Account, RequestPolicy.Retention.Account)]
    public string Name { get; set; } = "";
}

/// <summary>A row about two subjects: the customer's question and the agent's note.</summary>
public class RequestTicket
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public RequestCustomer Customer { get; set; } = null!;

    public int AgentId { get; set; }

    public RequestAgent Agent { get; set; } = null!;

    [RetentionAnchor]
    [NotPersonalData("When the ticket was opened.")]
    public DateTime OpenedAt { get; set; }

    [PersonalData(RequestPolicy.Purposes.Service, RequestPolicy.Retention.Service)]
    public string Question { get; set; } = "";

    [PersonalData(RequestPolicy.Purposes.Service, RequestPolicy.Retention.Service, Subject = nameof(Agent))]
    public string? AgentNote { get; set; }
}

/// <summary>The context of the request tests: subjects, the request log, restrictions, objections and the audit trail.</summary>
public class RequestContext(DbContextOptions<RequestContext> options) : DbContext(options)
{
    public static readonly Type[] ModelTypes = [typeof(RequestCustomer), typeof(RequestVisit), typeof(RequestAgent), typeof(RequestTicket)];

    public DbSet<RequestCustomer> Customers => Set<RequestCustomer>();

    public DbSet<RequestVisit> Visits => Set<RequestVisit>();

    public DbSet<RequestAgent> Agents => Set<RequestAgent>();

    public DbSet<RequestTicket> Tickets => Set<RequestTicket>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RequestCustomer>(b =>
        {
            b.Property(c => c.Name).HasMaxLength(60);
            b.Property(c => c.Email).HasMaxLength(320);
            b.HasMany(c => c.Visits).WithOne().HasForeignKey(v => v.CustomerId);
        });
        modelBuilder.AddPrivacyRequests();
        modelBuilder.AddPrivacyObjections();
        modelBuilder.AddPrivacyAudit();
    }

    /// <summary>Every personal value <see cref="SeedAsync"/> writes, to search for after an erasure.</summary>
    public static readonly string[] PersonalValues =
    [
        "Alice Ann", "alice@requests.example", "+46-111-ALICE", "/alice/secret-page",
        "Bob Bee", "bob@requests.example", "+46-222-BOB", "/bob/page",
        "Why is my parcel late, Alice asks", "Agent Eve's note on Alice",
    ];

    public const int Alice = 1;
    public const int Bob = 2;
    public const int Eve = 7;

    /// <summary>Alice and Bob, each with a recent and an old visit; a ticket of Alice's answered by agent Eve.</summary>
    public static async Task SeedAsync(RequestContext context, DateTime nowUtc)
    {
        context.Customers.AddRange(
            new RequestCustomer
            {
                Id = Alice, Name = "Alice Ann", Email = "alice@requests.example", Phone = "+46-111-ALICE", Number = "C-1",
                Visits = [new RequestVisit { Id = 11, VisitedAt = nowUtc.AddYears(-3), Page = "/alice/secret-page" }, new RequestVisit { Id = 12, VisitedAt = nowUtc.AddDays(-1), Page = "/alice/secret-page" }],
            },
            new RequestCustomer
            {
                Id = Bob, Name = "Bob Bee", Email = "bob@requests.example", Phone = "+46-222-BOB", Number = "C-2",
                Visits = [new RequestVisit { Id = 21, VisitedAt = nowUtc.AddYears(-3), Page = "/bob/page" }, new RequestVisit { Id = 22, VisitedAt = nowUtc.AddDays(-1), Page = "/bob/page" }],
            });
        context.Agents.Add(new RequestAgent { Id = Eve, Name = "Eve Agent" });
        context.Tickets.Add(new RequestTicket { Id = 100, CustomerId = Alice, AgentId = Eve, OpenedAt = nowUtc.AddDays(-2), Question = "Why is my parcel late, Alice asks", AgentNote = "Agent Eve's note on Alice" });
        await context.SaveChangesAsync();
    }
}
