using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;

public class NewsletterContext(DbContextOptions<NewsletterContext> options) : DbContext(options)
{
    public DbSet<Subscriber> Subscribers => Set<Subscriber>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddPrivacyAudit();
}
