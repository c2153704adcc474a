using Microsoft.CodeAnalysis.Testing;
using Ncs.Privacy.CodeFixes;
using Verify = Ncs.Privacy.Analyzers.Tests.PrivacyCodeFixTest<Ncs.Privacy.Analyzers.Rules.UnclassifiedMemberAnalyzer, Ncs.Privacy.CodeFixes.ClassifyMappedMemberCodeFix>;

namespace Ncs.Privacy.Analyzers.Tests;

/// <summary>The layered case: a private field of the domain project mapped by name is classified where it is mapped.</summary>
public sealed class ClassifyMappedMemberCodeFixTests
{
    private const string Before = """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Ordering.Domain;

        namespace Ordering.Infrastructure;

        internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
        {
            public void Configure(EntityTypeBuilder<PaymentMethod> builder)
            {
                {|#0:builder.Property<string>("_cardHolderName")|}.HasMaxLength(200);
                {|#1:builder.Property<string>("_alias")|};
            }
        }
        """;

    private static DiagnosticResult Mapped(int marker, string member) =>
        new DiagnosticResult("NCSP001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(marker)
            .WithArguments("PaymentMethod", member, "a private member of assembly 'Ordering.Domain', absent from the reference assembly a build compiles against, or a shadow property");

    private static Verify Test(string after, string key)
    {
        var test = new Verify(Before, after, key);
        test.TestState.AdditionalReferences.AddRange(TestReferences.EntityFrameworkCore);
        test.TestState.AdditionalReferences.Add(LayeredApplicationTests.ReferenceAssembly("Ordering.Domain", LayeredApplicationTests.Unmarked(LayeredApplicationTests.Domain)));

        test.ExpectedDiagnostics.Add(Mapped(0, "_cardHolderName"));
        test.ExpectedDiagnostics.Add(Mapped(1, "_alias"));
        return test;
    }

    [Fact]
    public Task IsPersonalData_is_chained_to_the_configuration_call_with_the_using_it_needs()
    {
        var test = Test("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy.EntityFrameworkCore;
            using Ordering.Domain;

            namespace Ordering.Infrastructure;

            internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
            {
                public void Configure(EntityTypeBuilder<PaymentMethod> builder)
                {
                    builder.Property<string>("_cardHolderName").IsPersonalData(Shop.ShopPolicy.Purposes.Account, Shop.ShopPolicy.Retention.WhileAccount).HasMaxLength(200);
                    builder.Property<string>("_alias").IsPersonalData(Shop.ShopPolicy.Purposes.Account, Shop.ShopPolicy.Retention.WhileAccount);
                }
            }
            """, ClassifyMappedMemberCodeFix.PersonalDataKey);
        return test.RunAsync();
    }

    [Fact]
    public Task IsNotPersonalData_with_a_TODO_reason_leaves_the_member_reported_until_the_reason_is_written()
    {
        var test = Test("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Ncs.Privacy.EntityFrameworkCore;
            using Ordering.Domain;

            namespace Ordering.Infrastructure;

            internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
            {
                public void Configure(EntityTypeBuilder<PaymentMethod> builder)
                {
                    {|#0:builder.Property<string>("_cardHolderName")|}.IsNotPersonalData("TODO(privacy): say why this value identifies nobody").HasMaxLength(200);
                    {|#1:builder.Property<string>("_alias")|}.IsNotPersonalData("TODO(privacy): say why this value identifies nobody");
                }
            }
            """, ClassifyMappedMemberCodeFix.NotPersonalDataKey);
        test.FixedState.ExpectedDiagnostics.Add(Mapped(0, "_cardHolderName"));
        test.FixedState.ExpectedDiagnostics.Add(Mapped(1, "_alias"));
        return test.RunAsync();
    }
}
