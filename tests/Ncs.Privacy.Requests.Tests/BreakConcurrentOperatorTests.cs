using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>Issue 16 (requests as records): a defect found by trying to break it; fails until fixed.</summary>
public class BreakConcurrentOperatorTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task A_request_refused_by_another_operator_during_its_export_stays_refused(DatabaseProvider provider)
    {
        // Two operators: one runs the export, the other refuses the same request meanwhile. Closed requests change no more.
        var database = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        Harness.Register(services, database, new ManualTime(Harness.Start), new LogSink());
        var original = services.Last(d => d.ServiceType == typeof(IDataSubjectExporter));
        services.Remove(original);
        Guid? refuseDuring = null;
        services.AddSingleton<IDataSubjectExporter>(sp => new InterleavingExporter(
            (IDataSubjectExporter)original.ImplementationFactory!(sp),
            async () =>
            {
                if (refuseDuring is { } id)
                {
                    await sp.GetRequiredService<IDataSubjectRequestService>().RefuseAsync(id, "Manifestly unfounded (Art. 12(5)).");
                }
            }));
        await using var built = services.BuildServiceProvider();
        await using (var scope = built.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<RequestContext>();
            await context.Database.EnsureCreatedAsync();
            await RequestContext.SeedAsync(context, Harness.Start.UtcDateTime);
        }

        var requests = built.GetRequiredService<IDataSubjectRequestService>();
        var received = await requests.ReceiveAsync(new DataSubjectRequestSubmission(DataSubjectRight.Access, RequestChannel.Email));
        await requests.VerifyAsync(received.Id, Harness.Alice, EmailCodeVerifier.MethodName, EmailCodeVerifier.CodeFor(received.Id));
        refuseDuring = received.Id;
        try
        {
            using var buffer = new MemoryStream();
            await requests.ExportAsync(received.Id, Harness.Alice, buffer);
        }
        catch (DataSubjectRequestStateException)
        {
            // Acceptable: the export's operator is told the request changed meanwhile.
        }

        var after = (await requests.FindAsync(received.Id))!;
        Assert.Equal(DataSubjectRequestState.Refused, after.State);
        Assert.Contains("Manifestly unfounded", after.Outcome, StringComparison.Ordinal);
        await database.DisposeAsync();
    }

    private sealed class InterleavingExporter(IDataSubjectExporter inner, Func<Task> meanwhile) : IDataSubjectExporter
    {
        public async Task<DataSubjectExportSummary> ExportAsync(DataSubjectReference subject, Stream destination, CancellationToken cancellationToken = default)
        {
            var summary = await inner.ExportAsync(subject, destination, cancellationToken);
            await meanwhile();
            return summary;
        }
    }
}
