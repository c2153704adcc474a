namespace Ncs.Privacy.Testing.Shapes;

/// <summary>The one policy every shape of the catalogue is classified under.</summary>
[PrivacyPolicy(Name = "Shape catalogue")]
[Controller("Shapes AB", Email = "privacy@shapes.example", RegistrationNumber = "556000-0011")]
public static class ShapePolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("People who buy from the shop.")]
        public const string Customer = "customer";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the customer's account.", Subjects = [Subjects.Customer])]
        public const string Account = "account";

        [Purpose(LegalBasis.LegalObligation, "Keep accounting records.", Subjects = [Subjects.Customer], Law = "Bokföringslagen (1999:1078)")]
        public const string Bookkeeping = "bookkeeping";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the account exists.")]
        public const string Account = "account";

        [RetentionRule("P2Y", Description = "Two years after the customer was last seen.")]
        public const string TwoYears = "two-years";

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd, Description = "Accounting records.", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
        public const string Bookkeeping = "bookkeeping";
    }
}
