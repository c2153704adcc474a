using Microsoft.EntityFrameworkCore;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Shapes;

/// <summary>
/// The two helpers of the round-3 shapes, for contexts that do not derive from <see cref="HeldContext{TCustomer}"/> (the
/// round-5 shapes were written against them): the provider test and the invoice link that keeps customer 1's row.
/// </summary>
internal static class Break3
{
    public static bool IsPostgres(DbContext context) => ShapeContext.IsPostgresContext(context);

    public static void Hold<TCustomer>(ModelBuilder modelBuilder)
        where TCustomer : class
    {
        modelBuilder.Entity<B2Invoice>().HasOne<TCustomer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.AddPrivacyAudit();
    }
}
