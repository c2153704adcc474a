using Ncs.Privacy.Tests.Model;

namespace Ncs.Privacy.Tests;

/// <summary>One test per bad input: each names the problem's kind and the member it is on.</summary>
public class PolicyValidationTests
{
    private static PolicyProblem Single(PrivacyOptions options, PolicyProblemKind kind)
    {
        var error = Assert.Throws<PrivacyPolicyException>(() => PrivacyPolicy.Load(options));
        var problem = Assert.Single(error.Problems);
        Assert.Equal(kind, problem.Kind);
        Assert.Contains(problem.Location, error.Message, StringComparison.Ordinal);
        return problem;
    }

    private static PrivacyOptions With(Type policy, params Type[] types)
    {
        var options = new PrivacyOptions { PolicyType = policy };
        foreach (var t in types)
        {
            options.ModelTypes.Add(t);
        }

        return options;
    }

    private static PrivacyOptions Shop(params Type[] types) => With(typeof(ShopPolicy), types);

    [Fact]
    public void The_valid_test_model_loads()
    {
        var policy = PrivacyPolicy.Load(ShopModel.Options());
        Assert.Equal(5, policy.Types.Count);
        Assert.Equal(4, policy.Purposes.Count);
    }

    [Fact]
    public void No_policy_configured()
    {
        var p = Single(new PrivacyOptions(), PolicyProblemKind.MissingPolicy);
        Assert.Contains("UsePolicy", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_class_without_attribute()
    {
        var p = Single(With(typeof(NotAPolicy)), PolicyProblemKind.MissingPolicy);
        Assert.Contains("NotAPolicy", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_controller() => Assert.Equal("NoControllerPolicy", Single(With(typeof(NoControllerPolicy)), PolicyProblemKind.MissingController).Location);

    [Fact]
    public void Controller_without_contact_details()
    {
        var p = Single(With(typeof(NoContactPolicy)), PolicyProblemKind.MissingController);
        Assert.Contains("no contact details", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_retention_period()
    {
        var p = Single(With(typeof(BadRetentionPolicy)), PolicyProblemKind.InvalidRetention);
        Assert.Equal("BadRetentionPolicy.Forever", p.Location);
        Assert.Contains("'7 years'", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_rule_without_period_or_account_end()
    {
        var p = Single(With(typeof(NoPeriodPolicy)), PolicyProblemKind.InvalidRetention);
        Assert.Equal("NoPeriodPolicy.Vague", p.Location);
    }

    [Fact]
    public void Legal_hold_without_period()
    {
        var p = Single(With(typeof(OpenHoldPolicy)), PolicyProblemKind.InvalidRetention);
        Assert.Contains("until when", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_identifier()
    {
        var p = Single(With(typeof(DuplicatePolicy)), PolicyProblemKind.DuplicateIdentifier);
        Assert.Equal("DuplicatePolicy.Second", p.Location);
        Assert.Contains("DuplicatePolicy.First", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declaration_on_a_non_constant_field()
    {
        var p = Single(With(typeof(NonConstPolicy)), PolicyProblemKind.InvalidDeclaration);
        Assert.Equal("NonConstPolicy.Mutable", p.Location);
    }

    [Fact]
    public void Legitimate_interests_without_the_interest()
    {
        var p = Single(With(typeof(NoInterestPolicy)), PolicyProblemKind.MissingText);
        Assert.Contains("LegitimateInterest", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Legal_obligation_without_the_law()
    {
        var p = Single(With(typeof(NoLawPolicy)), PolicyProblemKind.MissingText);
        Assert.Contains("Law", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Purpose_without_subjects()
    {
        var p = Single(With(typeof(NoSubjectsPolicy)), PolicyProblemKind.UnknownSubjectCategory);
        Assert.Equal("NoSubjectsPolicy.Orphan", p.Location);
    }

    [Fact]
    public void Purpose_naming_an_unknown_recipient()
    {
        var p = Single(With(typeof(UnknownRecipientPolicy)), PolicyProblemKind.UnknownRecipient);
        Assert.Contains("'nobody'", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Third_country_transfer_without_safeguard()
    {
        var p = Single(With(typeof(UnsafeTransferPolicy)), PolicyProblemKind.InvalidTransfer);
        Assert.Equal("UnsafeTransferPolicy.Cloud", p.Location);
        Assert.Contains("US", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_country_code() => Single(With(typeof(BadCountryPolicy)), PolicyProblemKind.InvalidTransfer);

    [Fact]
    public void Fiscal_year_month_out_of_range() => Single(With(typeof(BadFiscalYearPolicy)), PolicyProblemKind.InvalidFiscalYear);

    [Fact]
    public void Unknown_purpose_on_a_member()
    {
        var p = Single(Shop(typeof(UnknownPurposeEntity)), PolicyProblemKind.UnknownPurpose);
        Assert.Equal("UnknownPurposeEntity.Email", p.Location);
        Assert.Contains("'marketting'", p.Message, StringComparison.Ordinal);
        Assert.Contains("declared: bookkeeping, customer-service, marketing, safe-samples", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_retention_on_a_member() =>
        Assert.Equal("UnknownRetentionEntity.Email", Single(Shop(typeof(UnknownRetentionEntity)), PolicyProblemKind.UnknownRetention).Location);

    [Fact]
    public void Unknown_category_on_a_member() =>
        Assert.Equal("UnknownCategoryEntity.Email", Single(Shop(typeof(UnknownCategoryEntity)), PolicyProblemKind.UnknownCategory).Location);

    [Fact]
    public void Unknown_recipient_on_a_member() =>
        Assert.Equal("UnknownRecipientEntity.Email", Single(Shop(typeof(UnknownRecipientEntity)), PolicyProblemKind.UnknownRecipient).Location);

    [Fact]
    public void Unknown_subject_category() =>
        Assert.Equal("UnknownSubjectEntity", Single(Shop(typeof(UnknownSubjectEntity)), PolicyProblemKind.UnknownSubjectCategory).Location);

    [Fact]
    public void Legal_basis_that_contradicts_the_purpose()
    {
        var p = Single(Shop(typeof(ContradictingBasisEntity)), PolicyProblemKind.ContradictoryLegalBasis);
        Assert.Equal("ContradictingBasisEntity.Email", p.Location);
        Assert.Contains("Consent", p.Message, StringComparison.Ordinal);
        Assert.Contains("LegitimateInterests", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Special_category_without_an_Art9_condition() =>
        Assert.Equal("SpecialWithoutConditionEntity.Diagnosis", Single(Shop(typeof(SpecialWithoutConditionEntity)), PolicyProblemKind.MissingSpecialCategoryCondition).Location);

    [Fact]
    public void Special_category_condition_may_come_from_the_annotation()
    {
        var policy = PrivacyPolicy.Load(Shop(typeof(SpecialWithConditionEntity)));
        var use = Assert.Single(policy.FindType(typeof(SpecialWithConditionEntity))!.FindMember("Diagnosis")!.Uses);
        Assert.Equal(SpecialCategoryCondition.HealthOrSocialCare, use.SpecialCategoryCondition);
    }

    [Fact]
    public void Member_both_personal_and_not_personal() =>
        Assert.Equal("BothEntity.Email", Single(Shop(typeof(BothEntity)), PolicyProblemKind.ContradictoryAnnotations).Location);

    [Fact]
    public void Same_purpose_twice_on_one_member()
    {
        var p = Single(Shop(typeof(SamePurposeTwiceEntity)), PolicyProblemKind.ContradictoryAnnotations);
        Assert.Contains("'customer-service' in 2", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_personal_without_reason() =>
        Assert.Equal("NoReasonEntity.Code", Single(Shop(typeof(NoReasonEntity)), PolicyProblemKind.MissingText).Location);

    [Fact]
    public void Retain_without_a_legal_obligation() =>
        Assert.Equal("RetainWithoutHoldEntity.Email", Single(Shop(typeof(RetainWithoutHoldEntity)), PolicyProblemKind.RetainWithoutLegalObligation).Location);

    [Fact]
    public void Anonymisation_with_delete_contradicts() =>
        Assert.Equal("DeleteAndAnonymiseEntity.Email", Single(Shop(typeof(DeleteAndAnonymiseEntity)), PolicyProblemKind.ContradictoryAnnotations).Location);

    [Fact]
    public void Null_anonymisation_on_a_non_nullable_value() =>
        Assert.Equal("NullOnIntEntity.Age", Single(Shop(typeof(NullOnIntEntity)), PolicyProblemKind.InvalidAnonymisation).Location);

    [Fact]
    public void Email_anonymisation_on_a_number() =>
        Assert.Equal("EmailOnIntEntity.Age", Single(Shop(typeof(EmailOnIntEntity)), PolicyProblemKind.InvalidAnonymisation).Location);

    [Fact]
    public void Retention_anchor_that_is_not_a_date() =>
        Assert.Equal("AnchorOnStringEntity.Created", Single(Shop(typeof(AnchorOnStringEntity)), PolicyProblemKind.InvalidRetentionAnchor).Location);

    [Fact]
    public void Retention_anchor_that_is_a_DateTimeOffset() =>
        Assert.Contains("DateTime (UTC) or a DateOnly", Single(Shop(typeof(AnchorOnOffsetEntity)), PolicyProblemKind.InvalidRetentionAnchor).Message, StringComparison.Ordinal);

    [Fact]
    public void Retention_anchor_naming_an_unknown_rule() =>
        Assert.Contains("'nope'", Single(Shop(typeof(AnchorUnknownRuleEntity)), PolicyProblemKind.InvalidRetentionAnchor).Message, StringComparison.Ordinal);

    [Fact]
    public void Subject_navigation_that_does_not_exist() =>
        Assert.Equal("BadSubjectNavigationEntity.AgentName", Single(Shop(typeof(BadSubjectNavigationEntity)), PolicyProblemKind.UnknownSubjectNavigation).Location);

    [Fact]
    public void Fluent_classification_of_a_missing_member()
    {
        var options = Shop();
        options.Classify<ExternalNewsletterSubscription>(t => t.NotPersonalData("Nope", "no such member"));
        Assert.Equal("ExternalNewsletterSubscription.Nope", Single(options, PolicyProblemKind.UnknownMember).Location);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_a_stable_order()
    {
        var options = Shop(typeof(UnknownPurposeEntity), typeof(BothEntity), typeof(NullOnIntEntity));
        var error = Assert.Throws<PrivacyPolicyException>(() => PrivacyPolicy.Load(options));
        Assert.Equal(
            ["BothEntity.Email", "NullOnIntEntity.Age", "UnknownPurposeEntity.Email"],
            error.Problems.Select(p => p.Location));
        Assert.StartsWith("The privacy policy is invalid (3 problems):", error.Message, StringComparison.Ordinal);
    }
}
