using P = Ncs.Webshop.Policy.NcsPolicy.Purposes;
using R = Ncs.Webshop.Policy.NcsPolicy.Retention;
using C = Ncs.Webshop.Policy.NcsPolicy.Categories;

namespace Ncs.Webshop.Model;

/// <summary>A purchase in the webshop.</summary>
public class Order
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public Customer? Customer { get; set; }

    [RetentionAnchor]
    [NotPersonalData("When the order was placed")]
    public DateTime OrderedAt { get; set; }

    /// <summary>Owned: stored in the order's row.</summary>
    public DeliveryAddress ShippingAddress { get; set; } = new();

    public List<OrderLine> Lines { get; set; } = [];
}

/// <summary>Where an order is delivered (an owned type).</summary>
public class DeliveryAddress
{
    [PersonalData(P.Purchases, R.OrderHistory, Category = C.Contact, Anonymisation = AnonymisationStrategy.Redact)]
    public string Street { get; set; } = "";

    [PersonalData(P.Purchases, R.OrderHistory, Category = C.Contact, Anonymisation = AnonymisationStrategy.Redact)]
    public string PostalCode { get; set; } = "";

    [PersonalData(P.Purchases, R.OrderHistory, Category = C.Contact, Anonymisation = AnonymisationStrategy.Redact)]
    public string City { get; set; } = "";
}

/// <summary>One product of an order: what a customer bought is purchase history.</summary>
public class OrderLine
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    public int OrderId { get; set; }

    public Order? Order { get; set; }

    [PersonalData(P.Purchases, R.OrderHistory, Category = C.Purchase)]
    [PersonalData(P.CustomerExperience, R.OrderHistory, Category = C.Purchase)]
    public string ProductCode { get; set; } = "";

    [PersonalData(P.Purchases, R.OrderHistory, Category = C.Purchase)]
    public int Quantity { get; set; }

    [NotPersonalData("Catalogue price of the product")]
    public decimal UnitPrice { get; set; }
}

/// <summary>An invoice: accounting records kept under Bokföringslagen, whatever the customer asks.</summary>
public class Invoice
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public Customer? Customer { get; set; }

    [NotPersonalData("Sequential invoice number, identifies the invoice, not the person")]
    public string Number { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("Date of the invoice")]
    public DateOnly InvoiceDate { get; set; }

    [PersonalData(P.Bookkeeping, R.Bookkeeping, Category = C.Contact, Erasure = ErasureAction.Retain)]
    public string BillingName { get; set; } = "";

    [PersonalData(P.Bookkeeping, R.Bookkeeping, Category = C.Purchase, Erasure = ErasureAction.Retain)]
    public decimal Amount { get; set; }

    [PersonalData(P.Bookkeeping, R.Bookkeeping, Category = C.Purchase, Erasure = ErasureAction.Retain, Source = "Card payment agent")]
    [PersonalData(P.FraudPrevention, R.Bookkeeping, Category = C.Purchase, Source = "Card payment agent")]
    public string PaymentReference { get; set; } = "";

    [PersonalData(P.Bookkeeping, R.Bookkeeping, Category = C.Purchase, Erasure = ErasureAction.Retain)]
    public DateTime? PaidAt { get; set; }

    /// <summary>Where the invoice was e-mailed: not an accounting record, so it is minimised even while the hold lasts.</summary>
    [PersonalData(P.CustomerService, R.WhileAccount, Category = C.Contact, Anonymisation = AnonymisationStrategy.Redact)]
    public string SentToEmail { get; set; } = "";
}
