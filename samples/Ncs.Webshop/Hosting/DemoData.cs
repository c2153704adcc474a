using Microsoft.AspNetCore.Identity;
using Ncs.Webshop.Model;

namespace Ncs.Webshop.Hosting;

/// <summary>The sample's seed: three customers whose data shows every case of the policy.</summary>
internal static class DemoData
{
    /// <summary>Anna: an account, correspondence, an order, a paid invoice from 2017 (hold ended) and one from last year (held).</summary>
    public const int Anna = 1;

    /// <summary>Björn: an unpaid invoice, so erasure is refused (obetalda skulder).</summary>
    public const int Bjorn = 2;

    /// <summary>Cecilia: objects to marketing.</summary>
    public const int Cecilia = 3;

    /// <summary>SAMPLE ONLY: the password of every seeded customer, so the API can be tried by signing in.</summary>
    public const string SamplePassword = "Ncs-Sample-2050!";

    public static async Task SeedAsync(WebshopContext db, TimeProvider time, CancellationToken cancellationToken = default)
    {
        if (await db.Customers.IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        db.Products.AddRange(
            new Product { Code = "NCS-INDEX-2050", Name = "NCS Index 2050", Price = 1490m },
            new Product { Code = "NCS-ATLAS-2050", Name = "NCS Colour Atlas 2050", Price = 2990m },
            new Product { Code = "NCS-SCAN", Name = "NCS Colourpin SE", Price = 1190m });
        var anna = new Customer
        {
            Id = Anna, Email = "anna.andersson@example.se", Name = "Anna Andersson", PhoneNumber = "+46 70 123 45 67",
            ProfessionalCategory = "Architect", RegisteredAt = now.AddYears(-9),
        };
        anna.Messages.Add(new CustomerServiceMessage { FromAddress = "anna.andersson@example.se", Body = "Hello, my NCS Index arrived with a torn page.", ReceivedAt = now.AddMonths(-3) });
        var order = new Order { OrderedAt = now.AddMonths(-4), ShippingAddress = new DeliveryAddress { Street = "Sveavägen 1", PostalCode = "111 57", City = "Stockholm" } };
        order.Lines.Add(new OrderLine { ProductCode = "NCS-INDEX-2050", Quantity = 1, UnitPrice = 1490m });
        anna.Orders.Add(order);
        anna.Invoices.Add(new Invoice
        {
            Number = "2017-0042", InvoiceDate = new DateOnly(2017, 5, 10), BillingName = "Anna Andersson", Amount = 890m,
            PaymentReference = "PAY-7F3A-2017", PaidAt = new DateTime(2017, 5, 12, 0, 0, 0, DateTimeKind.Utc), SentToEmail = "anna.andersson@example.se",
        });
        anna.Invoices.Add(new Invoice
        {
            Number = $"{now.Year - 1}-0815", InvoiceDate = new DateOnly(now.Year - 1, 3, 15), BillingName = "Anna Andersson", Amount = 1490m,
            PaymentReference = "PAY-91C2-LAST", PaidAt = new DateTime(now.Year - 1, 3, 16, 0, 0, 0, DateTimeKind.Utc), SentToEmail = "anna.andersson@example.se",
        });

        var bjorn = new Customer { Id = Bjorn, Email = "bjorn.berg@example.se", Name = "Björn Berg", ProfessionalCategory = "Painter", RegisteredAt = now.AddYears(-2) };
        bjorn.Invoices.Add(new Invoice
        {
            Number = $"{now.Year}-0007", InvoiceDate = DateOnly.FromDateTime(now.AddDays(-40)), BillingName = "Björn Berg", Amount = 2990m,
            PaymentReference = "PAY-UNPAID-01", PaidAt = null, SentToEmail = "bjorn.berg@example.se",
        });

        var cecilia = new Customer { Id = Cecilia, Email = "cecilia.carlsson@example.se", Name = "Cecilia Carlsson", ProfessionalCategory = "Designer", RegisteredAt = now.AddYears(-1) };
        foreach (var customer in new[] { anna, bjorn, cecilia })
        {
            Account(customer);
        }

        db.Customers.AddRange(anna, bjorn, cecilia);
        db.Visits.AddRange(
            new WebsiteVisit { VisitedAt = now.AddDays(-1), Page = "/products/ncs-index", Seconds = 42 },
            new WebsiteVisit { VisitedAt = now.AddDays(-1), Page = "/colour/S-1050-Y90R", Seconds = 17 });
        db.UsageStatistics.Add(new UsageStatistic { Day = DateOnly.FromDateTime(now.AddDays(-1)), Product = "NCS-SCAN", Uses = 1234 });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Makes a seeded customer an Identity account that signs in with its e-mail address and <see cref="SamplePassword"/>.</summary>
    internal static void Account(Customer customer)
    {
        customer.UserName = customer.Email;
        customer.NormalizedUserName = customer.Email!.ToUpperInvariant();
        customer.NormalizedEmail = customer.Email.ToUpperInvariant();
        customer.EmailConfirmed = true;
        customer.SecurityStamp = Guid.NewGuid().ToString("N");
        customer.PasswordHash = new PasswordHasher<Customer>().HashPassword(customer, SamplePassword);
    }
}
