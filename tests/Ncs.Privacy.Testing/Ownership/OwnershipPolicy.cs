
namespace Ncs.Privacy.Testing.Ownership;

/// <summary>The policy of the ownership models (issue 12): customers, an account purpose and the seven-year bookkeeping hold.</summary>
[PrivacyPolicy(Name = "Ownership test shop")]
[Controller("Ownership Shop AB", Email = "privacy@ownership.example", RegistrationNumber = "556000-0012")]
public static class OwnershipPolicy
{
    public const string Customer = Subjects.Customer;
    public const string Account = Purposes.Account;
    public const string Bookkeeping = Purposes.Bookkeeping;

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

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd, Description = "Accounting records.", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
        public const string Bookkeeping = "bookkeeping";
    }
}
