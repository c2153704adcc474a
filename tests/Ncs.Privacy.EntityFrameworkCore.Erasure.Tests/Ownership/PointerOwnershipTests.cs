using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Ownership;

namespace Ncs.Privacy.EntityFrameworkCore.Erasure.Tests.Ownership;

// Rule 9 (rows the subject points to) from every place a reference can sit, on the shapes of
// tests/Ncs.Privacy.Testing/Ownership/PointerShapes.cs, on SQLite and PostgreSQL: what the export shows is exactly what the
// erasure erases or lists as kept, and nothing of the erased subject's pointed-to rows survives an Applied erasure.
public sealed class PointerOwnershipTests
{
    private static DateTimeOffset Today => new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private sealed class World : IAsyncDisposable
    {
        private World(TestDatabase database)
        {
            Database = database;
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<TimeProvider>(new FixedTime(Today));
            services.AddDbContext<RamblerContext>(o => Database.Configure(o));
            services.AddPrivacy(p => p.UsePolicy(typeof(OwnershipPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(OwnershipPolicy).Namespace!)))
                .AddEntityFrameworkCore<RamblerContext>()
                .AddErasure(o => o.AuditKey = Harness.AuditKey);
            Services = services.BuildServiceProvider();
        }

        public TestDatabase Database { get; }

        public ServiceProvider Services { get; }

        public static async Task<World> CreateAsync(DatabaseProvider provider)
        {
            var world = new World(await TestDatabase.CreateAsync(provider));
            await using var scope = world.Services.CreateAsyncScope();
            var c = scope.ServiceProvider.GetRequiredService<RamblerContext>();
            await c.Database.EnsureCreatedAsync();
            c.AddRange(
                new Frame { Id = 60, Inscription = "shared-frame" },
                new Frame { Id = 61, Inscription = "one-cover-frame" },
                new Frame { Id = 62, Inscription = "two-frame" },
                new Frame { Id = 63, Inscription = "three-frame" },
                new Campsite { Id = 70, BookedAs = "shared-campsite" },
                new Campsite { Id = 71, BookedAs = "one-campsite" },
                new Campsite { Id = 73, BookedAs = "three-campsite" },
                new Badge { Id = 80, PrintedName = "one-badge" },
                new Badge { Id = 81, PrintedName = "two-badge" },
                new Badge { Id = 83, PrintedName = "three-badge" },
                new SealedLetter { Id = 90, Text = "one-letter" },
                new SealedLetter { Id = 91, Text = "two-letter" });
            await c.SaveChangesAsync();
            c.AddRange(
                new Snapshot { Id = 10, Caption = "one-avatar", FrameId = 60 },
                new Snapshot { Id = 11, Caption = "one-cover", FrameId = 61 },
                new Snapshot { Id = 20, Caption = "two-avatar", FrameId = 60 },
                new Snapshot { Id = 21, Caption = "two-cover", FrameId = 62 },
                new Snapshot { Id = 30, Caption = "three-avatar", FrameId = 63 });
            await c.SaveChangesAsync();
            c.AddRange(new SnapshotTag { Id = 110, SnapshotId = 11, Label = "one-tag" }, new SnapshotTag { Id = 120, SnapshotId = 20, Label = "two-tag" });
            await c.SaveChangesAsync();
            c.AddRange(new TagRemark { Id = 111, TagId = 110, Text = "one-remark" }, new TagRemark { Id = 121, TagId = 120, Text = "two-remark" });
            await c.SaveChangesAsync();
            var old = new DateOnly(2010, 1, 1);
            c.AddRange(
                new Rambler { Id = 1, Name = "one-name", JoinedAt = old, AvatarId = 10, CoverId = 11, Card = new RamblerCard { BadgeId = 80 }, Contacts = { new EmergencyContact { Relation = "one-relation", LetterId = 90 } } },
                new Rambler { Id = 2, Name = "two-name", JoinedAt = old, AvatarId = 20, CoverId = 21, Card = new RamblerCard { BadgeId = 81 }, Contacts = { new EmergencyContact { Relation = "two-relation", LetterId = 91 } } },
                new Rambler { Id = 3, Name = "three-name", InvoiceName = "three-invoice-name", JoinedAt = new DateOnly(2025, 3, 15), AvatarId = 30, Card = new RamblerCard { BadgeId = 83 } });
            await c.SaveChangesAsync();
            c.AddRange(new Hike { Id = 100, RamblerId = 1, Distance = 12 }, new Hike { Id = 200, RamblerId = 2, Distance = 20 }, new Hike { Id = 300, RamblerId = 3, Distance = 30 });
            await c.SaveChangesAsync();
            c.AddRange(
                new HikeLeg { Id = 1000, HikeId = 100, CampsiteId = 70 },
                new HikeLeg { Id = 1001, HikeId = 100, CampsiteId = 71 },
                new HikeLeg { Id = 2000, HikeId = 200, CampsiteId = 70 },
                new HikeLeg { Id = 3000, HikeId = 300, CampsiteId = 73 });
            await c.SaveChangesAsync();
            return world;
        }

        public async Task<string> DumpAsync()
        {
            await using var scope = Services.CreateAsyncScope();
            return await TableDump.OfAsync(scope.ServiceProvider.GetRequiredService<RamblerContext>());
        }

        public async Task<string> ExportAsync(int id)
        {
            using var stream = new MemoryStream();
            await Services.GetRequiredService<IDataSubjectExporter>().ExportAsync(new DataSubjectReference(OwnershipPolicy.Customer, id), stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        public Task<ErasurePlan> PlanAsync(int id) => Services.GetRequiredService<IErasurePlanner>().PlanAsync(new DataSubjectReference(OwnershipPolicy.Customer, id), "REQ-" + id);

        public async Task<ErasureResult> ExecuteAsync(ErasurePlan plan)
        {
            Assert.Equal(ErasureOutcome.Erase, plan.Outcome);
            return await Services.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan);
        }

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    /// <summary>The rows of each entity's pointed-to block of an export (the blocks whose paths start from the row itself, away from the subject).</summary>
    private static Dictionary<string, int> PointedRows(string export, SubjectRoot root)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var block in JsonNode.Parse(export)!["data"]!.AsArray())
        {
            var entity = root.Entities.Single(e => ModelClassification.Name(e.EntityType) == (string)block!["entity"]!);
            var paths = block!["paths"]!.AsArray().Select(p => (string)p!).ToArray();
            var share = entity.Shares.SingleOrDefault(s => s.Paths.Select(p => p.ToString()).SequenceEqual(paths));
            if (share is { IsPointedTo: true })
            {
                counts[entity.EntityType.Name] = block["rows"]!.AsArray().Count;
            }
        }

        return counts;
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Every_row_the_subject_points_to_is_in_its_export_and_nothing_of_another_subjects(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        var export = await world.ExportAsync(1);
        foreach (var own in new[] { "one-avatar", "one-cover", "shared-frame", "one-cover-frame", "one-campsite", "shared-campsite", "one-badge", "one-letter", "one-relation", "one-tag", "one-remark" })
        {
            Assert.Contains(own, export, StringComparison.Ordinal);
        }

        foreach (var other in new[] { "two-avatar", "two-cover", "two-frame", "two-badge", "two-letter", "two-tag", "two-remark", "three-" })
        {
            Assert.DoesNotContain(other, export, StringComparison.Ordinal);
        }
    }

    // Pointed from the root (avatar, cover), two foreign keys below it (a hike leg's campsite), from an owned value in its own
    // table (the card's badge), from an owned collection (a contact's letter), and one pointed-to row further (the cover's
    // frame): all erased; what another member's rows use too (the shared frame and campsite) stays, listed in the plan.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_applied_erasure_leaves_no_pointed_to_row_of_the_subject_and_keeps_what_others_use(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        var before = await world.DumpAsync();
        var plan = await world.PlanAsync(1);
        foreach (var (type, kept) in new[] { (typeof(Frame), 1L), (typeof(Campsite), 1L) })
        {
            var step = Assert.Single(plan.Steps, s => s.EntityType == type.FullName && s.PointedTo && s.Rows == ErasureRowSelection.SharedWithOthers);
            Assert.Equal((ErasureRowAction.Retain, kept), (step.Action, step.RowCount));
        }

        Assert.Equal(ErasureStatus.Applied, (await world.ExecuteAsync(plan)).Status);
        var after = await world.DumpAsync();
        foreach (var gone in new[] { "one-name", "one-avatar", "one-cover", "one-cover-frame", "one-campsite", "one-badge", "one-letter", "one-relation", "one-tag", "one-remark" })
        {
            Assert.Contains(gone, before, StringComparison.Ordinal);
            Assert.DoesNotContain(gone, after, StringComparison.Ordinal);
        }

        foreach (var kept in new[] { "shared-frame", "shared-campsite", "two-avatar", "two-cover", "two-frame", "two-badge", "two-letter", "two-relation", "two-tag", "two-remark", "three-avatar" })
        {
            Assert.Contains(kept, after, StringComparison.Ordinal);
        }

        Assert.Contains("shared-frame", await world.ExportAsync(2), StringComparison.Ordinal);
        Assert.Contains("shared-campsite", await world.ExportAsync(2), StringComparison.Ordinal);
    }

