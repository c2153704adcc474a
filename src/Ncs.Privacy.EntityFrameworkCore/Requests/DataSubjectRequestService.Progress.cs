using Microsoft.Extensions.DependencyInjection;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Actions in several parts (contexts, services) on one request: see <see cref="IDataSubjectRequestProgress"/>.</summary>
internal sealed partial class DataSubjectRequestService<TContext> : IDataSubjectRequestProgress
{
    private const int MaxEventDetail = 2000;

    public async Task<DataSubjectRequestInfo> StartActionAsync(Guid requestId, DataSubjectReference subject, IReadOnlyList<DataSubjectRight> rights, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rights);
        await StartAsync(requestId, subject, [.. rights], cancellationToken).ConfigureAwait(false);
        return await FindAsync(requestId, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"No data-subject request {requestId} exists.");
    }

    public async Task RecordProgressAsync(Guid requestId, string kind, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(detail);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var request = await LoadAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        RequireOpen(request, "record progress");
        context.Add(Event(request, RequestTime.Now(time), kind, detail.Length > MaxEventDetail ? detail[..MaxEventDetail] : detail));
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<DataSubjectRequestInfo> FinishActionAsync(Guid requestId, bool refused, string kind, string detail, string outcome, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(outcome);
        return FinishAsync(requestId, refused ? DataSubjectRequestState.Refused : DataSubjectRequestState.Completed, kind,
            detail.Length > MaxEventDetail ? detail[..MaxEventDetail] : detail, refused ? FitOutcome(RefusalText(outcome)) : outcome, recipients ?? [], cancellationToken);
    }

    public string ErasureRequestId(Guid requestId) => PlanRequestId(requestId);
}
