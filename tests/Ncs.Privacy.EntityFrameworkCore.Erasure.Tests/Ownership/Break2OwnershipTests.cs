using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

// A second fresh tester's models, taken from shapes real applications have (tests/Ncs.Privacy.Testing/Ownership/
// Break2Shapes.cs); each test states the promise it checks, on SQLite and PostgreSQL.
public sealed class Break2OwnershipTests
{
    private static async Task SeedAddressBookAsync(AddressBookContext c)
    {
        c.AddRange(
            new PostalAddress { Id = 10, Street = "one-book-street" },
            new PostalAddress { Id = 11, Street = "one-billing-street" },
            new PostalAddress { Id = 12, Street = "one-order-copy-street" },
            new PostalAddress { Id = 20, Street = "two-book-street" },
            new PostalAddress { Id = 22, Street = "two-order-copy-street" });
        await c.SaveChangesAsync();
        var one = new Shopper { Id = 1, Name = "one-name", BillingAddressId = 11 };
        var two = new Shopper { Id = 2, Name = "two-name" };
        c.AddRange(one, two);
        await c.SaveChangesAsync();
        one.Addresses.Add(c.Find<PostalAddress>(10)!);
        two.Addresses.Add(c.Find<PostalAddress>(20)!);
        await c.SaveChangesAsync();
        c.AddRange(new AddressedOrder { Id = 100, ShopperId = 1, ShippingAddressId = 12, Total = 5m }, new AddressedOrder { Id = 200, ShopperId = 2, ShippingAddressId = 22, Total = 7m });
        await c.SaveChangesAsync();
    }

    // Rule 9 (rows the subject points to): nopCommerce keeps an address book (Customer ↔ Address, many-to-many) and a
    // billing address on the customer (Customer.BillingAddressId → Address). A billing address that is not also in the
    // address book is a row the subject's own row points to: in the export, gone after an Applied erasure.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_billing_address_outside_the_address_book_is_exported_and_erased_with_the_customer(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<AddressBookContext>.CreateAsync(provider, (o, t) => new AddressBookContext(o), SeedAddressBookAsync);
        var export = await world.ExportAsync(1);
        Assert.Contains("one-book-street", export, StringComparison.Ordinal);
        Assert.Contains("one-billing-street", export, StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-billing-street", dump, StringComparison.Ordinal);
        Assert.Contains("two-book-street", dump, StringComparison.Ordinal);
    }

