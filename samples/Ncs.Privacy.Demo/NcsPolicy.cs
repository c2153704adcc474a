namespace Ncs.Privacy.Demo;

/// <summary>
/// NCS Colour's privacy policy (docs/reference/ncs-integritetspolicy.txt) as code. Each declaration cites the
/// section of the policy it expresses.
/// </summary>
[PrivacyPolicy(Name = "NCS Colour webshop")]
[Controller("NCS Colour AB", Email = "info@ncscolour.com")] // the address the policy gives for requests and objections
[SecurityMeasure("All card payment information is sent over a secure connection (Hur skyddar vi dina personuppgifter vid köp?).")]
[SecurityMeasure("Card data is processed only by an authorised payment agent certified to PCI DSS; NCS stores only its reference.")]
[SecurityMeasure("Website visit logs are anonymised and cannot be traced to an individual.")]
public static class NcsPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("Customers and users who register an account, buy or use NCS products and services")]
        public const string Customer = "customer";
    }

    public static class Categories
    {
        [DataCategory("E-mail address, name and contact details given at registration")]
        public const string Contact = "contact";

        [DataCategory("Professional category given at registration")]
        public const string Profession = "profession";

        [DataCategory("Content of e-mails and other messages to customer service, with the sender's address")]
        public const string Communication = "communication";

        [DataCategory("Orders, invoices, amounts and the payment agent's reference (never card data)")]
        public const string Purchase = "purchase";
    }

    public static class Recipients
    {
        [Recipient(RecipientKind.Processor, "Suppliers and service providers who support NCS's business (Leverantörer och tillhandahållare)")]
        public const string ServiceProviders = "service-providers";

        [Recipient(RecipientKind.Partner, "Partners and resellers of NCS products and services")]
        public const string PartnersAndResellers = "partners-resellers";

        [Recipient(RecipientKind.Processor, "Authorised card payment agent (PCI DSS)")]
        public const string PaymentAgent = "payment-agent";

        [Recipient(RecipientKind.Authority, "Legislators, law enforcement or others on a legal request (Rättsliga förfrågningar)")]
        public const string Authorities = "authorities";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Provide, develop and improve customer service and support; communication may be analysed.", Name = "Customer service",
            Subjects = [Subjects.Customer], Recipients = [Recipients.ServiceProviders])]
        public const string CustomerService = "customer-service";

        [Purpose(LegalBasis.LegitimateInterests, "Market NCS products and services and give valuable information about them.", Name = "Marketing",
            Subjects = [Subjects.Customer], Recipients = [Recipients.ServiceProviders, Recipients.PartnersAndResellers],
            LegitimateInterest = "Informing existing customers about NCS products and services", DirectMarketing = true)]
        public const string Marketing = "marketing";

        [Purpose(LegalBasis.LegitimateInterests, "Improve the purchase, customer and user experience, including communication about orders and related product recommendations.",
            Name = "Customer experience", Subjects = [Subjects.Customer], LegitimateInterest = "A more customer-friendly and individual experience")]
        public const string CustomerExperience = "customer-experience";

        [Purpose(LegalBasis.LegitimateInterests, "Develop and improve NCS products, services and offers from requests, wishes and feedback.",
            Name = "Product development", Subjects = [Subjects.Customer], LegitimateInterest = "Developing products that customers ask for")]
        public const string ProductDevelopment = "product-development";

        [Purpose(LegalBasis.LegalObligation, "Keep accounting records of purchases, invoices and payments.", Name = "Bookkeeping",
            Subjects = [Subjects.Customer], Recipients = [Recipients.PaymentAgent, Recipients.Authorities], Law = "Bokföringslagen (1999:1078)")]
        public const string Bookkeeping = "bookkeeping";

        [Purpose(LegalBasis.LegitimateInterests, "Identify, prevent and act against fraud and unauthorised use, and answer legal requests.",
            Name = "Fraud prevention and legal requests", Subjects = [Subjects.Customer], Recipients = [Recipients.Authorities],
            LegitimateInterest = "Protecting NCS, its customers and others against fraud and illegal activity")]
        public const string FraudPrevention = "fraud-prevention";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "Until no longer needed to provide the products and services or the account is deleted, whichever comes first")]
        public const string WhileAccount = "while-account";

        [RetentionRule("P2Y", EndsWithAccount = true, Description = "Customer-service correspondence, two years after the last message unless the account is deleted first")]
        public const string Correspondence = "correspondence";

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd, Description = "Accounting records",
            LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
        public const string Bookkeeping = "bookkeeping";
    }
}
