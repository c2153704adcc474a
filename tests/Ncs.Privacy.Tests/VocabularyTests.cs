using System.Reflection;
using Ncs.Privacy.Tests.Model;

namespace Ncs.Privacy.Tests;

public class VocabularyTests
{
    [Theory]
    [InlineData(LegalBasis.Consent, "Art. 6(1)(a)")]
    [InlineData(LegalBasis.Contract, "Art. 6(1)(b)")]
    [InlineData(LegalBasis.LegalObligation, "Art. 6(1)(c)")]
    [InlineData(LegalBasis.VitalInterests, "Art. 6(1)(d)")]
    [InlineData(LegalBasis.PublicTask, "Art. 6(1)(e)")]
    [InlineData(LegalBasis.LegitimateInterests, "Art. 6(1)(f)")]
    public void Legal_bases_map_to_Art6(LegalBasis basis, string article) => Assert.Equal(article, basis.Article());

    [Fact]
    public void Special_category_conditions_map_to_Art9_2_a_to_j()
    {
        Assert.Null(SpecialCategoryCondition.None.Article());
        Assert.Equal("Art. 9(2)(a)", SpecialCategoryCondition.ExplicitConsent.Article());
        Assert.Equal("Art. 9(2)(h)", SpecialCategoryCondition.HealthOrSocialCare.Article());
        Assert.Equal("Art. 9(2)(j)", SpecialCategoryCondition.ArchivingResearchOrStatistics.Article());
        Assert.Equal(10, Enum.GetValues<SpecialCategoryCondition>().Count(c => c != SpecialCategoryCondition.None));
    }

    [Fact]
    public void Transfer_safeguards_map_to_Chapter_V()
    {
        Assert.Null(TransferSafeguard.None.Article());
        Assert.Equal("Art. 45", TransferSafeguard.AdequacyDecision.Article());
        Assert.Equal("Art. 46(2)(c)", TransferSafeguard.StandardContractualClauses.Article());
        Assert.Equal("Art. 47", TransferSafeguard.BindingCorporateRules.Article());
        Assert.Equal("Art. 49", TransferSafeguard.Derogation.Article());
    }

    [Theory]
    [InlineData("SE", false)]
    [InlineData("no", false)]
    [InlineData("US", true)]
    [InlineData("GB", true)]
    [InlineData("CH", true)]
    public void Third_country_means_outside_the_EEA(string country, bool thirdCountry) =>
        Assert.Equal(thirdCountry, new Recipient("r", RecipientKind.Processor, "d", country, TransferSafeguard.None, null).IsThirdCountryTransfer);

    [Fact]
    public void A_recipient_without_a_country_is_within_the_EEA() =>
        Assert.False(new Recipient("r", RecipientKind.Partner, "d", null, TransferSafeguard.None, null).IsThirdCountryTransfer);

    [Theory]
    [InlineData(LegalBasis.LegitimateInterests, false, true)]
    [InlineData(LegalBasis.PublicTask, false, true)]
    [InlineData(LegalBasis.Contract, false, false)]
    [InlineData(LegalBasis.Consent, true, true)]
    [InlineData(LegalBasis.Consent, false, false)]
    public void The_right_to_object_follows_Art21(LegalBasis basis, bool directMarketing, bool mayObject)
    {
        var purpose = new Purpose { Id = "p", Name = "p", Description = "d", LegalBasis = basis, Subjects = [], Recipients = [], DirectMarketing = directMarketing };
        Assert.Equal(mayObject, purpose.SubjectMayObject);
    }

