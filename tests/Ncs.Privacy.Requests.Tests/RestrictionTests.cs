using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Art. 18: honoured in queries as objections are, shown in the export, and the sweep keeps the data.</summary>
public class RestrictionTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_restricted_purpose_leaves_the_subject_out_of_its_queries_only(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Restriction, Harness.Alice, RequestPolicy.Purposes.Analytics);
        var done = await h.Requests.RestrictAsync(request.Id, Harness.Alice, null);
        Assert.Equal(DataSubjectRequestState.Completed, done.State);
        Assert.Equal(["analytics"], done.RecipientsToNotify);

        var now = h.Time.GetUtcNow().UtcDateTime;
        await using (var context = h.Context())
        {
            Assert.Equal([RequestContext.Bob], await context.Customers.WhereNotRestricted(context, RequestPolicy.Purposes.Analytics, now).Select(c => c.Id).ToListAsync());
            Assert.Equal([RequestContext.Alice, RequestContext.Bob], await context.Customers.WhereNotRestricted(context, RequestPolicy.Purposes.Marketing, now).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync());
        }

        Assert.True(await h.Restrictions.IsRestrictedAsync(Harness.Alice, RequestPolicy.Purposes.Analytics));
        Assert.False(await h.Restrictions.IsRestrictedAsync(Harness.Alice, RequestPolicy.Purposes.Marketing));
        Assert.False(await h.Restrictions.IsRestrictedAsync(Harness.Bob, RequestPolicy.Purposes.Analytics));

        Assert.Equal(1, await h.Restrictions.LiftAsync(Harness.Alice, RequestPolicy.Purposes.Analytics));
        await using (var context = h.Context())
        {
            Assert.Equal(2, await context.Customers.WhereNotRestricted(context, RequestPolicy.Purposes.Analytics, now).CountAsync());
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_restriction_of_every_purpose_ends_on_its_day(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Restriction, Harness.Bob);
        var until = Harness.Start.UtcDateTime.AddDays(10);
        await h.Requests.RestrictAsync(request.Id, Harness.Bob, until);
        await using var context = h.Context();
        foreach (var purpose in new[] { RequestPolicy.Purposes.Account, RequestPolicy.Purposes.Marketing, RequestPolicy.Purposes.Analytics })
        {
            Assert.Equal([RequestContext.Alice], await context.Customers.WhereNotRestricted(context, purpose, until.AddSeconds(-1)).Select(c => c.Id).ToListAsync());
            Assert.Equal(2, await context.Customers.WhereNotRestricted(context, purpose, until).CountAsync());
        }

        h.Time.Now = new DateTimeOffset(until);
        Assert.False(await h.Restrictions.IsRestrictedAsync(Harness.Bob, RequestPolicy.Purposes.Account));
        Assert.False((await h.Restrictions.ListAsync(Harness.Bob)).Single().InForce);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_export_shows_restrictions_and_requests(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Restriction, Harness.Alice, RequestPolicy.Purposes.Analytics);
        await h.Requests.RestrictAsync(request.Id, Harness.Alice, null);
        using var buffer = new MemoryStream();
        await h.Services.GetRequiredService<IDataSubjectExporter>().ExportAsync(Harness.Alice, buffer);
        using var json = JsonDocument.Parse(buffer.ToArray());
        var restriction = Section(json, "restrictions").EnumerateArray().Single();
        Assert.Equal("analytics", restriction.GetProperty("purpose").GetString());
        Assert.True(restriction.GetProperty("inForce").GetBoolean());
        var listed = Section(json, "requests").EnumerateArray().Single();
        Assert.Equal(request.Id, listed.GetProperty("id").GetGuid());
        Assert.Equal("Restriction", listed.GetProperty("right").GetString());
        Assert.Equal("Completed", listed.GetProperty("state").GetString());

        // Bob's export shows none of Alice's.
        using var bob = new MemoryStream();
        await h.Services.GetRequiredService<IDataSubjectExporter>().ExportAsync(Harness.Bob, bob);
        using var bobJson = JsonDocument.Parse(bob.ToArray());
        Assert.Empty(Section(bobJson, "restrictions").EnumerateArray());
        Assert.Empty(Section(bobJson, "requests").EnumerateArray());
    }

    internal static JsonElement Section(JsonDocument export, string name) =>
        export.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("content");

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_sweep_keeps_a_restricted_subjects_rows_until_the_restriction_is_lifted(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        var request = await h.VerifiedAsync(DataSubjectRight.Restriction, Harness.Alice);
        await h.Requests.RestrictAsync(request.Id, Harness.Alice, null);
        var sweeper = h.Services.GetRequiredService<IRetentionEnforcer>();

        var first = await sweeper.SweepAsync();
        Assert.Equal(1, first.RowsDeleted);
        await using (var context = h.Context())
        {
            Assert.Equal([11, 12, 22], await context.Visits.OrderBy(v => v.Id).Select(v => v.Id).ToListAsync());
        }

        await h.Restrictions.LiftAsync(Harness.Alice, null);
        var second = await sweeper.SweepAsync();
        Assert.Equal(1, second.RowsDeleted);
        await using (var context = h.Context())
        {
            Assert.Equal([12, 22], await context.Visits.OrderBy(v => v.Id).Select(v => v.Id).ToListAsync());
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_purpose_restriction_also_keeps_the_rows_from_the_sweep_and_an_ended_one_does_not(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        await h.Restrictions.RestrictAsync(Harness.Alice, RequestPolicy.Purposes.Marketing, null);
        await h.Restrictions.RestrictAsync(Harness.Bob, null, Harness.Start.UtcDateTime.AddDays(1));
        h.Time.Now = Harness.Start.AddDays(2);
        var result = await h.Services.GetRequiredService<IRetentionEnforcer>().SweepAsync();
        Assert.Equal(1, result.RowsDeleted);
        await using var context = h.Context();
        Assert.Equal([11, 12, 22], await context.Visits.OrderBy(v => v.Id).Select(v => v.Id).ToListAsync());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Bad_restrictions_are_refused_and_write_nothing(DatabaseProvider provider)
    {
        await using var h = await Harness.CreateAsync(provider);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Restrictions.RestrictAsync(Harness.Alice, "unknown", null));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Restrictions.RestrictAsync(Harness.Alice, null, Harness.Start.UtcDateTime.AddDays(-1)));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Restrictions.RestrictAsync(Harness.Alice, null, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Local)));
        await Assert.ThrowsAsync<DataSubjectNotFoundException>(() => h.Restrictions.RestrictAsync(new DataSubjectReference(RequestPolicy.Subjects.Customer, 404), null, null));
        await using var context = h.Context();
        Assert.Empty(await context.Set<PrivacyRestriction>().ToListAsync());
        Assert.Throws<ArgumentException>(() => context.Customers.WhereNotRestricted(context, RequestPolicy.Purposes.Account, DateTime.Now));
        Assert.Throws<ArgumentException>(() => context.Visits.WhereNotRestricted(context, RequestPolicy.Purposes.Account, DateTime.UtcNow));
    }
}
