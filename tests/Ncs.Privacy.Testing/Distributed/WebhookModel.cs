using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Distributed;

/// <summary>A strongly typed user id, stored as the identity service's string id through a value converter.</summary>
public sealed record UserRef(string Value);

/// <summary>A webhooks module: subscriptions name their owner by a strongly typed, optional reference (NULL: a system subscription).</summary>
public class WebhookSubscription
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [SubjectReference(DistributedPolicy.Subjects.Customer)]
    public UserRef? Owner { get; set; }

    [PersonalData(DistributedPolicy.Purposes.Account, DistributedPolicy.Retention.Account)]
    public string CallbackUrl { get; set; } = "";
}

public class WebhooksContext(DbContextOptions<WebhooksContext> options) : DbContext(options)
{
    public DbSet<WebhookSubscription> Subscriptions => Set<WebhookSubscription>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebhookSubscription>().Property(s => s.Owner)
            .HasConversion(new ValueConverter<UserRef?, string>(r => r!.Value, v => new UserRef(v)))
            .HasMaxLength(64);
        modelBuilder.AddPrivacyAudit();
    }
}
