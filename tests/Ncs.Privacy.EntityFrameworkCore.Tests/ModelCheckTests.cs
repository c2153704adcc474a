using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore.Tests.Model;
using IdentityPersonalData = Microsoft.AspNetCore.Identity.PersonalDataAttribute;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>The start-up model check and the annotations the conventions write. Model building needs no database.</summary>
public sealed class ModelCheckTests
{
    private static TContext Build<TContext>(Func<DbContextOptions, TContext> create, Action<PrivacyDbContextOptions>? configure = null)
        where TContext : DbContext
        => create(new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=:memory:").UsePrivacy(Shop.Policy, configure).Options);

    [Fact]
    public void Classifications_reach_the_model_as_string_annotations()
    {
        using var context = Build(o => new ShopContext((DbContextOptions<ShopContext>)o));
        var customer = context.Model.FindEntityType(typeof(Customer))!;

        Assert.Equal("customer", customer[PrivacyAnnotationNames.DataSubject]);
        Assert.Equal("PersonalData", customer.FindProperty(nameof(Customer.Email))![PrivacyAnnotationNames.Classification]);
        Assert.Equal("account;marketing", customer.FindProperty(nameof(Customer.Email))![PrivacyAnnotationNames.Purposes]);
        Assert.Equal("NotPersonalData", customer.FindProperty(nameof(Customer.IsDeleted))![PrivacyAnnotationNames.Classification]);
        Assert.Equal("A flag.", customer.FindProperty(nameof(Customer.IsDeleted))![PrivacyAnnotationNames.Reason]);
        Assert.Equal("marketing=account", customer.FindProperty("ReferralCode")![PrivacyAnnotationNames.Uses]);
        Assert.Equal("Technical", customer.FindProperty("Discriminator")![PrivacyAnnotationNames.Classification]);
        var order = context.Model.FindEntityType(typeof(Order))!;
        Assert.Equal("Technical", order.FindProperty(nameof(Order.CustomerId))![PrivacyAnnotationNames.Classification]);
        var ticket = context.Model.FindEntityType(typeof(SupportTicket))!;
        Assert.Equal("Agent", ticket.FindProperty(nameof(SupportTicket.AgentNotes))![PrivacyAnnotationNames.Subject]);
        // The many-to-many join entity's columns are keys and foreign keys.
        var join = context.Model.GetEntityTypes().Single(t => t.HasSharedClrType);
        Assert.All(join.GetProperties(), p => Assert.Equal("Technical", p[PrivacyAnnotationNames.Classification]));
        // Every annotation value is a primitive, so compiled models and migration snapshots can hold it.
        Assert.All(
            context.Model.GetEntityTypes().SelectMany(t => t.GetAnnotations().Concat(t.GetProperties().SelectMany(p => p.GetAnnotations())))
                .Where(a => a.Name.StartsWith(PrivacyAnnotationNames.Prefix, StringComparison.Ordinal)),
            a => Assert.IsType<string>(a.Value));
    }

    [Fact]
    public void One_error_names_every_unclassified_property_of_entities_owned_types_shadow_properties_and_hierarchies()
    {
        using var context = Build(o => new UnclassifiedContext(o));

        var error = Assert.Throws<PrivacyModelException>(() => context.Model);

        Assert.Equal(
            [
                ("Account", "Nickname"),
                ("Account", "Notes"),
                ("Account.Home", "Street"),
                ("Account.Visits", "Where"),
                ("PremiumAccount", "Level"),
            ],
            error.Problems.Select(p => (p.EntityType, p.Property!)));
        Assert.All(error.Problems, p => Assert.Equal(PrivacyModelProblemKind.UnclassifiedProperty, p.Kind));
        Assert.StartsWith("The EF Core model has 5 unclassified properties (see docs/model-validation.md):", error.Message, StringComparison.Ordinal);
        Assert.Contains("Account.Notes: shadow property (String) is not classified: in OnModelCreating call .Property(\"Notes\").IsPersonalData(purpose, retention) or .IsNotPersonalData(\"why\")", error.Message, StringComparison.Ordinal);
        Assert.Contains("PremiumAccount.Level: property (Int32) is not classified: add [PersonalData(purpose, retention)] or [NotPersonalData(\"why\")] to PremiumAccount.Level", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_and_foreign_keys_are_technical_unless_the_application_says_otherwise()
    {
        using (var context = Build(o => new ShopContext((DbContextOptions<ShopContext>)o)))
        {
            Assert.NotNull(context.Model);
        }

        using var strict = Build(o => new ShopContext((DbContextOptions<ShopContext>)o), s => s.KeysAreTechnical = false);
        var error = Assert.Throws<PrivacyModelException>(() => strict.Model);

        Assert.Contains(error.Problems, p => (p.EntityType, p.Property) == ("Order", "CustomerId"));
        Assert.Contains(error.Problems, p => (p.EntityType, p.Property) == ("Customer", "Discriminator"));
        Assert.Contains("is a key, foreign key or discriminator and KeysAreTechnical is off", error.Message, StringComparison.Ordinal);
        // Keys that carry [NotPersonalData] stay classified.
        Assert.DoesNotContain(error.Problems, p => (p.EntityType, p.Property) == ("Order", "Id"));
    }

    [Fact]
    public void The_check_also_runs_on_the_runtime_model_as_compiled_models_skip_conventions()
    {
        // Without UsePrivacy no convention runs, as with a compiled model: the check still reads the runtime model.
        using var plain = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.Empty(PrivacyModelCheck.Check(plain.Model, Shop.Policy));

        using var changed = new ChangedShopContext(new DbContextOptionsBuilder<ChangedShopContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.Equal(
            [("Customer", "Nickname"), ("Review", "Text")],
            PrivacyModelCheck.Check(changed.Model, Shop.Policy).Select(p => (p.EntityType, p.Property!)));
    }

    [Fact]
    public void Aspnet_identity_personal_data_counts_as_a_weak_classification()
    {
        using var context = Build(o => new IdentityContext(o));

        var user = context.Model.FindEntityType(typeof(IdentityStyleUser))!;

        Assert.Equal("IdentityPersonalData", user.FindProperty(nameof(IdentityStyleUser.PhoneNumber))![PrivacyAnnotationNames.Classification]);
        var classified = context.GetSubjectGraph().Classify(user.FindProperty(nameof(IdentityStyleUser.PhoneNumber))!);
        Assert.True(classified.IsPersonalData);
        Assert.True(classified.IsExported);
        Assert.Empty(classified.Uses);
    }

    [Fact]
    public void Model_builder_classifications_are_checked_against_the_policy()
    {
        using var context = Build(o => new UnknownPurposeContext(o));

        var error = Assert.Throws<PrivacyModelException>(() => context.Model);

        Assert.Equal(
            [(PrivacyModelProblemKind.UnknownPurpose, "Account", "Notes"), (PrivacyModelProblemKind.UnknownRetention, "Account", "Notes")],
            error.Problems.Select(p => (p.Kind, p.EntityType, p.Property!)));
        Assert.Contains("IsPersonalData names purpose 'advertising', which the policy does not declare (declared: account, bookkeeping, customer-service, marketing)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subject_navigation_must_be_a_reference_navigation()
    {
        using var context = Build(o => new WrongSubjectContext(o));

        var error = Assert.Throws<PrivacyModelException>(() => context.Model);

        var problem = Assert.Single(error.Problems);
        Assert.Equal((PrivacyModelProblemKind.InvalidSubjectNavigation, "Memo", "Text"), (problem.Kind, problem.EntityType, problem.Property!));
        Assert.Contains("Subject = \"Title\" must name a reference navigation of Memo", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_without_UsePrivacy_gets_a_clear_error_from_the_graph()
    {
        using var context = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseSqlite("Data Source=:memory:").Options);

        var error = Assert.Throws<InvalidOperationException>(() => context.GetSubjectGraph());

        Assert.Contains("ShopContext is not configured for Ncs.Privacy", error.Message, StringComparison.Ordinal);
    }
}

public class Account
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Account)]
    public string Name { get; set; } = "";

    public string? Nickname { get; set; }

    public Home? Home { get; set; }

    public List<Visit> Visits { get; set; } = [];
}

public class PremiumAccount : Account
{
    public int Level { get; set; }
}

public class Home
{
    public string Street { get; set; } = "";

    [NotPersonalData("A count.")]
    public int Rooms { get; set; }
}

public class Visit
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public string Where { get; set; } = "";
}

public class UnclassifiedContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(a =>
        {
            a.Property<string>("Notes");
            a.OwnsOne(x => x.Home);
            a.OwnsMany(x => x.Visits);
        });
        modelBuilder.Entity<PremiumAccount>();
    }
}

public class UnknownPurposeContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(a =>
        {
            a.Ignore(x => x.Home);
            a.Ignore(x => x.Visits);
            a.Property(x => x.Nickname).IsNotPersonalData("Chosen by the user to be public.");
            a.Property<string>("Notes").IsPersonalData("advertising", "forever");
        });
    }
}

public class IdentityStyleUser
{
    [NotPersonalData("Surrogate key.")]
    public string Id { get; set; } = "";

    [IdentityPersonalData]
    public string? PhoneNumber { get; set; }
}

public class IdentityContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<IdentityStyleUser>();
}

public class Memo
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [NotPersonalData("A heading.")]
    public string Title { get; set; } = "";

    [PersonalData(ShopPolicy.Purposes.Account, ShopPolicy.Retention.Account, Subject = nameof(Title))]
    public string Text { get; set; } = "";
}

public class WrongSubjectContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Memo>();
}
