using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

// A third fresh tester's models, taken from shapes real applications have (tests/Ncs.Privacy.Testing/Ownership/
// Break3Shapes.cs); each test states the promise it checks, on SQLite and PostgreSQL.
public sealed class Break3OwnershipTests
{
    // Rule 3 with a row no subject owns: a chat room's seats are an owned collection (the DDD aggregate: Huddle owns its
    // Seats, each seat refers to the customer in it). An owned type is exported and erased only with its owner, and no
    // subject owns the room, so the seat's nickname was in no export and stayed after an Applied erasure, and the start-up
    // warning about unreached personal data left owned types out. Start-up now refuses the model with the decision to make.
    [Fact]
    public void A_seat_in_an_owned_collection_of_a_room_nobody_owns_is_refused_until_decided()
    {
        var refused = OwnershipModels.Refused<HuddleContext>(o => new HuddleContext(o));
        var problem = Assert.Single(refused.Problems, p => p.Kind == PrivacyModelProblemKind.AmbiguousOwnership);
        Assert.Equal(nameof(Huddle), problem.EntityType);
        Assert.Contains("HuddleSeat.ShopperId", problem.Message, StringComparison.Ordinal);
        Assert.Contains("IsNotOwnership()", problem.Message, StringComparison.Ordinal);
    }

    // The same rule with an owned value object stored in the row (OwnsOne): a workshop nobody owns names its host.
    [Fact]
    public void A_host_in_an_owned_value_object_of_a_row_nobody_owns_is_refused_until_decided()
    {
        var refused = OwnershipModels.Refused<WorkshopContext>(o => new WorkshopContext(o));
        var problem = Assert.Single(refused.Problems, p => p.Kind == PrivacyModelProblemKind.AmbiguousOwnership);
        Assert.Equal(nameof(Workshop), problem.EntityType);
        Assert.Contains("WorkshopHost.ShopperId", problem.Message, StringComparison.Ordinal);
    }

