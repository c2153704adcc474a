using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Webshop.Model;

namespace Ncs.Webshop.Tests;

/// <summary>
/// What one export of a webshop customer costs the database, counted (not timed): the DbContext instances that reach the
/// database, the connection opens and the commands (issue 18, round 5; the numbers are in docs/performance.md). The
/// counts are the same whatever the customer holds: more orders, messages, invoices, external logins and roles add rows,
/// never round trips.
/// </summary>
public sealed class ExportRoundTripTests
{
    /// <summary>One context per registered DbContext type per export (the contributed sections read in the export's own).</summary>
    public const int Contexts = 1;

    /// <summary>The export opens its context's connection once, for the whole export.</summary>
    public const int ConnectionOpens = 1;

    /// <summary>
    /// The commands of one export of a webshop customer: 7 for the data (the customer's row, then one per other block of
    /// the subject graph that has exported fields) and 7 for the sections: objections, requests and restrictions one
    /// each, Identity's user, tokens, logins and roles. Main at a851f05 sent 16 (19 with three external logins: one per
    /// login), over 5 contexts and 16 connection opens.
    /// </summary>
    public const int Commands = 14;

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task One_export_uses_one_context_one_connection_and_a_number_of_commands_independent_of_the_rows(DatabaseProvider db)
    {
        var counter = new DatabaseWorkCounter();
        var (database, app) = await WebshopHosts.StartAsync(db, builder => builder.Services.ConfigureDbContext<WebshopContext>((_, o) => o.AddInterceptors(counter)));
        try
        {
            var exporter = app.Services.GetRequiredService<IDataSubjectExporter>();
            var subject = new DataSubjectReference("customer", 3); // Cecilia: an account and nothing else yet

            var few = await counter.CountAsync(() => exporter.ExportAsync(subject, Stream.Null));

            // Many more rows of every kind the customer can hold, including what Identity keeps per external login and role.
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var context = scope.ServiceProvider.GetRequiredService<WebshopContext>();
                var cecilia = await context.Customers.Include(c => c.Orders).SingleAsync(c => c.Id == 3);
                for (var i = 0; i < 5; i++)
                {
                    var order = new Order { OrderedAt = DateTime.UtcNow.AddDays(-i), ShippingAddress = new DeliveryAddress { Street = $"Gatan {i}", PostalCode = "111 57", City = "Stockholm" } };
                    order.Lines.Add(new OrderLine { ProductCode = "NCS-INDEX-2050", Quantity = 1 + i, UnitPrice = 1490m });
                    order.Lines.Add(new OrderLine { ProductCode = "NCS-SCAN", Quantity = 2, UnitPrice = 1190m });
                    cecilia.Orders.Add(order);
                    cecilia.Messages.Add(new CustomerServiceMessage { FromAddress = "cecilia.carlsson@example.se", Body = $"Question {i}", ReceivedAt = DateTime.UtcNow.AddDays(-i) });
                    cecilia.Invoices.Add(new Invoice
                    {
                        Number = $"RT-{db}-{i}", InvoiceDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-i)), BillingName = "Cecilia Carlsson", Amount = 100m + i,
                        PaymentReference = $"PAY-RT-{i}", PaidAt = DateTime.UtcNow.AddDays(-i), SentToEmail = "cecilia.carlsson@example.se",
                    });
                }

                await context.SaveChangesAsync();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<Customer>>();
                var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<int>>>();
                foreach (var provider in new[] { "Google", "Microsoft", "GitHub" })
                {
                    Assert.True((await users.AddLoginAsync(cecilia, new UserLoginInfo(provider, $"{provider}-cecilia", provider))).Succeeded);
                    Assert.True((await users.SetAuthenticationTokenAsync(cecilia, provider, "access_token", $"secret-{provider}")).Succeeded);
                }

                foreach (var role in new[] { "Designer", "Reviewer" })
                {
                    Assert.True((await roles.CreateAsync(new IdentityRole<int>(role))).Succeeded);
                    Assert.True((await users.AddToRoleAsync(cecilia, role)).Succeeded);
                }

                Assert.True((await users.ResetAuthenticatorKeyAsync(cecilia)).Succeeded);
                Assert.NotNull(await users.GenerateNewTwoFactorRecoveryCodesAsync(cecilia, 10));
            }

            var buffer = new MemoryStream();
            var many = await counter.CountAsync(() => exporter.ExportAsync(subject, buffer));
            var summary = await exporter.ExportAsync(subject, Stream.Null);
            Assert.True(summary.Rows >= 25, $"the second export wrote {summary.Rows} rows");
            var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            Assert.Contains("access token from GitHub", text, StringComparison.Ordinal);
            Assert.Contains("\"Reviewer\"", text, StringComparison.Ordinal);

            Assert.Equal(few, many);
            Assert.Equal((Contexts, ConnectionOpens, Commands), few);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    /// <summary>Counts what the code run by <see cref="CountAsync"/> does, and nothing else the host does meanwhile (a hosted service).</summary>
    private sealed class DatabaseWorkCounter : DbConnectionInterceptor, IDbCommandInterceptor
    {
        private readonly AsyncLocal<Counts?> _current = new();

        public async Task<(int Contexts, int ConnectionOpens, int Commands)> CountAsync(Func<Task> action)
        {
            var counts = new Counts();
            _current.Value = counts;
            try
            {
                await action();
            }
            finally
            {
                _current.Value = null;
            }

            return (counts.Contexts.Count, counts.Opens, counts.Commands);
        }

        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            Opened(eventData);
            return result;
        }

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Opened(eventData);
            return ValueTask.FromResult(result);
        }

        public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) => Command(eventData, result);

        public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Command(eventData, result));

        public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) => Command(eventData, result);

        public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Command(eventData, result));

        public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) => Command(eventData, result);

        public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Command(eventData, result));

        private void Opened(ConnectionEventData eventData)
        {
            if (_current.Value is { } counts)
            {
                lock (counts)
                {
                    counts.Opens++;
                    if (eventData.Context is { } context)
                    {
                        counts.Contexts.Add(context);
                    }
                }
            }
        }

        private T Command<T>(CommandEventData eventData, T result)
        {
            if (_current.Value is { } counts)
            {
                lock (counts)
                {
                    counts.Commands++;
                    if (eventData.Context is { } context)
                    {
                        counts.Contexts.Add(context);
                    }
                }
            }

            return result;
        }

        private sealed class Counts
        {
            public HashSet<DbContext> Contexts { get; } = new(ReferenceEqualityComparer.Instance);

            public int Opens { get; set; }

            public int Commands { get; set; }
        }
    }
}
