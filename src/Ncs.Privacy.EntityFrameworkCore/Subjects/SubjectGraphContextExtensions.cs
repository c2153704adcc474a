namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Reaches the <see cref="SubjectGraph"/> of a context.</summary>
public static class SubjectGraphContextExtensions
{
    /// <summary>The subject graph of the context's model, built once per model.</summary>
    /// <param name="context">A context configured with <c>UsePrivacy</c> (or registered through <c>AddEntityFrameworkCore&lt;TContext&gt;()</c>).</param>
    /// <returns>The graph.</returns>
    /// <exception cref="InvalidOperationException">The context was not configured with <c>UsePrivacy</c>.</exception>
    public static SubjectGraph GetSubjectGraph(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var extension = context.FindPrivacyExtension()
            ?? throw new InvalidOperationException(
                $"{context.GetType().Name} is not configured for Ncs.Privacy: register it with AddPrivacy(...).AddEntityFrameworkCore<{context.GetType().Name}>() or call optionsBuilder.UsePrivacy(policy).");
        return SubjectGraph.For(context.Model, extension.Policy);
    }
}
