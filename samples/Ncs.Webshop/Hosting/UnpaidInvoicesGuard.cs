using Ncs.Webshop.Model;
using Ncs.Webshop.Policy;

namespace Ncs.Webshop.Hosting;

/// <summary>
/// "Vi kan inte radera dina uppgifter om det föreligger ... andra legitima skäl ..., till exempel obetalda skulder":
/// while a customer has an unpaid invoice, erasure is refused and the customer is told why (Art. 12(4)).
/// </summary>
internal sealed class UnpaidInvoicesGuard(WebshopContext shop) : IErasureGuard
{
    public async ValueTask<IReadOnlyList<ErasureObjection>> CheckAsync(ErasureGuardContext context, CancellationToken cancellationToken)
    {
        if (context.SubjectCategory != NcsPolicy.Subjects.Customer)
        {
            return [];
        }

        var customerId = (int)context.SubjectId;
        var unpaid = await shop.Invoices.IgnoreQueryFilters().AnyAsync(i => i.CustomerId == customerId && i.PaidAt == null, cancellationToken);
        return unpaid
            ? [new ErasureObjection("You have an unpaid invoice; NCS Colour keeps the data needed to claim it until it is paid.")
                { Basis = "Art. 17(3)(e): establishment, exercise or defence of legal claims" }]
            : [];
    }
}