    // The decision "the seats are not the customer's" (IsNotOwnership()) is accepted, the seats are listed as unreached
    // personal data (the start-up warning), and erasing a seated customer applies: the seat that refers to them stays,
    // so their row is kept anonymised, found through the room's rows (an owned collection has no query root of its own).
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_decided_seat_reference_keeps_the_seated_customer_anonymised_and_the_erasure_applies(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<DecidedHuddleContext>.CreateAsync(provider, o => new DecidedHuddleContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.Add(new Huddle { Id = 50, Topic = "paint", Seats = [new HuddleSeat { ShopperId = 1, Nickname = "one-nick" }, new HuddleSeat { ShopperId = 2, Nickname = "two-nick" }] });
            await c.SaveChangesAsync();
        });
        await using (var scope = world.Services.CreateAsyncScope())
        {
            Assert.Contains(scope.ServiceProvider.GetRequiredService<DecidedHuddleContext>().GetSubjectGraph().Unreached, t => t.ClrType == typeof(HuddleSeat));
        }

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.Contains("two-name", dump, StringComparison.Ordinal);
        Assert.Contains("two-nick", dump, StringComparison.Ordinal);
    }

    // Rule 8 for an owned collection: the order is the buyer's, and each share of it (OwnsMany) refers to another customer
    // who pays it. Like the gift recipient of an OwnsOne, the row reaches a second subject that no path follows: start-up
    // must ask for a decision. Today only OwnsOne references are checked.
    [Fact]
    public void A_payer_reference_inside_an_owned_collection_needs_a_decision()
    {
        var refused = OwnershipModels.Refused<SplitOrderContext>(o => new SplitOrderContext(o));
        var problem = Assert.Single(refused.Problems, p => p.Kind == PrivacyModelProblemKind.AmbiguousOwnership);
        Assert.Contains("PayerId", problem.Message, StringComparison.Ordinal);
    }

    // The decided shape: the payer reference inside the owned shares is IsNotOwnership(). Erasing the payer applies and
    // keeps the buyer's order and its shares (the payer's row stays, anonymised, because a share refers to it); erasing the
    // buyer takes the order and its shares.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_decided_payer_reference_in_an_owned_collection_keeps_the_buyers_order_when_the_payer_is_erased(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<DecidedSplitOrderContext>.CreateAsync(provider, o => new DecidedSplitOrderContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.Add(new SplitOrder { Id = 80, ShopperId = 1, Shares = [new SplitShare { PayerId = 2, PayerName = "one-wrote-two-pays" }] });
            await c.SaveChangesAsync();
        });

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("two-name", dump, StringComparison.Ordinal);
        Assert.Contains("one-name", dump, StringComparison.Ordinal);
        Assert.Contains("one-wrote-two-pays", dump, StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        dump = await world.DumpAsync();
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-wrote-two-pays", dump, StringComparison.Ordinal);
    }

    // Rule 12: a row without an anchor of its own counts from the anchor on its ownership path, never from a principal
    // the subject merely refers to. A receipt (seven-year hold, no date) belongs to a customer whose home store has its
    // own [RetentionAnchor] (when it opened, 2010): the hold has no anchor on the ownership path, so start-up must refuse
    // it (LegalHoldWithoutAnchor). Today the search walks on from the customer's row to the store, counts the receipt
    // from 2010, and erasure deletes it.
    [Fact]
    public void A_hold_does_not_count_from_a_store_the_customer_merely_refers_to()
    {
        var refused = OwnershipModels.Refused<StoreReceiptContext>(o => new StoreReceiptContext(o));
        var problem = Assert.Single(refused.Problems, p => p.Kind == PrivacyModelProblemKind.LegalHoldWithoutAnchor);
        Assert.Equal(nameof(StoreReceipt), problem.EntityType);
    }

    private sealed class CardChargeGuard : IErasureGuard
    {
        public ValueTask<IReadOnlyList<ErasureObjection>> CheckAsync(ErasureGuardContext context, CancellationToken cancellationToken)
            => ValueTask.FromResult<IReadOnlyList<ErasureObjection>>([new ErasureObjection("A chargeback on the card is disputed.") { Basis = "Art. 17(3)(e)", EntityTypes = [typeof(CardCharge)] }]);
    }

    // A guard that keeps a TPT derived type (card charges, disputed) keeps the whole row of each card charge, its base
    // table's columns included, and lets the rest go: the plain charge is erased, the card charge reads as before.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_guard_that_keeps_a_derived_type_keeps_its_base_tables_row_too(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<ChargeContext>.CreateAsync(provider, o => new ChargeContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.AddRange(
                new Charge { Id = 70, ShopperId = 1, Reference = "one-plain-ref" },
                new CardCharge { Id = 71, ShopperId = 1, Reference = "one-card-ref", Holder = "one-holder" },
                new CardCharge { Id = 72, ShopperId = 2, Reference = "two-card-ref", Holder = "two-holder" });
            await c.SaveChangesAsync();
        }, new CardChargeGuard());

        var plan = await world.PlanAsync(1);
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        var result = await world.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan);
        Assert.Equal(ErasureStatus.Applied, result.Status);
        var dump = await world.DumpAsync();
        Assert.Contains("one-card-ref", dump, StringComparison.Ordinal);
        Assert.Contains("one-holder", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-plain-ref", dump, StringComparison.Ordinal);
        Assert.Contains("two-card-ref", dump, StringComparison.Ordinal);
        await using var scope = world.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<ChargeContext>();
        var kept = await context.Set<CardCharge>().IgnoreQueryFilters().SingleAsync(x => x.Id == 71);
        Assert.Equal(("one-card-ref", "one-holder"), (kept.Reference, kept.Holder));
    }

    // Isolation on a self-referencing many-to-many with payload: a follow link carries the follower's private label for
    // whom they follow. Link rows were exempt from "one owner per row", so the followee's export showed the follower's
    // label. A link row between subjects with personal fields is now refused until the app decides whose they are.
    [Fact]
    public void A_follow_link_with_a_private_label_is_refused_until_the_app_decides_whose_it_is()
    {
        var refused = OwnershipModels.Refused<FollowContext>(o => new FollowContext(o));
        var problem = Assert.Single(refused.Problems, p => p.Kind == PrivacyModelProblemKind.AmbiguousOwnership);
        Assert.Equal(nameof(Follow), problem.EntityType);
        Assert.Contains("many-to-many link row", problem.Message, StringComparison.Ordinal);
        Assert.Contains("PrivateLabel", problem.Message, StringComparison.Ordinal);
    }

    // The decision "the link is the follower's" (IsNotOwnership() on the followee's reference): the label is in the
    // follower's export and not the followee's; erasing either applies; the follower's erasure takes the label.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_followers_private_label_is_not_in_the_followees_export(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<DecidedFollowContext>.CreateAsync(provider, o => new DecidedFollowContext(o), async c =>
        {
            c.AddRange(new Follower { Id = 1, Name = "one-name" }, new Follower { Id = 2, Name = "two-name" }, new Follower { Id = 3, Name = "three-name" });
            await c.SaveChangesAsync();
            c.AddRange(
                new Follow { FollowerId = 1, FolloweeId = 2, PrivateLabel = "one-thinks-two-is-a-bore" },
                new Follow { FollowerId = 3, FolloweeId = 1, PrivateLabel = "three-on-one" });
            await c.SaveChangesAsync();
        });

        Assert.Contains("one-thinks-two-is-a-bore", await world.ExportAsync(1), StringComparison.Ordinal);
        Assert.DoesNotContain("three-on-one", await world.ExportAsync(1), StringComparison.Ordinal);
        Assert.DoesNotContain("one-thinks-two-is-a-bore", await world.ExportAsync(2), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        Assert.Contains("one-thinks-two-is-a-bore", await world.DumpAsync(), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-thinks-two-is-a-bore", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.Contains("three-on-one", dump, StringComparison.Ordinal);
    }

    // Rule 7 without navigations: a referral refers to two customers (ReferrerId, ReferredId), mapped with HasOne<Shopper>()
    // and no navigation, as the docs' examples are. IsNotOwnership() on the referred customer's reference must leave the
    // referral the referrer's. The mark was kept by principal type when there is no navigation, so it marked both
    // references: the referral was nobody's, in no export, and stayed after the referrer's Applied erasure.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task IsNotOwnership_on_one_of_two_references_to_the_same_type_without_navigations_marks_only_that_one(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<ReferralContext>.CreateAsync(provider, o => new ReferralContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.Add(new Referral { Id = 90, ReferrerId = 1, ReferredId = 2, Note = "one-referred-a-colleague" });
            await c.SaveChangesAsync();
        });

        Assert.Contains("one-referred-a-colleague", await world.ExportAsync(1), StringComparison.Ordinal);
        Assert.DoesNotContain("one-referred-a-colleague", await world.ExportAsync(2), StringComparison.Ordinal);
        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        Assert.DoesNotContain("one-referred-a-colleague", await world.DumpAsync(), StringComparison.Ordinal);
    }

    // Inheritance in the graph, TPT: the subject is a derived type (patrons) whose base table it shares with suppliers'
    // contacts. The patron's export has its base-table name, its own e-mail and its notes; an Applied erasure leaves none
    // of them, in either table, and the supplier's contact stays.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_derived_tpt_subject_is_exported_and_erased_in_both_tables(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<PatronContext>.CreateAsync(provider, o => new PatronContext(o), async c =>
        {
            c.AddRange(new Patron { Id = 1, Name = "one-name", Email = "one-mail" }, new Patron { Id = 2, Name = "two-name", Email = "two-mail" }, new SupplierContact { Id = 3, Name = "three-name", Company = "Acme" });
            await c.SaveChangesAsync();
            c.AddRange(new PatronNote { Id = 40, PatronId = 1, Text = "one-note" }, new PatronNote { Id = 41, PatronId = 2, Text = "two-note" });
            await c.SaveChangesAsync();
        });

        var export = await world.ExportAsync(1);
        foreach (var value in new[] { "one-name", "one-mail", "one-note" })
        {
            Assert.Contains(value, export, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("two-", export, StringComparison.Ordinal);
        Assert.DoesNotContain("three-name", export, StringComparison.Ordinal);
        Assert.Equal(ErasureOutcome.SubjectNotFound, (await world.PlanAsync(3)).Outcome);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-", dump, StringComparison.Ordinal);
        foreach (var value in new[] { "two-name", "two-mail", "two-note", "three-name" })
        {
            Assert.Contains(value, dump, StringComparison.Ordinal);
        }
    }

    // The mark names the foreign-key properties; called before HasForeignKey(...) it names the shadow key EF Core made up
    // first, and start-up says so with the fix instead of leaving the reference marked wrongly.
    [Fact]
    public void IsNotOwnership_before_HasForeignKey_without_a_navigation_is_a_clear_start_up_error()
    {
        var refused = OwnershipModels.Refused<EarlyMarkReferralContext>(o => new EarlyMarkReferralContext(o));
        var problem = Assert.Single(refused.Problems, p => p.Kind == PrivacyModelProblemKind.AmbiguousOwnership && p.Message.Contains("IsNotOwnership() was called", StringComparison.Ordinal));
        Assert.Equal(nameof(Referral), problem.EntityType);
        Assert.Contains("Call IsNotOwnership() last", problem.Message, StringComparison.Ordinal);
    }
}
