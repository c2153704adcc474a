using CardData = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PaymentCardDataAnalyzer>;
using Unclassified = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// NCSP001 and NCSP007 on layered shapes a fresh user wrote in a scratch solution (entities in a domain project, EF Core
/// configurations in an infrastructure project); each test names the rule it checks.
/// </summary>
public sealed class LayeredBreakTests
{
    [Fact]
    public Task A_shadow_column_mapped_by_a_generic_base_configuration_is_reported_for_each_entity_it_configures()
    {
        var test = new Unclassified("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy;

            namespace Shop;

            public abstract class Entity
            {
                public int Id { get; set; }
            }

            public class Buyer : Entity
            {
                [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.WhileAccount)]
                public string Name { get; set; } = "";
            }

            public abstract class AuditedConfiguration<T> : IEntityTypeConfiguration<T>
                where T : Entity
            {
                public virtual void Configure(EntityTypeBuilder<T> builder)
                {
                    {|#0:builder.Property<string>("LastModifiedByEmail")|};
                }
            }

            public sealed class BuyerConfiguration : AuditedConfiguration<Buyer>
            {
                public override void Configure(EntityTypeBuilder<Buyer> builder)
                {
                    base.Configure(builder);
                    builder.Property(b => b.Name).HasMaxLength(200);
                }
            }

            public class ShopDb : DbContext
            {
                public DbSet<Buyer> Buyers => Set<Buyer>();

                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new BuyerConfiguration());
            }
            """);
        test.ExpectedDiagnostics.Add(Unclassified.Diagnostic("NCSP001").WithLocation(0)
            .WithArguments("Buyer", "LastModifiedByEmail", "a shadow property: no member of that name is declared"));
        return test.RunAsync();
    }

    [Fact]
    public Task Card_data_of_an_entity_from_another_project_is_reported_at_the_DbSet_that_brings_it_in()
    {
        var test = new CardData("""
            using Microsoft.EntityFrameworkCore;
            using Shop.Payments;

            namespace Shop.Infrastructure;

            public class CardsDb : DbContext
            {
                public DbSet<StoredCard> {|#0:Cards|} => Set<StoredCard>();
            }
            """);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Shop.Domain", """
            namespace Shop.Payments;

            public class StoredCard
            {
                public int Id { get; set; }

                public string CardNumber { get; set; } = "";

                public string Cvv { get; set; } = "";

                public string CardTypeId { get; set; } = "";
            }
            """));
        test.ExpectedDiagnostics.Add(CardData.Diagnostic("NCSP007").WithLocation(0).WithArguments("StoredCard", "CardNumber"));
        test.ExpectedDiagnostics.Add(CardData.Diagnostic("NCSP007").WithLocation(0).WithArguments("StoredCard", "Cvv"));
        return test.RunAsync();
    }
}
