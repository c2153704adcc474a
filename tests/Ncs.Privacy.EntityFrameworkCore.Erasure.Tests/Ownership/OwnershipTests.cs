using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

/// <summary>Issue 12: what a subject owns, on the shared ownership models, on SQLite and PostgreSQL.</summary>
public sealed class OwnershipTests
{
    private static readonly Lazy<PrivacyPolicy> Policy = new(() => PrivacyPolicy.Load(new PrivacyOptions { PolicyType = typeof(OwnershipPolicy), ModelAssemblies = { typeof(OwnershipPolicy).Assembly }, ModelNamespaces = { typeof(OwnershipPolicy).Namespace! } }));

    private static DateTimeOffset Today => new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    // ---- Start-up: undecided models are refused, and the error names what was found and the fix. ----

    private static PrivacyModelException Refused<TContext>(Func<DbContextOptions<TContext>, TContext> create, Action<PrivacyDbContextOptions>? configure = null)
        where TContext : DbContext
    {
        using var context = create(new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=:memory:").UsePrivacy(Policy.Value, configure).Options);
        var error = Assert.Throws<PrivacyModelException>(() => context.Model);
        return error;
    }

    [Fact]
    public void A_message_with_a_sender_and_a_recipient_is_refused_until_the_app_decides()
    {
        var problem = Assert.Single(Refused<UndecidedMessageContext>(o => new UndecidedMessageContext(o)).Problems, p => p.Kind == PrivacyModelProblemKind.AmbiguousOwnership);
        Assert.Equal("PlainMessage", problem.EntityType);
        Assert.Contains("PlainMessage.SenderId", problem.Message, StringComparison.Ordinal);
        Assert.Contains("PlainMessage.RecipientId", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Subject = ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_order_reaching_the_buyer_directly_and_through_its_card_is_refused_with_both_paths()
    {
        var problem = Assert.Single(Refused<UndecidedPurchaseContext>(o => new UndecidedPurchaseContext(o)).Problems, p => p.Kind == PrivacyModelProblemKind.AmbiguousOwnership);
        Assert.Equal("Purchase", problem.EntityType);
        Assert.Contains("Purchase.PaymentMethod → PaymentMethod.", problem.Message, StringComparison.Ordinal);
        Assert.Contains("IsNotOwnership()", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_roots_of_one_category_are_refused()
    {
        var problem = Assert.Single(Refused<TwoRootsContext>(o => new TwoRootsContext(o)).Problems);
        Assert.Equal(PrivacyModelProblemKind.DuplicateSubjectCategory, problem.Kind);
        Assert.Equal("WebCustomer", problem.EntityType);
        Assert.Contains("ShopCustomer", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unannotated_email_as_a_principal_key_is_reported()
    {
        var problems = Refused<EmailKeyContext>(o => new EmailKeyContext(o)).Problems.Where(p => p.Kind == PrivacyModelProblemKind.PersonalKey).ToArray();
        Assert.Contains(problems, p => p is { EntityType: "KeyedCustomer", Property: "Email" });
        Assert.Contains(problems, p => p is { EntityType: "NewsletterSignup", Property: "CustomerEmail" });
        Assert.All(problems, p => Assert.Contains("surrogate key", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_classified_personal_key_is_refused_with_the_surrogate_key_fix()
    {
        var problem = Assert.Single(Refused<ClassifiedEmailKeyContext>(o => new ClassifiedEmailKeyContext(o)).Problems);
        Assert.Equal((PrivacyModelProblemKind.PersonalKey, "ClassifiedKeyCustomer", "Email"), (problem.Kind, problem.EntityType, problem.Property));
        Assert.Contains("surrogate key", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_legal_hold_with_no_anchor_on_any_path_is_refused()
    {
        var problem = Assert.Single(Refused<UnanchoredHoldContext>(o => new UnanchoredHoldContext(o)).Problems);
        Assert.Equal((PrivacyModelProblemKind.LegalHoldWithoutAnchor, "Receipt", "Text"), (problem.Kind, problem.EntityType, problem.Property));
        Assert.Contains("[RetentionAnchor]", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unnamed_query_filter_is_refused_until_the_app_says_which_it_is()
    {
        var problem = Assert.Single(Refused<UnnamedFilterContext>(o => new UnnamedFilterContext(o)).Problems);
        Assert.Equal((PrivacyModelProblemKind.UnnamedQueryFilter, "Buyer"), (problem.Kind, problem.EntityType));
        Assert.Contains("HasQueryFilter(\"SoftDelete\"", problem.Message, StringComparison.Ordinal);

        using var declared = new UnnamedFilterContext(new DbContextOptionsBuilder<UnnamedFilterContext>().UseSqlite("Data Source=:memory:")
            .UsePrivacy(Policy.Value, o => o.UnnamedQueryFilters = UnnamedQueryFilterKind.SoftDelete).Options);
        Assert.NotNull(declared.Model);
    }

    // ---- On both databases: plans, erasure, exports, table dumps. ----

    private sealed class World : IAsyncDisposable
    {
        private World(TestDatabase database, ServiceProvider services)
        {
            Database = database;
            Services = services;
        }

        public TestDatabase Database { get; }

        public ServiceProvider Services { get; }

        public static async Task<World> CreateAsync(DatabaseProvider provider, int? tenant = null, Action<IServiceCollection>? services = null)
        {
            var database = await TestDatabase.CreateAsync(provider);
            var world = new World(database, Build(database, tenant, services));
            await using (var scope = world.Services.CreateAsyncScope())
            {
                var context = scope.ServiceProvider.GetRequiredService<OwnershipContext>();
                await context.Database.EnsureCreatedAsync();
                await SeedAsync(context);
            }

            return world;
        }

        public World ForTenant(int tenant) => new(Database, Build(Database, tenant));

        private static ServiceProvider Build(TestDatabase database, int? tenant, Action<IServiceCollection>? configure = null)
        {
            var services = new ServiceCollection();
            configure?.Invoke(services);
            services.AddLogging();
            services.AddSingleton<TimeProvider>(new FixedTime(Today));
            services.AddDbContext<OwnershipContext>(o => database.Configure(o));
            services.AddScoped(sp => new OwnershipContext(sp.GetRequiredService<DbContextOptions<OwnershipContext>>()) { Tenant = tenant });
            services.AddPrivacy(p => p.UsePolicy(typeof(OwnershipPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(OwnershipPolicy).Namespace!)))
                .AddEntityFrameworkCore<OwnershipContext>()
                .AddErasure(o => o.AuditKey = Harness.AuditKey);
            return services.BuildServiceProvider();
        }

        public async Task<string> DumpAsync()
        {
            await using var scope = Services.CreateAsyncScope();
            return await TableDump.OfAsync(scope.ServiceProvider.GetRequiredService<OwnershipContext>());
        }

        public async Task<string> ExportAsync(int id)
        {
            using var stream = new MemoryStream();
            await Services.GetRequiredService<IDataSubjectExporter>().ExportAsync(new DataSubjectReference(OwnershipPolicy.Customer, id), stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        public Task<ErasurePlan> PlanAsync(int id) => Services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(OwnershipPolicy.Customer, id), "REQ-" + id);

        public async Task<ErasureResult> EraseAsync(int id) => await Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(await PlanAsync(id));

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Database.DisposeAsync();
        }

        public ValueTask DisposeServicesAsync() => Services.DisposeAsync();
    }

    private static async Task SeedAsync(OwnershipContext context)
    {
        context.AddRange(
            new Avatar { Id = 10, FileName = "one-face.jpg", Caption = "one-caption" },
            new Avatar { Id = 11, FileName = "family.jpg", Caption = "family-caption" },
            new Article { Id = 1, Name = "Paint", LaunchedAt = new DateOnly(2010, 1, 1) });
        context.AddRange(
            new Buyer { Id = 1, Name = "one-name", TenantId = 1, AvatarId = 10 },
            new Buyer { Id = 2, Name = "two-name", TenantId = 2 },
            new Buyer { Id = 3, Name = "three-name", TenantId = 1, AvatarId = 11 },
            new Buyer { Id = 4, Name = "four-name", TenantId = 1, AvatarId = 11, IsDeleted = true });
        await context.SaveChangesAsync();
        context.AddRange(
            new Invoice { Id = 100, BuyerId = 1, InvoiceDate = new DateOnly(2025, 3, 15), BillingName = "one-billing" },
            new PaymentMethod { Id = 20, BuyerId = 1, CardHolder = "one-card-used" },
            new PaymentMethod { Id = 21, BuyerId = 1, CardHolder = "one-card-unused" },
            new Message { Id = 50, SenderId = 1, RecipientId = 3, Body = "one-writes-to-three", RecipientLabel = "label-three" },
            new Message { Id = 51, SenderId = 3, RecipientId = 1, Body = "three-writes-to-one", RecipientLabel = "label-one" },
            new Comment { Id = 60, AuthorId = 1, Text = "one-comment" });
        await context.SaveChangesAsync();
        context.AddRange(
            new InvoiceLine { Id = 110, InvoiceId = 100, ArticleId = 1, Text = "one-line-text" },
            new ProductLine { Id = 120, InvoiceId = 100, ProductId = 1, Text = "one-product-line" },
            new Purchase { Id = 30, BuyerId = 1, PaymentMethodId = 20, OrderedAt = new DateOnly(2025, 6, 1), BillingName = "one-purchase-billing" },
            new Comment { Id = 61, AuthorId = 3, ReplyToId = 60, Text = "three-reply" });
        await context.SaveChangesAsync();
        context.AddRange(
            new PurchaseLine { Id = 40, PurchaseId = 30, Product = "NCS S 1050", Quantity = 2, Price = 10m },
            new PurchaseLine { Id = 41, PurchaseId = 30, Product = "NCS S 0500", Quantity = 1, Price = 5m });
        await context.SaveChangesAsync();
    }

    // Input 1: a line counts from its invoice (2025 → held until 2033-01-01), not from the article it sells (2010),
    // whatever its foreign keys are called.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_line_counts_its_hold_from_its_invoice_not_from_the_article_it_sells(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);

        var plan = await world.PlanAsync(1);
        foreach (var entity in new[] { "InvoiceLine", "ProductLine" })
        {
            var step = Assert.Single(plan.Steps, s => s.Entity == entity && s.RowCount > 0);
            Assert.Equal(ErasureRowSelection.LegalHoldInForce, step.Rows);
            Assert.Equal(new DateTimeOffset(2033, 1, 1, 0, 0, 0, TimeSpan.Zero), Assert.Single(step.Retention).Until);
        }

        var before = await world.DumpAsync();
        await world.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
        var after = await world.DumpAsync();
        Assert.Contains("one-line-text", after, StringComparison.Ordinal);
        Assert.Contains("one-product-line", after, StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    // Input 2: erasing the recipient leaves the sender's message (and the sender's export of it); only the field
    // about the recipient goes.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Erasing_a_recipient_keeps_the_message_the_sender_wrote(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        Assert.Contains("one-writes-to-three", await world.ExportAsync(1), StringComparison.Ordinal);
        Assert.DoesNotContain("one-writes-to-three", await world.ExportAsync(3), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(3)).Status);

        var dump = await world.DumpAsync();
        Assert.Contains("one-writes-to-three", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("label-three", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("three-writes-to-one", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("three-reply", dump, StringComparison.Ordinal);
        Assert.Contains("one-comment", dump, StringComparison.Ordinal);
        Assert.Contains("one-writes-to-three", await world.ExportAsync(1), StringComparison.Ordinal);
    }

    // Input 3: services resolved for tenant 1 neither export nor erase tenant 2's customer; soft-deleted rows of the
    // own tenant are still seen.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_tenant_cannot_export_or_erase_another_tenants_customer(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        var before = await world.DumpAsync();
        var tenantOne = world.ForTenant(1);
        try
        {
            await Assert.ThrowsAsync<DataSubjectNotFoundException>(() => tenantOne.ExportAsync(2));
            Assert.Equal(ErasureOutcome.SubjectNotFound, (await tenantOne.PlanAsync(2)).Outcome);
            Assert.Equal(ErasureStatus.SubjectNotFound, (await tenantOne.EraseAsync(2)).Status);
            Assert.Contains("four-name", await tenantOne.ExportAsync(4), StringComparison.Ordinal); // soft-deleted, own tenant
            Assert.Equal(before, await world.DumpAsync());

            var tenantTwo = world.ForTenant(2);
            Assert.Contains("two-name", await tenantTwo.ExportAsync(2), StringComparison.Ordinal);
            await Assert.ThrowsAsync<DataSubjectNotFoundException>(() => tenantTwo.ExportAsync(1));
            await tenantTwo.DisposeServicesAsync();
        }
        finally
        {
            await tenantOne.DisposeServicesAsync();
        }
    }

    // Input 4: the photo the customer points to is exported and erased with the customer; a photo another customer
    // uses too stays, listed in the plan.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_photo_the_customer_points_to_is_exported_and_erased_unless_shared(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        Assert.Contains("one-face.jpg", await world.ExportAsync(1), StringComparison.Ordinal);
        Assert.Contains("family.jpg", await world.ExportAsync(3), StringComparison.Ordinal);

        Assert.Equal(ErasureStatus.Applied, (await world.EraseAsync(1)).Status);
        var plan = await world.PlanAsync(3);
        var shared = Assert.Single(plan.Steps, s => s.Entity == "Avatar" && s.RowCount > 0);
        Assert.Equal((ErasureRowSelection.SharedWithOthers, ErasureRowAction.Retain), (shared.Rows, shared.Action));
        Assert.Equal(ErasureStatus.Applied, (await world.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);

        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-face.jpg", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-caption", dump, StringComparison.Ordinal);
        Assert.Contains("family.jpg", dump, StringComparison.Ordinal); // customer 4 still uses it
    }

    // Inputs 5 and 6: of two cards only the one a kept order refers to stays (anonymised); the kept order keeps its lines.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Rows_that_kept_rows_refer_to_are_anonymised_the_others_deleted_and_kept_orders_keep_their_lines(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        var plan = await world.PlanAsync(1);
        var cards = plan.Steps.Where(s => s.Entity == "PaymentMethod" && s.RowCount > 0).ToArray();
        Assert.Equal([(ErasureRowSelection.All, ErasureRowAction.Delete, 1L), (ErasureRowSelection.ReferencedByKeptRows, ErasureRowAction.Anonymise, 1L)],
            cards.Select(s => (s.Rows, s.Action, s.RowCount)).OrderBy(s => s.Rows).ToArray());
        var lines = Assert.Single(plan.Steps, s => s.Entity == "PurchaseLine" && s.RowCount > 0);
        Assert.Equal((ErasureRowSelection.BelongsToKeptRow, ErasureRowAction.Retain, 2L), (lines.Rows, lines.Action, lines.RowCount));

        Assert.Equal(ErasureStatus.Applied, (await world.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);
        var dump = await world.DumpAsync();
        Assert.DoesNotContain("one-card-unused", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("one-card-used", dump, StringComparison.Ordinal);
        Assert.Contains("PaymentMethod: BuyerId=1; CardHolder=erased-", dump, StringComparison.Ordinal);
        Assert.Equal(1, dump.Split('\n').Count(l => l.StartsWith("PaymentMethod:", StringComparison.Ordinal)));
        Assert.Equal(2, dump.Split('\n').Count(l => l.StartsWith("PurchaseLine:", StringComparison.Ordinal)));

        // Completeness: nothing of customer 1 is left but what the plan said it retains (the bookkeeping hold).
        foreach (var value in new[] { "one-name", "one-face.jpg", "one-caption", "one-writes-to-three", "label-one", "one-comment" })
        {
            Assert.DoesNotContain(value, dump, StringComparison.Ordinal);
        }

        Assert.Contains("one-billing", dump, StringComparison.Ordinal);
        Assert.Contains("one-purchase-billing", dump, StringComparison.Ordinal);
        Assert.Contains("two-name", dump, StringComparison.Ordinal);
        Assert.Contains("three-reply", dump, StringComparison.Ordinal);
    }

    private sealed class UnpaidPurchaseGuard(bool refuseAll) : IErasureGuard
    {
        public ValueTask<IReadOnlyList<ErasureObjection>> CheckAsync(ErasureGuardContext context, CancellationToken cancellationToken)
            => ValueTask.FromResult<IReadOnlyList<ErasureObjection>>(
                [new ErasureObjection("An order is unpaid.") { Basis = "Art. 17(3)(e)", EntityTypes = refuseAll ? null : [typeof(Purchase), typeof(PurchaseLine)] }]);
    }

    // A guard's objection names what it keeps: the rest of the erasure goes ahead (Art. 17(3) exempts what the claim
    // needs), or, as the app chooses, the whole request is refused.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_guard_keeps_what_the_claim_needs_and_lets_the_rest_go_or_refuses_all(DatabaseProvider provider)
    {
        await using (var partial = await World.CreateAsync(provider, services: s => s.AddSingleton<IErasureGuard>(new UnpaidPurchaseGuard(refuseAll: false))))
        {
            var plan = await partial.PlanAsync(1);
            Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
            var kept = Assert.Single(plan.Steps, s => s.Entity == "Purchase" && s.RowCount > 0);
            Assert.Equal(ErasureRowAction.Retain, kept.Action);
            Assert.Contains(kept.Retention, r => r.Reason.Contains("An order is unpaid.", StringComparison.Ordinal));
            Assert.Equal(ErasureStatus.Applied, (await partial.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan)).Status);
            var dump = await partial.DumpAsync();
            Assert.Contains("one-purchase-billing", dump, StringComparison.Ordinal);
            Assert.DoesNotContain("one-name", dump, StringComparison.Ordinal);
            Assert.DoesNotContain("one-card-unused", dump, StringComparison.Ordinal);
        }

        await using var whole = await World.CreateAsync(provider, services: s => s.AddSingleton<IErasureGuard>(new UnpaidPurchaseGuard(refuseAll: true)));
        var before = await whole.DumpAsync();
        var refused = await whole.PlanAsync(1);
        Assert.Equal(ErasureOutcome.Refused, refused.Outcome);
        Assert.Equal("An order is unpaid.", Assert.Single(refused.Refusals).Reason);
        await Assert.ThrowsAsync<ErasureRefusedException>(() => whole.Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(refused));
        Assert.Equal(before, await whole.DumpAsync());
    }
}
