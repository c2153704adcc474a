using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>Complex types (EF Core's ComplexProperty) are checked at start-up and exported nested in their row.</summary>
public sealed class ComplexTypeTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Complex_type_values_are_exported_with_their_row(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddDbContext<ContractorContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(ShopPolicy))).AddEntityFrameworkCore<ContractorContext>();
        await using var provided = services.BuildServiceProvider();
        using (var scope = provided.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<ContractorContext>();
            await context.Database.EnsureCreatedAsync();
            context.AddRange(
                new Contractor { Id = 1, Name = "Gina Contractor", Card = new ContactCard { Phone = "gina-phone", Street = "gina-street" } },
                new Contractor { Id = 2, Name = "Hank Contractor", Card = new ContactCard { Phone = "hank-phone", Street = "hank-street" } });
            await context.SaveChangesAsync();
        }

        var gina = await ExportResult.RunAsync(provided, ShopPolicy.Subjects.Employee, 1);

        Assert.Equal(["gina-phone"], gina.Values("ContactCard", "Phone"));
        Assert.Equal(["gina-street"], gina.Values("ContactCard", "Street"));
        Assert.DoesNotContain("hank", gina.Json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(gina.Root.GetProperty("dataCategories").EnumerateArray(), c => c.GetProperty("id").GetString() == ShopPolicy.Categories.Contact);
    }

    [Fact]
    public void An_unclassified_complex_type_property_fails_the_check()
    {
        using var context = new UnclassifiedComplexContext(new DbContextOptionsBuilder<UnclassifiedComplexContext>().UseSqlite("Data Source=:memory:").UsePrivacy(Shop.Policy).Options);

        var error = Assert.Throws<PrivacyModelException>(() => context.Model);

        Assert.Equal([("BadgeHolder", "Badge.Code")], error.Problems.Select(p => (p.EntityType, p.Property!)));
    }
}

[DataSubject(ShopPolicy.Subjects.Employee)]
public class Contractor
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Account)]
    public string Name { get; set; } = "";

    public ContactCard Card { get; set; } = new();
}

public class ContactCard
{
    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Account, Category = ShopPolicy.Categories.Contact)]
    public string Phone { get; set; } = "";

    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Account, Category = ShopPolicy.Categories.Contact)]
    public string Street { get; set; } = "";
}

public class Badge
{
    public string Code { get; set; } = "";
}

public class ContractorContext(DbContextOptions<ContractorContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Contractor>().Property(c => c.Id).ValueGeneratedNever();
        modelBuilder.Entity<Contractor>().ComplexProperty(c => c.Card);
    }
}

public class BadgeHolder
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public Badge Badge { get; set; } = new();
}

public class UnclassifiedComplexContext(DbContextOptions<UnclassifiedComplexContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<BadgeHolder>().ComplexProperty(b => b.Badge);
}
