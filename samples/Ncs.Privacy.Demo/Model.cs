namespace Ncs.Privacy.Demo;

[DataSubject(NcsPolicy.Subjects.Customer)]
public sealed class Customer
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [PersonalData(NcsPolicy.Purposes.CustomerService, NcsPolicy.Retention.WhileAccount, Category = NcsPolicy.Categories.Contact, Anonymisation = AnonymisationStrategy.RandomEmail)]
    [PersonalData(NcsPolicy.Purposes.Marketing, NcsPolicy.Retention.WhileAccount, Category = NcsPolicy.Categories.Contact)]
    [PersonalData(NcsPolicy.Purposes.CustomerExperience, NcsPolicy.Retention.WhileAccount, Category = NcsPolicy.Categories.Contact)]
    public string Email { get; set; } = "";

    [PersonalData(NcsPolicy.Purposes.CustomerService, NcsPolicy.Retention.WhileAccount, Category = NcsPolicy.Categories.Contact)]
    public string Name { get; set; } = "";

    [PersonalData(NcsPolicy.Purposes.CustomerService, NcsPolicy.Retention.WhileAccount, Category = NcsPolicy.Categories.Contact)]
    public string? Phone { get; set; }

    [PersonalData(NcsPolicy.Purposes.ProductDevelopment, NcsPolicy.Retention.WhileAccount, Category = NcsPolicy.Categories.Profession)]
    public string? ProfessionalCategory { get; set; }

    [RetentionAnchor]
    [NotPersonalData("When the account was registered")]
    public DateTime RegisteredAt { get; set; }
}

public sealed class CustomerServiceMessage
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [NotPersonalData("Foreign key to the customer")]
    public int CustomerId { get; set; }

    [PersonalData(NcsPolicy.Purposes.CustomerService, NcsPolicy.Retention.Correspondence, Category = NcsPolicy.Categories.Communication)]
    [PersonalData(NcsPolicy.Purposes.ProductDevelopment, NcsPolicy.Retention.Correspondence, Category = NcsPolicy.Categories.Communication)]
    public string Body { get; set; } = "";

    [PersonalData(NcsPolicy.Purposes.CustomerService, NcsPolicy.Retention.Correspondence, Category = NcsPolicy.Categories.Contact)]
    public string FromAddress { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the message was received")]
    public DateTime ReceivedAt { get; set; }
}

public sealed class Invoice
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [NotPersonalData("Foreign key to the customer")]
    public int CustomerId { get; set; }

    [PersonalData(NcsPolicy.Purposes.Bookkeeping, NcsPolicy.Retention.Bookkeeping, Category = NcsPolicy.Categories.Purchase, Erasure = ErasureAction.Retain)]
    public decimal Amount { get; set; }

    [PersonalData(NcsPolicy.Purposes.Bookkeeping, NcsPolicy.Retention.Bookkeeping, Category = NcsPolicy.Categories.Contact, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";

    [PersonalData(NcsPolicy.Purposes.Bookkeeping, NcsPolicy.Retention.Bookkeeping, Category = NcsPolicy.Categories.Purchase, Erasure = ErasureAction.Retain, Source = "Card payment agent")]
    [PersonalData(NcsPolicy.Purposes.FraudPrevention, NcsPolicy.Retention.Bookkeeping, Category = NcsPolicy.Categories.Purchase, Source = "Card payment agent")]
    public string PaymentReference { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("Date of the invoice")]
    public DateOnly InvoiceDate { get; set; }
}

public sealed class UsageStatistic
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [NotPersonalData("Aggregated count per product and day; identifies nobody (Användning av våra produkter och tjänster)")]
    public int Visits { get; set; }

    [NotPersonalData("Product code")]
    public string Product { get; set; } = "";
}