    [Fact]
    public void Fiscal_year_end()
    {
        Assert.Equal(new DateOnly(2024, 12, 31), FiscalYear.Calendar.EndOf(new DateOnly(2024, 6, 1)));
        Assert.Equal(new DateOnly(2024, 4, 30), new FiscalYear(5).EndOf(new DateOnly(2024, 4, 30)));
        Assert.Equal(new DateOnly(2025, 4, 30), new FiscalYear(5).EndOf(new DateOnly(2024, 5, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalYear(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalYear(13));
    }

    [Fact]
    public void The_policy_reads_every_declaration_kind()
    {
        var policy = PrivacyPolicy.Load(ShopModel.Options());
        Assert.Equal(["customer", "employee"], policy.SubjectCategories.Keys.Order());
        Assert.True(policy.DataCategories["health"].IsSpecialCategory);
        Assert.Equal(RecipientKind.Authority, policy.Recipients["tax-agency"].Kind);
        Assert.True(policy.RetentionRules["bookkeeping"].IsLegalHold);
        Assert.Equal(5, policy.FiscalYear.StartMonth);
        Assert.Equal("Selling our products to existing customers", policy.Purposes["marketing"].LegitimateInterest);
        Assert.Equal(["payment-agent"], policy.Purposes["customer-service"].Recipients.Select(r => r.Id));
    }

    [Fact]
    public void Members_carry_their_uses_in_purpose_order_with_merged_recipients()
    {
        var customer = PrivacyPolicy.Load(ShopModel.Options()).FindType(typeof(Customer))!;
        Assert.Equal("customer", customer.SubjectCategory?.Id);
        var email = customer.FindMember(nameof(Customer.Email))!;
        Assert.Equal(["customer-service", "marketing"], email.Uses.Select(u => u.Purpose.Id));
        Assert.Equal(AnonymisationStrategy.RandomEmail, email.Uses[0].Anonymisation);
        Assert.Equal(["mailer"], email.Uses[1].Recipients.Select(r => r.Id));
        Assert.Equal("Surrogate key", customer.FindMember(nameof(Customer.Id))!.NotPersonalReason);
        Assert.True(customer.FindMember(nameof(Customer.CreatedAt))!.IsRetentionAnchor);
        Assert.Equal("Agent", PrivacyPolicy.Load(ShopModel.Options()).FindType(typeof(SupportTicket))!.FindMember("AgentName")!.Uses[0].Subject);
    }

    [Fact]
    public void Identity_PersonalData_counts_as_a_weak_classification()
    {
        var options = new PrivacyOptions { PolicyType = typeof(ShopPolicy) };
        options.ModelTypes.Add(typeof(IdentityLikeUser));
        var member = PrivacyPolicy.Load(options).FindType(typeof(IdentityLikeUser))!.FindMember(nameof(IdentityLikeUser.PhoneNumber))!;
        Assert.True(member.IsIdentityPersonalData);
        Assert.True(member.IsPersonalData);
        Assert.Empty(member.Uses);
    }

    [Fact]
    public void Inherited_members_and_private_fields_are_read()
    {
        var options = new PrivacyOptions { PolicyType = typeof(ShopPolicy) };
        options.ModelTypes.Add(typeof(DerivedContact));
        var type = PrivacyPolicy.Load(options).FindType(typeof(DerivedContact))!;
        Assert.NotNull(type.FindMember("Email"));
        Assert.NotNull(type.FindMember("_phone"));
    }

    [Fact]
    public void Every_public_attribute_is_sealed()
    {
        var attributes = typeof(PersonalDataAttribute).Assembly.GetExportedTypes().Where(t => t.IsSubclassOf(typeof(Attribute))).ToList();
        Assert.Subset(attributes.ToHashSet(), new HashSet<Type> { typeof(PersonalDataAttribute), typeof(NotPersonalDataAttribute), typeof(DataSubjectAttribute), typeof(RetentionAnchorAttribute),
            typeof(PrivacyPolicyAttribute), typeof(ControllerAttribute), typeof(DataProtectionOfficerAttribute), typeof(SecurityMeasureAttribute),
            typeof(PurposeAttribute), typeof(RetentionRuleAttribute), typeof(DataCategoryAttribute), typeof(DataSubjectCategoryAttribute), typeof(RecipientAttribute) });
        Assert.All(attributes, a => Assert.True(a.IsSealed, a.Name));
        Assert.True(typeof(PersonalDataAttribute).GetCustomAttribute<AttributeUsageAttribute>()!.AllowMultiple);
    }
}
