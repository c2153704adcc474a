namespace Ncs.Privacy.EntityFrameworkCore.Tests.Model;

[PrivacyPolicy(Name = "Test shop")]
[Controller("Test Shop AB", Email = "privacy@shop.example", Address = "Box 1, 111 11 Stockholm", RegistrationNumber = "556000-0000")]
[DataProtectionOfficer("DPO", Email = "dpo@shop.example")]
public static class ShopPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("People who buy from the shop.")]
        public const string Customer = "customer";

        [DataSubjectCategory("People who work for the shop.")]
        public const string Employee = "employee";
    }

    public static class Categories
    {
        [DataCategory("Name, e-mail, address, telephone.")]
        public const string Contact = "contact";

        [DataCategory("What customers write to customer service.")]
        public const string Communication = "communication";

        [DataCategory("Card holder and payment details.")]
        public const string Payment = "payment";
    }

    public static class Recipients
    {
        [Recipient(RecipientKind.Processor, "Help-desk software vendor.", Country = "US", Safeguard = TransferSafeguard.StandardContractualClauses)]
        public const string Helpdesk = "helpdesk";

        [Recipient(RecipientKind.Processor, "E-mail delivery service.")]
        public const string Mailer = "mailer";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Run the customer's account and deliver orders.", Subjects = [Subjects.Customer, Subjects.Employee])]
        public const string Account = "account";

        [Purpose(LegalBasis.Contract, "Answer questions and complaints.", Subjects = [Subjects.Customer, Subjects.Employee], Recipients = [Recipients.Helpdesk])]
        public const string CustomerService = "customer-service";

        [Purpose(LegalBasis.Consent, "Send offers by e-mail.", Subjects = [Subjects.Customer], Recipients = [Recipients.Mailer], DirectMarketing = true)]
        public const string Marketing = "marketing";

        [Purpose(LegalBasis.LegalObligation, "Keep accounting records.", Subjects = [Subjects.Customer], Law = "Bokföringslagen (1999:1078)")]
        public const string Bookkeeping = "bookkeeping";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "While the account exists.")]
        public const string Account = "account";

        [RetentionRule("P2Y", Description = "Two years after the last contact.")]
        public const string Service = "service";

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd, Description = "Accounting records.", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
        public const string Bookkeeping = "bookkeeping";
    }
}
