using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Wolverine;

/// <summary>
/// At start-up: a service that receives privacy requests must hold a data subject in one of its registered contexts
/// (a root, or a column that refers to one by value). Otherwise every request sent to it would fail and be retried until
/// its due date; start-up refuses it instead, naming both fixes.
/// </summary>
internal sealed class PrivacyServiceCheck(
    IServiceScopeFactory scopes,
    IEnumerable<PrivacyDbContextRegistration> registrations,
    PrivacyMessagingOptions options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A coordinator that does not declare itself as holding a category receives no request for its own data.
        if (options.IsCoordinator && !options.Services.ContainsKey(options.ServiceName))
        {
            return;
        }

        var contexts = registrations.Select(r => r.ContextType).Distinct().ToArray();
        await using var scope = scopes.CreateAsyncScope();
        foreach (var type in contexts)
        {
            if (((DbContext)scope.ServiceProvider.GetRequiredService(type)).GetSubjectGraph().Roots.Count > 0)
            {
                return;
            }
        }

        var registered = contexts.Length == 0 ? "none is registered" : "registered: " + string.Join(", ", contexts.Select(t => t.Name).Order(StringComparer.Ordinal));
        throw new InvalidOperationException(
            $"Service '{options.ServiceName}' receives privacy requests (UsePrivacyMessaging), but none of its contexts holds a data subject ({registered}): "
            + "every request sent to it would fail and be retried until its due date. Register the context that holds them with "
            + "AddPrivacy(...).AddEntityFrameworkCore<TContext>() (mark a column that holds a subject's id with [SubjectReference] or IsSubjectReference()), "
            + $"or, if this service holds no personal data, remove AddService(\"{options.ServiceName}\", ...) on the coordinator and UsePrivacyMessaging here.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
