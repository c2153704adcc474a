namespace Ncs.Privacy.Tests.Model;

/// <summary>A complete policy that fills every Art. 30(1) field; the golden register files are rendered from it.</summary>
[PrivacyPolicy(Name = "Test shop", FiscalYearStartMonth = 5)]
[Controller("Test Shop AB", Email = "privacy@shop.test", Address = "Box 1, 111 11 Stockholm", Phone = "+46 8 000 00 00", RegistrationNumber = "556000-0000")]
[DataProtectionOfficer("Data Protection Officer", Email = "dpo@shop.test")]
[SecurityMeasure("Personal data is encrypted in transit (TLS 1.2+) and at rest.")]
[SecurityMeasure("Access to customer data is role-based and logged.")]
public static class ShopPolicy
{
    public static class Subjects
    {
        [DataSubjectCategory("People who buy from the shop")]
        public const string Customer = "customer";

        [DataSubjectCategory("Staff who answer support tickets")]
        public const string Employee = "employee";
    }

    public static class Categories
    {
        [DataCategory("E-mail address, name, telephone")]
        public const string Contact = "contact";

        [DataCategory("Amounts, invoice numbers, payment references")]
        public const string Payment = "payment";

        [DataCategory("Allergies stated for deliveries of food samples", IsSpecialCategory = true)]
        public const string Health = "health";
    }

    public static class Recipients
    {
        [Recipient(RecipientKind.Processor, "Card payment agent (PCI DSS)", Country = "SE")]
        public const string PaymentAgent = "payment-agent";

        [Recipient(RecipientKind.Processor, "E-mail delivery service", Country = "US", Safeguard = TransferSafeguard.StandardContractualClauses, SafeguardReference = "https://shop.test/scc")]
        public const string Mailer = "mailer";

        [Recipient(RecipientKind.Authority, "Tax agency on legal request")]
        public const string TaxAgency = "tax-agency";
    }

    public static class Purposes
    {
        [Purpose(LegalBasis.Contract, "Deliver orders and answer questions about them.", Name = "Customer service", Subjects = [Subjects.Customer, Subjects.Employee], Recipients = [Recipients.PaymentAgent])]
        public const string CustomerService = "customer-service";

        [Purpose(LegalBasis.LegitimateInterests, "Tell customers about products.", Name = "Marketing", Subjects = [Subjects.Customer], Recipients = [Recipients.Mailer], LegitimateInterest = "Selling our products to existing customers", DirectMarketing = true)]
        public const string Marketing = "marketing";

        [Purpose(LegalBasis.LegalObligation, "Keep accounting records.", Name = "Bookkeeping", Subjects = [Subjects.Customer], Recipients = [Recipients.TaxAgency], Law = "Bokföringslagen (1999:1078)")]
        public const string Bookkeeping = "bookkeeping";

        [Purpose(LegalBasis.Consent, "Respect allergies when sending food samples.", Name = "Safe samples", Subjects = [Subjects.Customer], SpecialCategoryCondition = SpecialCategoryCondition.ExplicitConsent)]
        public const string SafeSamples = "safe-samples";
    }

    public static class Retention
    {
        [RetentionRule(EndsWithAccount = true, Description = "Account data, kept while the account exists")]
        public const string Account = "account";

        [RetentionRule("P2Y", Description = "Support history, two years after the last contact", EndsWithAccount = true)]
        public const string Support = "support";

        [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd, Description = "Accounting records", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
        public const string Bookkeeping = "bookkeeping";
    }
}

[DataSubject(ShopPolicy.Subjects.Customer)]
public sealed class Customer
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account, Category = ShopPolicy.Categories.Contact, Anonymisation = AnonymisationStrategy.RandomEmail)]
    [PersonalData(ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account, LegalBasis.LegitimateInterests, Category = ShopPolicy.Categories.Contact)]
    public string Email { get; set; } = "";

    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account, Category = ShopPolicy.Categories.Contact)]
    public string? Name { get; set; }

    [PersonalData(ShopPolicy.Purposes.SafeSamples, ShopPolicy.Retention.Account, Category = ShopPolicy.Categories.Health, Anonymisation = AnonymisationStrategy.Null)]
    public string? Allergies { get; set; }

    [RetentionAnchor]
    [NotPersonalData("Timestamp of the account, meaningless without the account")]
    public DateTime CreatedAt { get; set; }
}

public sealed class Invoice
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [PersonalData(ShopPolicy.Purposes.Bookkeeping, ShopPolicy.Retention.Bookkeeping, Category = ShopPolicy.Categories.Payment, Erasure = ErasureAction.Retain)]
    public decimal Amount { get; set; }

    [PersonalData(ShopPolicy.Purposes.Bookkeeping, ShopPolicy.Retention.Bookkeeping, Category = ShopPolicy.Categories.Contact, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";

    [PersonalData(ShopPolicy.Purposes.Bookkeeping, ShopPolicy.Retention.Bookkeeping, Category = ShopPolicy.Categories.Payment, Source = "Card payment agent", Erasure = ErasureAction.Retain)]
    public string? PaymentReference { get; set; }

    [RetentionAnchor(ShopPolicy.Retention.Bookkeeping)]
    [NotPersonalData("Date of the invoice")]
    public DateOnly InvoiceDate { get; set; }
}

public sealed class SupportTicket
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Support, Category = ShopPolicy.Categories.Contact)]
    public string Message { get; set; } = "";

    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Support, Category = ShopPolicy.Categories.Contact, Subject = nameof(Agent), Anonymisation = AnonymisationStrategy.Redact)]
    public string AgentName { get; set; } = "";

    [NotPersonalData("Navigation to the agent; the agent's own data is classified on Employee")]
    public Employee? Agent { get; set; }
}

[DataSubject(ShopPolicy.Subjects.Employee)]
public sealed class Employee
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account, Category = ShopPolicy.Categories.Contact)]
    public string Name { get; set; } = "";
}

/// <summary>A type the application cannot annotate, classified in code.</summary>
public sealed class ExternalNewsletterSubscription
{
    public string Address { get; set; } = "";

    public int Id { get; set; }
}

public static class ShopModel
{
    public static readonly Type[] Types = [typeof(Customer), typeof(Invoice), typeof(SupportTicket), typeof(Employee)];

    public static PrivacyOptions Options()
    {
        var options = new PrivacyOptions { PolicyType = typeof(ShopPolicy) };
        foreach (var type in Types)
        {
            options.ModelTypes.Add(type);
        }

        options.Classify<ExternalNewsletterSubscription>(t => t
            .PersonalData(x => x.Address, ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account, a => a.Category = ShopPolicy.Categories.Contact)
            .NotPersonalData(x => x.Id, "Surrogate key"));
        return options;
    }
}
