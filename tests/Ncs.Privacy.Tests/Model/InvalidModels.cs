namespace Ncs.Privacy.Tests.Model;

// Each type below is wrong in exactly one way; PolicyValidationTests names the problem each must produce.
#pragma warning disable CA1823, IDE0051, CS0414, IDE0044 // fields exist only for their attributes

public static class NotAPolicy;

[PrivacyPolicy]
public static class NoControllerPolicy;

[PrivacyPolicy]
[Controller("Nobody AB")]
public static class NoContactPolicy;

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class BadRetentionPolicy
{
    [RetentionRule("7 years", Description = "d")]
    public const string Forever = "forever";
}

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class NoPeriodPolicy
{
    [RetentionRule(Description = "d")]
    public const string Vague = "vague";
}

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class OpenHoldPolicy
{
    [RetentionRule(EndsWithAccount = true, Description = "d", LegalObligation = "Some law")]
    public const string Hold = "hold";
}

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class DuplicatePolicy
{
    [DataSubjectCategory("d")]
    public const string First = "same";

    [DataSubjectCategory("d")]
    public const string Second = "same";
}

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class NonConstPolicy
{
    [DataSubjectCategory("d")]
    public static readonly string Mutable = "mutable";
}

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class NoInterestPolicy
{
    [DataSubjectCategory("d")]
    public const string S = "s";

    [Purpose(LegalBasis.LegitimateInterests, "d", Subjects = [S])]
    public const string P = "p";
}

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class NoLawPolicy
{
    [DataSubjectCategory("d")]
    public const string S = "s";

    [Purpose(LegalBasis.LegalObligation, "d", Subjects = [S])]
    public const string P = "p";
}

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class NoSubjectsPolicy
{
    [Purpose(LegalBasis.Contract, "d")]
    public const string Orphan = "orphan";
}

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class UnknownRecipientPolicy
{
    [DataSubjectCategory("d")]
    public const string S = "s";

    [Purpose(LegalBasis.Contract, "d", Subjects = [S], Recipients = ["nobody"])]
    public const string P = "p";
}

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class UnsafeTransferPolicy
{
    [Recipient(RecipientKind.Processor, "d", Country = "US")]
    public const string Cloud = "cloud";
}

[PrivacyPolicy]
[Controller("C", Email = "c@c.test")]
public static class BadCountryPolicy
{
    [Recipient(RecipientKind.Processor, "d", Country = "Sweden")]
    public const string Cloud = "cloud";
}

[PrivacyPolicy(FiscalYearStartMonth = 13)]
[Controller("C", Email = "c@c.test")]
public static class BadFiscalYearPolicy;

public sealed class UnknownPurposeEntity
{
    [PersonalData("marketting", ShopPolicy.Retention.Account)]
    public string Email { get; set; } = "";
}

public sealed class UnknownRetentionEntity
{
    [PersonalData(ShopPolicy.Purposes.Marketing, "P2Y")]
    public string Email { get; set; } = "";
}

public sealed class UnknownCategoryEntity
{
    [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account, Category = "contacts")]
    public string Email { get; set; } = "";
}

public sealed class UnknownRecipientEntity
{
    [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account, Recipients = ["facebook"])]
    public string Email { get; set; } = "";
}

[DataSubject("visitor")]
public sealed class UnknownSubjectEntity
{
    [NotPersonalData("key")]
    public int Id { get; set; }
}

public sealed class ContradictingBasisEntity
{
    [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account, LegalBasis.Consent)]
    public string Email { get; set; } = "";
}

public sealed class SpecialWithoutConditionEntity
{
    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account, Category = ShopPolicy.Categories.Health)]
    public string? Diagnosis { get; set; }
}

public sealed class SpecialWithConditionEntity
{
    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account, Category = ShopPolicy.Categories.Health, SpecialCategoryCondition = SpecialCategoryCondition.HealthOrSocialCare)]
    public string? Diagnosis { get; set; }
}

public sealed class BothEntity
{
    [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account)]
    [NotPersonalData("it is only an address")]
    public string Email { get; set; } = "";
}

public sealed class SamePurposeTwiceEntity
{
    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account)]
    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Support)]
    public string Email { get; set; } = "";
}

public sealed class NoReasonEntity
{
    [NotPersonalData(" ")]
    public string Code { get; set; } = "";
}

public sealed class RetainWithoutHoldEntity
{
    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account, Erasure = ErasureAction.Retain)]
    public string Email { get; set; } = "";
}

public sealed class DeleteAndAnonymiseEntity
{
    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account, Erasure = ErasureAction.Delete, Anonymisation = AnonymisationStrategy.RandomEmail)]
    public string Email { get; set; } = "";
}

public sealed class NullOnIntEntity
{
    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account, Anonymisation = AnonymisationStrategy.Null)]
    public int Age { get; set; }
}

public sealed class EmailOnIntEntity
{
    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account, Anonymisation = AnonymisationStrategy.RandomEmail)]
    public int? Age { get; set; }
}

public sealed class AnchorOnStringEntity
{
    [RetentionAnchor]
    [NotPersonalData("a timestamp")]
    public string Created { get; set; } = "";
}

public sealed class AnchorUnknownRuleEntity
{
    [RetentionAnchor("nope")]
    [NotPersonalData("a timestamp")]
    public DateTime Created { get; set; }
}

public sealed class BadSubjectNavigationEntity
{
    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Support, Subject = "Agnet")]
    public string AgentName { get; set; } = "";
}

public sealed class AnchorOnOffsetEntity
{
    [RetentionAnchor]
    [NotPersonalData("a timestamp")]
    public DateTimeOffset Created { get; set; }
}
