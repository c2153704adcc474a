using static Ncs.Privacy.EntityFrameworkCore.Tests.Model.ShopPolicy;

namespace Ncs.Privacy.EntityFrameworkCore.Tests.Model;

[DataSubject(Subjects.Customer)]
public class Customer
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Category = Categories.Contact)]
    public string Name { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account, Category = Categories.Contact)]
    [PersonalData(Purposes.Marketing, Retention.Account, Category = Categories.Contact)]
    public string Email { get; set; } = "";

    [NotPersonalData("A flag.")]
    public bool IsDeleted { get; set; }

    public PostalAddress? Address { get; set; }

    public List<Phone> Phones { get; set; } = [];

    public List<Order> Orders { get; set; } = [];

    public List<Household> Households { get; set; } = [];
}

/// <summary>TPH: a business customer is a customer with an organisation number.</summary>
public class BusinessCustomer : Customer
{
    [PersonalData(Purposes.Account, Retention.Account)]
    public string OrgNumber { get; set; } = "";
}

/// <summary>Owned (OwnsOne).</summary>
public class PostalAddress
{
    [PersonalData(Purposes.Account, Retention.Account, Category = Categories.Contact)]
    public string Street { get; set; } = "";

    [PersonalData(Purposes.Account, Retention.Account, Category = Categories.Contact)]
    public string City { get; set; } = "";
}

/// <summary>Owned (OwnsMany).</summary>
public class Phone
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Category = Categories.Contact, Source = "Entered by customer service")]
    public string Number { get; set; } = "";
}

public class Order
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public Customer Customer { get; set; } = null!;

    [RetentionAnchor]
    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Erasure = ErasureAction.Retain)]
    public DateTime OrderedAt { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? DeliveryNote { get; set; }

    [NotPersonalData("A flag.")]
    public bool IsDeleted { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    public List<Payment> Payments { get; set; } = [];
}

public class OrderLine
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int OrderId { get; set; }

    public Order Order { get; set; } = null!;

    [NotPersonalData("A product code.")]
    public string Product { get; set; } = "";

    [NotPersonalData("A count.")]
    public int Quantity { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? GiftMessage { get; set; }
}

/// <summary>TPT base.</summary>
public class Payment
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int OrderId { get; set; }

    public Order Order { get; set; } = null!;

    [NotPersonalData("An amount.")]
    public decimal Amount { get; set; }
}

/// <summary>TPT derived: its own table.</summary>
public class CardPayment : Payment
{
    [PersonalData(Purposes.Bookkeeping, Retention.Bookkeeping, Category = Categories.Payment)]
    public string CardHolder { get; set; } = "";
}

/// <summary>Many-to-many with <see cref="Customer"/>: a shared row.</summary>
public class Household
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Category = Categories.Contact)]
    public string Name { get; set; } = "";

    public List<Customer> Members { get; set; } = [];
}

[DataSubject(Subjects.Employee)]
public class Employee
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account, Category = Categories.Contact)]
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

    /// <summary>The date the two-year service rule counts from (null on the seeded tickets: never swept). Without an anchor start-up refuses the rule since round 6 of issue 11 (RetentionWithoutAnchor).</summary>
    [RetentionAnchor]
    [NotPersonalData("When the ticket was opened.")]
    public DateTime? OpenedAt { get; set; }

    [PersonalData(Purposes.CustomerService, Retention.Service, Category = Categories.Communication)]
    public string Question { get; set; } = "";

    [PersonalData(Purposes.CustomerService, Retention.Service, Category = Categories.Communication, Subject = nameof(Agent))]
    public string? AgentNotes { get; set; }
}

/// <summary>A composite key: (OrderId, Number).</summary>
public class Shipment
{
    public int OrderId { get; set; }

    [NotPersonalData("Sequence number within the order.")]
    public int Number { get; set; }

    public Order Order { get; set; } = null!;

    public List<ShipmentEvent> Events { get; set; } = [];
}

/// <summary>Three levels below the customer, through a composite foreign key.</summary>
public class ShipmentEvent
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int OrderId { get; set; }

    public int ShipmentNumber { get; set; }

    public Shipment Shipment { get; set; } = null!;

    [PersonalData(Purposes.Account, Retention.Account)]
    public string? SignedBy { get; set; }
}
