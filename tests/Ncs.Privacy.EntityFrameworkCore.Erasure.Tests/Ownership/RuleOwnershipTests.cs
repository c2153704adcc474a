using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

// The rules behind the fresh tester's seven findings (BreakOwnershipTests), each on a shape the tester did not list
// (tests/Ncs.Privacy.Testing/Ownership/RuleShapes.cs), on SQLite and PostgreSQL.
public sealed class RuleOwnershipTests
{
    private static async Task SeedHomesAsync(HomeContext c, bool otherTenantShipsToHome)
    {
        c.AddRange(new Home { Id = 10, Street = "one-street" }, new Home { Id = 20, Street = "two-street" });
        await c.SaveChangesAsync();
        c.AddRange(new Resident { Id = 1, Name = "one-name", TenantId = 1, HomeId = 10 }, new Resident { Id = 2, Name = "two-name", TenantId = 2, HomeId = 20 });
        await c.SaveChangesAsync();
        c.AddRange(
            new Parcel { Id = 100, ResidentId = 1, HomeId = 10, TenantId = 1, Label = "one-parcel" },
            new Parcel { Id = 200, ResidentId = 2, HomeId = otherTenantShipsToHome ? 10 : 20, TenantId = 2, Label = "two-parcel" });
        await c.SaveChangesAsync();
    }

    private static int Rows(string dump, string entity) => dump.Split('\n').Count(l => l.StartsWith(entity + ":", StringComparison.Ordinal));

    // Rule 9, point (a): a pointed-to row only the subject's own rows refer to (the resident's home, the address of the
    // resident's own parcel) is the subject's: deleted with the subject (its rule says delete), not kept anonymised.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_home_only_the_residents_own_parcel_ships_to_is_deleted_with_the_resident(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<HomeContext>.CreateAsync(provider, (o, t) => new HomeContext(o) { Tenant = t }, c => SeedHomesAsync(c, otherTenantShipsToHome: false));
        Assert.Contains("one-street", await world.ExportAsync(1), StringComparison.Ordinal);
        var before = await world.DumpAsync();

        var plan = await world.PlanAsync(1);
        Assert.Contains(plan.Steps, s => s.EntityType == typeof(Home).FullName && s.Action == ErasureRowAction.Delete && s.RowCount == 1);
        Assert.Equal(ErasureStatus.Applied, (await world.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);

        var after = await world.DumpAsync();
        Assert.Equal(Rows(before, "Home") - 1, Rows(after, "Home"));
        Assert.DoesNotContain("one-street", after, StringComparison.Ordinal);
        Assert.DoesNotContain("one-parcel", after, StringComparison.Ordinal);
        Assert.Contains("two-street", after, StringComparison.Ordinal);
        Assert.Contains("two-parcel", after, StringComparison.Ordinal);
    }

    // Rules 9 and 11: another tenant's parcel ships to the resident's home; tenant 1's services neither see that parcel
    // nor may they delete the home it refers to. The erasure applies and the home stays as it is, listed in the plan.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_home_another_tenants_parcel_ships_to_stays_and_the_erasure_applies(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<HomeContext>.CreateAsync(provider, (o, t) => new HomeContext(o) { Tenant = t }, c => SeedHomesAsync(c, otherTenantShipsToHome: true));
        await using var tenantOne = world.ForTenant(1);
        Assert.DoesNotContain("two-parcel", await tenantOne.ExportAsync(1), StringComparison.Ordinal);
        Assert.Equal(ErasureOutcome.SubjectNotFound, (await tenantOne.PlanAsync(2)).Outcome);

        var plan = await tenantOne.PlanAsync(1);
        Assert.Contains(plan.Steps, s => s.EntityType == typeof(Home).FullName && s.Rows == ErasureRowSelection.SharedWithOthers && s.Action == ErasureRowAction.Retain && s.RowCount == 1);
        Assert.Equal(ErasureStatus.Applied, (await tenantOne.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);

        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-parcel", dump, StringComparison.Ordinal);
        Assert.Contains("one-street", dump, StringComparison.Ordinal); // tenant 2's parcel ships there
        Assert.Contains("two-parcel", dump, StringComparison.Ordinal);
        Assert.Contains("two-name", dump, StringComparison.Ordinal);
    }

