using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Ncs.Privacy;

/// <summary>Configures Ncs.Privacy; returned by <see cref="PrivacyServiceCollectionExtensions.AddPrivacy"/> so integrations (EF Core, ASP.NET Core) can chain.</summary>
public interface IPrivacyBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }

    /// <summary>Uses <paramref name="policyType"/>, a static class marked <see cref="PrivacyPolicyAttribute"/>, as the policy; its assembly is scanned for the model too.</summary>
    /// <param name="policyType">The policy class.</param>
    /// <returns>This builder.</returns>
    IPrivacyBuilder UsePolicy(Type policyType);

    /// <summary>Adds an assembly whose annotated types belong to the domain model.</summary>
    /// <param name="assembly">The assembly.</param>
    /// <returns>This builder.</returns>
    IPrivacyBuilder AddModelAssembly(Assembly assembly);

    /// <summary>Classifies a type the application cannot annotate.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="configure">Its classifications.</param>
    /// <returns>This builder.</returns>
    IPrivacyBuilder Classify<T>(Action<TypeClassificationBuilder<T>> configure);

    /// <summary>Configures the options directly.</summary>
    /// <param name="configure">The configuration.</param>
    /// <returns>This builder.</returns>
    IPrivacyBuilder Configure(Action<PrivacyOptions> configure);
}

internal sealed class PrivacyBuilder(IServiceCollection services) : IPrivacyBuilder
{
    public IServiceCollection Services { get; } = services;

    public IPrivacyBuilder UsePolicy(Type policyType)
    {
        ArgumentNullException.ThrowIfNull(policyType);
        return Configure(o =>
        {
            o.PolicyType = policyType;
            if (!o.ModelAssemblies.Contains(policyType.Assembly))
            {
                o.ModelAssemblies.Add(policyType.Assembly);
            }
        });
    }

    public IPrivacyBuilder AddModelAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Configure(o =>
        {
            if (!o.ModelAssemblies.Contains(assembly))
            {
                o.ModelAssemblies.Add(assembly);
            }
        });
    }

    public IPrivacyBuilder Classify<T>(Action<TypeClassificationBuilder<T>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Configure(o => o.Classify(configure));
    }

    public IPrivacyBuilder Configure(Action<PrivacyOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
