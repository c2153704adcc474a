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

    /// <summary>
    /// The names of the EF Core 10 named query filters (<c>HasQueryFilter("SoftDelete", ...)</c>) that hide rows which
    /// still hold personal data: export, erasure and retention ignore these, and keep every other filter (a tenant
    /// filter) applied, so that a context resolved for one tenant never reaches another tenant's rows. Defaults to
    /// <c>"SoftDelete"</c>. See docs/ownership.md.
    /// </summary>
    public ISet<string> SoftDeleteQueryFilters { get; } = new HashSet<string>(StringComparer.Ordinal) { "SoftDelete" };

    /// <summary>
    /// What the model's unnamed query filters (<c>HasQueryFilter(e =&gt; ...)</c>) are. Left at
    /// <see cref="UnnamedQueryFilterKind.Unknown"/>, a model with an unnamed filter fails at start-up: the library cannot
    /// tell a soft-delete filter (which it must ignore) from a tenant filter (which it must keep).
    /// </summary>
    public UnnamedQueryFilterKind UnnamedQueryFilters { get; set; }
}

/// <summary>What an unnamed query filter of the model does, as the application declares it.</summary>
public enum UnnamedQueryFilterKind
{
    /// <summary>Not declared: a model with an unnamed query filter is refused at start-up.</summary>
    Unknown = 0,

    /// <summary>Every unnamed filter hides soft-deleted rows: export, erasure and retention ignore them.</summary>
    SoftDelete = 1,

    /// <summary>Every unnamed filter separates tenants (or otherwise limits what this context may see): it stays applied.</summary>
    Tenant = 2,
}

/// <summary>Carries the policy into EF Core's internal service provider, where the conventions read it.</summary>
internal sealed class PrivacyOptionsExtension : IDbContextOptionsExtension
{
    public PrivacyOptionsExtension(PrivacyPolicy policy, bool keysAreTechnical, IReadOnlyCollection<string>? softDeleteFilters = null, UnnamedQueryFilterKind unnamedFilters = UnnamedQueryFilterKind.Unknown)
    {
        Policy = policy;
        KeysAreTechnical = keysAreTechnical;
        SoftDeleteFilters = (softDeleteFilters ?? ["SoftDelete"]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        UnnamedFilters = unnamedFilters;
        Fingerprint = PolicyFingerprint.Of(policy);
        Info = new ExtensionInfo(this);
    }

    public PrivacyPolicy Policy { get; }

    /// <summary>What of the policy shapes the model; equal fingerprints give equal models.</summary>
    public string Fingerprint { get; }

    public bool KeysAreTechnical { get; }

    /// <summary>Named query filters that hide soft-deleted rows (ignored by export, erasure and retention), ordered.</summary>
    public IReadOnlyList<string> SoftDeleteFilters { get; }

    public UnnamedQueryFilterKind UnnamedFilters { get; }

    private string Settings => $"{KeysAreTechnical}|{UnnamedFilters}|{string.Join(",", SoftDeleteFilters)}";

    public DbContextOptionsExtensionInfo Info { get; }

    public void ApplyServices(IServiceCollection services)
        => new EntityFrameworkRelationalServicesBuilder(services)
            .TryAdd<IConventionSetPlugin, PrivacyConventionSetPlugin>()
            .TryAdd<Microsoft.EntityFrameworkCore.Query.IMethodCallTranslatorPlugin, RandomGuidTranslatorPlugin>() // a random Guid on SQLite
            .TryAdd<Microsoft.EntityFrameworkCore.Query.IEvaluatableExpressionFilterPlugin, RandomGuidEvaluatableFilter>();

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(PrivacyOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new PrivacyOptionsExtension Extension => (PrivacyOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"Privacy={Extension.Policy.Name} ";

        // The classifications shape the model, so a context with other classifications needs its own internal service
        // provider (and model cache). Keyed by content, not instance: every service provider of an application (integration
        // tests build many) reads its own, equal, policy and should share EF Core's internal services.
        public override int GetServiceProviderHashCode()
            => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Extension.Fingerprint), StringComparer.Ordinal.GetHashCode(Extension.Settings));

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other)
            => other is ExtensionInfo o && o.Extension.Fingerprint == Extension.Fingerprint && o.Extension.Settings == Extension.Settings;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
            debugInfo["Ncs.Privacy:Policy"] = Extension.Policy.Name;
            debugInfo["Ncs.Privacy:KeysAreTechnical"] = Extension.KeysAreTechnical.ToString(CultureInfo.InvariantCulture);
            debugInfo["Ncs.Privacy:QueryFilters"] = Extension.Settings;
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
    /// <param name="policy">The application's policy; its classifications key EF Core's model cache.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>The same builder.</returns>
    public static DbContextOptionsBuilder UsePrivacy(this DbContextOptionsBuilder optionsBuilder, PrivacyPolicy policy, Action<PrivacyDbContextOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(policy);
        var settings = new PrivacyDbContextOptions();
        configure?.Invoke(settings);
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(new PrivacyOptionsExtension(policy, settings.KeysAreTechnical, settings.SoftDeleteQueryFilters.ToArray(), settings.UnnamedQueryFilters));
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

/// <summary>A stable text of everything in a policy that reaches the model: classifications, subjects, identifiers.</summary>
internal static class PolicyFingerprint
{
    // AddDbContext builds a context's options per scope (its options lifetime is Scoped), so UsePrivacy runs once per
    // request: the fingerprint, a walk of every classified member and a SHA-256, is computed once per policy (issue 18).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PrivacyPolicy, string> Cache = [];

    public static string Of(PrivacyPolicy policy) => Cache.GetValue(policy, Compute);

    private static string Compute(PrivacyPolicy policy)
    {
        var text = new System.Text.StringBuilder();
        text.Append(policy.DeclaringType.AssemblyQualifiedName).Append('|');
        foreach (var id in policy.Purposes.Keys.Concat(policy.RetentionRules.Keys).Concat(policy.SubjectCategories.Keys).Order(StringComparer.Ordinal))
        {
            text.Append(id).Append(',');
        }

        foreach (var type in policy.Types)
        {
            text.Append('|').Append(type.ClrType.AssemblyQualifiedName).Append(':').Append(type.SubjectCategory?.Id);
            foreach (var member in type.Members)
            {
                text.Append(';').Append(member.Name).Append('=').Append(member.NotPersonalReason is null ? string.Empty : "np")
                    .Append(member.IsIdentityPersonalData ? "id" : string.Empty);
                foreach (var use in member.Uses)
                {
                    text.Append(use.Purpose.Id).Append('/').Append(use.Retention.Id).Append('/').Append(use.Subject).Append(',');
                }
            }
        }

        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }
}
