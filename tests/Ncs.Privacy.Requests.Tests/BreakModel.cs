using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>
/// Shapes real applications use that the request model of <c>Ncs.Privacy.Testing</c> does not: a Guid key (Identity-style
/// users, eShop buyers), a unique e-mail, and a mailing list keyed by the subscriber's address (a natural key).
/// </summary>
[PrivacyPolicy(Name = "Break shop")]
[Controller("Break Shop AB", Email = "privacy@break.example", RegistrationNumber = "556000-0160")]
public static class BreakPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("Members of the shop.")]
        public const string Member = "member";

        [DataSubjectCategory("People on the mailing list.")]
        public const string Subscriber = "subscriber";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the member's account.", Subjects = [Subjects.Member])]
        public const string Account = "account";

        [Purpose(LegalBasis.Consent, "Send the newsletter.", Subjects = [Subjects.Subscriber, Subjects.Member], DirectMarketing = true)]
        public const string Newsletter = "newsletter";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the account exists.")]
        public const string Account = "account";
    }
}

[DataSubject(BreakPolicy.Subjects.Member)]
public class BreakMember
{
    [NotPersonalData("Surrogate key.")]
    public Guid Id { get; set; }

    [PersonalData(BreakPolicy.Purposes.Account, BreakPolicy.Retention.Account)]
    public string Name { get; set; } = "";

    [EmailAddress]
    [PersonalData(BreakPolicy.Purposes.Account, BreakPolicy.Retention.Account)]
    public string Email { get; set; } = "";
}

[DataSubject(BreakPolicy.Subjects.Subscriber)]
public class BreakSubscriber
{
    [PersonalData(BreakPolicy.Purposes.Newsletter, BreakPolicy.Retention.Account)]
    public string Email { get; set; } = "";

    [PersonalData(BreakPolicy.Purposes.Newsletter, BreakPolicy.Retention.Account)]
    public string Name { get; set; } = "";
}

public class BreakContext(DbContextOptions<BreakContext> options) : DbContext(options)
{
    public static readonly Type[] ModelTypes = [typeof(BreakMember), typeof(BreakSubscriber)];

    public static readonly Guid Anna = new("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    public static readonly Guid Ben = new("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    public const string Sara = "sara.subscriber@break.example";

    public DbSet<BreakMember> Members => Set<BreakMember>();

    public DbSet<BreakSubscriber> Subscribers => Set<BreakSubscriber>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BreakMember>(b =>
        {
            b.Property(m => m.Email).HasMaxLength(320);
            b.HasIndex(m => m.Email).IsUnique();
        });
        modelBuilder.Entity<BreakSubscriber>(b =>
        {
            b.HasKey(s => s.Email);
            b.Property(s => s.Email).HasMaxLength(320);
        });
        modelBuilder.AddPrivacyRequests();
        modelBuilder.AddPrivacyObjections();
        modelBuilder.AddPrivacyAudit();
    }

    public static async Task SeedAsync(BreakContext context)
    {
        context.Members.AddRange(
            new BreakMember { Id = Anna, Name = "Anna Member", Email = "anna@break.example" },
            new BreakMember { Id = Ben, Name = "Ben Member", Email = "ben@break.example" });
        context.Subscribers.AddRange(
            new BreakSubscriber { Email = Sara, Name = "Sara Subscriber" },
            new BreakSubscriber { Email = "tom.subscriber@break.example", Name = "Tom Subscriber" });
        await context.SaveChangesAsync();
    }
}

/// <summary>The break model's database and services, as <see cref="Harness"/> has for the request model.</summary>
public sealed class BreakHarness : IAsyncDisposable
{
    private BreakHarness(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        Services = services;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public IDataSubjectRequestService Requests => Services.GetRequiredService<IDataSubjectRequestService>();

    public static DataSubjectReference Anna => new(BreakPolicy.Subjects.Member, BreakContext.Anna.ToString());

    public static DataSubjectReference Sara => new(BreakPolicy.Subjects.Subscriber, BreakContext.Sara);

    public static async Task<BreakHarness> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new LogSink()));
        services.AddSingleton<TimeProvider>(new ManualTime(Harness.Start));
        services.AddDbContext<BreakContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(BreakPolicy)))
            .Configure(o =>
            {
                o.ModelAssemblies.Remove(typeof(BreakPolicy).Assembly);
                foreach (var type in BreakContext.ModelTypes)
                {
                    o.ModelTypes.Add(type);
                }
            })
            .AddEntityFrameworkCore<BreakContext>()
            .AddObjections<BreakContext>()
            .AddErasure(o => o.AuditKey = Harness.AuditKey)
            .AddPrivacyRequests<BreakContext>(o => o.TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm"))
            .AddRequestVerifier<EmailCodeVerifier>();
        var built = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using (var scope = built.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<BreakContext>();
            await context.Database.EnsureCreatedAsync();
            await BreakContext.SeedAsync(context);
        }

        return new BreakHarness(database, built);
    }

    public BreakContext Context() => Services.CreateScope().ServiceProvider.GetRequiredService<BreakContext>();

    public async Task<DataSubjectRequestInfo> VerifiedAsync(DataSubjectRight right, DataSubjectReference subject, string? purpose = null)
    {
        var received = await Requests.ReceiveAsync(new DataSubjectRequestSubmission(right, RequestChannel.Email) { Purpose = purpose, Reference = "MAIL-9" });
        return await Requests.VerifyAsync(received.Id, subject, EmailCodeVerifier.MethodName, EmailCodeVerifier.CodeFor(received.Id));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
