namespace Ncs.Webshop.Policy;

/// <summary>
/// NCS Colour's privacy policy (docs/reference/ncs-integritetspolicy.txt, "Integritetspolicy") as code. Each
/// declaration names the section of the policy it expresses; where the policy leaves a number open, the choice is
/// marked ASSUMPTION and listed in docs/ncs-policy-mapping.md for NCS to confirm.
/// </summary>
[PrivacyPolicy(Name = "NCS Colour webshop")]
[Controller("NCS Colour AB", Email = "info@ncscolour.com", // "skicka din förfrågan via e-post till info@ncscolour.com"
    Assumption = "The policy names the controller only as \"NCS Colour\"; the legal name NCS Colour AB, its postal address and organisation number are for NCS to confirm and declare.")]
[SupervisoryAuthority("Integritetsskyddsmyndigheten (IMY)", Website = "https://www.imy.se")]
[PolicyNote("NCS Colour neither forwards, sells nor trades your personal data to third parties other than as stated in this policy (Vem har tillgång till dina personuppgifter?).")]
[PolicyNote("NCS Colour may change this policy; changes are announced on the website www.ncscolour.com (Ändringar av integritetspolicyn).")]
[PolicyNote("NCS websites, products and services may link to other websites that NCS does not control; NCS is not responsible for their privacy protection or content.")]
[PolicyNote("Marketing use of personal data is always handled with the privacy of customers and users in mind (Information och marknadsföring).")]
[PolicyNote("Personal data may also be shared when NCS in good faith considers it necessary to identify, prevent and act against fraud, unauthorised use of the products, breaches of terms or policies, or other harmful or illegal activity, and to protect NCS, you or others (Rättsliga förfrågningar).")]
[Assumption("The policy names no supervisory authority; Integritetsskyddsmyndigheten (IMY) is the Swedish one (Art. 77) and is named in the rights texts.")]
[Assumption("The financial year is the calendar year (FiscalYearStartMonth = 1); the policy does not say.")]
[Assumption("The policy states no data-protection officer; none is listed, and the register says it is not declared.")]
[Assumption("The policy does not mention log-in data; the category account-security (password hash, security stamp, two-factor and lockout state, sign-in keys) is the sample's reading of what registering an account brings with it, kept for fraud prevention while the account exists.")]
[Assumption("The policy states the legal basis of no purpose; each basis in this register is the sample's reading of the purpose's text.")]
[SecurityMeasure("Card purchases: all information is sent over a secure connection so that it cannot be read by outsiders (Hur skyddar vi dina personuppgifter vid köp?).")]
[SecurityMeasure("Card data is processed only by an authorised payment agent according to PCI DSS; NCS stores only the agent's payment reference.")]
[SecurityMeasure("Website visit logs are anonymised at collection and cannot be traced to an individual (Vid besök på vår hemsida).")]
[SecurityMeasure("E-mail correspondence is protected like information received by post and telephone (Vid kommunikation med kundservice).")]
[SecurityMeasure("Access control: staff reach customer data through personal accounts with the least rights their role needs.",
    Assumption = "Not stated in the policy; a measure NCS is expected to have (Art. 32(1)(b)) and must confirm.")]
[SecurityMeasure("Encryption in transit (TLS) for every connection and at rest for the database and its backups.",
    Assumption = "The policy states encryption in transit for card purchases only; encryption at rest is for NCS to confirm.")]
[SecurityMeasure("Backups are taken regularly and restored in tests; erasures are re-applied after a restore from the audit trail.",
    Assumption = "Not stated in the policy; Art. 32(1)(c), for NCS to confirm.")]
[SecurityMeasure("An audit trail records every erasure and refusal without personal values (which fields, how many rows, which recipients to notify).",
    Assumption = "Not stated in the policy; provided by this application (docs/audit.md).")]
[SecurityMeasure("Processors act under data-processing agreements (Art. 28).",
    Assumption = "Not stated in the policy; for NCS to confirm for each processor.")]
