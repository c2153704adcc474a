using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

// A fifth fresh tester's defect 4 (a two-party row's pointers all followed the row's owner) and plan-note findings a-c, on
// the models of tests/Ncs.Privacy.Testing/Ownership/Break5PartyShapes.cs; each on SQLite and PostgreSQL.
public sealed class Break5PartyTests
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

    /// <summary>A step is deleted with the subject or kept: its notes never say both.</summary>
    private static void AssertNotesAgree(ErasurePlan plan)
    {
        foreach (var step in plan.Steps.Where(s => s.Action != ErasureRowAction.Delete))
        {
            Assert.DoesNotContain(step.Notes, n => n.Code is "DeletedWithSubject" or "HangsOnErasedRow");
        }
    }

    private static Task<OwnershipWorld<DealContext>> DealWorldAsync(DatabaseProvider provider)
        => OwnershipWorld<DealContext>.CreateAsync(provider, o => new DealContext(o), async c =>
        {
            c.AddRange(new Trader { Id = 1, Name = "one-name" }, new Trader { Id = 2, Name = "two-name" }, new Trader { Id = 3, Name = "three-name" });
            c.AddRange(new Signature { Id = 10, Image = "one-sig" }, new Signature { Id = 11, Image = "two-sig" }, new Signature { Id = 12, Image = "two-seal" }, new Signature { Id = 13, Image = "three-sig" });
            c.Add(new SellerStamp { Id = 20, Image = "two-stamp" });
            await c.SaveChangesAsync();
            c.Add(new Deal
            {
                Id = 100, BuyerId = 1, SellerId = 2, BuyerTerms = "one-terms", SellerTerms = "two-terms",
                BuyerSignatureId = 10, SellerSignatureId = 11, SellerStampId = 20, Seal = new DealSeal { ImageId = 12, Code = "seal-code" },
            });
            c.Add(new Deal { Id = 101, BuyerId = 3, SellerId = 2, BuyerTerms = "three-terms", SellerTerms = "two-other-terms", BuyerSignatureId = 13 });
            await c.SaveChangesAsync();
        });

    // Defect 4 (the tester's S13): a deal is the buyer's row and its SellerTerms name Seller; the seller's signature, stamp and
    // the seal image inside the deal's owned value are decided IsAboutSubject(nameof(Deal.Seller)). The buyer's export has the
    // buyer's signature only; the seller's has the seller's signature, stamp and seal. It failed when every pointer of the deal
    // followed its owner: the buyer's export had the seller's signature and the buyer's erasure anonymised it.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_two_party_rows_pointers_are_in_the_export_of_the_party_they_are_about(DatabaseProvider provider)
    {
        await using var world = await DealWorldAsync(provider);
        var buyer = await world.ExportAsync(1);
        AssertPresent(buyer, "one-name", "one-terms", "one-sig");
        AssertAbsent(buyer, "two-", "three-");
        var seller = await world.ExportAsync(2);
        AssertPresent(seller, "two-name", "two-terms", "two-other-terms", "two-sig", "two-stamp", "two-seal");
        AssertAbsent(seller, "one-", "three-");
        var third = await world.ExportAsync(3);
        AssertPresent(third, "three-sig");
        AssertAbsent(third, "one-", "two-sig", "two-stamp", "two-seal");
    }

    // The buyer's erasure never touches the seller's data: the deal stays (it holds the seller's fields), the buyer's signature
    // is kept for it anonymised, the seller's signature, stamp and seal stay as they are. Then the seller's erasure, with the
    // deals kept for the buyers' fields, keeps what they point to anonymised: no value of either party remains.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_buyers_erasure_leaves_the_sellers_pointed_to_rows_and_the_sellers_erases_them(DatabaseProvider provider)
    {
        await using var world = await DealWorldAsync(provider);
        var plan = await world.PlanAsync(1);
        AssertNotesAgree(plan);
        Assert.DoesNotContain(plan.Steps, s => s.EntityType.EndsWith(nameof(SellerStamp), StringComparison.Ordinal) && s.RowCount > 0);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-");
        AssertPresent(dump, "two-sig", "two-stamp", "two-seal", "two-terms", "three-sig", "three-terms");
        AssertPresent(await world.ExportAsync(2), "two-sig", "two-stamp", "two-seal");

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        dump = await world.DumpAsync();
        AssertAbsent(dump, "one-", "two-");
        AssertPresent(dump, "three-name", "three-sig", "three-terms", "seal-code");
    }

    // The other order: the seller first. The buyer's deal stays with the buyer's terms and signature unchanged; the seller's
    // signature, stamp and seal are kept for it (it refers to them), anonymised, through the seller's share of the deal.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_sellers_erasure_keeps_the_buyers_data_and_anonymises_the_sellers_pointed_to_rows(DatabaseProvider provider)
    {
        await using var world = await DealWorldAsync(provider);
        var plan = await world.PlanAsync(2);
        AssertNotesAgree(plan);
        var stamp = Assert.Single(plan.Steps, s => s.EntityType.EndsWith(nameof(SellerStamp), StringComparison.Ordinal) && s.RowCount > 0);
        Assert.Equal((ErasureRowSelection.ReferencedByKeptRows, ErasureRowAction.Anonymise), (stamp.Rows, stamp.Action));
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        var dump = await world.DumpAsync();
        AssertAbsent(dump, "two-");
        AssertPresent(dump, "one-name", "one-terms", "one-sig", "three-sig");
        var buyer = await world.ExportAsync(1);
        AssertPresent(buyer, "one-terms", "one-sig");
    }

    private static Task<OwnershipWorld<LetterContext>> LetterWorldAsync(DatabaseProvider provider)
        => OwnershipWorld<LetterContext>.CreateAsync(provider, o => new LetterContext(o), async c =>
        {
            c.AddRange(new Trader { Id = 1, Name = "one-name" }, new Trader { Id = 2, Name = "two-name" });
            c.AddRange(new LetterFile { Id = 30, FileName = "one-file" }, new LetterFile { Id = 31, FileName = "two-reply" }, new LetterFile { Id = 32, FileName = "one-draft-file" });
            await c.SaveChangesAsync();
            c.AddRange(
                new Letter { Id = 200, SenderId = 1, RecipientId = 2, Body = "one-body", RecipientLabel = "two-label", SenderFileId = 30, ReplyFileId = 31 },
                new Letter { Id = 201, SenderId = 1, RecipientId = null, Body = "one-draft", SenderFileId = 32 });
            await c.SaveChangesAsync();
        });

    // A shape the tester did not list: a letter (the sender's row, the recipient's label naming Recipient) whose sender and
    // recipient each point to a file. Each file is in its party's export only; the recipient's erasure erases the reply file
    // and the label and leaves the sender's; the sender's erasure deletes the draft (no recipient) with its file and keeps
    // the letter the recipient was in anonymised, with its file.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Each_party_of_a_letter_owns_the_file_it_attached(DatabaseProvider provider)
    {
        await using var world = await LetterWorldAsync(provider);
        var sender = await world.ExportAsync(1);
        AssertPresent(sender, "one-body", "one-file", "one-draft-file");
        AssertAbsent(sender, "two-");
        var recipient = await world.ExportAsync(2);
        AssertPresent(recipient, "two-label", "two-reply");
        AssertAbsent(recipient, "one-");

        AssertNotesAgree(await world.PlanAsync(2));
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        var dump = await world.DumpAsync();
        AssertAbsent(dump, "two-");
        AssertPresent(dump, "one-body", "one-file", "one-draft-file");

        AssertNotesAgree(await world.PlanAsync(1));
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        dump = await world.DumpAsync();
        AssertAbsent(dump, "one-", "two-");
        await using var scope = world.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<LetterContext>();
        Assert.False(await context.Set<LetterFile>().AnyAsync(f => f.Id == 32));
        Assert.False(await context.Set<Letter>().AnyAsync(l => l.Id == 201));
    }

    // Start-up asks whose data each pointer of a two-party row points to, naming the pointers found (on the row and in its
    // owned value), and not the one already decided.
    [Fact]
    public void Undecided_pointers_of_a_two_party_row_are_refused_with_the_pointers_named()
    {
        var problem = Assert.Single(OwnershipModels.Refused<UndecidedDealContext>(o => new UndecidedDealContext(o)).Problems,
            p => p.EntityType == nameof(Deal) && p.Message.Contains("two parties", StringComparison.Ordinal));
        Assert.Equal(PrivacyModelProblemKind.AmbiguousOwnership, problem.Kind);
        AssertPresent(problem.Message, "Deal.BuyerSignatureId", "Deal.SellerSignatureId", "DealSeal.ImageId", "IsAboutSubject(nameof(Deal.Seller))", "IsAboutRowOwner()");
        AssertAbsent(problem.Message, "SellerStampId");
    }

    // IsNotOwnership() on the only reference to the stamps made them nobody's: start-up says so, naming the reference.
    [Fact]
    public void A_personal_type_that_is_nobodys_because_of_IsNotOwnership_is_refused()
    {
        var problem = Assert.Single(OwnershipModels.Refused<HiddenStampDealContext>(o => new HiddenStampDealContext(o)).Problems);
        Assert.Equal((PrivacyModelProblemKind.AmbiguousOwnership, nameof(SellerStamp)), (problem.Kind, problem.EntityType));
        AssertPresent(problem.Message, "Deal.SellerStampId", "IsNotOwnership()", "IsAboutSubject");
    }

    // A decision must name a party of the row.
    [Fact]
    public void A_pointer_decided_about_no_party_of_the_row_is_refused()
    {
        var problem = Assert.Single(OwnershipModels.Refused<NoSuchPartyDealContext>(o => new NoSuchPartyDealContext(o)).Problems);
        AssertPresent(problem.Message, "Deal.BuyerSignatureId", "IsAboutSubject(\"Broker\")", "Seller");
    }

    // Minor a: one row of a type the subject both links (many-to-many address book) and points to (billing address) got an
    // "anonymise" step and a "delete" step, counted twice. It is now decided once, by the pointed-to steps: deleted.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_row_in_the_address_book_that_is_also_the_billing_address_gets_one_step(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<AddressBookContext>.CreateAsync(provider, o => new AddressBookContext(o), async c =>
        {
            c.AddRange(new PostalAddress { Id = 10, Street = "one-book-and-billing" }, new PostalAddress { Id = 11, Street = "shared-book-street" });
            await c.SaveChangesAsync();
            var one = new Shopper { Id = 1, Name = "one-name", BillingAddressId = 10 };
            var two = new Shopper { Id = 2, Name = "two-name" };
            c.AddRange(one, two);
            await c.SaveChangesAsync();
            one.Addresses.Add(c.Find<PostalAddress>(10)!);
            one.Addresses.Add(c.Find<PostalAddress>(11)!);
            two.Addresses.Add(c.Find<PostalAddress>(11)!);
            await c.SaveChangesAsync();
        });

        var plan = await world.PlanAsync(1);
        var addresses = plan.Steps.Where(s => s.EntityType.EndsWith(nameof(PostalAddress), StringComparison.Ordinal)).ToArray();
        Assert.Equal(2L, addresses.Sum(s => s.RowCount)); // two rows, each in one step
        Assert.Single(addresses, s => s.RowCount == 1 && s.Action == ErasureRowAction.Delete && s.PointedTo);
        Assert.Single(addresses, s => s.RowCount == 1 && s.Action == ErasureRowAction.Retain && s.Rows == ErasureRowSelection.SharedWithOthers);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        AssertAbsent(dump, "one-");
        AssertPresent(dump, "shared-book-street", "two-name");
    }

    // Minor b: a pointed-to row the planner keeps because a kept row refers to it (a portrait that points back to its
    // uploader keeps the uploader's row, which points to it) said "deleted with the subject ...; kept because ...".
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_kept_pointed_to_row_is_not_also_said_to_be_deleted(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<PortraitCycleContext>.CreateAsync(provider, o => new PortraitCycleContext(o), async c =>
        {
            c.Add(new Client { Id = 1, Name = "one-name" });
            await c.SaveChangesAsync();
            c.Add(new Portrait { Id = 10, Caption = "one-own-portrait", UploadedById = 1 });
            await c.SaveChangesAsync();
            (await c.Set<Client>().SingleAsync(x => x.Id == 1)).PortraitId = 10;
            await c.SaveChangesAsync();
        });

        var plan = await world.PlanAsync(1);
        AssertNotesAgree(plan);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        AssertAbsent(await world.DumpAsync(), "one-");
    }

    private sealed class OrderClaim : IErasureGuard
    {
        public ValueTask<IReadOnlyList<ErasureObjection>> CheckAsync(ErasureGuardContext context, CancellationToken cancellationToken)
            => ValueTask.FromResult<IReadOnlyList<ErasureObjection>>([new ErasureObjection("Open claim on the orders.") { Basis = "Art. 17(3)(e)", EntityTypes = [typeof(AddressedOrder)] }]);
    }

    // Minor c: a guard keeps the subject's order whole; its address copy stays as it is for it. The plan says so
    // (keptWithRetainedRows), not "shared with others", since no one else's row refers to it; an address another shopper's
    // order uses is still "shared with others".
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_address_kept_for_the_subjects_guarded_order_is_not_said_to_be_shared(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<AddressBookContext>.CreateAsync(provider, o => new AddressBookContext(o), async c =>
        {
            c.AddRange(new PostalAddress { Id = 12, Street = "one-order-copy" }, new PostalAddress { Id = 13, Street = "both-order-copy" });
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.AddRange(new AddressedOrder { Id = 100, ShopperId = 1, ShippingAddressId = 12, Total = 5m }, new AddressedOrder { Id = 101, ShopperId = 1, ShippingAddressId = 13, Total = 6m }, new AddressedOrder { Id = 200, ShopperId = 2, ShippingAddressId = 13, Total = 7m });
            await c.SaveChangesAsync();
        }, new OrderClaim());

        var plan = await world.PlanAsync(1);
        AssertNotesAgree(plan);
        var addresses = plan.Steps.Where(s => s.EntityType.EndsWith(nameof(PostalAddress), StringComparison.Ordinal) && s.RowCount > 0).ToArray();
        var own = Assert.Single(addresses, s => s.Rows == ErasureRowSelection.KeptWithRetainedRows);
        Assert.Equal((ErasureRowAction.Retain, 1L), (own.Action, own.RowCount));
        Assert.Contains(own.Notes, n => n.Code == "KeptWholeOwnRowsReferToIt");
        var shared = Assert.Single(addresses, s => s.Rows == ErasureRowSelection.SharedWithOthers);
        Assert.Equal(1L, shared.RowCount);
        Assert.Equal(ErasureStatus.Applied, (await world.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);
        AssertPresent(await world.DumpAsync(), "one-order-copy", "both-order-copy");
    }
}
