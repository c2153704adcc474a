using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Registers the EF Core integration on <c>AddPrivacy(...)</c>.</summary>
public static class PrivacyEntityFrameworkCoreBuilderExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TContext"/> to the privacy integration: its options get <c>UsePrivacy</c> (conventions and the
    /// start-up model check), the host checks its model at start-up, and <see cref="IDataSubjectExporter"/> exports
    /// from it. Call once per context; several contexts are exported together.
    /// </summary>
    /// <typeparam name="TContext">A context registered with <c>AddDbContext</c> (before or after this call).</typeparam>
    /// <param name="builder">The builder <c>AddPrivacy</c> returned.</param>
    /// <param name="configure">Optional settings for this context.</param>
    /// <returns>The same builder.</returns>
    /// <example>
    /// <code>
    /// services.AddDbContext&lt;ShopContext&gt;(o => o.UseNpgsql(connectionString));
    /// services.AddPrivacy(p => p.UsePolicy(typeof(NcsPolicy)))
    ///     .AddEntityFrameworkCore&lt;ShopContext&gt;()
    ///     .AddExportContributor&lt;MailingListExport&gt;();
    /// </code>
    /// </example>
    public static IPrivacyBuilder AddEntityFrameworkCore<TContext>(this IPrivacyBuilder builder, Action<PrivacyDbContextOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(PrivacyDbContextRegistration) && d.ImplementationType == typeof(PrivacyDbContextRegistration<TContext>)))
        {
            return builder;
        }

        services.ConfigureDbContext<TContext>((provider, options) => options.UsePrivacy(provider.GetRequiredService<PrivacyPolicy>(), configure));
        services.AddSingleton<PrivacyDbContextRegistration, PrivacyDbContextRegistration<TContext>>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDataSubjectExporter>(provider => new DataSubjectExporter(
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetServices<PrivacyDbContextRegistration>(),
            provider.GetServices<IExportContributor>(),
            provider.GetRequiredService<PrivacyPolicy>(),
            provider.GetRequiredService<TimeProvider>(),
            Logger<DataSubjectExporter>(provider),
            provider.GetService<Microsoft.Extensions.Localization.IStringLocalizerFactory>()));
        services.TryAddSingleton<IDataSubjectExportArchive, DataSubjectExportArchive>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PrivacyModelStartupCheck>(provider => new PrivacyModelStartupCheck(
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetServices<PrivacyDbContextRegistration>(),
            Logger<PrivacyModelStartupCheck>(provider))));
        return builder;
    }

    // Logging is optional: an application without AddLogging still gets the services.
    private static ILogger<T> Logger<T>(IServiceProvider provider)
        => provider.GetService<ILogger<T>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<T>.Instance;

    /// <summary>Adds a section to every data-subject export (see <see cref="IExportContributor"/>).</summary>
    /// <typeparam name="TContributor">The contributor; resolved as a singleton.</typeparam>
    /// <param name="builder">The builder <c>AddPrivacy</c> returned.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyBuilder AddExportContributor<TContributor>(this IPrivacyBuilder builder)
        where TContributor : class, IExportContributor
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExportContributor, TContributor>());
        return builder;
    }
}

/// <summary>
/// Builds each registered context's model when the host starts, so that an unclassified property fails start-up
/// (with <see cref="PrivacyModelException"/>) rather than the first request; logs entity types no subject reaches.
/// </summary>
internal sealed partial class PrivacyModelStartupCheck(
    IServiceScopeFactory scopes,
    IEnumerable<PrivacyDbContextRegistration> registrations,
    ILogger<PrivacyModelStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var graphs = new List<SubjectGraph>();
        foreach (var registration in registrations.DistinctBy(r => r.ContextType))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
            var graph = context.GetSubjectGraph(); // builds the model: the conventions run the check
            graphs.Add(graph);

            // Again on the runtime model: a compiled model (dotnet ef dbcontext optimize) skips the conventions.
            var extension = context.FindPrivacyExtension()!;
            var problems = PrivacyModelCheck.Check(context.Model, extension.Policy, extension.KeysAreTechnical).Concat(OwnershipCheck.Check(context.Model, extension)).ToList();
            if (problems.Count > 0)
            {
                throw new PrivacyModelException(problems);
            }

            foreach (var entityType in graph.Unreached)
            {
                LogUnreached(logger, registration.ContextType.Name, ModelClassification.Name(entityType));
            }

            foreach (var entityType in graph.MultipleOwners)
            {
                LogMultipleOwners(logger, registration.ContextType.Name, ModelClassification.Name(entityType),
                    string.Join(", ", graph.Roots.Where(r => r.Find(entityType) is not null).Select(r => ModelClassification.Name(r.EntityType))));
            }

            LogChecked(logger, registration.ContextType.Name, graph.Roots.Count);
        }

        if (SubjectReferenceCheck.Check(graphs) is { Count: > 0 } referenceProblems)
        {
            throw new PrivacyModelException(referenceProblems);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Privacy model check passed for {Context}: every mapped property is classified; {Roots} data-subject root(s)")]
    private static partial void LogChecked(ILogger logger, string context, int roots);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "{Context}: rows of {EntityType} are owned by subjects of several roots ({Roots}) through different foreign keys; each subject's export and erasure covers the whole row. Name the other subject's navigation with [PersonalData(Subject = ...)] or mark the reference with IsNotOwnership() (see docs/ownership.md)")]
    private static partial void LogMultipleOwners(ILogger logger, string context, string entityType, string roots);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "{Context}: entity type {EntityType} holds personal data but no data-subject root reaches it through foreign keys; exports and erasure cannot attribute its rows (see docs/ownership.md)")]
    private static partial void LogUnreached(ILogger logger, string context, string entityType);
}
