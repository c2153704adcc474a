using Microsoft.EntityFrameworkCore;
using static Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model.ErasurePolicy;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Model;

[DataSubject(Subjects.Employee)]
public class Worker
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    [PersonalData(Purposes.Account, Retention.Account)]
    public string Name { get; set; } = "";
}

/// <summary>Table-per-type base: its rows span one table, its derived type's two.</summary>
public class Expense
{
    [NotPersonalData("Surrogate key.")]
    public int Id { get; set; }

    public int WorkerId { get; set; }

    [RetentionAnchor]
    [NotPersonalData("When the expense was made.")]
    public DateTime SpentAt { get; set; }

    [PersonalData(Purposes.Service, Retention.Service)]
    public string? Comment { get; set; }
}

public class CardExpense : Expense
{
    [PersonalData(Purposes.Service, Retention.Service)]
    public string CardHolder { get; set; } = "";
}

public class TptContext(DbContextOptions<TptContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Worker>();
        modelBuilder.Entity<Expense>().ToTable("Expenses").HasOne<Worker>().WithMany().HasForeignKey(e => e.WorkerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<CardExpense>().ToTable("CardExpenses");
        modelBuilder.AddPrivacyAudit();
    }
}
