using Microsoft.EntityFrameworkCore;
using Ncs.Privacy;
using Ncs.Privacy.EntityFrameworkCore;

// The smallest integration: one policy, one annotated entity, one DbContext, and the library's services.
// dotnet run --project samples/Ncs.Privacy.Minimal
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddDbContext<NewsletterContext>(o => o.UseSqlite("Data Source=newsletter.db"));
builder.Services.AddPrivacy(privacy => privacy.UsePolicy(typeof(NewsletterPolicy)))
    .AddEntityFrameworkCore<NewsletterContext>();

using var host = builder.Build();
await host.StartAsync(); // validates the policy and checks that every mapped property is classified

await using (var scope = host.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<NewsletterContext>();
    await db.Database.EnsureCreatedAsync();
    if (!await db.Subscribers.AnyAsync())
    {
        db.Subscribers.Add(new Subscriber { Email = "reader@example.se", SubscribedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }
}

var exporter = host.Services.GetRequiredService<IDataSubjectExporter>();
await using (var stdout = Console.OpenStandardOutput())
{
    await exporter.ExportAsync(new DataSubjectReference(NewsletterPolicy.Subscriber, 1), stdout);
}

await host.StopAsync();
