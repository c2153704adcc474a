using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

// Models written by someone who did not write issue 12's change, the way applications have them; each test breaks one
// of the three promises (or "an accepted plan runs") on its own small model.

public sealed class BreakOwnershipTests
{
    // Rule 11 + rule 9: a photo used by a person of tenant 2 is "something else that refers to it", even when the
    // erasure runs in tenant 1's services; tenant 1 must not erase tenant 2's picture.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_tenants_erasure_keeps_a_photo_another_tenants_person_uses(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<TenantPhotoContext>.CreateAsync(provider, (o, t) => new TenantPhotoContext(o) { Tenant = t }, async c =>
        {
            c.Add(new Photo { Id = 10, FileName = "shared-default.jpg" });
            await c.SaveChangesAsync();
            c.AddRange(new Person { Id = 1, Name = "one-name", TenantId = 1, PhotoId = 10 }, new Person { Id = 2, Name = "two-name", TenantId = 2, PhotoId = 10 });
            await c.SaveChangesAsync();
        });
        await using var tenantOne = world.ForTenant(1);
        Assert.Equal(ErasureStatus.Applied, (await tenantOne.EraseAsync(1)).Status);

        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.Contains("shared-default.jpg", dump, StringComparison.Ordinal); // person 2 (tenant 2) still uses it
    }

    // Rule 18 (what start-up accepts runs): the default card (Person.DefaultCardId → Card, Card.PersonId → Person),
    // the shape of every shop with saved cards, is accepted; its erasure must apply.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_person_with_a_default_card_can_be_erased(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<CardContext>.CreateAsync(provider, (o, t) => new CardContext(o), async c =>
        {
            c.Add(new Person { Id = 1, Name = "one-name" });
            await c.SaveChangesAsync();
            c.AddRange(new Card { Id = 20, PersonId = 1, Holder = "one-card" });
            await c.SaveChangesAsync();
            c.Find<Person>(1)!.DefaultCardId = 20;
            await c.SaveChangesAsync();
        });
        Assert.Contains("one-card", await world.ExportAsync(1), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-card", dump, StringComparison.Ordinal);
    }

    // Rule 13: a key whose name says personal (UserName, the principal key of a post's author) is reported.
    [Fact]
    public void An_unannotated_user_name_as_a_principal_key_is_reported()
    {
        var problems = OwnershipModels.Refused<UserNameKeyContext>(o => new UserNameKeyContext(o)).Problems.Where(p => p.Kind == PrivacyModelProblemKind.PersonalKey).ToArray();
        Assert.Contains(problems, p => p is { EntityType: "Member", Property: "UserName" });
    }

    // Rule 13: a key whose type says personal (an EmailAddress value object behind a converter) is reported.
    [Fact]
    public void An_unannotated_email_value_object_as_the_primary_key_is_reported()
    {
        var problems = OwnershipModels.Refused<EmailValueKeyContext>(o => new EmailValueKeyContext(o)).Problems.Where(p => p.Kind == PrivacyModelProblemKind.PersonalKey).ToArray();
        Assert.Contains(problems, p => p is { EntityType: "Subscriber", Property: "Id" });
    }

    // Rule 9: a photo only the person's own rows refer to (their picture, and the image of their own post) is not
    // "shared with others": erased with the person.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_photo_only_the_persons_own_post_also_shows_is_erased_with_the_person(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<OwnPostImageContext>.CreateAsync(provider, (o, t) => new OwnPostImageContext(o), async c =>
        {
            c.Add(new Photo { Id = 10, FileName = "one-face.jpg" });
            await c.SaveChangesAsync();
            c.Add(new Person { Id = 1, Name = "one-name", PhotoId = 10 });
            await c.SaveChangesAsync();
            c.Add(new Post { Id = 70, AuthorId = 1, ImageId = 10, Title = "one-post" });
            await c.SaveChangesAsync();
        });

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-post", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-face.jpg", dump, StringComparison.Ordinal);
    }

    // Rule 11: a global account with orders in two tenants; tenant 1's erasure must not touch tenant 2's orders, and
    // what start-up accepted must run (no foreign-key failure from the rows it cannot see).
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_tenants_erasure_of_a_global_account_leaves_the_other_tenants_orders_and_applies(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<GlobalPersonContext>.CreateAsync(provider, (o, t) => new GlobalPersonContext(o) { Tenant = t }, async c =>
        {
            c.Add(new Person { Id = 1, Name = "one-name" });
            await c.SaveChangesAsync();
            c.AddRange(new TenantOrder { Id = 1, PersonId = 1, TenantId = 1, Note = "tenant-one-note" }, new TenantOrder { Id = 2, PersonId = 1, TenantId = 2, Note = "tenant-two-note" });
            await c.SaveChangesAsync();
        });
        await using var tenantOne = world.ForTenant(1);
        Assert.DoesNotContain("tenant-two-note", await tenantOne.ExportAsync(1), StringComparison.Ordinal);

        ErasureResult? result = null;
        Assert.Null(await Record.ExceptionAsync(async () => result = await tenantOne.EraseAsync(1)));
        Assert.Equal(ErasureStatus.Applied, result!.Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("tenant-one-note", dump, StringComparison.Ordinal);
        Assert.Contains("tenant-two-note", dump, StringComparison.Ordinal);
    }

    // Rules 2 and 4: a member's nickname in a group is the member's (Membership.MemberId), not the group owner's
    // (Membership.Group → Group.OwnerId): it is not in the owner's export, and survives the owner's erasure only if
    // the group does; at least it must never be in the owner's export.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_members_nickname_is_not_in_the_group_owners_export(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<GroupContext>.CreateAsync(provider, (o, t) => new GroupContext(o), async c =>
        {
            c.AddRange(new Person { Id = 1, Name = "one-name" }, new Person { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.Add(new Group { Id = 5, OwnerId = 1, Name = "Painters" });
            await c.SaveChangesAsync();
            c.Add(new Membership { GroupId = 5, MemberId = 2, Nickname = "two-nickname" });
            await c.SaveChangesAsync();
        });

        Assert.Contains("two-nickname", await world.ExportAsync(2), StringComparison.Ordinal);
        Assert.DoesNotContain("two-nickname", await world.ExportAsync(1), StringComparison.Ordinal);
    }

    // Rule 9 and "nothing left behind": the tags on the person's own picture (who is in it) are personal rows that
    // hang on a row the erasure erases; after an Applied erasure none of them may be left (or start-up refuses).
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_tags_on_a_persons_own_picture_do_not_survive_an_applied_erasure(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<TaggedPhotoContext>.CreateAsync(provider, (o, t) => new TaggedPhotoContext(o), async c =>
        {
            c.Add(new Photo { Id = 10, FileName = "one-face.jpg" });
            await c.SaveChangesAsync();
            c.Add(new Person { Id = 1, Name = "one-name", PhotoId = 10 });
            await c.SaveChangesAsync();
            c.Add(new PhotoTag { Id = 80, PhotoId = 10, Label = "one-name-in-the-picture" });
            await c.SaveChangesAsync();
        });

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-face.jpg", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-name-in-the-picture", dump, StringComparison.Ordinal);
    }

    // Rule 13: a key whose name says personal is reported whatever its CLR type (a phone number stored as a long).
    [Fact]
    public void An_unannotated_numeric_phone_number_as_a_principal_key_is_reported()
    {
        var problems = OwnershipModels.Refused<PhoneKeyContext>(o => new PhoneKeyContext(o)).Problems.Where(p => p.Kind == PrivacyModelProblemKind.PersonalKey).ToArray();
        Assert.Contains(problems, p => p is { EntityType: "PhoneSubscriber", Property: "PhoneNumber" });
    }

    private sealed class DisputedCardGuard : IErasureGuard
    {
        public ValueTask<IReadOnlyList<ErasureObjection>> CheckAsync(ErasureGuardContext context, CancellationToken cancellationToken)
            => ValueTask.FromResult<IReadOnlyList<ErasureObjection>>([new ErasureObjection("A chargeback on the card is disputed.") { Basis = "Art. 17(3)(e)", EntityTypes = [typeof(Card)] }]);
    }

    // A guard that keeps only the cards (a disputed chargeback) lets the rest of the erasure go ahead: the plan it
    // accepted applies, the cards stay, the rest is erased.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_guard_that_keeps_only_the_cards_lets_the_rest_of_the_erasure_apply(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<CardOnlyContext>.CreateAsync(provider, (o, t) => new CardOnlyContext(o), async c =>
        {
            c.Add(new Person { Id = 1, Name = "one-name" });
            await c.SaveChangesAsync();
            c.Add(new Card { Id = 20, PersonId = 1, Holder = "one-card" });
            await c.SaveChangesAsync();
        }, new DisputedCardGuard());

        var plan = await world.PlanAsync(1);
        Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
        ErasureResult? result = null;
        Assert.Null(await Record.ExceptionAsync(async () => result = await world.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)));
        Assert.Equal(ErasureStatus.Applied, result!.Status);
        var dump = await world.DumpAsync();
        Assert.Contains("one-card", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
    }
}
