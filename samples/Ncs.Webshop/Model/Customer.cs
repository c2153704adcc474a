using Ncs.Webshop.Policy;
using P = Ncs.Webshop.Policy.NcsPolicy.Purposes;
using R = Ncs.Webshop.Policy.NcsPolicy.Retention;
using C = Ncs.Webshop.Policy.NcsPolicy.Categories;

namespace Ncs.Webshop.Model;

/// <summary>
/// A registered customer account (Registrering för köp och användande av våra produkter och tjänster): an ASP.NET Core
/// Identity user. The members Identity declares (Id, Email, PhoneNumber, the password hash, tokens...) are classified by
/// <c>AddIdentity&lt;Customer, int&gt;</c> and, for the e-mail address's marketing uses, by <c>Classify&lt;Customer&gt;</c> in
/// <see cref="Hosting.WebshopApp"/>; the registration fields NCS adds (name, professional category) are annotated here.
/// </summary>
[DataSubject(NcsPolicy.Subjects.Customer)]
public class Customer : Microsoft.AspNetCore.Identity.IdentityUser<int>
{
    [PersonalData(P.CustomerService, R.WhileAccount, Category = C.Contact)]
    [PersonalData(P.Purchases, R.WhileAccount, Category = C.Contact)]
    public string Name { get; set; } = "";

    [PersonalData(P.ProductDevelopment, R.WhileAccount, Category = C.Profession)]
    [PersonalData(P.CustomerExperience, R.WhileAccount, Category = C.Profession)]
    public string? ProfessionalCategory { get; set; }

    [RetentionAnchor]
    [NotPersonalData("When the account was registered")]
    public DateTime RegisteredAt { get; set; }

    [NotPersonalData("Soft-delete flag: a closed account stays until erasure, hidden by a query filter")]
    public bool IsClosed { get; set; }

    public List<Order> Orders { get; set; } = [];

    public List<Invoice> Invoices { get; set; } = [];

    public List<CustomerServiceMessage> Messages { get; set; } = [];
}

/// <summary>An e-mail to customer service (Vid kommunikation med kundservice och användarsupport).</summary>
public class CustomerServiceMessage
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public Customer? Customer { get; set; }

    [PersonalData(P.CustomerService, R.Correspondence, Category = C.Contact, Anonymisation = AnonymisationStrategy.Redact)]
    public string FromAddress { get; set; } = "";

    [PersonalData(P.CustomerService, R.Correspondence, Category = C.Communication)]
    [PersonalData(P.ProductDevelopment, R.Correspondence, Category = C.Communication)]
    public string Body { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the message was received")]
    public DateTime ReceivedAt { get; set; }
}
