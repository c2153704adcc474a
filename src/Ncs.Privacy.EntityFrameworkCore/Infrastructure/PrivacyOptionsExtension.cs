using System.Globalization;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Settings of the EF Core integration for one DbContext, set through <see cref="PrivacyDbContextOptionsBuilderExtensions.UsePrivacy(DbContextOptionsBuilder, PrivacyPolicy, Action{PrivacyDbContextOptions}?)"/>.</summary>
public sealed class PrivacyDbContextOptions
{
    /// <summary>
    /// Whether primary keys, foreign keys and discriminators count as classified technical columns when nobody
    /// classified them. Defaults to true. Set it to false to make every key column carry an explicit classification
    /// (for instance when natural keys such as national identity numbers are used).
    /// </summary>
    public bool KeysAreTechnical { get; set; } = true;
}

/// <summary>Carries the policy into EF Core's internal service provider, where the conventions read it.</summary>
internal sealed class PrivacyOptionsExtension : IDbContextOptionsExtension
{
    public PrivacyOptionsExtension(PrivacyPolicy policy, bool keysAreTechnical)
    {
        Policy = policy;
        KeysAreTechnical = keysAreTechnical;
        Info = new ExtensionInfo(this);
    }

    public PrivacyPolicy Policy { get; }

    public bool KeysAreTechnical { get; }

    public DbContextOptionsExtensionInfo Info { get; }

    public void ApplyServices(IServiceCollection services)
        => new EntityFrameworkServicesBuilder(services).TryAdd<IConventionSetPlugin, PrivacyConventionSetPlugin>();

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(PrivacyOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new PrivacyOptionsExtension Extension => (PrivacyOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"Privacy={Extension.Policy.Name} ";

        // The policy shapes the model, so a context with another policy needs its own internal service provider
        // (and model cache). Reference identity: the policy is read once per application.
        public override int GetServiceProviderHashCode()
            => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Extension.Policy), Extension.KeysAreTechnical);

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other)
            => other is ExtensionInfo o && ReferenceEquals(o.Extension.Policy, Extension.Policy) && o.Extension.KeysAreTechnical == Extension.KeysAreTechnical;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
            debugInfo["Ncs.Privacy:Policy"] = Extension.Policy.Name;
            debugInfo["Ncs.Privacy:KeysAreTechnical"] = Extension.KeysAreTechnical.ToString(CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>Adds Ncs.Privacy's conventions and start-up model check to a DbContext.</summary>
public static class PrivacyDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Puts the policy's classifications into the context's model as annotations and checks, when the model is built,
    /// that every mapped property is classified (<see cref="PrivacyModelException"/> otherwise). With dependency
    /// injection, <c>AddPrivacy(...).AddEntityFrameworkCore&lt;TContext&gt;()</c> calls this for you.
    /// </summary>
    /// <param name="optionsBuilder">The context's options builder.</param>
    /// <param name="policy">The application's policy (one instance per application: it keys EF Core's model cache).</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>The same builder.</returns>
    public static DbContextOptionsBuilder UsePrivacy(this DbContextOptionsBuilder optionsBuilder, PrivacyPolicy policy, Action<PrivacyDbContextOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(policy);
        var settings = new PrivacyDbContextOptions();
        configure?.Invoke(settings);
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(new PrivacyOptionsExtension(policy, settings.KeysAreTechnical));
        return optionsBuilder;
    }

    /// <summary>Typed overload of <see cref="UsePrivacy(DbContextOptionsBuilder, PrivacyPolicy, Action{PrivacyDbContextOptions}?)"/>.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="optionsBuilder">The context's options builder.</param>
    /// <param name="policy">The application's policy.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>The same builder.</returns>
    public static DbContextOptionsBuilder<TContext> UsePrivacy<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, PrivacyPolicy policy, Action<PrivacyDbContextOptions>? configure = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UsePrivacy((DbContextOptionsBuilder)optionsBuilder, policy, configure);

    /// <summary>The policy a context was configured with, or null when <c>UsePrivacy</c> was not called.</summary>
    /// <param name="context">The context.</param>
    internal static PrivacyOptionsExtension? FindPrivacyExtension(this DbContext context)
        => context.GetService<IDbContextOptions>().FindExtension<PrivacyOptionsExtension>();
}
