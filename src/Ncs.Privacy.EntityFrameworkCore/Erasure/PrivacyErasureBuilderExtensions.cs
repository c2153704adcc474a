using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Registers erasure, the audit trail and retention enforcement on <c>AddPrivacy(...)</c>.</summary>
public static class PrivacyErasureBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="IErasurePlanner"/>, <see cref="IErasureExecutor"/> and <see cref="IRetentionEnforcer"/> over the contexts
    /// registered with <c>AddEntityFrameworkCore&lt;TContext&gt;()</c>. Each such context maps the audit table with
    /// <see cref="PrivacyAuditModelBuilderExtensions.AddPrivacyAudit"/>. Guards (<see cref="IErasureGuard"/>) are ordinary services.
    /// </summary>
    /// <param name="builder">The builder <c>AddPrivacy</c> returned.</param>
    /// <param name="configure">Sets the audit key (required) and retention batch size.</param>
    /// <returns>The same builder.</returns>
    /// <example>
    /// <code>
    /// services.AddPrivacy(p => p.UsePolicy(typeof(NcsPolicy)))
    ///     .AddEntityFrameworkCore&lt;ShopContext&gt;()
    ///     .AddErasure(o => o.AuditKey = configuration["Privacy:AuditKey"])
    ///     .AddErasureGuard&lt;UnpaidDebtGuard&gt;()
    ///     .AddRetentionSweep();
    /// </code>
    /// </example>
    public static IPrivacyBuilder AddErasure(this IPrivacyBuilder builder, Action<ErasureOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<ErasureOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.AuditKey is { Length: >= 32 }, "ErasureOptions.AuditKey must be a secret of at least 32 characters kept outside the database (see docs/audit.md).")
            .Validate(o => o.RetentionBatchSize > 0, "ErasureOptions.RetentionBatchSize must be positive.")
            .Validate(o => o.RetentionInterval > TimeSpan.Zero, "ErasureOptions.RetentionInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IErasurePlanner, ErasurePlanner>();
        services.TryAddSingleton<IErasureExecutor, ErasureExecutor>();
        services.TryAddSingleton<IRetentionEnforcer, RetentionEnforcer>();
        services.TryAddSingleton<IErasureCoordinator, ErasureCoordinator>();
        return builder;
    }

    /// <summary>Adds an <see cref="IErasureGuard"/> the planner asks before every erasure.</summary>
    /// <typeparam name="TGuard">The guard; resolved from the planner's scope, so it may depend on a DbContext.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyBuilder AddErasureGuard<TGuard>(this IPrivacyBuilder builder)
        where TGuard : class, IErasureGuard
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IErasureGuard, TGuard>());
        return builder;
    }

    /// <summary>Runs the retention sweep as a hosted background service on <see cref="ErasureOptions.RetentionInterval"/>.</summary>
    /// <param name="builder">The builder (<see cref="AddErasure"/> is added when missing; it needs the audit key).</param>
    /// <param name="configure">Optional schedule settings.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyBuilder AddRetentionSweep(this IPrivacyBuilder builder, Action<ErasureOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(d => d.ServiceType == typeof(IRetentionEnforcer)))
        {
            builder.AddErasure();
        }

        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RetentionSweepService>());
        return builder;
    }
}
