using CardData = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.PaymentCardDataAnalyzer>;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// NCSP001 on template-method configurations (fresh tester round 3, D11): a generic base <c>IEntityTypeConfiguration&lt;T&gt;</c>
/// whose <c>Configure</c> calls an abstract or virtual hook that the entity's configuration overrides, a private helper the hook
/// calls with the builder, and an override calling <c>base.Hook(builder)</c>. What they map and classify counts; a method that
/// takes the builder but that <c>Configure</c> never calls does not. In one project and layered.
/// </summary>
public sealed class ConfigurationHookTests
{
    private const string MappedElsewhere = "a private member of assembly 'Shop.Domain', absent from the reference assembly a build compiles against, or a shadow property";

    private const string Domain = """
        using Ncs.Privacy;

        namespace Shop.Domain;

        public abstract class Entity
        {
            public int Id { get; set; }
        }

        public class AuditLog : Entity
        {
            private string _ipAddress = "";
            private string _deviceName = "";
            private string _secret = "";

            public string UserAgent { get; set; } = "";

            [NotPersonalData("What was done: a fixed list of action names")]
            public string Action { get; set; } = "";

            public int Length => _ipAddress.Length + _deviceName.Length + _secret.Length;
        }
        """;

    private const string Infrastructure = """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Ncs.Privacy.EntityFrameworkCore;
        using Shop.Domain;

        namespace Shop.Infrastructure;

        public abstract class EntityConfig<T> : IEntityTypeConfiguration<T>
            where T : Entity
        {
            public void Configure(EntityTypeBuilder<T> builder)
            {
                builder.HasKey(e => e.Id);
                ConfigureEntity(builder);
                ConfigureAudit(builder);
            }

            protected abstract void ConfigureEntity(EntityTypeBuilder<T> builder);

            protected virtual void ConfigureAudit(EntityTypeBuilder<T> builder) => {|#2:builder.Property<string>("CreatedByEmail")|};
        }

        internal sealed class AuditLogConfig : EntityConfig<AuditLog>
        {
            protected override void ConfigureEntity(EntityTypeBuilder<AuditLog> builder)
            {
                {|#0:builder.Property<string>("_ipAddress")|}.HasColumnName("ip");
                builder.Property(a => a.UserAgent).IsNotPersonalData("The browser's product string, shared by millions of users");
                MapDevice(builder);
            }

            protected override void ConfigureAudit(EntityTypeBuilder<AuditLog> builder)
            {
                base.ConfigureAudit(builder);
                builder.Property(a => a.Action).HasMaxLength(50);
            }

            private static void MapDevice(EntityTypeBuilder<AuditLog> builder) => {|#1:builder.Property<string>("_deviceName")|};

            // Takes the builder, but Configure never calls it: not read.
            private static void Unused(EntityTypeBuilder<AuditLog> builder) => builder.Property<string>("_secret");
        }

        public class ShopDb : DbContext
        {
            public DbSet<AuditLog> AuditLogs => Set<AuditLog>();

            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new AuditLogConfig());
        }
        """;

    [Fact]
    public Task Layered_a_hook_overridden_in_the_entity_configuration_is_read_for_its_private_fields_and_classifications()
    {
        var test = new Verify(Infrastructure);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Shop.Domain", Domain));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(0).WithArguments("AuditLog", "_ipAddress", MappedElsewhere));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(1).WithArguments("AuditLog", "_deviceName", MappedElsewhere));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(2).WithArguments("AuditLog", "CreatedByEmail", MappedElsewhere));
        return test.RunAsync();
    }

    [Fact]
    public Task In_one_project_a_hook_overridden_in_the_entity_configuration_is_read_for_its_private_fields_and_classifications()
    {
        var source = LayeredApplicationTests.Unmarked(Infrastructure).Replace("using Shop.Domain;\n", string.Empty, StringComparison.Ordinal)
            .Replace("builder.Property<string>(\"CreatedByEmail\")", "{|#2:builder.Property<string>(\"CreatedByEmail\")|}", StringComparison.Ordinal)
            + Domain.Replace("using Ncs.Privacy;\n", string.Empty, StringComparison.Ordinal)
                .Replace("namespace Shop.Domain;", string.Empty, StringComparison.Ordinal)
                .Replace("private string _ipAddress", "private string {|#0:_ipAddress|}", StringComparison.Ordinal)
                .Replace("private string _deviceName", "private string {|#1:_deviceName|}", StringComparison.Ordinal)
                .Replace("[NotPersonalData(", "[Ncs.Privacy.NotPersonalData(", StringComparison.Ordinal);
        var test = new Verify(source);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(0).WithArguments("AuditLog", "_ipAddress", string.Empty));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(1).WithArguments("AuditLog", "_deviceName", string.Empty));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("NCSP001").WithLocation(2)
            .WithArguments("AuditLog", "CreatedByEmail", "a shadow property: no member of that name is declared"));
        return test.RunAsync();
    }

    [Fact]
    public Task Layered_a_card_number_mapped_in_a_hook_is_reported_by_NCSP007_at_its_configuration_call_and_one_in_an_uncalled_method_is_not()
    {
        var test = new CardData("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Shop.Payments;

            namespace Shop.Infrastructure;

            public abstract class Config<T> : IEntityTypeConfiguration<T>
                where T : class
            {
                public void Configure(EntityTypeBuilder<T> builder) => Map(builder);

                protected abstract void Map(EntityTypeBuilder<T> builder);
            }

            internal sealed class StoredCardConfig : Config<StoredCard>
            {
                protected override void Map(EntityTypeBuilder<StoredCard> builder) => {|#0:builder.Property<string>("_cardNumber")|};

                private static void Unused(EntityTypeBuilder<StoredCard> builder) => builder.Property<string>("_cvv");
            }

            public class CardsDb : DbContext
            {
                public DbSet<StoredCard> Cards => Set<StoredCard>();

                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new StoredCardConfig());
            }
            """);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Shop.Domain", """
            namespace Shop.Payments;

            public class StoredCard
            {
                private string _cardNumber = "";
                private string _cvv = "";

                public int Id { get; set; }

                public int Length => _cardNumber.Length + _cvv.Length;
            }
            """));
        test.ExpectedDiagnostics.Add(CardData.Diagnostic("NCSP007").WithLocation(0).WithArguments("StoredCard", "_cardNumber"));
        return test.RunAsync();
    }
}