    // Rule 11, point (c): a filter that is neither soft delete nor a tenant ("Archive") stays applied: archived parcels are
    // neither exported nor erased, and the resident row they refer to is kept (anonymised) so that the erasure applies.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_filter_not_declared_ignorable_stays_applied_and_the_rows_it_hides_still_count_as_references(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<HomeContext>.CreateAsync(provider, (o, t) => new HomeContext(o) { Tenant = t }, async c =>
        {
            await SeedHomesAsync(c, otherTenantShipsToHome: false);
            c.Add(new Parcel { Id = 101, ResidentId = 1, TenantId = 1, IsArchived = true, Label = "one-archived-parcel" });
            await c.SaveChangesAsync();
        });
        Assert.DoesNotContain("one-archived-parcel", await world.ExportAsync(1), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.Contains("one-archived-parcel", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.Equal(2, Rows(dump, "Resident")); // the row stays, anonymised: the archived parcel refers to it
    }

    // Point (c), the other way: once the app declares "Archive" ignorable, archived parcels are the subject's like any other.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_filter_declared_ignorable_is_ignored_by_export_and_erasure(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<HomeContext>.CreateAsync(provider, (o, t) => new HomeContext(o) { Tenant = t }, async c =>
        {
            await SeedHomesAsync(c, otherTenantShipsToHome: false);
            c.Add(new Parcel { Id = 101, ResidentId = 1, TenantId = 1, IsArchived = true, Label = "one-archived-parcel" });
            await c.SaveChangesAsync();
        }, options: o => o.SoftDeleteQueryFilters.Add("Archive"));
        Assert.Contains("one-archived-parcel", await world.ExportAsync(1), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-archived-parcel", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-street", dump, StringComparison.Ordinal);
    }

    private sealed class HeldParcelGuard : IErasureGuard
    {
        public ValueTask<IReadOnlyList<ErasureObjection>> CheckAsync(ErasureGuardContext context, CancellationToken cancellationToken)
            => ValueTask.FromResult<IReadOnlyList<ErasureObjection>>([new ErasureObjection("A parcel is in a customs dispute.") { Basis = "Art. 17(3)(e)", EntityTypes = [typeof(Parcel)] }]);
    }

    // A guard that keeps the parcels: what they refer to stays too (the resident's row, anonymised; the home they ship to,
    // as the claim needs it), and the erasure that the plan describes is the one that runs.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_guard_that_keeps_the_parcels_keeps_what_they_refer_to_and_the_plan_applies(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<HomeContext>.CreateAsync(provider, (o, t) => new HomeContext(o) { Tenant = t }, c => SeedHomesAsync(c, otherTenantShipsToHome: false), guard: new HeldParcelGuard());

        var plan = await world.PlanAsync(1);
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        Assert.Equal(ErasureStatus.Applied, (await world.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);
        var dump = await world.DumpAsync();
        Assert.Contains("one-parcel", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.Contains("one-street", dump, StringComparison.Ordinal); // the kept parcel ships there: the claim needs it as it is
        Assert.Contains(plan.Steps, s => s.EntityType == typeof(Home).FullName && s.Action == ErasureRowAction.Retain && s.RowCount == 1);
        Assert.Equal(2, Rows(dump, "Resident")); // the kept parcel refers to the resident row: kept, anonymised
    }

    // Rows that hang on a pointed-to row go with it: the tags (personal) and crops (not personal) of the resident's own
    // picture are deleted with it; those of a picture two residents use stay with it.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Rows_that_hang_on_a_pointed_to_row_go_with_it(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<PictureContext>.CreateAsync(provider, (o, t) => new PictureContext(o), async c =>
        {
            c.AddRange(new Photo { Id = 10, FileName = "one-face.jpg" }, new Photo { Id = 20, FileName = "family.jpg" });
            await c.SaveChangesAsync();
            c.AddRange(
                new Resident { Id = 1, Name = "one-name", PictureId = 10 },
                new Resident { Id = 2, Name = "two-name", PictureId = 20 },
                new Resident { Id = 3, Name = "three-name", PictureId = 20 });
            c.AddRange(new PhotoTag { Id = 80, PhotoId = 10, Label = "one-tag" }, new PhotoTag { Id = 81, PhotoId = 20, Label = "family-tag" });
            c.AddRange(new PhotoCrop { Id = 90, PhotoId = 10, Width = 101 }, new PhotoCrop { Id = 91, PhotoId = 20, Width = 202 });
            await c.SaveChangesAsync();
        });
        Assert.Contains("one-tag", await world.ExportAsync(1), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-face.jpg", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-tag", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("Width=101", dump, StringComparison.Ordinal);
        Assert.Contains("family.jpg", dump, StringComparison.Ordinal); // resident 3 still uses it
        Assert.Contains("family-tag", dump, StringComparison.Ordinal);
        Assert.Contains("Width=202", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("two-name", dump, StringComparison.Ordinal);
    }

    // Rule 8 on link rows: a many-to-many link row (a dedication of a song on an album) whose two sides belong to residents
    // reaches them by two paths; it links no subject directly, so start-up asks whose it is.
    [Fact]
    public void A_link_row_that_reaches_subjects_through_both_sides_is_refused_at_start_up()
    {
        using var context = OwnershipModels.Open<AlbumContext>(o => new AlbumContext(o));
        var problems = Assert.Throws<PrivacyModelException>(() => context.Model).Problems;
        var problem = Assert.Single(problems, p => p.Kind == PrivacyModelProblemKind.AmbiguousOwnership);
        Assert.Equal("AlbumSong", problem.EntityType);
        Assert.Contains("AlbumSong.AlbumId", problem.Message, StringComparison.Ordinal);
        Assert.Contains("AlbumSong.SongId", problem.Message, StringComparison.Ordinal);
    }

    // Point (b): IsNotOwnership() on one-to-one relationships, with either side holding the foreign key.
    [Fact]
    public void IsNotOwnership_works_on_one_to_one_relationships_either_side_dependent()
    {
        using var context = OwnershipModels.Open<LockerContext>(o => new LockerContext(o));
        var root = context.GetSubjectGraph().FindRoot(OwnershipPolicy.Customer)!;
        Assert.Null(root.Find(context.Model.FindEntityType(typeof(Locker))!)); // the locker (dependent) is not the renter's
        Assert.Null(root.Find(context.Model.FindEntityType(typeof(Home))!));   // the home (principal) is not pointed-to data of the resident
        Assert.Contains(context.GetSubjectGraph().Unreached, t => t.ClrType == typeof(Locker));
    }

    // Point (b): before HasForeignKey a one-to-one has no dependent side; the mark could land on the wrong one.
    [Fact]
    public void IsNotOwnership_before_HasForeignKey_on_a_one_to_one_is_a_clear_error()
    {
        using var context = OwnershipModels.Open<EarlyLockerContext>(o => new EarlyLockerContext(o));
        var error = Assert.Throws<InvalidOperationException>(() => context.Model);
        Assert.Contains("HasForeignKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Locker", error.Message, StringComparison.Ordinal);
    }

    // What start-up accepts runs: a cycle through a pointed-to row (the resident's flat, whose landlord is the resident)
    // is erased (the flat deleted by the keys read first, the resident's reference to it cleared), and a flat the
    // resident only lets to someone else keeps the resident's row, anonymised, and with it the flat that row points to.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_cycle_through_a_pointed_to_row_is_erased_and_a_let_flat_keeps_its_landlord(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<FlatContext>.CreateAsync(provider, (o, t) => new FlatContext(o), async c =>
        {
            c.AddRange(new Resident { Id = 1, Name = "one-name" }, new Resident { Id = 2, Name = "two-name" }, new Resident { Id = 3, Name = "three-name" });
            await c.SaveChangesAsync();
            c.AddRange(new Flat { Id = 10, LandlordId = 1, Street = "one-street" }, new Flat { Id = 20, LandlordId = 2, Street = "two-street" }, new Flat { Id = 30, LandlordId = 2, Street = "three-street" });
            await c.SaveChangesAsync();
            foreach (var (resident, flat) in new[] { (1, 10), (2, 20), (3, 30) })
            {
                c.Find<Resident>(resident)!.HomeId = flat;
            }

            await c.SaveChangesAsync();
        });

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-street", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("two-name", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("two-street", dump, StringComparison.Ordinal);
        Assert.Contains("three-street", dump, StringComparison.Ordinal); // resident 3 lives there; resident 2 only let it
        Assert.Equal(2, Rows(dump, "Resident")); // resident 2's row stays, anonymised: flat 30 names it as landlord
        Assert.DoesNotContain("Flat: Id=10;", dump, StringComparison.Ordinal); // resident 1's flat: deleted with her
        Assert.Contains("Flat: Id=20;", dump, StringComparison.Ordinal);       // resident 2's kept row still points to it: kept, anonymised
    }

    // Rule 11 with an unnamed filter declared soft delete next to a named tenant filter: the soft-deleted resident is
    // found and erased, the other tenant's parcel is neither exported nor erased, and its reference keeps the row.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_unnamed_soft_delete_filter_is_ignored_while_a_named_tenant_filter_stays(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<MixedFilterContext>.CreateAsync(provider, (o, t) => new MixedFilterContext(o) { Tenant = t }, async c =>
        {
            c.Add(new Resident { Id = 1, Name = "one-name", IsDeleted = true });
            await c.SaveChangesAsync();
            c.AddRange(new Parcel { Id = 100, ResidentId = 1, TenantId = 1, Label = "tenant-one-parcel" }, new Parcel { Id = 200, ResidentId = 1, TenantId = 2, Label = "tenant-two-parcel" });
            await c.SaveChangesAsync();
        }, options: o => o.UnnamedQueryFilters = UnnamedQueryFilterKind.SoftDelete);
        await using var tenantOne = world.ForTenant(1);
        var export = await tenantOne.ExportAsync(1);
        Assert.Contains("one-name", export, StringComparison.Ordinal);
        Assert.Contains("tenant-one-parcel", export, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant-two-parcel", export, StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await tenantOne.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant-one-parcel", dump, StringComparison.Ordinal);
        Assert.Contains("tenant-two-parcel", dump, StringComparison.Ordinal);
    }
}
