namespace Ncs.Privacy.Reliability.Tests.Model;

/// <summary>An invalid policy: a period that is not ISO 8601, and none of the purposes the model's annotations name.</summary>
[PrivacyPolicy(Name = "Broken")]
[Controller("Broken AB", Email = "privacy@broken.example")]
public static class BrokenPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("People who buy from the shop.")]
        public const string Customer = "customer";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the customer's account.", Subjects = [Subjects.Customer])]
        public const string Other = "other";
    }

    public static class Retention
    {
        [RetentionRule("P7Q", Description = "Not a period.")]
        public const string Broken = "broken";
    }
}
