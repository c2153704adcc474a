using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

// A fourth fresh tester's models of rows the subject points to (tests/Ncs.Privacy.Testing/Ownership/Break4Shapes.cs);
// each test states the promise it checks, on SQLite and PostgreSQL.
public sealed class Break4OwnershipTests
{
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

    // Rule 9 with a TPT hierarchy: the applicant points to a passport scan whose base row (title) and derived row
    // (number) are in two tables. The export has both; an Applied erasure leaves neither, and the other applicant's stays.
    // It failed when the key-to-key link of the derived table to its base row counted as a row referring to the scan: the
    // plan put the scan under "sharedWithOthers" and kept both tables' values after "Applied". (TPH, the test below, held.)
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_pointed_to_row_of_a_tpt_type_is_exported_and_erased_in_both_tables(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<TptDocumentContext>.CreateAsync(provider, o => new TptDocumentContext(o), async c =>
        {
            c.AddRange(new PassportScan { Id = 10, Title = "one-title", PassportNumber = "one-passport" }, new PassportScan { Id = 11, Title = "two-title", PassportNumber = "two-passport" });
            await c.SaveChangesAsync();
            c.AddRange(new Applicant { Id = 1, Name = "one-name", DocumentId = 10 }, new Applicant { Id = 2, Name = "two-name", DocumentId = 11 });
            await c.SaveChangesAsync();
        });

        var export = await world.ExportAsync(1);
        AssertPresent(export, "one-name", "one-title", "one-passport");
        AssertAbsent(export, "two-");
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-");
        AssertPresent(dump, "two-name", "two-title", "two-passport");
    }

    // The same with a TPH hierarchy (one table, a discriminator).
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_pointed_to_row_of_a_tph_type_is_exported_and_erased(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<TphDocumentContext>.CreateAsync(provider, o => new TphDocumentContext(o), async c =>
        {
            c.AddRange(new PassportScan { Id = 10, Title = "one-title", PassportNumber = "one-passport" }, new IdentityDocument { Id = 11, Title = "two-title" });
            await c.SaveChangesAsync();
            c.AddRange(new Applicant { Id = 1, Name = "one-name", DocumentId = 10 }, new Applicant { Id = 2, Name = "two-name", DocumentId = 11 });
            await c.SaveChangesAsync();
        });

        var export = await world.ExportAsync(1);
        AssertPresent(export, "one-name", "one-title", "one-passport");
        AssertAbsent(export, "two-");
        var two = await world.ExportAsync(2);
        AssertPresent(two, "two-title");
        AssertAbsent(two, "one-");
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-");
        AssertPresent(dump, "two-name", "two-title");
    }

