using static Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model.ErasurePolicy;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model;

[DataSubject(Subjects.Customer)]
public class Customer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    /// <summary>NOT NULL: anonymised to a random token.</summary>
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    /// <summary>NOT NULL and unique: a random address per row.</summary>
    [PersonalData(Purposes.Account, Retention.Account, Anonymisation = AnonymisationStrategy.RandomEmail)]
    [PersonalData(Purposes.Marketing, Retention.Account, Anonymisation = AnonymisationStrategy.RandomEmail)]
    public string Email { get; set; } = "";

    /// <summary>Nullable: anonymised to NULL.</summary>
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Phone { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Anonymisation = AnonymisationStrategy.TruncateToYear)]
    public DateTime BirthDate { get; set; }

    [NotPersonalData("A flag.")]
    public bool IsDeleted { get; set; }

    /// <summary>Another customer who referred this one: a row of another subject that refers to a subject.</summary>
    public int? ReferredById { get; set; }

    /// <summary>Owned (OwnsOne), stored in the customer's row.</summary>
    public PostalAddress? Address { get; set; }

    public List<Order> Orders { get; set; } = [];

    public List<Invoice> Invoices { get; set; } = [];

    public List<Household> Households { get; set; } = [];
}

/// <summary>Many-to-many with <see cref="Customer"/>: a row that may concern several subjects.</summary>
public class Household
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";

    public List<Customer> Members { get; set; } = [];
}

public class Order
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public Customer Customer { get; set; } = null!;

    [NotPersonalData("The order date.")]
    public DateTime OrderedAt { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? DeliveryNote { get; set; }

    [NotPersonalData("A flag.")]
    public bool IsDeleted { get; set; }

    public List<OrderLine> Lines { get; set; } = [];
}

public class OrderLine
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int OrderId { get; set; }

    [NotPersonalData("A product code.")]
    public string Product { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? GiftMessage { get; set; }
}

/// <summary>Accounting records: Bokföringslagen keeps them 7 years after the calendar year in which the fiscal year ended.</summary>
public class Invoice
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("The accounting date.")]
    public DateTime InvoiceDate { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";

    [NotPersonalData("An amount.")]
    public long AmountCents { get; set; }

    /// <summary>A complex type: the customer's contact person, not needed for bookkeeping.</summary>
    public ContactPerson Contact { get; set; } = new();

    /// <summary>Not needed for bookkeeping: minimised under the hold.</summary>
    [PersonalData(Purposes.Account, Retention.Account)]
    public string? Note { get; set; }

    [NotPersonalData("A flag.")]
    public bool IsDeleted { get; set; }

    public List<InvoiceLine> Lines { get; set; } = [];
}

/// <summary>Has no anchor of its own: the hold counts from its invoice's date.</summary>
public class InvoiceLine
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int InvoiceId { get; set; }

    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping)]
    public string Text { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? GiftWrapNote { get; set; }
}

[DataSubject(Subjects.Employee)]
public class Employee
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

/// <summary>A row that concerns two subjects: the customer who asked and the agent who answered.</summary>
public class SupportTicket
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int? CustomerId { get; set; }

    public Customer? Customer { get; set; }

    public int AgentId { get; set; }

    public Employee Agent { get; set; } = null!;

    [RetentionAnchor]
    [NotPersonalData("When the ticket was opened.")]
    public DateTime OpenedAt { get; set; }

    [PersonalData(Purposes.Service, Retention.Service)]
    public string Question { get; set; } = "";

    [PersonalData(Purposes.Service, Retention.Service, Subject = nameof(Agent))]
    public string? AgentNotes { get; set; }
}

public class PostalAddress
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Street { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account)]
    public string City { get; set; } = "";
}

public class ContactPerson
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}
