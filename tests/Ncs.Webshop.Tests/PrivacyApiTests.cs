using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Webshop.Tests;

/// <summary>The HTTP API end to end, over the real databases: what each kind of user can and cannot reach.</summary>
[Collection(WebshopCollection.Name)]
public sealed class PrivacyApiTests(WebshopHosts hosts)
{
    private const string Anna = "customer:1";
    private const string Bjorn = "customer:2";
    private const string Operator = "operator";

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_operator_reads_the_register_in_each_format(DatabaseProvider db)
    {
        using var client = await hosts.ClientAsync(db, Operator);
        var json = await client.GetFromJsonAsync<JsonElement>("/privacy/register");
        Assert.Equal("NCS Colour AB", json.GetProperty("controller").GetProperty("name").GetString());
        Assert.Equal("info@ncscolour.com", json.GetProperty("controller").GetProperty("email").GetString());

        var markdown = await client.GetAsync("/privacy/register?format=markdown&culture=en");
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("## (f) Time limits for erasure", await markdown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var csv = await client.GetAsync("/privacy/register?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("controller,controller_registration_number", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/privacy/register?format=pdf")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_register_is_for_operators_only(DatabaseProvider db)
    {
        using var anonymous = hosts.Client(db);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/privacy/register")).StatusCode);
        using var customer = await hosts.ClientAsync(db, Anna);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/privacy/register")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_customer_exports_their_own_data(DatabaseProvider db)
    {
        using var client = await hosts.ClientAsync(db, Anna);
        foreach (var path in new[] { "/privacy/me/export", "/privacy/subjects/customer/1/export" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("anna.andersson@example.se", body, StringComparison.Ordinal);
            Assert.Contains("Sveavägen 1", body, StringComparison.Ordinal);
            Assert.DoesNotContain("bjorn.berg@example.se", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Björn", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_customer_cannot_read_another_customers_data_nor_learn_whether_it_exists(DatabaseProvider db)
    {
        using var client = await hosts.ClientAsync(db, Anna);
        var other = await client.GetAsync("/privacy/subjects/customer/2/export");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.DoesNotContain("bjorn", await other.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        // A customer id that does not exist answers exactly as one that does: 403, not 404.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/privacy/subjects/customer/999/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/privacy/subjects/customer/2/objections")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/privacy/subjects/customer/2/objections/marketing", null)).StatusCode);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Without_sign_in_nothing_is_reachable(DatabaseProvider db)
    {
        using var client = hosts.Client(db);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/privacy/me/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/privacy/subjects/customer/1/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/privacy/me/objections/marketing", null)).StatusCode);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_operator_reaches_any_customer_and_gets_clear_errors(DatabaseProvider db)
    {
        using var client = await hosts.ClientAsync(db, Operator);
        var bjorn = await client.GetAsync("/privacy/subjects/customer/2/export");
        Assert.Equal(HttpStatusCode.OK, bjorn.StatusCode);
        Assert.Contains("bjorn.berg@example.se", await bjorn.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unknown = await client.GetAsync("/privacy/subjects/customer/999/export");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        var malformed = await client.GetAsync("/privacy/subjects/customer/not-a-number/export");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Int32", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/privacy/subjects/employee/1/export")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_customer_objects_to_marketing_and_the_objection_is_recorded_once(DatabaseProvider db)
    {
        using var client = await hosts.ClientAsync(db, "customer:3");
        var first = await client.PostAsync("/privacy/me/objections/marketing", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = await client.PostAsync("/privacy/me/objections/marketing", null);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("objectedAtUtc").GetString(),
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("objectedAtUtc").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/privacy/me/objections");
        var objection = Assert.Single(list.EnumerateArray());
        Assert.Equal("marketing", objection.GetProperty("purpose").GetString());
        Assert.True(objection.GetProperty("unconditional").GetBoolean());

        var export = await client.GetStringAsync("/privacy/me/export");
        Assert.Contains("\"objections\"", export, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Objecting_to_a_purpose_that_allows_no_objection_is_refused_with_the_reason(DatabaseProvider db)
    {
        using var client = await hosts.ClientAsync(db, Anna);
        var response = await client.PostAsync("/privacy/me/objections/bookkeeping", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Art. 6(1)(c)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/privacy/me/objections/no-such-purpose", null)).StatusCode);
        var list = await client.GetFromJsonAsync<JsonElement>("/privacy/me/objections");
        Assert.DoesNotContain(list.EnumerateArray(), o => o.GetProperty("purpose").GetString() == "bookkeeping");
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_marketing_list_leaves_out_who_objected(DatabaseProvider db)
    {
        var (database, app) = await WebshopHosts.StartAsync(db);
        await using var _ = database;
        await using var __ = app;
        using var client = await WebshopHosts.SignedInAsync(app, Bjorn);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/privacy/me/objections/marketing", null)).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<Model.WebshopContext>();
        var names = await context.Customers.WhereNotObjectedTo(context, Policy.NcsPolicy.Purposes.Marketing).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        Assert.Equal([1, 3], names.Where(id => id <= 3)); // the seeded operator's own account is not one of the three customers
    }
}