    // Rule 9 with a key behind a value converter (a strongly-typed AccessBadgeKey stored as an integer): the executor reads the
    // pointed-to keys first and deletes by them.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_pointed_to_row_keyed_by_a_converted_strongly_typed_id_is_erased(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<AccessBadgeContext>.CreateAsync(provider, o => new AccessBadgeContext(o), async c =>
        {
            c.AddRange(new AccessBadge { Id = new AccessBadgeKey(10), PrintedName = "one-badge" }, new AccessBadge { Id = new AccessBadgeKey(11), PrintedName = "two-badge" });
            await c.SaveChangesAsync();
            c.AddRange(new Applicant { Id = 1, Name = "one-name", BadgeId = new AccessBadgeKey(10) }, new Applicant { Id = 2, Name = "two-name", BadgeId = new AccessBadgeKey(11) });
            await c.SaveChangesAsync();
        });

        var export = await world.ExportAsync(1);
        AssertPresent(export, "one-name", "one-badge");
        AssertAbsent(export, "two-");
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-");
        AssertPresent(dump, "two-name", "two-badge");
    }

    // Rule 9 with a composite key (site, number): the locker is anonymised (no single key column), its door label gone;
    // a locker with the same number at another site, pointed to by another applicant, is untouched.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_pointed_to_row_with_a_composite_key_loses_the_subjects_values_and_only_those(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<SiteLockerContext>.CreateAsync(provider, o => new SiteLockerContext(o), async c =>
        {
            c.AddRange(new SiteLocker { Site = "A", Number = 7, DoorLabel = "one-door" }, new SiteLocker { Site = "B", Number = 7, DoorLabel = "two-door" }, new SiteLocker { Site = "A", Number = 8, DoorLabel = "nobody-door" });
            await c.SaveChangesAsync();
            c.AddRange(new Applicant { Id = 1, Name = "one-name", LockerSite = "A", LockerNumber = 7 }, new Applicant { Id = 2, Name = "two-name", LockerSite = "B", LockerNumber = 7 });
            await c.SaveChangesAsync();
        });

        var export = await world.ExportAsync(1);
        AssertPresent(export, "one-name", "one-door");
        AssertAbsent(export, "two-", "nobody-door");
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-");
        AssertPresent(dump, "two-name", "two-door", "nobody-door");
    }

    // Nothing lost that must stay: an order under the bookkeeping hold points to its address copy with EF Core's
    // default (cascading) delete. The order stays, so the address must stay (anonymised at most); deleting it would
    // cascade to the held order in the database.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_address_a_held_order_points_to_stays_and_the_held_order_with_it(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<LedgerOrderContext>.CreateAsync(provider, o => new LedgerOrderContext(o), async c =>
        {
            c.AddRange(new Client { Id = 1, Name = "one-name" }, new Client { Id = 2, Name = "two-name" });
            c.AddRange(new ShipAddress { Id = 10, Street = "one-street-held" }, new ShipAddress { Id = 11, Street = "one-street-old" }, new ShipAddress { Id = 12, Street = "two-street" });
            await c.SaveChangesAsync();
            c.AddRange(
                new LedgerOrder { Id = 100, ClientId = 1, ShippingAddressId = 10, OrderedAt = new DateOnly(2025, 3, 15), BillingName = "one-billing-held" },
                new LedgerOrder { Id = 101, ClientId = 1, ShippingAddressId = 11, OrderedAt = new DateOnly(2010, 3, 15), BillingName = "one-billing-old" },
                new LedgerOrder { Id = 102, ClientId = 2, ShippingAddressId = 12, OrderedAt = new DateOnly(2025, 3, 15), BillingName = "two-billing" });
            await c.SaveChangesAsync();
        });

        var export = await world.ExportAsync(1);
        AssertPresent(export, "one-street-held", "one-street-old", "one-billing-held");
        AssertAbsent(export, "two-");
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        AssertPresent(dump, "one-billing-held", "two-name", "two-street", "two-billing");
        AssertAbsent(dump, "one-name", "one-street-old", "one-billing-old");
        await using var scope = world.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<LedgerOrderContext>();
        Assert.True(await context.Set<LedgerOrder>().AnyAsync(o => o.Id == 100));
        Assert.True(await context.Set<ShipAddress>().AnyAsync(a => a.Id == 10));
    }

    // A cycle through a pointed-to row: the client's picture points back to its uploader (not ownership). Erasing the
    // client who uploaded and uses it applies and leaves none of their values; erasing a client whose picture another
    // client uploaded erases the picture (nothing that stays refers to it) and keeps the uploader.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_pointed_to_portrait_that_points_back_to_its_uploader_is_erased_and_the_erasure_applies(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<PortraitCycleContext>.CreateAsync(provider, o => new PortraitCycleContext(o), async c =>
        {
            c.AddRange(new Client { Id = 1, Name = "one-name" }, new Client { Id = 2, Name = "two-name" }, new Client { Id = 3, Name = "three-name" });
            await c.SaveChangesAsync();
            c.AddRange(new Portrait { Id = 10, Caption = "one-own-portrait", UploadedById = 1 }, new Portrait { Id = 11, Caption = "three-portrait-by-two", UploadedById = 2 });
            await c.SaveChangesAsync();
            (await c.Set<Client>().SingleAsync(x => x.Id == 1)).PortraitId = 10;
            (await c.Set<Client>().SingleAsync(x => x.Id == 3)).PortraitId = 11;
            await c.SaveChangesAsync();
        });

        var export = await world.ExportAsync(1);
        AssertPresent(export, "one-name", "one-own-portrait");
        AssertAbsent(export, "two-", "three-");
        AssertAbsent(await world.ExportAsync(2), "three-portrait-by-two");
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(3)).Status);
        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-", "three-");
        AssertPresent(dump, "two-name");
    }

    // A row pointed to by a two-party row: the note is the sender's, its label about the recipient is the recipient's,
    // and the attachment it points to is the sender's data. The recipient's export does not show the sender's file, and
    // erasing the recipient keeps it (the note stays, the sender's).
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_attachment_of_a_note_is_the_senders_and_not_in_the_recipients_export_or_erasure(DatabaseProvider provider)
    {
        await using var world = await NoteWorldAsync(provider);
        AssertPresent(await world.ExportAsync(1), "one-body", "one-file");
        var two = await world.ExportAsync(2);
        AssertPresent(two, "two-label");
        AssertAbsent(two, "one-");
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        var dump = await world.DumpAsync();
        AssertPresent(dump, "one-name", "one-body", "one-file");
        AssertAbsent(dump, "two-");
    }

    // Nothing kept that must go: erasing the sender keeps the note anonymised (it also holds the recipient's label) and,
    // since only that anonymised row of the sender's own refers to the attachment, the attachment must be erased or
    // anonymised with it. Today the plan retains it unchanged as "sharedWithOthers" ("other rows refer to it too"), and
    // the sender's file name survives an "Applied" erasure.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_attachment_only_the_erased_senders_kept_note_points_to_does_not_survive_the_erasure(DatabaseProvider provider)
    {
        await using var world = await NoteWorldAsync(provider);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        AssertAbsent(await world.DumpAsync(), "one-");
    }

    private static Task<OwnershipWorld<ClientNoteContext>> NoteWorldAsync(DatabaseProvider provider)
        => OwnershipWorld<ClientNoteContext>.CreateAsync(provider, o => new ClientNoteContext(o), async c =>
        {
            c.AddRange(new Client { Id = 1, Name = "one-name" }, new Client { Id = 2, Name = "two-name" });
            c.Add(new MessageAttachment { Id = 10, FileName = "one-file" });
            await c.SaveChangesAsync();
            c.Add(new ClientNote { Id = 100, SenderId = 1, RecipientId = 2, AttachmentId = 10, Body = "one-body", RecipientLabel = "two-label" });
            await c.SaveChangesAsync();
        });

    // The same kind with a legal hold: only the subject's own order, kept for bookkeeping (BillingName), points to the
    // address copy; the street serves the account purpose, not bookkeeping, so it must be anonymised with the subject
    // ("kept (anonymised)", rule 9). Today the plan retains it unchanged ("other rows refer to it too") and the street
    // survives an "Applied" erasure.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_address_only_the_subjects_held_order_points_to_is_anonymised_not_kept_as_is(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<LedgerOrderContext>.CreateAsync(provider, o => new LedgerOrderContext(o), async c =>
        {
            c.AddRange(new Client { Id = 1, Name = "one-name" }, new Client { Id = 2, Name = "two-name" });
            c.AddRange(new ShipAddress { Id = 10, Street = "one-street-held" }, new ShipAddress { Id = 12, Street = "two-street" });
            await c.SaveChangesAsync();
            c.AddRange(
                new LedgerOrder { Id = 100, ClientId = 1, ShippingAddressId = 10, OrderedAt = new DateOnly(2025, 3, 15), BillingName = "one-billing-held" },
                new LedgerOrder { Id = 102, ClientId = 2, ShippingAddressId = 12, OrderedAt = new DateOnly(2025, 3, 15), BillingName = "two-billing" });
            await c.SaveChangesAsync();
        });

        var plan = await world.PlanAsync(1);
        Assert.DoesNotContain(plan.Steps, s => s.Entity == nameof(ShipAddress) && s.Rows == ErasureRowSelection.SharedWithOthers && s.RowCount > 0);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        AssertPresent(dump, "one-billing-held", "two-street", "two-billing");
        AssertAbsent(dump, "one-street-held", "one-name");
    }

    // "Something else refers to it" includes owned collections in tables of their own: another client's gallery
    // (Showcase.OwnsMany(Items)) shows client 1's picture, so erasing client 1 keeps it and the erasure applies.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_picture_another_clients_owned_gallery_shows_stays_when_its_user_is_erased(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<GalleryContext>.CreateAsync(provider, o => new GalleryContext(o), async c =>
        {
            c.AddRange(new Portrait { Id = 10, Caption = "shared-caption" }, new Portrait { Id = 11, Caption = "one-only-caption" });
            await c.SaveChangesAsync();
            c.AddRange(new Client { Id = 1, Name = "one-name", PortraitId = 10 }, new Client { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.Add(new Showcase { Id = 50, ClientId = 2, Items = [new GalleryItem { PortraitId = 10, Position = 1 }] });
            await c.SaveChangesAsync();
        });

        AssertPresent(await world.ExportAsync(1), "shared-caption");
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-name");
        AssertPresent(dump, "two-name");
        await using var scope = world.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<GalleryContext>();
        Assert.Equal(1, await context.Set<Showcase>().SelectMany(s => s.Items).CountAsync());
        Assert.True(await context.Set<Portrait>().AnyAsync(p => p.Id == 10));
    }
}
