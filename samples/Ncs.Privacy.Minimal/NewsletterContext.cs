using Microsoft.EntityFrameworkCore;

public class NewsletterContext(DbContextOptions<NewsletterContext> options) : DbContext(options)
{
    public DbSet<Subscriber> Subscribers => Set<Subscriber>();
}
