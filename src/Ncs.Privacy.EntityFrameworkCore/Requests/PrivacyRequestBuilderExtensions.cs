using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Registers data-subject requests (Art. 12), restrictions (Art. 18) and the deadline monitor.</summary>
public static class PrivacyRequestBuilderExtensions
{
    /// <summary>
    /// Records data-subject requests and restrictions in <typeparamref name="TContext"/>, whose model must call
    /// <see cref="PrivacyRequestModelBuilderExtensions.AddPrivacyRequests"/>; adds <see cref="IDataSubjectRequestService"/>,
    /// <see cref="IRestrictionRegistry"/>, the "requests" and "restrictions" export sections, and the hosted
    /// <see cref="RequestDeadlineMonitor"/>. Subjects are recorded by the audit trail's keyed hash, so <c>AddErasure</c> (with
    /// its audit key) is added when missing. Add verifiers with <see cref="AddRequestVerifier{TVerifier}"/>.
    /// </summary>
    /// <typeparam name="TContext">The context that holds the subjects.</typeparam>
    /// <param name="builder">The builder <c>AddPrivacy</c> returned.</param>
    /// <param name="configure">Time zone, near-due window, supervisory authority.</param>
    /// <returns>The same builder.</returns>
    /// <example>
    /// <code>
    /// services.AddPrivacy(p => p.UsePolicy(typeof(NcsPolicy)))
    ///     .AddEntityFrameworkCore&lt;ShopContext&gt;()
    ///     .AddErasure(o => o.AuditKey = configuration["Privacy:AuditKey"])
    ///     .AddPrivacyRequests&lt;ShopContext&gt;(o =>
    ///     {
    ///         o.TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
    ///         o.SupervisoryAuthority = "Integritetsskyddsmyndigheten (IMY), www.imy.se";
    ///     })
    ///     .AddRequestVerifier&lt;EmailCodeVerifier&gt;();
    /// </code>
    /// </example>
    public static IPrivacyBuilder AddPrivacyRequests<TContext>(this IPrivacyBuilder builder, Action<DataSubjectRequestOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(IErasureExecutor)))
        {
            builder.AddErasure();
        }

        var options = services.AddOptions<DataSubjectRequestOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.TimeZone is not null, "DataSubjectRequestOptions.TimeZone must be set.")
            .Validate(o => o.NearDueWindow >= TimeSpan.Zero, "DataSubjectRequestOptions.NearDueWindow must not be negative.")
            .Validate(o => o.MonitorInterval > TimeSpan.Zero, "DataSubjectRequestOptions.MonitorInterval must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SupervisoryAuthority), "DataSubjectRequestOptions.SupervisoryAuthority must name the authority a refused subject may complain to (Art. 12(4)).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDataSubjectRequestService, DataSubjectRequestService<TContext>>();
        services.TryAddSingleton<IRestrictionRegistry, RestrictionRegistry<TContext>>();
        services.TryAddSingleton(provider => new RequestDeadlineMonitor(
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<DataSubjectRequestOptions>>(),
            provider.GetService<Microsoft.Extensions.Logging.ILogger<RequestDeadlineMonitor>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<RequestDeadlineMonitor>.Instance,
            provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RequestDeadlineService>());
        builder.AddExportContributor<RestrictionExportContributor>();
        builder.AddExportContributor<RequestExportContributor>();
        return builder;
    }

    /// <summary>Adds a verification method (Art. 12(6)); resolved per verification from a scope, so it may depend on a DbContext.</summary>
    /// <typeparam name="TVerifier">The verifier.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyBuilder AddRequestVerifier<TVerifier>(this IPrivacyBuilder builder)
        where TVerifier : class, IRequestVerifier
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IRequestVerifier, TVerifier>());
        return builder;
    }
}

/// <summary>Adds the subject's requests to their export: what they asked, when, and the answer.</summary>
internal sealed class RequestExportContributor(IDataSubjectRequestService requests) : IExportContributor
{
    public string Name => "requests";

    public async Task WriteAsync(ExportContributionContext context, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var list = context.Services is { } scope && requests is IExportSectionSource<DataSubjectRequestInfo> source
            ? await source.ListForExportAsync(scope, context.Subject, cancellationToken).ConfigureAwait(false)
            : await requests.ListAsync(new DataSubjectRequestFilter { Subject = context.Subject }, cancellationToken).ConfigureAwait(false);
        writer.WriteStartArray();
        foreach (var r in list)
        {
            writer.WriteStartObject();
            writer.WriteString("id", r.Id);
            writer.WriteString("right", r.Right.ToString());
            writer.WriteString("channel", r.Channel.ToString());
            writer.WriteString("receivedAt", r.ReceivedAtUtc);
            writer.WriteString("dueOn", r.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("state", r.State.ToString());
            if (r.Outcome is not null)
            {
                writer.WriteString("outcome", r.Outcome);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
