using CsCheck;
using Npgsql;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>
/// Atomicity (hard case 5) under injected faults: for every k, the k-th command of an erasure (the commit counted as
/// one) fails, is cancelled, or (PostgreSQL) has its server process killed from a second connection. After each fault the
/// database equals its state before, byte for byte (full dump); the same plan then runs to completion and passes the
/// erasure post-condition.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    /// <summary>Three customers with everything the model has, all linked: erasing customer 1 touches every kind of step.</summary>
    public static readonly WorldSpec Rich = new(
        [
            new CustomerSpec(false, true, true, [new OrderSpec(false, true, 2), new OrderSpec(true, true, 1)], [new InvoiceSpec(0, false, true, 2), new InvoiceSpec(3, false, true, 2), new InvoiceSpec(1, true, true, 1)], [new TicketSpec(0, true, true, false), new TicketSpec(1, true, false, true)]),
            new CustomerSpec(false, true, false, [new OrderSpec(false, true, 1)], [new InvoiceSpec(2, false, true, 1)], [new TicketSpec(0, true, true, false), new TicketSpec(1, false, true, false)]),
            new CustomerSpec(true, false, true, [new OrderSpec(false, false, 1)], [], []),
        ],
        2,
        [0b011, 0b001, 0b110],
        2); // subjects are listed employees first: index 2 is customer 1

    public static TheoryData<DatabaseProvider, FaultKind> Faults => new()
    {
        { DatabaseProvider.Sqlite, FaultKind.Throw },
        { DatabaseProvider.Sqlite, FaultKind.Cancel },
        { DatabaseProvider.PostgreSql, FaultKind.Throw },
        { DatabaseProvider.PostgreSql, FaultKind.Cancel },
        { DatabaseProvider.PostgreSql, FaultKind.KillConnection },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_at_any_statement_leaves_the_database_as_it_was_and_the_next_run_finishes(DatabaseProvider provider, FaultKind kind)
    {
        await using var shop = await Shop.CreateAsync(provider);
        shop.Faults.Kill = shop.KillAsync;
        long worlds = 0, faults = 0, statements = 0;
        var random = provider == DatabaseProvider.Sqlite ? 12 : 4;
        var specs = new List<WorldSpec> { Rich };
        World.Gen.Sample(spec => specs.Add(spec), iter: random * (Counts.Long ? 10 : 1), threads: 1, seed: Counts.Seed);
        foreach (var spec in specs)
        {
            // A clean run counts the erasure's commands.
            var world = await shop.LoadAsync(spec);
            var before = await shop.DumpAsync();
            var plan = await shop.PlanAsync(world.Target);
            shop.Faults.Arm();
            Assert.Equal(ErasureStatus.Applied, (await shop.Executor.ExecuteAsync(plan)).Status);
            var count = shop.Faults.Count;
            shop.Faults.Disarm();
            statements += count;

            for (var k = 1; k <= count; k++)
            {
                await shop.LoadAsync(spec);
                using var cancellation = new CancellationTokenSource();
                shop.Faults.Cancellation = cancellation;
                shop.Faults.Arm(k, kind);
                Exception? error = null;
                try
                {
                    await shop.Executor.ExecuteAsync(plan, cancellation.Token);
                }
                catch (Exception e)
                {
                    error = e;
                }
                finally
                {
                    shop.Faults.Disarm();
                }

                var expected = kind switch
                {
                    FaultKind.Throw => nameof(InjectedFaultException),
                    FaultKind.Cancel => "cancel",
                    _ => "terminat",
                };
                Assert.True(error is not null, $"{kind} at statement {k} of {count} ({shop.Faults.Commands.LastOrDefault()}): the erasure reported success. World: {spec}");
                // A killed backend shows as "terminating connection" (57P01) when the kill lands between statements, or as the
                // connection breaking under the statement (EF Core's transient-failure error over Npgsql's stream error) when it
                // lands during one: both are the fault; what matters is below (nothing changed, the next run finishes).
                if (kind == FaultKind.KillConnection && !error.ToString().Contains(expected, StringComparison.OrdinalIgnoreCase))
                {
                    Assert.True(Chain(error).Any(e => e is NpgsqlException), $"KillConnection at statement {k}: not a connection failure: {error}");
                }
                else
                {
                    Assert.Contains(expected, error.ToString(), StringComparison.OrdinalIgnoreCase);
                }
                if (kind == FaultKind.KillConnection)
                {
                    NpgsqlConnection.ClearAllPools();
                }

                if (before.DifferenceFrom(await shop.DumpAsync()) is { } difference)
                {
                    throw new ViolationException($"{kind} at statement {k} of {count} ({shop.Faults.Commands.LastOrDefault()}) left a change: {difference}. World: {spec}");
                }

                Assert.Equal(ErasureStatus.Applied, (await shop.Executor.ExecuteAsync(plan)).Status);
                Checks.ErasureEffect(world, world.Target, before, await shop.DumpAsync());
                faults++;
            }

            worlds++;
        }

        Counts.Report(output, $"{nameof(A_fault_at_any_statement_leaves_the_database_as_it_was_and_the_next_run_finishes)}({provider}, {kind})", $"{worlds} worlds, {statements} statements, {faults} faults injected, 0 violations");
    }

    /// <summary>The atomicity check can fail: a write that escapes the erasure's transaction (made on a second connection just before the injected fault; PostgreSQL, where it does not wait for the erasure's locks) is reported.</summary>
    [Fact]
    public async Task Fault_check_detects_a_write_that_escapes_the_transaction()
    {
        await using var shop = await Shop.CreateAsync(DatabaseProvider.PostgreSql);
        var world = await shop.LoadAsync(Rich);
        var before = await shop.DumpAsync();
        var plan = await shop.PlanAsync(world.Target);
        shop.Faults.BeforeCommand = async _ =>
        {
            shop.Faults.BeforeCommand = null;
            await using var other = new NpgsqlConnection(shop.Database.ConnectionString);
            await other.OpenAsync();
            await using var escape = other.CreateCommand();
            escape.CommandText = "UPDATE \"Employees\" SET \"Name\" = 'escaped'";
            await escape.ExecuteNonQueryAsync();
        };
        shop.Faults.Arm(2, FaultKind.Throw);
        await Assert.ThrowsAnyAsync<Exception>(() => shop.Executor.ExecuteAsync(plan));
        shop.Faults.Disarm();
        Assert.Contains("escaped", before.DifferenceFrom(await shop.DumpAsync()), StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