[SecurityMeasure("Personal-data breaches are handled by a documented incident procedure and notified to IMY within 72 hours where required (Art. 33).",
    Assumption = "Not stated in the policy; for NCS to confirm.")]
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

        // ASSUMPTION: the policy does not mention log-in data; an account's password hash, security stamp, lockout and
        // sign-in keys are what registering an account (Registrering för köp) brings with it.
        [DataCategory("Log-in and security data of the account: password hash, security stamp, two-factor and lockout state, sign-in keys and tokens (never the password itself)")]
        public const string AccountSecurity = "account-security";
    }

    public static class Recipients
    {
        [Recipient(RecipientKind.Processor, "Suppliers and service providers who support NCS's business: logistics, IT, customer service tools (Leverantörer och tillhandahållare)",
            Assumption = "Kind processor is the sample's reading; the policy names no supplier and no country.")]
        public const string ServiceProviders = "service-providers";

        [Recipient(RecipientKind.Partner, "Partners and resellers of NCS products and services, to offer an attractive solution and service level",
            Assumption = "Kind partner (an independent controller) is the sample's reading; the policy names no partner and no country.")]
        public const string PartnersAndResellers = "partners-resellers";

        [Recipient(RecipientKind.Processor, "Authorised card payment agent that checks the card with the bank, under PCI DSS",
            Assumption = "Kind processor is the sample's reading; the policy names neither the agent nor its country.")]
        public const string PaymentAgent = "payment-agent";

        [Recipient(RecipientKind.Authority, "Legislators, law enforcement or others, on a legal request the law requires NCS to answer (Rättsliga förfrågningar)",
            Assumption = "The policy names no authority and no country.")]
        public const string Authorities = "authorities";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Fulfil NCS's commitments to customers: deliver purchased products and services and handle the orders.",
            Name = "Purchases and delivery", Subjects = [Subjects.Customer], Recipients = [Recipients.ServiceProviders, Recipients.PaymentAgent],
            Assumption = "Legal basis contract (Art. 6(1)(b)) is the sample's reading of \"fullgöra de affärsmässiga åtaganden\".")]
        public const string Purchases = "purchases";

        [Purpose(LegalBasis.Contract, "Provide, develop and improve customer service and support; communication with customer service may be analysed (Kundservice).",
            Name = "Customer service", Subjects = [Subjects.Customer], Recipients = [Recipients.ServiceProviders],
            Assumption = "Legal basis contract (Art. 6(1)(b)) is the sample's reading; the policy states none.")]
        public const string CustomerService = "customer-service";

        [Purpose(LegalBasis.LegitimateInterests, "Market NCS products and services and give valuable information about them to the contact details given at registration (Information och marknadsföring).",
            Name = "Marketing", Subjects = [Subjects.Customer], Recipients = [Recipients.ServiceProviders, Recipients.PartnersAndResellers],
            LegitimateInterest = "Informing existing customers and users about NCS products and services", DirectMarketing = true,
            Assumption = "Legal basis legitimate interests (Art. 6(1)(f)) is the sample's reading; the policy states none.")]
        public const string Marketing = "marketing";

        [Purpose(LegalBasis.LegitimateInterests, "Improve the purchase, customer and user experience, including communication about orders, offers, campaigns and related product recommendations (Förbättra kund- och användarupplevelse).",
            Name = "Customer experience and recommendations", Subjects = [Subjects.Customer], Recipients = [Recipients.PartnersAndResellers],
            LegitimateInterest = "A more customer-friendly and individual purchase experience",
            Assumption = "Legal basis legitimate interests (Art. 6(1)(f)) is the sample's reading; the policy states none.")]
        public const string CustomerExperience = "customer-experience";

        [Purpose(LegalBasis.LegitimateInterests, "Develop and improve NCS products, services and offers from specific requests, wishes and customer feedback (Utveckla produkter och tjänster).",
            Name = "Product development", Subjects = [Subjects.Customer], LegitimateInterest = "Developing the products and services customers ask for",
            Assumption = "Legal basis legitimate interests (Art. 6(1)(f)) is the sample's reading; the policy states none.")]
        public const string ProductDevelopment = "product-development";

        [Purpose(LegalBasis.LegalObligation, "Keep accounting records of purchases, invoices and payments (bokföringslagen).", Name = "Bookkeeping",
            Subjects = [Subjects.Customer], Recipients = [Recipients.Authorities], Law = "Bokföringslagen (1999:1078)")]
        public const string Bookkeeping = "bookkeeping";

        [Purpose(LegalBasis.LegitimateInterests, "Identify, prevent and act against fraud, unauthorised use and breaches of terms, and answer legal requests (Rättsliga förfrågningar).",
            Name = "Fraud prevention and legal requests", Subjects = [Subjects.Customer], Recipients = [Recipients.Authorities],
            LegitimateInterest = "Protecting NCS, its customers and others against fraud and illegal activity",
            Assumption = "Legal basis legitimate interests (Art. 6(1)(f)) is the sample's reading of \"i god tro anser att det är nödvändigt\"; answering a legal request is itself a legal obligation.")]
        public const string FraudPrevention = "fraud-prevention";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true,
            Description = "Until no longer needed to provide NCS products and services or until the customer account is deleted, whichever comes first")]
        public const string WhileAccount = "while-account";

        // ASSUMPTION: the policy says "until no longer needed"; two years after the message is the sample's reading.
        [RetentionRule("P2Y", EndsWithAccount = true,
            Description = "Customer-service correspondence: two years after the message, or until the account is deleted, whichever comes first",
            Assumption = "The policy says \"until no longer needed\"; two years after the message is the sample's reading.")]
        public const string Correspondence = "correspondence";

        // ASSUMPTION: delivery details are needed for complaints and returns; three years after the order is the sample's reading.
        [RetentionRule("P3Y", EndsWithAccount = true,
            Description = "Order and delivery details: three years after the order, or until the account is deleted, whichever comes first",
            Assumption = "The policy says \"until no longer needed\"; three years after the order, for complaints and returns, is the sample's reading.")]
        public const string OrderHistory = "order-history";

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd, Description = "Accounting records (räkenskapsinformation)",
            LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §",
            Assumption = "The policy says only \"i enlighet med bokföringslagen\"; seven years from the end of the calendar year in which the financial year ended is the law's own period.")]
        public const string Bookkeeping = "bookkeeping";
    }
}