    // Rule 9, one step further: nopCommerce copies the shipping address into a new Address row per order
    // (Order.ShippingAddressId → Address). The copy is personal data only the subject's order refers to; it must be in
    // the subject's export and not survive an Applied erasure that deleted the order. (Address is reached through the
    // address book, so not even the "unreached" warning says anything.)
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_orders_address_copy_is_exported_and_erased_with_the_customer(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<AddressBookContext>.CreateAsync(provider, (o, t) => new AddressBookContext(o), SeedAddressBookAsync);
        var export = await world.ExportAsync(1);
        Assert.Contains("one-order-copy-street", export, StringComparison.Ordinal);
        Assert.DoesNotContain("two-order-copy-street", export, StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("AddressedOrder: Id=100", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-order-copy-street", dump, StringComparison.Ordinal);
        Assert.Contains("two-order-copy-street", dump, StringComparison.Ordinal);
    }

    // Nothing lost that must stay: a post is its author's (IsNotOwnership on its thread). Erasing the customer who opened
    // the thread must not take the other customers' posts with it (the post's thread relationship cascades, EF Core's
    // default for a required relationship).
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasing_who_opened_a_chat_thread_keeps_the_other_participants_posts(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<ChatContext>.CreateAsync(provider, (o, t) => new ChatContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.Add(new ChatThread { Id = 5, CreatorId = 1, Topic = "delivery" });
            await c.SaveChangesAsync();
            c.AddRange(new ChatPost { Id = 50, ThreadId = 5, AuthorId = 1, Body = "one-question" }, new ChatPost { Id = 51, ThreadId = 5, AuthorId = 2, Body = "two-answer" });
            await c.SaveChangesAsync();
        });
        Assert.DoesNotContain("two-answer", await world.ExportAsync(1), StringComparison.Ordinal);
        Assert.DoesNotContain("one-question", await world.ExportAsync(2), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-question", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.Contains("two-answer", dump, StringComparison.Ordinal);
    }

    // Per-row decisions on a self-reference: another customer's reply refers to the erased customer's comment; the
    // comment's text goes, the reply stays, and the accepted plan runs (no foreign-key failure).
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_reply_by_another_customer_survives_the_erasure_of_the_comment_it_answers(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<RemarkContext>.CreateAsync(provider, (o, t) => new RemarkContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.Add(new Remark { Id = 60, AuthorId = 1, Text = "one-comment" });
            await c.SaveChangesAsync();
            c.AddRange(new Remark { Id = 61, AuthorId = 2, ParentId = 60, Text = "two-reply" }, new Remark { Id = 62, AuthorId = 1, ParentId = 61, Text = "one-reply-to-reply" });
            await c.SaveChangesAsync();
        });
        Assert.DoesNotContain("two-reply", await world.ExportAsync(1), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-comment", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-reply-to-reply", dump, StringComparison.Ordinal);
        Assert.Contains("two-reply", dump, StringComparison.Ordinal);
    }

    // Rule 12 two levels down: an invoice line (bookkeeping hold) whose invoice has no date counts from the order the
    // invoice belongs to (2025-03-15: held until 2033-01-01). On 2026-11-25 the text must stay, and so must the rows it
    // hangs on.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_held_line_two_levels_below_its_dated_order_stays(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<DeepHoldContext>.CreateAsync(provider, (o, t) => new DeepHoldContext(o), async c =>
        {
            c.Add(new Shopper { Id = 1, Name = "one-name" });
            await c.SaveChangesAsync();
            c.Add(new DatedOrder { Id = 100, ShopperId = 1, PlacedAt = new DateOnly(2025, 3, 15) });
            await c.SaveChangesAsync();
            c.Add(new UndatedInvoice { Id = 300, OrderId = 100, Number = "INV-300" });
            await c.SaveChangesAsync();
            c.Add(new UndatedInvoiceLine { Id = 301, InvoiceId = 300, Text = "one-line-text" });
            await c.SaveChangesAsync();
        });

