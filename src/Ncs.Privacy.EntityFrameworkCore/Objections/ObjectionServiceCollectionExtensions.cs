using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Registers the objection registry.</summary>
public static class ObjectionServiceCollectionExtensions
{
    /// <summary>
    /// Records objections (Art. 21) in <typeparamref name="TContext"/>, whose model must call
    /// <see cref="ObjectionModelBuilderExtensions.AddPrivacyObjections"/>; adds them to every export.
    /// </summary>
    /// <typeparam name="TContext">The context that holds the subjects.</typeparam>
    /// <param name="builder">The builder <c>AddPrivacy</c> returned.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyBuilder AddObjections<TContext>(this IPrivacyBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configure(o =>
        {
            if (!o.ModelTypes.Contains(typeof(PrivacyObjection)))
            {
                o.ModelTypes.Add(typeof(PrivacyObjection));
            }
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IObjectionRegistry, ObjectionRegistry<TContext>>();
        builder.AddExportContributor<ObjectionExportContributor>();
        return builder;
    }
}
