using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

// The TPT table link (SubjectGraph.IsTableLink) is one row stored in two tables, not a row that refers to another: a base
// table's row whose only "referrer" is its own derived row goes with the subject, in plain erasure and in the retention
// sweep, for a subject-owned TPT hierarchy, a TPT hierarchy of rows the subject points to, and a TPC one (which has no
// table link; its leaf rows are deleted). EF Core cannot delete TPT rows set-based, so "goes" means: its personal values
// are anonymised in both tables (docs/erasure.md), never kept as they are "because a row refers to it". Models:
// tests/Ncs.Privacy.Testing/Ownership/TableLinkShapes.cs. On SQLite and PostgreSQL.
public sealed class TableLinkOwnershipTests
{
    private static readonly DateOnly Ended = new(2010, 3, 15);   // bookkeeping hold ended 2018-01-01
    private static readonly DateOnly InForce = new(2025, 3, 15); // held until 2033-01-01

    private static readonly ErasureRowSelection[] KeptForReferrers = [ErasureRowSelection.ReferencedByKeptRows, ErasureRowSelection.SharedWithOthers];

    private static void AssertAbsent(string text, params string[] values)
    {
        foreach (var value in values)
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }

    private static void AssertPresent(string text, params string[] values)
    {
        foreach (var value in values)
        {
            Assert.Contains(value, text, StringComparison.Ordinal);
        }
    }

    private static Task<OwnershipWorld<TableLinkContext>> WorldAsync(DatabaseProvider provider, Func<TableLinkContext, Task> seed)
        => OwnershipWorld<TableLinkContext>.CreateAsync(provider, o => new TableLinkContext(o), seed);

    private static void AssertNotKeptForReferrers(ErasurePlan plan, params string[] entities)
    {
        var kept = plan.Steps.Where(s => entities.Contains(s.Entity) && KeptForReferrers.Contains(s.Rows) && s.RowCount > 0).ToArray();
        Assert.True(kept.Length == 0, "Kept because rows refer to them: " + string.Join(", ", kept.Select(s => $"{s.Entity} {s.Rows} ({s.RowCount})")));
    }

