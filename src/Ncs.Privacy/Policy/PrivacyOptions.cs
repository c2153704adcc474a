using System.Linq.Expressions;
using System.Reflection;

namespace Ncs.Privacy;

/// <summary>Where the policy and the classified domain model come from. Configured through <c>AddPrivacy</c>.</summary>
public sealed class PrivacyOptions
{
    /// <summary>The static class marked with <see cref="PrivacyPolicyAttribute"/>.</summary>
    public Type? PolicyType { get; set; }

    /// <summary>Assemblies whose annotated types (with <see cref="DataSubjectAttribute"/> or classified members) form the domain model.</summary>
    public IList<Assembly> ModelAssemblies { get; } = new List<Assembly>();

    /// <summary>Additional domain types, for instance types from an assembly that should not be scanned whole.</summary>
    public IList<Type> ModelTypes { get; } = new List<Type>();

    /// <summary>
    /// When not empty, the scan of <see cref="ModelAssemblies"/> reads only types in these namespaces (and the namespaces
    /// under them, compared ordinally), for an assembly that holds more than this policy's model: a module of a modular
    /// monolith, or test models of several policies. Types in <see cref="ModelTypes"/> are read wherever they are.
    /// Example: <c>"Shop.Domain"</c> reads <c>Shop.Domain.Customer</c> and <c>Shop.Domain.Orders.Order</c>, not <c>Shop.Tests.Fake</c>.
    /// </summary>
    public IList<string> ModelNamespaces { get; } = new List<string>();

    /// <summary>
    /// Fail start-up (instead of logging a warning) while a recipient's location is not declared: the register must
    /// not claim "within the EEA" for a recipient nobody located (Art. 30(1)(d)–(e)). Defaults to false.
    /// </summary>
    public bool RequireRecipientLocations { get; set; }

    /// <summary>Classifications made in code for types the application cannot annotate (e.g. <c>IdentityUser</c>).</summary>
    internal Dictionary<Type, TypeClassification> Classifications { get; } = [];

    /// <summary>Classifies a type the application cannot annotate, with the same meaning as the attributes.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="configure">The classifications.</param>
    /// <returns>The options.</returns>
    public PrivacyOptions Classify<T>(Action<TypeClassificationBuilder<T>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (!Classifications.TryGetValue(typeof(T), out var classification))
        {
            classification = new TypeClassification();
            Classifications.Add(typeof(T), classification);
        }

        configure(new TypeClassificationBuilder<T>(classification));
        return this;
    }
}

/// <summary>Classifications of one type's members made in code (the fluent equivalent of the attributes).</summary>
internal sealed class TypeClassification
{
    public DataSubjectAttribute? Subject { get; set; }

    public Dictionary<string, List<Attribute>> Members { get; } = new(StringComparer.Ordinal);

    public void Add(string member, Attribute attribute)
    {
        if (!Members.TryGetValue(member, out var list))
        {
            list = [];
            Members.Add(member, list);
        }

        list.Add(attribute);
    }
}

/// <summary>Classifies the members of <typeparamref name="T"/> in code, with the same meaning and validation as the attributes.</summary>
/// <typeparam name="T">The type being classified.</typeparam>
public sealed class TypeClassificationBuilder<T>
{
    private readonly TypeClassification _classification;

    internal TypeClassificationBuilder(TypeClassification classification) => _classification = classification;

    /// <summary>Marks the type as the root entity of a data-subject category, like <see cref="DataSubjectAttribute"/>.</summary>
    /// <param name="category">Identifier of the data-subject category.</param>
    /// <returns>This builder.</returns>
    public TypeClassificationBuilder<T> IsDataSubject(string category)
    {
        _classification.Subject = new DataSubjectAttribute(category);
        return this;
    }

    /// <summary>Classifies a member as personal data for one purpose, like <see cref="PersonalDataAttribute"/>.</summary>
    /// <typeparam name="TValue">The member's type.</typeparam>
    /// <param name="member">The member, as <c>x =&gt; x.Email</c>.</param>
    /// <param name="purpose">Purpose identifier.</param>
    /// <param name="retention">Retention rule identifier.</param>
    /// <param name="configure">Sets the optional settings (category, erasure, anonymisation...).</param>
    /// <returns>This builder.</returns>
    public TypeClassificationBuilder<T> PersonalData<TValue>(Expression<Func<T, TValue>> member, string purpose, string retention, Action<PersonalDataAttribute>? configure = null)
        => PersonalData(MemberName(member), purpose, retention, configure);

    /// <summary>Classifies a member, named as a string (for non-public members), as personal data.</summary>
    /// <param name="memberName">The property or field name.</param>
    /// <param name="purpose">Purpose identifier.</param>
    /// <param name="retention">Retention rule identifier.</param>
    /// <param name="configure">Sets the optional settings.</param>
    /// <returns>This builder.</returns>
    public TypeClassificationBuilder<T> PersonalData(string memberName, string purpose, string retention, Action<PersonalDataAttribute>? configure = null)
    {
        var attribute = new PersonalDataAttribute(purpose, retention);
        configure?.Invoke(attribute);
        _classification.Add(memberName, attribute);
        return this;
    }

    /// <summary>States that a member holds no personal data, like <see cref="NotPersonalDataAttribute"/>.</summary>
    /// <typeparam name="TValue">The member's type.</typeparam>
    /// <param name="member">The member.</param>
    /// <param name="reason">Why it is not personal data.</param>
    /// <returns>This builder.</returns>
    public TypeClassificationBuilder<T> NotPersonalData<TValue>(Expression<Func<T, TValue>> member, string reason)
        => NotPersonalData(MemberName(member), reason);

    /// <summary>States that a member, named as a string, holds no personal data.</summary>
    /// <param name="memberName">The property or field name.</param>
    /// <param name="reason">Why it is not personal data.</param>
    /// <returns>This builder.</returns>
    public TypeClassificationBuilder<T> NotPersonalData(string memberName, string reason)
    {
        _classification.Add(memberName, new NotPersonalDataAttribute(reason));
        return this;
    }

    /// <summary>Marks a date member as the retention anchor, like <see cref="RetentionAnchorAttribute"/>.</summary>
    /// <typeparam name="TValue">The member's type.</typeparam>
    /// <param name="member">The member.</param>
    /// <param name="rules">The rules it anchors; none means all.</param>
    /// <returns>This builder.</returns>
    public TypeClassificationBuilder<T> RetentionAnchor<TValue>(Expression<Func<T, TValue>> member, params string[] rules)
    {
        _classification.Add(MemberName(member), new RetentionAnchorAttribute(rules));
        return this;
    }

    private static string MemberName<TValue>(Expression<Func<T, TValue>> member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var body = member.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : member.Body;
        return body is MemberExpression { Member: PropertyInfo or FieldInfo } access && access.Expression == member.Parameters[0]
            ? access.Member.Name
            : throw new ArgumentException($"'{member}' must be a direct member access such as 'x => x.Email'.", nameof(member));
    }
}