        var plan = await world.PlanAsync(1);
        var held = Assert.Single(plan.Steps, s => s.EntityType == typeof(UndatedInvoiceLine).FullName && s.RowCount == 1);
        Assert.Equal(new DateTimeOffset(2033, 1, 1, 0, 0, 0, TimeSpan.Zero), held.Retention.Single().Until);
        Assert.Equal(ErasureStatus.Applied, (await world.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);
        var dump = await world.DumpAsync();
        Assert.Contains("one-line-text", dump, StringComparison.Ordinal);
        Assert.Contains("INV-300", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
    }

    // Rule 8 (one owner per row, or a decision): the gift details of an order are a value object (OwnsOne) whose
    // RecipientId refers to another customer. The order row reaches customers by two foreign-key paths (BuyerId, and
    // Gift.RecipientId in the same row); start-up must ask, as it does for a Message's SenderId and RecipientId.
    [Fact]
    public void A_gift_recipient_reference_inside_an_owned_value_object_needs_a_decision()
    {
        var problems = OwnershipModels.Refused<GiftContext>(o => new GiftContext(o)).Problems;
        Assert.Contains(problems, p => p.Kind == PrivacyModelProblemKind.AmbiguousOwnership && p.EntityType.StartsWith(nameof(GiftOrder), StringComparison.Ordinal));
    }

    // Isolation with an alternate key as the foreign key's target: stamp cards refer to the shopper's member number, and
    // shopper 1 has member number 2 while shopper 2 has member number 1.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Rows_that_refer_to_a_member_number_are_the_members_not_the_customer_whose_id_equals_it(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<MemberNumberContext>.CreateAsync(provider, (o, t) => new MemberNumberContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name", MemberNumber = 2 }, new Shopper { Id = 2, Name = "two-name", MemberNumber = 1 });
            await c.SaveChangesAsync();
            c.AddRange(new StampCard { Id = 70, MemberNumber = 2, Note = "one-stamps" }, new StampCard { Id = 71, MemberNumber = 1, Note = "two-stamps" });
            await c.SaveChangesAsync();
        });
        var export = await world.ExportAsync(1);
        Assert.Contains("one-stamps", export, StringComparison.Ordinal);
        Assert.DoesNotContain("two-stamps", export, StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-stamps", dump, StringComparison.Ordinal);
        Assert.Contains("two-stamps", dump, StringComparison.Ordinal);
    }

    // Rule 6 on a marketplace sale (buyer and seller are both customers; SellerNote names Seller): erasing the buyer,
    // who owns the row, must keep the seller's note (the row stays, the buyer's fields go), and the seller's export
    // still shows it.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasing_the_buyer_of_a_sale_keeps_the_sellers_note(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<SaleContext>.CreateAsync(provider, (o, t) => new SaleContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.Add(new Sale { Id = 80, BuyerId = 1, SellerId = 2, DeliveryNote = "one-delivery", SellerNote = "two-seller-note" });
            await c.SaveChangesAsync();
        });
        Assert.DoesNotContain("two-seller-note", await world.ExportAsync(1), StringComparison.Ordinal);
        Assert.DoesNotContain("one-delivery", await world.ExportAsync(2), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-delivery", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.Contains("two-seller-note", dump, StringComparison.Ordinal);
        Assert.Contains("two-seller-note", await world.ExportAsync(2), StringComparison.Ordinal);
    }

    // A referrer (Customer.ReferrerId → Customer): erasing the referrer keeps the customer they referred, untouched, and
    // the referrer's export does not show the referred customer.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasing_a_referrer_keeps_the_customer_they_referred(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<ReferrerContext>.CreateAsync(provider, (o, t) => new ReferrerContext(o), async c =>
        {
            c.Add(new Shopper { Id = 1, Name = "one-name" });
            await c.SaveChangesAsync();
            c.Add(new Shopper { Id = 2, Name = "two-name", ReferrerId = 1 });
            await c.SaveChangesAsync();
        });
        Assert.DoesNotContain("two-name", await world.ExportAsync(1), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
        Assert.Contains("two-name", dump, StringComparison.Ordinal);
    }

    // Composite keys: a booking keyed by (shopper, sequence) and guests referring to it by both columns.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Guests_of_a_booking_with_a_composite_key_are_the_bookers_alone(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<BookingContext>.CreateAsync(provider, (o, t) => new BookingContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.AddRange(new Booking { ShopperId = 1, Seq = 1, Note = "one-booking" }, new Booking { ShopperId = 2, Seq = 1, Note = "two-booking" });
            await c.SaveChangesAsync();
            c.AddRange(new BookingGuest { Id = 90, BookingShopperId = 1, BookingSeq = 1, GuestName = "one-guest" }, new BookingGuest { Id = 91, BookingShopperId = 2, BookingSeq = 1, GuestName = "two-guest" });
            await c.SaveChangesAsync();
        });
        var export = await world.ExportAsync(1);
        Assert.Contains("one-guest", export, StringComparison.Ordinal);
        Assert.DoesNotContain("two-guest", export, StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-guest", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-booking", dump, StringComparison.Ordinal);
        Assert.Contains("two-guest", dump, StringComparison.Ordinal);
        Assert.Contains("two-booking", dump, StringComparison.Ordinal);
    }

    // Rule 11 one level further: a global account, orders per tenant (a "Tenant" filter) and order lines with no filter
    // of their own. Tenant 1's services neither export nor erase the lines of tenant 2's order.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_tenants_services_never_reach_the_lines_of_another_tenants_order(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<GlobalPersonLinesContext>.CreateAsync(provider, (o, t) => new GlobalPersonLinesContext(o) { Tenant = t }, async c =>
        {
            c.Add(new Person { Id = 1, Name = "one-name" });
            await c.SaveChangesAsync();
            c.AddRange(new TenantOrder { Id = 1, PersonId = 1, TenantId = 1, Note = "tenant-one-note" }, new TenantOrder { Id = 2, PersonId = 1, TenantId = 2, Note = "tenant-two-note" });
            await c.SaveChangesAsync();
            c.AddRange(new TenantOrderLine { Id = 11, TenantOrderId = 1, GiftText = "tenant-one-line" }, new TenantOrderLine { Id = 21, TenantOrderId = 2, GiftText = "tenant-two-line" });
            await c.SaveChangesAsync();
        });
        await using var tenantOne = world.ForTenant(1);
        var export = await tenantOne.ExportAsync(1);
        Assert.Contains("tenant-one-line", export, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant-two-line", export, StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await tenantOne.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("tenant-one-line", dump, StringComparison.Ordinal);
        Assert.Contains("tenant-two-line", dump, StringComparison.Ordinal);
        Assert.Contains("tenant-two-note", dump, StringComparison.Ordinal);
    }

    // Rule 9 with inheritance: the subject is a derived type of a TPH hierarchy (customers and staff are parties) and
    // the reference to the picture is declared on the base type. The customer's picture is a row the subject's own row
    // points to: in the export, gone after an Applied erasure.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_picture_referenced_from_the_base_type_of_a_derived_subject_is_exported_and_erased(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<PartyContext>.CreateAsync(provider, (o, t) => new PartyContext(o), async c =>
        {
            c.AddRange(new Picture { Id = 10, FileName = "one-face.jpg" }, new Picture { Id = 20, FileName = "staff-face.jpg" });
            await c.SaveChangesAsync();
            c.AddRange(new PartyCustomer { Id = 1, Name = "one-name", PictureId = 10 }, new PartyStaff { Id = 2, Name = "staff-name", Title = "Clerk", PictureId = 20 });
            await c.SaveChangesAsync();
        });
        Assert.Contains("one-face.jpg", await world.ExportAsync(1), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-face.jpg", dump, StringComparison.Ordinal);
        Assert.Contains("staff-face.jpg", dump, StringComparison.Ordinal);
    }

    // Rule 9 with an owned type: the reference to the customer's picture is declared on a value object stored in the
    // customer's row (OwnsOne). The picture is in the export and gone after an Applied erasure.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_picture_referenced_from_an_owned_profile_is_exported_and_erased(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<ProfileContext>.CreateAsync(provider, (o, t) => new ProfileContext(o), async c =>
        {
            c.AddRange(new Picture { Id = 10, FileName = "one-face.jpg" }, new Picture { Id = 20, FileName = "two-face.jpg" });
            await c.SaveChangesAsync();
            c.AddRange(new ProfiledCustomer { Id = 1, Name = "one-name", Profile = new Profile { Bio = "one-bio", PictureId = 10 } }, new ProfiledCustomer { Id = 2, Name = "two-name", Profile = new Profile { PictureId = 20 } });
            await c.SaveChangesAsync();
        });
        Assert.Contains("one-face.jpg", await world.ExportAsync(1), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-bio", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-face.jpg", dump, StringComparison.Ordinal);
        Assert.Contains("two-face.jpg", dump, StringComparison.Ordinal);
    }

    // Erasure never touches another subject: customer 1 opened a conversation (CreatorId) with customer 2 as its only
    // participant (many-to-many). Erasing customer 2 removes 2's link; the title is customer 1's and stays.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasing_a_participant_leaves_the_title_of_a_conversation_another_customer_opened(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<ConversationContext>.CreateAsync(provider, (o, t) => new ConversationContext(o), async c =>
        {
            var one = new Shopper { Id = 1, Name = "one-name" };
            var two = new Shopper { Id = 2, Name = "two-name" };
            c.AddRange(one, two);
            await c.SaveChangesAsync();
            c.Add(new Conversation { Id = 5, CreatorId = 1, Title = "one-title", Participants = { two } });
            await c.SaveChangesAsync();
        });
        Assert.Contains("one-title", await world.ExportAsync(1), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("two-name", dump, StringComparison.Ordinal);
        Assert.Contains("one-title", dump, StringComparison.Ordinal);
        Assert.Contains("one-title", await world.ExportAsync(1), StringComparison.Ordinal);
    }

    // Isolation with a TPH subject that is a derived type: notes refer to the base type (a customer's and a staff
    // member's notes in one table). The customer's export and erasure cover the customer's notes only.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Notes_on_the_base_type_of_a_derived_subject_are_the_customers_only(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<PartyNoteContext>.CreateAsync(provider, (o, t) => new PartyNoteContext(o), async c =>
        {
            c.AddRange(new PartyCustomer { Id = 1, Name = "one-name" }, new PartyStaff { Id = 2, Name = "staff-name", Title = "Clerk" });
            await c.SaveChangesAsync();
            c.AddRange(new PartyNote { Id = 30, PartyId = 1, Text = "one-note" }, new PartyNote { Id = 31, PartyId = 2, Text = "staff-note" });
            await c.SaveChangesAsync();
        });
        var export = await world.ExportAsync(1);
        Assert.Contains("one-note", export, StringComparison.Ordinal);
        Assert.DoesNotContain("staff-note", export, StringComparison.Ordinal);
        Assert.Equal(ErasureOutcome.SubjectNotFound, (await world.PlanAsync(2)).Outcome);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-note", dump, StringComparison.Ordinal);
        Assert.Contains("staff-note", dump, StringComparison.Ordinal);
        Assert.Contains("staff-name", dump, StringComparison.Ordinal);
    }

    // Legal hold beats erasure on the other party's share: a shipment is the buyer's row; the recipient's name on it is
    // about the recipient (Subject = Recipient) and kept seven years for bookkeeping (shipped 2025-03-15: until
    // 2033-01-01). Erasing the recipient on 2026-11-25 must retain the name, not anonymise it.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasing_the_recipient_keeps_their_name_on_a_shipment_under_legal_hold(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<ShipmentContext>.CreateAsync(provider, (o, t) => new ShipmentContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.Add(new Shipment { Id = 40, BuyerId = 1, RecipientId = 2, ShippedAt = new DateOnly(2025, 3, 15), BuyerNote = "one-note", RecipientName = "two-recipient-name" });
            await c.SaveChangesAsync();
        });
        Assert.Contains("two-recipient-name", await world.ExportAsync(2), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        var dump = await world.DumpAsync();
        Assert.Contains("two-recipient-name", dump, StringComparison.Ordinal);
        Assert.Contains("one-note", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("two-name", dump, StringComparison.Ordinal);
    }

    // The decision the refusal asks for: with IsNotOwnership() on the owned reference the model starts, the gift order is
    // the buyer's (the recipient's name is in the buyer's export), and erasing the recipient applies (their row stays,
    // anonymised, because the buyer's order refers to it).
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_decided_gift_recipient_reference_is_the_buyers_and_the_recipient_can_be_erased(DatabaseProvider provider)
    {
        await using var world = await OwnershipWorld<DecidedGiftContext>.CreateAsync(provider, (o, t) => new DecidedGiftContext(o), async c =>
        {
            c.AddRange(new Shopper { Id = 1, Name = "one-name" }, new Shopper { Id = 2, Name = "two-name" });
            await c.SaveChangesAsync();
            c.Add(new GiftOrder { Id = 40, BuyerId = 1, Gift = new GiftDetails { RecipientId = 2, RecipientName = "gift-recipient-name" } });
            await c.SaveChangesAsync();
        });
        Assert.Contains("gift-recipient-name", await world.ExportAsync(1), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(2)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("two-name", dump, StringComparison.Ordinal);
        Assert.Contains("one-name", dump, StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        Assert.DoesNotContain("gift-recipient-name", await world.DumpAsync(), StringComparison.Ordinal);
    }

    // Rule 11 on the most common shape before EF Core 10 (one filter per type): a single unnamed filter that hides
    // soft-deleted rows AND separates tenants. Declared "soft delete" (the start-up error's first suggestion), it must not
    // let tenant 1's services plan or run an erasure of tenant 2's person: either start-up refuses the declaration for a
    // filter that reads the context's tenant, or the person stays out of reach.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_unnamed_filter_declared_soft_delete_that_also_separates_tenants_never_crosses_them(DatabaseProvider provider)
    {
        OwnershipWorld<CombinedFilterContext> world;
        try
        {
            world = await OwnershipWorld<CombinedFilterContext>.CreateAsync(provider, (o, t) => new CombinedFilterContext(o) { Tenant = t }, async c =>
            {
                c.AddRange(new Person { Id = 1, Name = "one-name", TenantId = 1 }, new Person { Id = 2, Name = "two-name", TenantId = 2 });
                await c.SaveChangesAsync();
                c.Add(new Card { Id = 20, PersonId = 2, Holder = "two-card" });
                await c.SaveChangesAsync();
            }, options: o => o.UnnamedQueryFilters = UnnamedQueryFilterKind.SoftDelete);
        }
        catch (PrivacyModelException e)
        {
            Assert.Contains(e.Problems, p => p.EntityType == nameof(Person));
            return;
        }

        await using (world)
        {
            await using var tenantOne = world.ForTenant(1);
            Assert.Equal(ErasureOutcome.SubjectNotFound, (await tenantOne.PlanAsync(2)).Outcome);
            Assert.Contains("two-card", await world.DumpAsync(), StringComparison.Ordinal);
        }
    }
}
