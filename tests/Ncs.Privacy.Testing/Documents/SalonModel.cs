using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Salon;

// A hair salon's booking app, declared the way the README's quick start shows (issue 15, fresh tester): purposes
// without a Name, a controller reached by telephone only, no DPO statement, no policy version, an SMS provider in the
// US under standard contractual clauses and a booking system whose location nobody declared; the client's hair type
// as an enum, a birth date as DateOnly, contact details owned twice deep, and notes with right-to-left, emoji and NUL
// characters.

/// <summary>A salon's policy that declares what a small business writes first, and no more.</summary>
[PrivacyPolicy(Name = "Salong Ljus")]
[Controller("Salong Ljus AB", Phone = "+46 8 123 45 67")]
public static class SalonPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("Clients who book an appointment")]
        public const string Client = "client";
    }

    public static class Categories
    {
        [DataCategory("Contact details")]
        public const string Contact = "contact";
    }

    public static class Recipients
    {
        [Recipient(RecipientKind.Processor, "SMS provider", Country = "US", Safeguard = TransferSafeguard.StandardContractualClauses)]
        public const string Sms = "sms";

        [Recipient(RecipientKind.Processor, "Booking system")]
        public const string BookingSystem = "booking-system";
    }

    public static class Purposes
    {
        // No Name: the README's quick start declares purposes this way.
        [Purpose(LegalBasis.Contract, "Book and carry out appointments.", Subjects = [Subjects.Client], Recipients = [Recipients.BookingSystem])]
        public const string AppointmentBooking = "appointment-booking";

        [Purpose(LegalBasis.Consent, "Remind clients of their appointment by SMS.", Subjects = [Subjects.Client], Recipients = [Recipients.Sms])]
        public const string SmsReminders = "sms-reminders";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the client keeps an account")]
        public const string WhileClient = "while-client";
    }
}

/// <summary>How the client's hair is, chosen from a list in the booking form.</summary>
public enum HairType
{
    Straight = 0,
    Wavy = 1,
    Curly = 2,
    Coily = 3,
}

/// <summary>The subject: an enum, a DateOnly and contact details owned two levels deep.</summary>
[DataSubject(SalonPolicy.Subjects.Client)]
public class SalonClient
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [PersonalData(SalonPolicy.Purposes.AppointmentBooking, SalonPolicy.Retention.WhileClient, Category = SalonPolicy.Categories.Contact)]
    public string FullName { get; set; } = "";

    [PersonalData(SalonPolicy.Purposes.AppointmentBooking, SalonPolicy.Retention.WhileClient)]
    public HairType? HairType { get; set; }

    [PersonalData(SalonPolicy.Purposes.AppointmentBooking, SalonPolicy.Retention.WhileClient)]
    public DateOnly? BirthDate { get; set; }

    [NotPersonalData("Described by its own members")]
    public SalonContact Contact { get; set; } = new();

    public List<SalonAppointment> Appointments { get; set; } = [];
}

/// <summary>Owned by the client; owns the postal address in turn.</summary>
public class SalonContact
{
    [PersonalData(SalonPolicy.Purposes.SmsReminders, SalonPolicy.Retention.WhileClient, Category = SalonPolicy.Categories.Contact)]
    public string? Mobile { get; set; }

    [NotPersonalData("Described by its own members")]
    public SalonPostalAddress Postal { get; set; } = new();
}

/// <summary>Owned by the contact details (two levels below the client).</summary>
public class SalonPostalAddress
{
    [PersonalData(SalonPolicy.Purposes.AppointmentBooking, SalonPolicy.Retention.WhileClient, Category = SalonPolicy.Categories.Contact)]
    public string? City { get; set; }
}

/// <summary>An appointment and what the stylist noted.</summary>
public class SalonAppointment
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [NotPersonalData("Foreign key to the client")]
    public int SalonClientId { get; set; }

    [NotPersonalData("Navigation")]
    public SalonClient? SalonClient { get; set; }

    [PersonalData(SalonPolicy.Purposes.AppointmentBooking, SalonPolicy.Retention.WhileClient)]
    public DateOnly Day { get; set; }

    [PersonalData(SalonPolicy.Purposes.AppointmentBooking, SalonPolicy.Retention.WhileClient)]
    public string StylistNote { get; set; } = "";
}

public class SalonContext(DbContextOptions<SalonContext> options) : DbContext(options)
{
    public DbSet<SalonClient> Clients => Set<SalonClient>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SalonClient>().OwnsOne(c => c.Contact, contact => contact.OwnsOne(x => x.Postal));
        modelBuilder.AddPrivacyAudit();
    }
}

/// <summary>The salon's database and services, as the app registers them.</summary>
public static class SalonModel
{
    public const int Client = 1;

    /// <summary>Arabic (right to left), an emoji and a NUL character, as a note typed on a phone may hold.</summary>
    public const string MixedNote = "مرحبا 💇‍♀️ curls\0end";

    public static ServiceProvider Services(TestDatabase database, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddDbContext<SalonContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(SalonPolicy)).Configure(o =>
            {
                o.ModelAssemblies.Clear();
                o.ModelTypes.Add(typeof(SalonClient));
                o.ModelTypes.Add(typeof(SalonContact));
                o.ModelTypes.Add(typeof(SalonPostalAddress));
                o.ModelTypes.Add(typeof(SalonAppointment));
            }))
            .AddEntityFrameworkCore<SalonContext>()
            .AddErasure(e => e.AuditKey = "salon-tests-audit-key-0123456789abcdef0");
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<SalonContext>();
        await context.Database.EnsureCreatedAsync();
        context.Clients.Add(new SalonClient
        {
            Id = Client, FullName = "Lina Haddad", HairType = HairType.Curly, BirthDate = new DateOnly(1990, 4, 2),
            Contact = new SalonContact { Mobile = "+46 70 123 45 67", Postal = new SalonPostalAddress { City = "Malmö" } },
            Appointments = [new SalonAppointment { Day = new DateOnly(2026, 11, 20), StylistNote = MixedNote }],
        });
        await context.SaveChangesAsync();
    }
}
