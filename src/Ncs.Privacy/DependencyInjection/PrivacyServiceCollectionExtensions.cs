using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ncs.Privacy;

/// <summary>Registers Ncs.Privacy in a service collection.</summary>
public static class PrivacyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the policy, its start-up validation and the processing register. The policy is read and validated once;
    /// under the generic host, an invalid policy fails start-up with one <see cref="OptionsValidationException"/>
    /// listing every problem; elsewhere, the first resolution of <see cref="PrivacyPolicy"/> throws <see cref="PrivacyPolicyException"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Names the policy class and the model.</param>
    /// <returns>A builder that integrations (EF Core, ASP.NET Core) extend.</returns>
    /// <example>
    /// <code>
    /// services.AddPrivacy(privacy => privacy.UsePolicy(typeof(NcsPolicy)).AddModelAssembly(typeof(Customer).Assembly));
    /// </code>
    /// </example>
    public static IPrivacyBuilder AddPrivacy(this IServiceCollection services, Action<IPrivacyBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        var builder = new PrivacyBuilder(services);
        if (!services.Any(d => d.ServiceType == typeof(PolicyCache)))
        {
            services.AddOptions<PrivacyOptions>().ValidateOnStart();
            services.TryAddSingleton<PolicyCache>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>());
            services.TryAddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<PrivacyOptions>>().Value;
                var policy = sp.GetRequiredService<PolicyCache>().Get(options);
                var logger = sp.GetService<ILogger<PrivacyPolicy>>() ?? NullLogger<PrivacyPolicy>.Instance;
                Log.PolicyLoaded(logger, policy.Name, policy.Purposes.Count, policy.RetentionRules.Count, policy.Types.Count);
                foreach (var recipient in policy.Recipients.Values.Where(r => !r.LocationDeclared).OrderBy(r => r.Id, StringComparer.Ordinal))
                {
                    Log.RecipientLocationNotDeclared(logger, recipient.Id);
                }

                return policy;
            });
            // .NET's localization, as AddLocalization() registers it, but without requiring logging: the register,
            // the export and the plans read their texts through IStringLocalizer in the current UI culture.
            services.AddOptions<LocalizationOptions>();
            services.TryAddSingleton<IStringLocalizerFactory>(sp => new ResourceManagerStringLocalizerFactory(
                sp.GetRequiredService<IOptions<LocalizationOptions>>(), sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
            services.TryAddTransient(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));
            services.TryAddSingleton<IProcessingRegister, ProcessingRegister>();
        }

        configure(builder);
        return builder;
    }
}

/// <summary>Reads the policy once per options instance, so validation at start-up and the singleton share the work.</summary>
internal sealed class PolicyCache
{
    private readonly Lock _gate = new();
    private PrivacyOptions? _options;
    private PolicyReader.Result? _result;

    public PolicyReader.Result Read(PrivacyOptions options)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(options, _options) || _result is null)
            {
                _result = PolicyReader.Read(options);
                _options = options;
            }

            return _result;
        }
    }

    public PrivacyPolicy Get(PrivacyOptions options)
    {
        var result = Read(options);
        return result.Policy ?? throw new PrivacyPolicyException(result.Problems);
    }
}

internal sealed class PrivacyOptionsValidator(PolicyCache cache) : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        if (name is not null && name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var result = cache.Read(options);
        return result.Policy is not null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(new PrivacyPolicyException(result.Problems).Message);
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Privacy policy '{Policy}' loaded: {Purposes} purposes, {Rules} retention rules, {Types} classified types")]
    public static partial void PolicyLoaded(ILogger logger, string policy, int purposes, int rules, int types);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Recipient '{Recipient}' has no declared location: the register says \"not declared\". Set Country or WithinEea on its [Recipient], or set PrivacyOptions.RequireRecipientLocations to fail start-up")]
    public static partial void RecipientLocationNotDeclared(ILogger logger, string recipient);
}