    private static Task<OwnershipWorld<TableLinkContext>> LedgerWorldAsync(DatabaseProvider provider)
        => WorldAsync(provider, async c =>
        {
            c.AddRange(new Licensee { Id = 1, Name = "one-name" }, new Licensee { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.AddRange(
                new LedgerEntry { Id = 70, LicenseeId = 1, BookedAt = Ended, Payer = "one-old-base-payer", Memo = "one-old-base-memo" },
                new CardLedgerEntry { Id = 71, LicenseeId = 1, BookedAt = Ended, Payer = "one-old-card-payer", CardHolder = "one-old-card-holder", Memo = "one-old-card-memo" },
                new CardLedgerEntry { Id = 72, LicenseeId = 1, BookedAt = InForce, Payer = "one-held-payer", CardHolder = "one-held-holder", Memo = "one-held-memo" },
                new CardLedgerEntry { Id = 73, LicenseeId = 2, BookedAt = InForce, Payer = "two-payer", CardHolder = "two-holder", Memo = "two-memo" });
            await c.SaveChangesAsync();
        });

    // Subject-owned TPT, plain erasure: the ended entries (a base-only row, and a card entry's base row whose only
    // "referrer" is its own CardLedgerEntries row) lose every value of the subject in both tables; the held entry keeps
    // only its held fields; the other licensee's entry reads as before.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_subject_owned_tpt_base_row_goes_with_the_subject_in_erasure(DatabaseProvider provider)
    {
        await using var world = await LedgerWorldAsync(provider);
        var export = await world.ExportAsync(1);
        AssertPresent(export, "one-name", "one-old-base-payer", "one-old-card-payer", "one-old-card-holder", "one-held-holder");
        AssertAbsent(export, "two-");

        var plan = await world.PlanAsync(1);
        AssertNotKeptForReferrers(plan, nameof(LedgerEntry), nameof(CardLedgerEntry));
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);

        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-name", "one-old-", "one-held-memo");
        AssertPresent(dump, "one-held-payer", "one-held-holder", "two-name", "two-payer", "two-holder", "two-memo");
    }

    // Subject-owned TPT, retention sweep: every entry whose hold ended loses its held values in both tables (the base
    // table's Payer and the derived table's CardHolder); the entries under a hold in force are untouched.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_subject_owned_tpt_base_row_goes_in_the_retention_sweep(DatabaseProvider provider)
    {
        await using var world = await LedgerWorldAsync(provider);
        var result = await world.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
        Assert.Equal(0, result.RowsDeleted); // TPT rows cannot be deleted set-based: anonymised, table by table
        Assert.Equal(3, result.RowsAnonymised); // Payer of 70 and 71 (base table), CardHolder of 71 (derived table)

        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-old-base-payer", "one-old-card-payer", "one-old-card-holder");
        AssertPresent(dump, "one-held-payer", "one-held-holder", "two-payer", "two-holder");
        Assert.Empty((await world.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync()).Entries);
    }

    private static Task<OwnershipWorld<TableLinkContext>> CredentialWorldAsync(DatabaseProvider provider)
        => WorldAsync(provider, async c =>
        {
            c.AddRange(
                new PassCredential { Id = 10, IssuedAt = Ended, Title = "one-pass-title", Number = "one-pass-number" },
                new PassCredential { Id = 11, IssuedAt = Ended, Title = "two-pass-title", Number = "two-pass-number" },
                new Credential { Id = 12, IssuedAt = Ended, Title = "three-base-title" },
                new PassCredential { Id = 13, IssuedAt = Ended, Title = "nobody-pass-title", Number = "nobody-pass-number" },
                new PassCredential { Id = 14, IssuedAt = InForce, Title = "four-held-title", Number = "four-held-number" });
            await c.SaveChangesAsync();
            c.AddRange(
                new Licensee { Id = 1, Name = "one-name", CredentialId = 10 },
                new Licensee { Id = 2, Name = "two-name", CredentialId = 11 },
                new Licensee { Id = 3, Name = "three-name", CredentialId = 12 },
                new Licensee { Id = 4, Name = "four-name", CredentialId = 14 });
            await c.SaveChangesAsync();
        });

    // Pointed-to TPT, plain erasure: the pass licensee 1 points to (its base row referred to only by its own derived row
    // besides the licensee) and the base-only credential licensee 3 points to are erased in both tables; licensee 2's
    // pass is untouched.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_pointed_to_tpt_base_row_goes_with_the_subject_in_erasure(DatabaseProvider provider)
    {
        await using var world = await CredentialWorldAsync(provider);
        var export = await world.ExportAsync(1);
        AssertPresent(export, "one-name", "one-pass-title", "one-pass-number");
        AssertAbsent(export, "two-", "three-", "nobody-");
        AssertPresent(await world.ExportAsync(3), "three-base-title");

        AssertNotKeptForReferrers(await world.PlanAsync(1), nameof(Credential), nameof(PassCredential));
        AssertNotKeptForReferrers(await world.PlanAsync(3), nameof(Credential), nameof(PassCredential));
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(3)).Status);

        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-", "three-");
        AssertPresent(dump, "two-name", "two-pass-title", "two-pass-number", "nobody-pass-title", "four-held-title");
    }

    // Pointed-to TPT, retention sweep: every credential whose hold ended is anonymised in both tables, whether a licensee
    // points to it or nothing does; the held one is untouched.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_pointed_to_tpt_base_row_goes_in_the_retention_sweep(DatabaseProvider provider)
    {
        await using var world = await CredentialWorldAsync(provider);
        var result = await world.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
        Assert.Equal(0, result.RowsDeleted);

        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-pass-", "two-pass-", "three-base-title", "nobody-pass-");
        AssertPresent(dump, "four-held-title", "four-held-number", "one-name");
        Assert.Empty((await world.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync()).Entries);
    }

    private static Task<OwnershipWorld<TableLinkContext>> LicenceWorldAsync(DatabaseProvider provider)
        => WorldAsync(provider, async c =>
        {
            c.AddRange(
                new DrivingLicence { Id = 20, IssuedAt = Ended, Title = "one-driving-title", Number = "one-driving-number" },
                new FishingLicence { Id = 21, IssuedAt = Ended, Title = "two-fishing-title", Water = "two-fishing-water" },
                new FishingLicence { Id = 22, IssuedAt = Ended, Title = "shared-fishing-title", Water = "shared-fishing-water" },
                new DrivingLicence { Id = 23, IssuedAt = Ended, Title = "nobody-driving-title", Number = "nobody-driving-number" },
                new FishingLicence { Id = 24, IssuedAt = InForce, Title = "five-held-title", Water = "five-held-water" });
            await c.SaveChangesAsync();
            c.AddRange(
                new Licensee { Id = 1, Name = "one-name", LicenceId = 20 },
                new Licensee { Id = 2, Name = "two-name", LicenceId = 21 },
                new Licensee { Id = 3, Name = "three-name", LicenceId = 22 },
                new Licensee { Id = 4, Name = "four-name", LicenceId = 22 },
                new Licensee { Id = 5, Name = "five-name", LicenceId = 24 });
            await c.SaveChangesAsync();
        });

    // Pointed-to TPC, plain erasure: licensee 1's driving licence (a leaf table's row, no table link) is deleted; the
    // fishing licence licensees 3 and 4 share stays when licensee 3 is erased; licensee 2's is untouched.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_pointed_to_tpc_row_goes_with_the_subject_in_erasure(DatabaseProvider provider)
    {
        await using var world = await LicenceWorldAsync(provider);
        var export = await world.ExportAsync(1);
        AssertPresent(export, "one-name", "one-driving-title", "one-driving-number");
        AssertAbsent(export, "two-", "shared-", "nobody-", "five-");
        AssertPresent(await world.ExportAsync(3), "shared-fishing-title", "shared-fishing-water");

        AssertNotKeptForReferrers(await world.PlanAsync(1), nameof(Licence), nameof(DrivingLicence), nameof(FishingLicence));
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(3)).Status);

        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-", "three-name");
        AssertPresent(dump, "two-name", "two-fishing-title", "shared-fishing-title", "shared-fishing-water", "four-name", "nobody-driving-title");
        await using var scope = world.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TableLinkContext>();
        Assert.False(await context.Set<DrivingLicence>().AnyAsync(l => l.Id == 20));
        Assert.True(await context.Set<FishingLicence>().AnyAsync(l => l.Id == 22));
    }

    // Pointed-to TPC, retention sweep: an ended licence nothing refers to is deleted from its leaf table; one a licensee
    // still points to is anonymised (the licensee's row needs it); a held one is untouched.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_pointed_to_tpc_row_goes_in_the_retention_sweep(DatabaseProvider provider)
    {
        await using var world = await LicenceWorldAsync(provider);
        var result = await world.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
        Assert.Equal(1, result.RowsDeleted); // licence 23

        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-driving-", "two-fishing-", "shared-fishing-", "nobody-driving-");
        AssertPresent(dump, "five-held-title", "five-held-water", "one-name");
        await using var scope = world.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TableLinkContext>();
        Assert.False(await context.Set<DrivingLicence>().AnyAsync(l => l.Id == 23));
        Assert.Equal([20, 21, 22, 24], (await context.Set<Licence>().Select(l => l.Id).ToListAsync()).Order());
        Assert.Empty((await world.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync()).Entries);
    }

    // A legal hold on a pointed-to row's own fields (counted from its own anchor) keeps them while it is in force, in a TPT
    // hierarchy (both tables) and a TPC one: erasing the licensee retains the held title and number, the licensee's name
    // goes, and the plan says "under legal hold" with the hold's end. (The hold's fields used to be anonymised with the
    // subject, and rows whose hold had ended were kept anonymised instead of deleted.)
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_pointed_to_row_under_a_hold_in_force_keeps_its_held_fields(DatabaseProvider provider)
    {
        await using (var world = await CredentialWorldAsync(provider))
        {
            var plan = await world.PlanAsync(4);
            var held = Assert.Single(plan.Steps, s => s.Entity == nameof(PassCredential) && s.Rows == ErasureRowSelection.LegalHoldInForce && s.RowCount > 0);
            Assert.Contains(held.Retention, r => r.Until == new DateTimeOffset(2033, 1, 1, 0, 0, 0, TimeSpan.Zero));
            Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(4)).Status);
            var dump = await world.DumpAsync();
            AssertPresent(dump, "four-held-title", "four-held-number");
            AssertAbsent(dump, "four-name");
        }

        await using (var world = await LicenceWorldAsync(provider))
        {
            Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(5)).Status);
            var dump = await world.DumpAsync();
            AssertPresent(dump, "five-held-title", "five-held-water");
            AssertAbsent(dump, "five-name");
        }
    }
}
