using Microsoft.EntityFrameworkCore;
using Ncs.Privacy;
using Ncs.Privacy.EntityFrameworkCore;

// The smallest integration: one policy, one annotated entity, one DbContext, the library's services, and the
// retention sweep as a background service.
// dotnet run --project samples/Ncs.Privacy.Minimal
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddDbContext<NewsletterContext>(o => o.UseSqlite("Data Source=newsletter.db"));
builder.Services.AddPrivacy(privacy => privacy.UsePolicy(typeof(NewsletterPolicy)))
    .AddEntityFrameworkCore<NewsletterContext>()
    .AddErasure(erasure => erasure.AuditKey = builder.Configuration["Privacy:AuditKey"])
    .AddRetentionSweep(sweep => sweep.RetentionInterval = TimeSpan.FromHours(6));

using var host = builder.Build();
await host.StartAsync(); // validates the policy and checks that every mapped property is classified

await using (var scope = host.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<NewsletterContext>();
    await db.Database.EnsureDeletedAsync();
    await db.Database.EnsureCreatedAsync();
    db.Subscribers.AddRange(
        new Subscriber { Email = "reader@example.se", SubscribedAt = DateTime.UtcNow.AddMonths(-3) },
        new Subscriber { Email = "long-ago@example.se", SubscribedAt = DateTime.UtcNow.AddYears(-3) });
    await db.SaveChangesAsync();
}

// The background service sweeps every six hours; one sweep now shows what it does: the subscription from three
// years ago has passed its two years and goes.
var sweep = await host.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
Console.WriteLine($"Retention sweep: {sweep.RowsDeleted} rows deleted, {sweep.RowsAnonymised} anonymised.");

var exporter = host.Services.GetRequiredService<IDataSubjectExporter>();
await using (var stdout = Console.OpenStandardOutput())
{
    await exporter.ExportAsync(new DataSubjectReference(NewsletterPolicy.Subscriber, 1), stdout);
}

await host.StopAsync();
