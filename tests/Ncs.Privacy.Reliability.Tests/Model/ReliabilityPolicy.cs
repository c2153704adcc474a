namespace Ncs.Privacy.Reliability.Tests.Model;

[PrivacyPolicy(Name = "Reliability test shop")]
[Controller("Reliability Shop AB", Email = "privacy@reliability.example", RegistrationNumber = "556000-0008")]
public static class ReliabilityPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("People who buy from the shop.")]
        public const string Customer = "customer";

        [DataSubjectCategory("People who work for the shop.")]
        public const string Employee = "employee";
    }

    public static class Recipients
    {
        [Recipient(RecipientKind.Processor, "E-mail delivery service.")]
        public const string Mailer = "mailer";

        [Recipient(RecipientKind.Processor, "Help-desk software vendor.", Country = "US", Safeguard = TransferSafeguard.StandardContractualClauses)]
        public const string Helpdesk = "helpdesk";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the customer's account and deliver orders.", Subjects = [Subjects.Customer, Subjects.Employee])]
        public const string Account = "account";

        [Purpose(LegalBasis.Consent, "Send offers by e-mail.", Subjects = [Subjects.Customer], Recipients = [Recipients.Mailer], DirectMarketing = true)]
        public const string Marketing = "marketing";

        [Purpose(LegalBasis.Contract, "Answer questions.", Subjects = [Subjects.Customer, Subjects.Employee], Recipients = [Recipients.Helpdesk])]
        public const string Service = "service";

        [Purpose(LegalBasis.LegalObligation, "Keep accounting records.", Subjects = [Subjects.Customer], Law = "Bokföringslagen (1999:1078)")]
        public const string Bookkeeping = "bookkeeping";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the account exists.")]
        public const string Account = "account";

        [RetentionRule("P2Y", Description = "Two years after the ticket was opened.")]
        public const string Service = "service";

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd, Description = "Accounting records.", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
        public const string Bookkeeping = "bookkeeping";
    }
}
