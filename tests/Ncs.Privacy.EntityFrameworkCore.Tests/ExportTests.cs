using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ncs.Privacy.EntityFrameworkCore.Tests.Model;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.EntityFrameworkCore.Tests;

/// <summary>Hard cases 1, 2, 6, 8 and 12 of the product brief, on SQLite and PostgreSQL.</summary>
public sealed class ExportTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Hard_case_1_data_reached_only_through_relationships_is_exported(DatabaseProvider provider)
    {
        await using var database = await Shop.CreateSeededAsync(provider);
        await using var services = Shop.Services(database);

        var alice = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Customer, Shop.Alice);

        // The root row, with a shadow property classified in the model builder.
        Assert.Equal(["Alice Ann"], alice.Values("Customer", "Name"));
        Assert.Equal(["REF-ALICE"], alice.Values("Customer", "ReferralCode"));
        // Owned types: OwnsOne and OwnsMany, nested in the owner's row.
        Assert.Equal(["Alice Street 1"], alice.Values("PostalAddress", "Street"));
        Assert.Equal(["+46-111-ALICE"], alice.Values("Phone", "Number"));
        // One and two levels deep.
        Assert.Equal(["alice-note: leave at the door", "alice-deleted-order"], alice.Values("Order", "DeliveryNote"));
        Assert.Equal(["alice-gift-1", "alice-gift-2"], alice.Values("OrderLine", "GiftMessage"));
        // Three levels, the first through a composite foreign key.
        Assert.Equal(["alice-signature"], alice.Values("ShipmentEvent", "SignedBy"));
        // Inheritance, TPT: the derived table's column, reached through the base type's foreign key.
        Assert.Equal(["ALICE CARDHOLDER"], alice.Values("CardPayment", "CardHolder"));
        // Many-to-many: both households Alice belongs to, marked shared.
        Assert.Equal(["Shared Household", "Alice-only Household"], alice.Values("Household", "Name"));
        Assert.True(alice.Blocks("Household").Single().GetProperty("shared").GetBoolean());
        // Readable text: the legal hold is named in the erasure right, unescaped.
        Assert.Contains("Bokföringslagen (1999:1078) 7 kap. 2 §", alice.Json, StringComparison.Ordinal);
        Assert.Contains("OrderLine.Order → Order.Customer", alice.Json, StringComparison.Ordinal);

        var bob = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Customer, Shop.Bob);

        // Inheritance, TPH: the derived type's column, in its own block.
        Assert.Equal(["BOB-ORG-556"], bob.Values("BusinessCustomer", "OrgNumber"));
        Assert.Equal(["Bob Bee"], bob.Values("BusinessCustomer", "Name"));
        Assert.Empty(bob.Values("Customer", "Name"));
        Assert.Equal(["+46-222-BOB", "+46-223-BOB"], bob.Values("Phone", "Number"));
        Assert.Equal(["Shared Household"], bob.Values("Household", "Name"));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Hard_case_2_a_row_that_concerns_two_subjects_gives_each_only_their_fields(DatabaseProvider provider)
    {
        await using var database = await Shop.CreateSeededAsync(provider);
        await using var services = Shop.Services(database);

        var alice = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Customer, Shop.Alice);
        Assert.Equal(["alice-question"], alice.Values("SupportTicket", "Question"));
        Assert.Empty(alice.Values("SupportTicket", "AgentNotes"));
        Assert.DoesNotContain("eve-notes", alice.Json, StringComparison.Ordinal);

        var eve = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Employee, Shop.Eve);
        Assert.Equal(["Eve Agent"], eve.Values("Employee", "Name"));
        Assert.Equal(["eve-notes-1", "eve-notes-anonymous"], eve.Values("SupportTicket", "AgentNotes"));
        Assert.Empty(eve.Values("SupportTicket", "Question"));
        Assert.Equal(["{\"Id\":50}", "{\"Id\":52}"], eve.Keys("SupportTicket", about: "Agent"));
        Assert.DoesNotContain("-question", eve.Json, StringComparison.Ordinal);

        using var scope = services.CreateScope();
        var graph = scope.ServiceProvider.GetRequiredService<ShopContext>().GetSubjectGraph();
        var ticketForEmployee = graph.FindRoot(ShopPolicy.Subjects.Employee)!.Find(graph.Model.FindEntityType(typeof(SupportTicket))!)!;
        var share = Assert.Single(ticketForEmployee.Shares);
        Assert.Equal("Agent", share.Navigation);
        Assert.Equal(["AgentNotes"], share.PersonalProperties.Select(p => p.Name));
        var ticketForCustomer = graph.FindRoot(ShopPolicy.Subjects.Customer)!.Find(graph.Model.FindEntityType(typeof(SupportTicket))!)!;
        Assert.Equal(["Question"], Assert.Single(ticketForCustomer.Shares).PersonalProperties.Select(p => p.Name));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Hard_case_6_an_export_never_contains_another_subjects_data(DatabaseProvider provider)
    {
        await using var database = await Shop.CreateSeededAsync(provider);
        await using var services = Shop.Services(database);

        var alice = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Customer, Shop.Alice);
        var bob = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Customer, Shop.Bob);
        var frank = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Employee, Shop.Frank);

        foreach (var other in new[] { "bob", "carol", "frank", "eve-", "eve agent" })
        {
            Assert.DoesNotContain(other, alice.Json, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var other in new[] { "alice", "carol", "frank", "eve-", "eve agent" })
        {
            Assert.DoesNotContain(other, bob.Json, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var other in new[] { "alice", "bob", "carol", "eve-", "eve agent", "-question" })
        {
            Assert.DoesNotContain(other, frank.Json, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("frank-notes", frank.Json, StringComparison.Ordinal);
        Assert.Contains("alice-gift-1", alice.Json, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Hard_case_8_an_unknown_subject_is_a_distinct_outcome_and_nothing_is_written(DatabaseProvider provider)
    {
        await using var database = await Shop.CreateSeededAsync(provider);
        await using var services = Shop.Services(database);
        var exporter = services.GetRequiredService<IDataSubjectExporter>();
        using var stream = new MemoryStream();

        var missing = await Assert.ThrowsAsync<DataSubjectNotFoundException>(
            () => exporter.ExportAsync(new DataSubjectReference(ShopPolicy.Subjects.Customer, 999), stream));
        Assert.Equal(999, missing.Subject!.Id);
        Assert.DoesNotContain("999", missing.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);

        var category = await Assert.ThrowsAsync<ArgumentException>(
            () => exporter.ExportAsync(new DataSubjectReference("supplier", 1), stream));
        Assert.Contains("'supplier' is not declared", category.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => exporter.ExportAsync(new DataSubjectReference(ShopPolicy.Subjects.Customer, Shop.Alice), stream, cancelled.Token));
        Assert.Equal(0, stream.Length);

        var wrongType = await Assert.ThrowsAsync<ArgumentException>(
            () => exporter.ExportAsync(new DataSubjectReference(ShopPolicy.Subjects.Customer, Guid.NewGuid()), stream));
        Assert.Contains("Int32", wrongType.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Hard_case_8_a_contradictory_model_fails_before_anything_is_written(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = Shop.Context(database, o => new ContradictoryShopContext(o));

        var error = await Assert.ThrowsAsync<PrivacyModelException>(() => context.Database.EnsureCreatedAsync());

        var problem = Assert.Single(error.Problems);
        Assert.Equal(PrivacyModelProblemKind.ContradictoryClassification, problem.Kind);
        Assert.Equal(("Customer", "Name"), (problem.EntityType, problem.Property));
        Assert.Empty(await database.TableNamesAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Hard_case_8_a_malformed_policy_fails_before_anything_is_written(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddDbContext<ShopContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(PolicyWithoutController)).AddModelAssembly(typeof(Shop).Assembly)).AddEntityFrameworkCore<ShopContext>();
        await using var provided = services.BuildServiceProvider();
        using var stream = new MemoryStream();

        var error = Assert.Throws<OptionsValidationException>(() => provided.GetRequiredService<IDataSubjectExporter>());

        Assert.Contains("PolicyWithoutController: the policy names no controller", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);
        Assert.Empty(await database.TableNamesAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Hard_case_12_soft_deleted_rows_hidden_by_query_filters_are_exported(DatabaseProvider provider)
    {
        await using var database = await Shop.CreateSeededAsync(provider);
        await using var services = Shop.Services(database);

        var alice = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Customer, Shop.Alice);
        Assert.Contains("alice-deleted-order", alice.Values("Order", "DeliveryNote"));

        // A soft-deleted subject still exists, with everything it owns.
        var carol = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Customer, Shop.Carol);
        Assert.Equal(["Carol Deleted"], carol.Values("Customer", "Name"));
        Assert.Equal(["carol-note"], carol.Values("Order", "DeliveryNote"));

        // The application's own queries still hide them.
        using var scope = services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<ShopContext>();
        Assert.Equal(2, context.Customers.Count());
        Assert.DoesNotContain(context.Orders, o => o.Id == 11);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Rows_are_streamed_and_counted(DatabaseProvider provider)
    {
        await using var database = await Shop.CreateSeededAsync(provider);
        await using (var context = Shop.Context(database))
        {
            var order = new Order { Id = 40, CustomerId = Shop.Alice, OrderedAt = Shop.Utc(2025, 1, 1), DeliveryNote = "bulk" };
            for (var i = 0; i < 2000; i++)
            {
                order.Lines.Add(new OrderLine { Id = 10_000 + i, Product = "P", Quantity = 1, GiftMessage = "bulk-" + i });
            }

            context.Orders.Add(order);
            await context.SaveChangesAsync();
        }

        await using var services = Shop.Services(database, before: s => s.AddSingleton<TimeProvider>(new FixedTime(DateTimeOffset.UnixEpoch)));
        var alice = await ExportResult.RunAsync(services, ShopPolicy.Subjects.Customer, Shop.Alice);

        // Written as it is read: the writer hands the stream chunks of about 32 KiB (the flush threshold), not one document
        // at the end (nor, since issue 18, one write per value).
        var counting = new CountingStream();
        await services.GetRequiredService<IDataSubjectExporter>().ExportAsync(new DataSubjectReference(ShopPolicy.Subjects.Customer, Shop.Alice), counting);
        Assert.True(counting.Writes >= 3 && counting.LargestWrite <= 48 * 1024, $"{counting.Writes} writes for {counting.Length} bytes, the largest {counting.LargestWrite} bytes");
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(alice.Json), counting.Length);

        var gifts = alice.Values("OrderLine", "GiftMessage");
        Assert.Equal(2002, gifts.Count);
        Assert.Equal(2000, gifts.Count(g => g!.StartsWith("bulk-", StringComparison.Ordinal)));
        Assert.True(alice.Summary.Rows > 2000);
    }
}

internal sealed class CountingStream : Stream
{
    private long _length;

    public int Writes { get; private set; }

    public int LargestWrite { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Writes++;
        LargestWrite = Math.Max(LargestWrite, count);
        _length += count;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Writes++;
        LargestWrite = Math.Max(LargestWrite, buffer.Length);
        _length += buffer.Length;
        return ValueTask.CompletedTask;
    }
}

[PrivacyPolicy]
public static class PolicyWithoutController
{
}
