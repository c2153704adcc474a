namespace Ncs.Webshop.Policy;

/// <summary>
/// NCS Colour's privacy policy (docs/reference/ncs-integritetspolicy.txt, "Integritetspolicy") as code. Each
/// declaration names the section of the policy it expresses; where the policy leaves a number open, the choice is
/// marked ASSUMPTION and listed in docs/ncs-policy-mapping.md for NCS to confirm.
/// </summary>
[PrivacyPolicy(Name = "NCS Colour webshop")]
[Controller("NCS Colour AB", Email = "info@ncscolour.com")] // "skicka din förfrågan via e-post till info@ncscolour.com"
[SecurityMeasure("Card purchases: all information is sent over a secure connection so that it cannot be read by outsiders (Hur skyddar vi dina personuppgifter vid köp?).")]
[SecurityMeasure("Card data is processed only by an authorised payment agent according to PCI DSS; NCS stores only the agent's payment reference.")]
[SecurityMeasure("Website visit logs are anonymised at collection and cannot be traced to an individual (Vid besök på vår hemsida).")]
[SecurityMeasure("E-mail correspondence is protected like information received by post and telephone (Vid kommunikation med kundservice).")]
public static class NcsPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("Customers and users who register an account, buy, use NCS products and services or contact customer service")]
        public const string Customer = "customer";
    }

    public static class Categories
    {
        [DataCategory("E-mail address, name and contact details given at registration (Registrering för köp)")]
        public const string Contact = "contact";

        [DataCategory("Professional category given at registration (yrkeskategori)")]
        public const string Profession = "profession";

        [DataCategory("Content of e-mails to customer service and user support, with the associated communication")]
        public const string Communication = "communication";

        [DataCategory("Orders, delivery addresses, invoices, amounts and the payment agent's reference (never card data)")]
        public const string Purchase = "purchase";
    }

    public static class Recipients
    {
        [Recipient(RecipientKind.Processor, "Suppliers and service providers who support NCS's business: logistics, IT, customer service tools (Leverantörer och tillhandahållare)")]
        public const string ServiceProviders = "service-providers";

        [Recipient(RecipientKind.Partner, "Partners and resellers of NCS products and services, to offer an attractive solution and service level")]
        public const string PartnersAndResellers = "partners-resellers";

        [Recipient(RecipientKind.Processor, "Authorised card payment agent that checks the card with the bank, under PCI DSS")]
        public const string PaymentAgent = "payment-agent";

        [Recipient(RecipientKind.Authority, "Legislators, law enforcement or others, on a legal request the law requires NCS to answer (Rättsliga förfrågningar)")]
        public const string Authorities = "authorities";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Fulfil NCS's commitments to customers: deliver purchased products and services and handle the orders.",
            Name = "Purchases and delivery", Subjects = [Subjects.Customer], Recipients = [Recipients.ServiceProviders, Recipients.PaymentAgent])]
        public const string Purchases = "purchases";

        [Purpose(LegalBasis.Contract, "Provide, develop and improve customer service and support; communication with customer service may be analysed (Kundservice).",
            Name = "Customer service", Subjects = [Subjects.Customer], Recipients = [Recipients.ServiceProviders])]
        public const string CustomerService = "customer-service";

        [Purpose(LegalBasis.LegitimateInterests, "Market NCS products and services and give valuable information about them to the contact details given at registration (Information och marknadsföring).",
            Name = "Marketing", Subjects = [Subjects.Customer], Recipients = [Recipients.ServiceProviders, Recipients.PartnersAndResellers],
            LegitimateInterest = "Informing existing customers and users about NCS products and services", DirectMarketing = true)]
        public const string Marketing = "marketing";

        [Purpose(LegalBasis.LegitimateInterests, "Improve the purchase, customer and user experience, including communication about orders, offers, campaigns and related product recommendations (Förbättra kund- och användarupplevelse).",
            Name = "Customer experience and recommendations", Subjects = [Subjects.Customer], Recipients = [Recipients.PartnersAndResellers],
            LegitimateInterest = "A more customer-friendly and individual purchase experience")]
        public const string CustomerExperience = "customer-experience";

        [Purpose(LegalBasis.LegitimateInterests, "Develop and improve NCS products, services and offers from specific requests, wishes and customer feedback (Utveckla produkter och tjänster).",
            Name = "Product development", Subjects = [Subjects.Customer], LegitimateInterest = "Developing the products and services customers ask for")]
        public const string ProductDevelopment = "product-development";

        [Purpose(LegalBasis.LegalObligation, "Keep accounting records of purchases, invoices and payments (bokföringslagen).", Name = "Bookkeeping",
            Subjects = [Subjects.Customer], Recipients = [Recipients.Authorities], Law = "Bokföringslagen (1999:1078)")]
        public const string Bookkeeping = "bookkeeping";

        [Purpose(LegalBasis.LegitimateInterests, "Identify, prevent and act against fraud, unauthorised use and breaches of terms, and answer legal requests (Rättsliga förfrågningar).",
            Name = "Fraud prevention and legal requests", Subjects = [Subjects.Customer], Recipients = [Recipients.Authorities],
            LegitimateInterest = "Protecting NCS, its customers and others against fraud and illegal activity")]
        public const string FraudPrevention = "fraud-prevention";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true,
            Description = "Until no longer needed to provide NCS products and services or until the customer account is deleted, whichever comes first")]
        public const string WhileAccount = "while-account";

        // ASSUMPTION: the policy says "until no longer needed"; two years after the message is the sample's reading.
        [RetentionRule("P2Y", EndsWithAccount = true,
            Description = "Customer-service correspondence: two years after the message, or until the account is deleted, whichever comes first")]
        public const string Correspondence = "correspondence";

        // ASSUMPTION: delivery details are needed for complaints and returns; three years after the order is the sample's reading.
        [RetentionRule("P3Y", EndsWithAccount = true,
            Description = "Order and delivery details: three years after the order, or until the account is deleted, whichever comes first")]
        public const string OrderHistory = "order-history";

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd, Description = "Accounting records (räkenskapsinformation)",
            LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
        public const string Bookkeeping = "bookkeeping";
    }
}
