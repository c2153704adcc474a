using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Ncs.Privacy.Benchmarks;

/// <summary>How the generated application is laid out.</summary>
public enum ModelLayout
{
    /// <summary>One project: entities, their DbContext and the policy.</summary>
    SingleProject,

    /// <summary>
    /// A domain project (entities with private fields, compiled first and referenced as the reference assembly a build
    /// uses) and the infrastructure project that is measured: the DbContext and one <c>IEntityTypeConfiguration&lt;T&gt;</c>
    /// per entity that maps the private fields by name, classifies them with <c>.IsPersonalData(...)</c> and configures a
    /// foreign key.
    /// </summary>
    Layered,
}

/// <summary>C# source of a generated domain model and its DbContext, every member classified, in either layout.</summary>
internal static class GeneratedAnalyzerModel
{
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    /// <summary>
    /// <c>NCS_PRIVACY_BENCH_ANALYZER_FINDINGS=1</c> (the profile modes only): every tenth entity also has what the rules report
    /// (an unclassified public property, a card number, a card security code and a shadow property mapped by name in the
    /// layered configuration), so that the number of diagnostics can be compared before and after a change to the analyzers.
    /// </summary>
    public static bool WithFindings { get; } = Environment.GetEnvironmentVariable("NCS_PRIVACY_BENCH_ANALYZER_FINDINGS") == "1";

    private static bool HasFindings(int type) => WithFindings && type % 10 == 5;

    private const string Policy = """
        using Ncs.Privacy;
        namespace Generated;
        [PrivacyPolicy]
        [Controller("Generated AB", Email = "privacy@generated.test")]
        public static class Policy
        {
            [DataSubjectCategory("Customers")] public const string Customer = "customer";
            [Purpose(LegalBasis.Contract, "Serve customers", Subjects = [Customer])] public const string Service = "service";
            [RetentionRule(EndsWithAccount = true, Description = "While the account exists")] public const string Account = "account";
        }
        """;

    /// <summary>The project to compile and the references it compiles against (the domain's reference assembly when layered).</summary>
    public static (ImmutableArray<SyntaxTree> Trees, MetadataReference[] References) Project(ModelLayout layout, int typeCount, int membersPerType)
    {
        var references = References();
        if (layout == ModelLayout.SingleProject)
        {
            return (SingleProject(typeCount, membersPerType), references);
        }

        var domain = CSharpCompilation.Create(
            "Generated.Domain", DomainProject(typeCount, membersPerType), references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = domain.Emit(image, options: new EmitOptions(metadataOnly: true, includePrivateMembers: false));
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The generated domain project does not compile: " + emitted.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
        }

        return (InfrastructureProject(typeCount), [.. references, MetadataReference.CreateFromImage(image.ToArray())]);
    }

    private static ImmutableArray<SyntaxTree> SingleProject(int typeCount, int membersPerType)
    {
        var trees = ImmutableArray.CreateBuilder<SyntaxTree>(typeCount + 2);
        trees.Add(CSharpSyntaxTree.ParseText(Policy, Parse, path: "Policy.cs"));
        var context = new StringBuilder("using Microsoft.EntityFrameworkCore;\nnamespace Generated;\npublic sealed class GeneratedContext : DbContext\n{\n");
        for (var t = 0; t < typeCount; t++)
        {
            var sb = new StringBuilder("using Ncs.Privacy;\nnamespace Generated;\n");
            sb.Append(t % 50 == 0 ? "[DataSubject(Policy.Customer)]\n" : string.Empty);
            sb.Append("public sealed class Entity").Append(t).Append("\n{\n    [NotPersonalData(\"key\")] public int Id { get; set; }\n");
            for (var m = 1; m < membersPerType; m++)
            {
                sb.Append(m % 3 == 0
                    ? $"    [PersonalData(Policy.Service, Policy.Account)] public string? Member{m} {{ get; set; }}\n"
                    : $"    [NotPersonalData(\"technical\")] public int Member{m} {{ get; set; }}\n");
            }

            if (HasFindings(t))
            {
                sb.Append("    public string? Nickname { get; set; }\n");
                sb.Append("    [PersonalData(Policy.Service, Policy.Account)] public string? CardNumber { get; set; }\n");
                sb.Append("    [NotPersonalData(\"technical\")] public string? Cvv { get; set; }\n");
            }

            sb.Append("    public string Describe() => $\"{Id}:{Member1}\";\n}\n");
            trees.Add(CSharpSyntaxTree.ParseText(sb.ToString(), Parse, path: $"Entity{t}.cs"));
            context.Append("    public DbSet<Entity").Append(t).Append("> Entities").Append(t).Append(" => Set<Entity").Append(t).Append(">();\n");
        }

        trees.Add(CSharpSyntaxTree.ParseText(context.Append("}\n").ToString(), Parse, path: "GeneratedContext.cs"));
        return trees.MoveToImmutable();
    }

