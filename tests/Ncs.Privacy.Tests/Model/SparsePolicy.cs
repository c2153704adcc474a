namespace Ncs.Privacy.Tests.Model;

/// <summary>
/// A policy that declares as little as start-up accepts: no recipient location, no DPO statement either way, no
/// version, no postal address, one rule without a period. The register must say "not declared" for each and invent
/// nothing (no "EEA", no "none designated", no time limit the rules do not give).
/// </summary>
[PrivacyPolicy(Name = "Sparse club")]
[Controller("Sparse Club", Email = "board@sparse.test")]
public static class SparsePolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("Club members")]
        public const string Member = "member";
    }

    public static class Recipients
    {
        [Recipient(RecipientKind.Processor, "Newsletter service")]
        public const string Newsletter = "newsletter";

        [Recipient(RecipientKind.Partner, "Card issuer")]
        public const string CardIssuer = "card-issuer";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the membership.", Name = "Membership", Subjects = [Subjects.Member], Recipients = [Recipients.CardIssuer])]
        public const string Membership = "membership";

        [Purpose(LegalBasis.Consent, "Send the newsletter.", Name = "Newsletter", Subjects = [Subjects.Member], Recipients = [Recipients.Newsletter])]
        public const string Newsletter = "newsletter";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the membership lasts")]
        public const string WhileMember = "while-member";
    }
}

[DataSubject(SparsePolicy.Subjects.Member)]
public sealed class ClubMember
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [PersonalData(SparsePolicy.Purposes.Membership, SparsePolicy.Retention.WhileMember)]
    [PersonalData(SparsePolicy.Purposes.Newsletter, SparsePolicy.Retention.WhileMember)]
    public string EmailAddress { get; set; } = "";

    [NotPersonalData("The card is described by its own members")]
    public MembershipCard Card { get; set; } = new();
}

/// <summary>A part of the member's row (no key of its own): the register names it with its owner.</summary>
public sealed class MembershipCard
{
    [PersonalData(SparsePolicy.Purposes.Membership, SparsePolicy.Retention.WhileMember)]
    private string _cardNumber = "";

    public string CardNumber
    {
        get => _cardNumber;
        set => _cardNumber = value;
    }
}

/// <summary>Website statistics: not personal data, and the register says so with the reasons.</summary>
[System.ComponentModel.Description("Daily page counts, aggregated over all visitors")]
public sealed class PageCount
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [NotPersonalData("Aggregated over all visitors")]
    public int Views { get; set; }
}

public static class SparseModel
{
    public static PrivacyOptions Options()
    {
        var options = new PrivacyOptions { PolicyType = typeof(SparsePolicy) };
        options.ModelTypes.Add(typeof(ClubMember));
        options.ModelTypes.Add(typeof(MembershipCard));
        options.ModelTypes.Add(typeof(PageCount));
        return options;
    }
}