    // Export and erasure agree: for each type, the rows the export shows as pointed to equal the rows the plan's pointed-to
    // steps erase or keep.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_plan_accounts_for_exactly_the_pointed_to_rows_the_export_shows(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        await using var scope = world.Services.CreateAsyncScope();
        var root = scope.ServiceProvider.GetRequiredService<RamblerContext>().GetSubjectGraph().FindRoot(OwnershipPolicy.Customer)!;
        foreach (var id in new[] { 1, 2, 3 })
        {
            var exported = PointedRows(await world.ExportAsync(id), root);
            var planned = (await world.PlanAsync(id)).Steps.Where(s => s.PointedTo).GroupBy(s => s.EntityType).ToDictionary(g => g.Key, g => (int)g.Sum(s => s.RowCount), StringComparer.Ordinal);
            Assert.Equal(exported.Where(e => e.Value > 0).OrderBy(e => e.Key), planned.Where(p => p.Value > 0).OrderBy(p => p.Key));
            Assert.Contains(typeof(Frame).FullName!, exported.Keys);
        }
    }

    // A subject whose own row is kept (the invoice name is under the bookkeeping hold until 2033): what the kept row refers
    // to stays, anonymised (its avatar, the avatar's frame, the card's badge), since a surviving row refers to it; what only
    // erased rows referred to goes (the campsite of a deleted hike's leg). No personal value of the erased fields remains.
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task When_the_subjects_row_is_kept_only_rows_a_surviving_row_refers_to_are_kept(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        var plan = await world.PlanAsync(3);
        Assert.Contains(plan.Steps, s => s.EntityType == typeof(Rambler).FullName && s.Action == ErasureRowAction.Anonymise && s.RowCount == 1);
        Assert.Equal(ErasureStatus.Applied, (await world.ExecuteAsync(plan)).Status);
        var after = await world.DumpAsync();
        Assert.Contains("three-invoice-name", after, StringComparison.Ordinal);
        foreach (var gone in new[] { "three-name", "three-avatar", "three-frame", "three-badge", "three-campsite" })
        {
            Assert.DoesNotContain(gone, after, StringComparison.Ordinal);
        }

        Assert.True(HasRow(after, "Snapshot", 30)); // the avatar row stays: the kept member row refers to it
        Assert.True(HasRow(after, "Frame", 63)); // and so does its frame, which the kept avatar refers to
        Assert.False(HasRow(after, "Campsite", 73)); // only the deleted hike's leg referred to the campsite
        Assert.False(HasRow(after, "Hike", 300));
    }

    private static bool HasRow(string dump, string table, int id)
        => dump.Split('\n').Any(line => line.StartsWith(table + ": ", StringComparison.Ordinal) && line[(table.Length + 2)..].Split("; ").Contains("Id=" + id));
}