    /// <summary>
    /// The domain: per entity a key, a foreign key to the previous entity (configured in the infrastructure), public members
    /// classified with attributes, and a quarter of the members as private fields that only the configuration names.
    /// </summary>
    private static ImmutableArray<SyntaxTree> DomainProject(int typeCount, int membersPerType)
    {
        var trees = ImmutableArray.CreateBuilder<SyntaxTree>(typeCount + 1);
        trees.Add(CSharpSyntaxTree.ParseText(Policy, Parse, path: "Policy.cs"));
        for (var t = 0; t < typeCount; t++)
        {
            var sb = new StringBuilder("using Ncs.Privacy;\nnamespace Generated.Domain;\n");
            sb.Append(t % 50 == 0 ? "[DataSubject(Generated.Policy.Customer)]\n" : string.Empty);
            sb.Append("public sealed class Entity").Append(t).Append("\n{\n    public int Id { get; private set; }\n");
            sb.Append("    public int? PreviousId { get; private set; }\n");
            for (var m = 1; m < membersPerType; m++)
            {
                sb.Append((m % 4) switch
                {
                    0 => $"    private string _member{m} = \"\";\n",
                    1 => $"    [PersonalData(Generated.Policy.Service, Generated.Policy.Account)] public string? Member{m} {{ get; private set; }}\n",
                    _ => $"    [NotPersonalData(\"technical\")] public int Member{m} {{ get; private set; }}\n",
                });
            }

            if (HasFindings(t))
            {
                sb.Append("    public string? Nickname { get; private set; }\n");
                sb.Append("    [PersonalData(Generated.Policy.Service, Generated.Policy.Account)] public string? CardNumber { get; private set; }\n");
                sb.Append("    private string _cvv = \"\";\n");
            }

            sb.Append("    public string Describe() => $\"{Id}:{Member1}\";\n}\n");
            trees.Add(CSharpSyntaxTree.ParseText(sb.ToString(), Parse, path: $"Entity{t}.cs"));
        }

        return trees.MoveToImmutable();
    }

    private static ImmutableArray<SyntaxTree> InfrastructureProject(int typeCount)
    {
        var trees = ImmutableArray.CreateBuilder<SyntaxTree>(typeCount + 1);
        var context = new StringBuilder("using Microsoft.EntityFrameworkCore;\nusing Generated.Domain;\nnamespace Generated.Infrastructure;\npublic sealed class GeneratedContext : DbContext\n{\n");
        context.Append("    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfigurationsFromAssembly(typeof(GeneratedContext).Assembly);\n");
        for (var t = 0; t < typeCount; t++)
        {
            var previous = t == 0 ? typeCount - 1 : t - 1;
            var sb = new StringBuilder("using Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\nusing Ncs.Privacy.EntityFrameworkCore;\nusing Generated.Domain;\nnamespace Generated.Infrastructure;\n");
            sb.Append("internal sealed class Entity").Append(t).Append("Configuration : IEntityTypeConfiguration<Entity").Append(t).Append(">\n{\n");
            sb.Append("    public void Configure(EntityTypeBuilder<Entity").Append(t).Append("> builder)\n    {\n");
            sb.Append("        builder.HasKey(e => e.Id);\n");
            sb.Append("        builder.HasOne<Entity").Append(previous).Append(">().WithMany().HasForeignKey(e => e.PreviousId);\n");
            for (var m = 4; m < 20; m += 4)
            {
                sb.Append(m % 8 == 0
                    ? $"        builder.Property<string>(\"_member{m}\").HasMaxLength(200).IsPersonalData(Generated.Policy.Service, Generated.Policy.Account);\n"
                    : $"        builder.Property<string>(\"_member{m}\").IsNotPersonalData(\"technical\");\n");
            }

            if (HasFindings(t))
            {
                sb.Append("        builder.Property<string>(\"_cvv\");\n");
                sb.Append("        builder.Property<string>(\"LegacyNote\");\n");
            }

            sb.Append("    }\n}\n");
            trees.Add(CSharpSyntaxTree.ParseText(sb.ToString(), Parse, path: $"Entity{t}Configuration.cs"));
            context.Append("    public DbSet<Entity").Append(t).Append("> Entities").Append(t).Append(" => Set<Entity").Append(t).Append(">();\n");
        }

        trees.Add(CSharpSyntaxTree.ParseText(context.Append("}\n").ToString(), Parse, path: "GeneratedContext.cs"));
        return trees.MoveToImmutable();
    }

    public static MetadataReference[] References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Concat([
                typeof(PersonalDataAttribute).Assembly.Location,
                typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly.Location,
                typeof(EntityFrameworkCore.PrivacyModelBuilderExtensions).Assembly.Location,
            ])
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }
}
