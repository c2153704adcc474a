using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyAnalyzerTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>
/// NCSP001 when a context applies <c>IEntityTypeConfiguration</c> classes of another project (a domain project, a configurations
/// project, a web project): the configurations project, where the bodies are source, checks the entities they configure (keys,
/// alternate keys, ignored members, owned types, keyless types read as written); the context's project, which sees them only as
/// metadata, does not guess, and still reports every entity no applied configuration covers.
/// </summary>
public sealed class ConfigurationsInAnotherProjectTests
{
    internal const string CatalogDomain = """
        using Ncs.Privacy;

        namespace Catalog.Domain;

        public class Brand
        {
            public string Code { get; set; } = "";

            [NotPersonalData("A brand name")]
            public string Name { get; set; } = "";

            public string DisplayCache { get; set; } = "";

            public string Slogan { get; set; } = "";

            public string Sku { get; set; } = "";

            public Address Office { get; set; } = new();
        }

        public class Address
        {
            public string Street { get; set; } = "";

            public string GeoCache { get; set; } = "";
        }

        public class BrandView
        {
            public string Headline { get; set; } = "";

            [NotPersonalData("A number of products")]
            public int Products { get; set; }
        }

        public class Category
        {
            public int Id { get; set; }

            public string Label { get; set; } = "";
        }
        """;

    internal const string BrandConfiguration = """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Catalog.Domain;

        namespace Catalog.Configurations;

        public sealed class {|#0:BrandConfiguration|} : IEntityTypeConfiguration<Brand>
        {
            public void Configure(EntityTypeBuilder<Brand> builder)
            {
                builder.HasKey(b => b.Code);
                builder.HasAlternateKey(b => b.Sku);
                builder.Ignore(b => b.DisplayCache);
                builder.OwnsOne(b => b.Office, office => office.Ignore(a => a.GeoCache));
            }
        }

        public sealed class {|#1:BrandViewConfiguration|} : IEntityTypeConfiguration<BrandView>
        {
            public void Configure(EntityTypeBuilder<BrandView> builder) => builder.HasNoKey();
        }
        """;

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Imported(int marker, string type, string member, string via) =>
        Verify.Diagnostic("NCSP001").WithLocation(marker).WithArguments(type, member, $" (entity from assembly 'Catalog.Domain', brought into the model by '{via}')");

    /// <summary>A reference assembly of <paramref name="source"/> (no private members, no method bodies), as a build compiles against.</summary>
    internal static MetadataReference ReferenceAssembly(string name, string source, MetadataReference domain)
    {
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(LayeredApplicationTests.Unmarked(source))],
            [.. TestReferences.All, domain],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, options: new EmitOptions(metadataOnly: true, includePrivateMembers: false));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    [Fact]
    public Task The_configurations_project_reports_what_its_configurations_map_and_not_their_keys_alternate_keys_ignored_or_keyless_shapes()
    {
        var test = new Verify(BrandConfiguration);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Catalog.Domain", CatalogDomain));

        // Code is the key, Sku the alternate key, DisplayCache and the owned Office's GeoCache are ignored; a keyless BrandView is
        // still a table whose columns are checked.
        test.ExpectedDiagnostics.Add(Imported(0, "Address", "Street", "BrandConfiguration"));
        test.ExpectedDiagnostics.Add(Imported(0, "Brand", "Slogan", "BrandConfiguration"));
        test.ExpectedDiagnostics.Add(Imported(1, "BrandView", "Headline", "BrandViewConfiguration"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("modelBuilder.ApplyConfiguration(new BrandConfiguration()).ApplyConfiguration(new BrandViewConfiguration())")]
    [InlineData("modelBuilder.ApplyConfigurationsFromAssembly(typeof(BrandConfiguration).Assembly)")]
    [InlineData("modelBuilder.ApplyConfigurationsFromAssembly(System.Reflection.Assembly.Load(\"Catalog.Configurations\"))")]
    public Task A_context_applying_another_projects_configurations_leaves_their_entities_and_owned_types_to_that_project(string apply)
    {
        var test = new Verify($$"""
            using Microsoft.EntityFrameworkCore;
            using Catalog.Domain;
            using Catalog.Configurations;

            namespace Catalog.Web;

            public class CatalogDb : DbContext
            {
                public DbSet<Brand> Brands => Set<Brand>();

                public DbSet<BrandView> BrandViews => Set<BrandView>();

                public DbSet<Category> {|#0:Categories|} => Set<Category>();

                protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                    {{apply}};
            }
            """);
        var domain = LayeredApplicationTests.ReferenceAssembly("Catalog.Domain", CatalogDomain);
        test.TestState.AdditionalReferences.Add(domain);
        test.TestState.AdditionalReferences.Add(ReferenceAssembly("Catalog.Configurations", BrandConfiguration, domain));
        test.ExpectedDiagnostics.Add(Imported(0, "Category", "Label", "CatalogDb.Categories"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_context_that_references_the_configurations_but_does_not_apply_them_reports_every_column_at_its_DbSet()
    {
        // Without ApplyConfiguration(s) the context maps Brand by convention: no key, no ignore, no owned type was configured here.
        var test = new Verify("""
            using Microsoft.EntityFrameworkCore;
            using Catalog.Domain;

            namespace Catalog.Web;

            public class CatalogDb : DbContext
            {
                public DbSet<Brand> {|#0:Brands|} => Set<Brand>();
            }
            """);
        var domain = LayeredApplicationTests.ReferenceAssembly("Catalog.Domain", CatalogDomain);
        test.TestState.AdditionalReferences.Add(domain);
        test.TestState.AdditionalReferences.Add(ReferenceAssembly("Catalog.Configurations", BrandConfiguration, domain));
        foreach (var (type, member) in new[] { ("Address", "GeoCache"), ("Address", "Street"), ("Brand", "Code"), ("Brand", "DisplayCache"), ("Brand", "Sku"), ("Brand", "Slogan") })
        {
            test.ExpectedDiagnostics.Add(Imported(0, type, member, "CatalogDb.Brands"));
        }

        return test.RunAsync();
    }
}
