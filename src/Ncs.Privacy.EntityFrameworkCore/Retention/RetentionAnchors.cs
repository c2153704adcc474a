using System.Linq.Expressions;
using System.Reflection;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Finds the date a retention rule counts from for the rows of an entity type, as an expression EF Core translates:
/// the entity's own <see cref="RetentionAnchorAttribute"/> member for the rule, else its owner's along the ownership path
/// of the subject graph (an invoice line counts from its invoice's date, not from the article it sells). One definition
/// for erasure's legal holds, the retention sweep and the start-up check.
/// </summary>
internal static class RetentionAnchors
{
    /// <summary>An anchor: its value as a <c>DateTime?</c> or <c>DateOnly?</c> expression, and the <see cref="DateTimeKind"/> its column takes (PostgreSQL's <c>timestamp without time zone</c> takes no UTC values).</summary>
    internal sealed record Value(Expression Expression, DateTimeKind Kind);

    private static readonly MethodInfo WhereMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Where) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo SelectMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Select) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo FirstOrDefaultMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.FirstOrDefault) && m.GetParameters().Length == 1);

    /// <summary>
    /// Where a rule's anchor is for an entity type: the foreign keys to follow (none for its own member), the member, and the
    /// complex properties and owned navigations from the row that holds it to the member's declaring type (empty for a
    /// member of the row's entity type itself; <c>Audit</c> for <c>Audit.CreatedAt</c>).
    /// </summary>
    internal sealed record Route(IReadOnlyList<IForeignKey> ForeignKeys, IProperty Member, IReadOnlyList<IPropertyBase> Path)
    {
        public Route(IReadOnlyList<IForeignKey> foreignKeys, IProperty member)
            : this(foreignKeys, member, [])
        {
        }
    }

    /// <summary>
    /// The anchor's route for <paramref name="rule"/>: the entity's own <see cref="RetentionAnchorAttribute"/> member, else
    /// its owner's, followed along the ownership path of the subject graph (an invoice line counts from its invoice), never
    /// through a reference marked <c>IsNotOwnership()</c> (the article a line sells) and never chosen by foreign-key names.
    /// A row no subject owns follows its foreign keys that carry ownership, required ones first. Null when there is none.
    /// </summary>
    public static Route? Find(SubjectGraph graph, IEntityType entityType, RetentionRule rule)
        => Find(graph, entityType, rule, [entityType]);

    private static Route? Find(SubjectGraph graph, IEntityType entityType, RetentionRule rule, HashSet<IEntityType> visited)
    {
        if (InRow(graph, entityType, rule) is { } own)
        {
            return own;
        }

        if (visited.Count > SubjectGraph.MaxPathLength)
        {
            return null;
        }

        foreach (var foreignKey in AnchorForeignKeys(graph, entityType))
        {
            var principal = foreignKey.PrincipalEntityType;
            if (!visited.Add(principal))
            {
                continue;
            }

            var inner = Find(graph, principal, rule, visited);
            visited.Remove(principal);
            if (inner is not null)
            {
                return new Route([foreignKey, .. inner.ForeignKeys], inner.Member, inner.Path);
            }
        }

        return null;
    }

    /// <summary>
    /// The anchor of <paramref name="rule"/> in the row of <paramref name="entityType"/> itself: a member of the entity type,
    /// else one of a complex type or an owned type stored in the same row (<c>ComplexProperty(c =&gt; c.Audit)</c>,
    /// <c>OwnsOne(c =&gt; c.Audit)</c> without a table of its own), at any depth, the entity's own members first. Never one
    /// inside a JSON document, a complex collection or owned rows of another table (<see cref="Unreachable"/>).
    /// </summary>
    private static Route? InRow(SubjectGraph graph, IEntityType entityType, RetentionRule rule)
    {
        foreach (var property in entityType.GetProperties())
        {
            if (IsAnchorOf(graph.Policy, property, rule))
            {
                return new Route([], property);
            }
        }

        var level = new List<(ITypeBase Type, IReadOnlyList<IPropertyBase> Path)> { (entityType, []) };
        for (var depth = 0; depth < SubjectGraph.MaxPathLength && level.Count > 0; depth++)
        {
            var next = new List<(ITypeBase Type, IReadOnlyList<IPropertyBase> Path)>();
            foreach (var (type, path) in level)
            {
                foreach (var (step, inner) in InRowSteps(type))
                {
                    IReadOnlyList<IPropertyBase> innerPath = [.. path, step];
                    var own = inner is IEntityType owned ? owned.GetDeclaredProperties() : inner.GetProperties();
                    if (own.FirstOrDefault(p => !p.IsShadowProperty() && IsAnchorOf(graph.Policy, p, rule)) is { } found)
                    {
                        return new Route([], found, innerPath);
                    }

                    next.Add((inner, innerPath));
                }
            }

            level = next;
        }

        return null;
    }

    /// <summary>The complex properties and owned navigations of a type whose values live in the same row, outside JSON: a path EF Core translates to a column.</summary>
    private static IEnumerable<(IPropertyBase Step, ITypeBase Type)> InRowSteps(ITypeBase type)
    {
        foreach (var complex in type.GetComplexProperties().Where(c => !c.IsCollection && !c.ComplexType.IsMappedToJson()))
        {
            yield return (complex, complex.ComplexType);
        }

        if (type is IEntityType entityType)
        {
            foreach (var navigation in entityType.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent && !n.IsCollection
                         && !n.TargetEntityType.IsMappedToJson() && !FieldPath.IsSeparate(n)))
            {
                yield return (navigation, navigation.TargetEntityType);
            }
        }
    }

    private static bool IsAnchorOf(PrivacyPolicy policy, IReadOnlyProperty property, RetentionRule rule)
        => ModelClassification.FindMember(policy, property) is { IsRetentionAnchor: true } member
           && (member.AnchorsRules.Count == 0 || member.AnchorsRules.Contains(rule.Id));

    /// <summary>
    /// The [RetentionAnchor] members of <paramref name="entityType"/>'s complex and owned types that erasure and the sweep
    /// cannot compare in SQL with the row (inside a JSON document, a complex collection, or owned rows of another table), as
    /// "<c>Audit.CreatedAt</c> (in a JSON document)", for the start-up check's message.
    /// </summary>
    public static IReadOnlyList<string> Unreachable(PrivacyPolicy policy, IReadOnlyEntityType entityType)
    {
        var found = new List<string>();
        void Visit(IReadOnlyTypeBase type, string prefix, string? where, int depth)
        {
            if (depth > SubjectGraph.MaxPathLength)
            {
                return;
            }

            if (where is not null)
            {
                found.AddRange((type is IReadOnlyEntityType e ? e.GetDeclaredProperties() : type.GetProperties())
                    .Where(p => ModelClassification.FindMember(policy, p) is { IsRetentionAnchor: true })
                    .Select(p => $"{prefix}{p.Name} ({where})"));
            }

            foreach (var complex in type.GetComplexProperties())
            {
                var inner = where ?? (complex.IsCollection ? "in a complex collection" : complex.ComplexType.IsMappedToJson() ? "in a JSON document" : null);
                Visit(complex.ComplexType, $"{prefix}{complex.Name}.", inner, depth + 1);
            }

            if (type is IReadOnlyEntityType entity)
            {
                foreach (var navigation in entity.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent))
                {
                    var target = navigation.TargetEntityType;
                    var inner = where ?? (target.IsMappedToJson() ? "in a JSON document"
                        : navigation.IsCollection ? "in an owned collection, rows of another table"
                        : target.GetTableName() != entity.GetTableName() ? "in an owned type in a table of its own" : null);
                    Visit(target, $"{prefix}{navigation.Name}.", inner, depth + 1);
                }
            }
        }

        Visit(entityType, string.Empty, null, 0);
        return found;
    }

    /// <summary>The foreign keys an entity's retention may count through: those its rows are owned by, else those that carry ownership; none from a subject's own row.</summary>
    private static IEnumerable<IForeignKey> AnchorForeignKeys(SubjectGraph graph, IEntityType entityType)
    {
        if (graph.IsRootType(entityType))
        {
            // A subject's own row owns nothing it refers to (its home store, its referrer): the ownership path ends here,
            // and a hold with no anchor up to the subject's row has none (never one borrowed from a principal it merely refers to).
            return [];
        }

        var owning = graph.Roots
            .Select(r => r.Find(entityType))
            .Where(e => e is { IsRoot: false, IsOwned: false })
            .SelectMany(e => e!.Shares.Where(s => s.OwnsRow && !s.IsShared && !s.IsPointedTo))
            .SelectMany(s => s.Paths)
            .Where(p => p.Steps.Count > 0 && p.Steps[0].TowardsPrincipal)
            .Select(p => p.Steps[0].ForeignKey)
            .Distinct()
            .ToArray();
        if (owning.Length > 0)
        {
            return owning;
        }

        var claimed = graph.GetProperties(entityType).Select(p => p.Subject).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return entityType.GetForeignKeys()
            .Where(fk => !fk.IsOwnership && fk.PrincipalEntityType != entityType && !ModelClassification.IsNotOwnership(fk)
                         && !(fk.DependentToPrincipal is { } n && claimed.Contains(n.Name))
                         && !(fk.PrincipalEntityType.IsAssignableFrom(entityType) && fk.Properties.SequenceEqual(entityType.FindPrimaryKey()?.Properties ?? [])))
            .OrderBy(fk => fk.IsRequired ? 0 : 1)
            .ThenBy(fk => string.Join(",", fk.Properties.Select(p => p.Name)), StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether <paramref name="rule"/> has an anchor for the rows of <paramref name="entityType"/>: its own or its owner's
    /// (<see cref="Find(SubjectGraph, IEntityType, RetentionRule)"/>), or, for a row the subject points to, that of a row
    /// that points to it on the ownership path (an order's delivery address counts from the order).
    /// </summary>
    public static bool HasAnchor(SubjectGraph graph, IEntityType entityType, RetentionRule rule)
        => HasAnchor(graph, entityType, rule, [entityType]);

    private static bool HasAnchor(SubjectGraph graph, IEntityType entityType, RetentionRule rule, HashSet<IEntityType> visited)
    {
        if (Find(graph, entityType, rule) is not null)
        {
            return true;
        }

        foreach (var foreignKey in Referrers(graph, entityType))
        {
            var referrer = foreignKey.DeclaringEntityType;
            if (visited.Count <= SubjectGraph.MaxPathLength && visited.Add(referrer))
            {
                var found = HasAnchor(graph, referrer, rule, visited);
                visited.Remove(referrer);
                if (found)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The foreign keys by which rows on a subject's ownership path point to rows of <paramref name="entityType"/> (an
    /// order's <c>DeliveryAddressId</c>), when the subject graph has its rows as rows the subject points to; none otherwise.
    /// References from owned values are not followed (their rows count from their own anchor only).
    /// </summary>
    internal static IReadOnlyList<IForeignKey> Referrers(SubjectGraph graph, IEntityType entityType)
        => graph.Roots
            .Select(r => r.Find(entityType))
            .Where(e => e is { IsRoot: false, IsOwned: false })
            .SelectMany(e => e!.Shares.Where(s => s.IsPointedTo))
            .SelectMany(s => s.Paths)
            .Where(p => p.Steps.Count > 0 && !p.Steps[0].TowardsPrincipal)
            .Select(p => p.Steps[0].ForeignKey)
            .Where(fk => !fk.DeclaringEntityType.IsOwned() && fk.DeclaringEntityType != entityType)
            .Distinct()
            .OrderBy(fk => fk.DeclaringEntityType.Name, StringComparer.Ordinal)
            .ThenBy(fk => string.Join(",", fk.Properties.Select(p => p.Name)), StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// The anchor of <paramref name="rule"/> for <paramref name="row"/>, typed <c>DateTime?</c> or <c>DateOnly?</c>, or null
    /// when the entity has none. For a row the subject points to (an order's delivery address) it is the latest of its own
    /// anchor and the anchors of the rows that point to it on the ownership path: the address stays as long as the latest
    /// order that uses it needs it (issue 12, round 5).
    /// </summary>
    public static Value? Anchor(DbContext context, SubjectGraph graph, IEntityType entityType, RetentionRule rule, Expression row)
        => Anchor(context, graph, entityType, rule, row, [entityType]);

    private static Value? Anchor(DbContext context, SubjectGraph graph, IEntityType entityType, RetentionRule rule, Expression row, HashSet<IEntityType> visited)
    {
        var result = Find(graph, entityType, rule) is { } route ? Build(context, route, 0, entityType, row) : null;
        foreach (var foreignKey in Referrers(graph, entityType))
        {
            var referrer = foreignKey.DeclaringEntityType;
            if (visited.Count > SubjectGraph.MaxPathLength || !visited.Add(referrer))
            {
                continue;
            }

            var other = Expression.Parameter(referrer.ClrType, "r" + visited.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var inner = Anchor(context, graph, referrer, rule, other, visited);
            visited.Remove(referrer);
            if (inner is null || (result is not null && (result.Expression.Type != inner.Expression.Type || result.Kind != inner.Kind)))
            {
                continue; // a DateOnly anchor is not compared with a DateTime one
            }

            Expression? join = null;
            for (var i = 0; i < foreignKey.Properties.Count; i++)
            {
                var equal = Equal(EntityStatements.Property(other, foreignKey.Properties[i]), EntityStatements.Property(row, foreignKey.PrincipalKey.Properties[i]));
                join = join is null ? equal : Expression.AndAlso(join, equal);
            }

            // (SELECT r.Anchor FROM Referrer r WHERE r.ForeignKey = row.Key AND r.Anchor IS NOT NULL ORDER BY r.Anchor DESC LIMIT 1)
            var type = inner.Expression.Type;
            var query = EntityStatements.Root(context, referrer);
            query = Expression.Call(ClosedMethods.Of(WhereMethod, referrer.ClrType), query,
                Expression.Quote(Expression.Lambda(Expression.AndAlso(join!, Expression.NotEqual(inner.Expression, Expression.Constant(null, type))), other)));
            query = Expression.Call(typeof(Queryable), nameof(Queryable.OrderByDescending), [referrer.ClrType, type], query, Expression.Quote(Expression.Lambda(inner.Expression, other)));
            query = Expression.Call(ClosedMethods.Of(SelectMethod, referrer.ClrType, type), query, Expression.Quote(Expression.Lambda(inner.Expression, other)));
            var latest = Expression.Call(ClosedMethods.Of(FirstOrDefaultMethod, type), query);
            result = result is null
                ? new Value(latest, inner.Kind)
                : new Value(Later(result.Expression, latest), inner.Kind);
        }

        return result;
    }

    /// <summary><c>b != null &amp;&amp; (a == null || b &gt; a) ? b : a</c>: the later of two nullable dates.</summary>
    private static Expression Later(Expression a, Expression b)
    {
        var none = Expression.Constant(null, a.Type);
        return Expression.Condition(
            Expression.AndAlso(Expression.NotEqual(b, none), Expression.OrElse(Expression.Equal(a, none), Expression.GreaterThan(b, a))),
            b,
            a);
    }

    private static Value Build(DbContext context, Route route, int index, IEntityType entityType, Expression row)
    {
        if (index == route.ForeignKeys.Count)
        {
            var property = route.Member;
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (type == typeof(DateOnly))
            {
                // A calendar date (an invoice date): compared with a DateOnly cutoff, so no conversion happens in SQL.
                return new Value(Expression.Convert(Access(row, route), typeof(DateOnly?)), DateTimeKind.Utc);
            }

            if (type != typeof(DateTime))
            {
                throw new NotSupportedException(
                    $"{entityType.DisplayName()}.{property.Name} is a retention anchor but is a {type.Name}; erasure and the retention sweep need a DateTime (UTC) or DateOnly anchor.");
            }

            // PostgreSQL's timestamp without time zone (in any spelling) takes no UTC value; timestamptz takes only UTC ones.
            var kind = StoreTypes.IsTimestampWithoutTimeZone(property) ? DateTimeKind.Unspecified : DateTimeKind.Utc;
            return new Value(Expression.Convert(Access(row, route), typeof(DateTime?)), kind);
        }

        var foreignKey = route.ForeignKeys[index];
        var principal = foreignKey.PrincipalEntityType;
        var inner = Expression.Parameter(principal.ClrType, "p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var anchor = Build(context, route, index + 1, principal, inner);
        Expression? join = null;
        for (var i = 0; i < foreignKey.Properties.Count; i++)
        {
            var equal = Equal(EntityStatements.Property(inner, foreignKey.PrincipalKey.Properties[i]), EntityStatements.Property(row, foreignKey.Properties[i]));
            join = join is null ? equal : Expression.AndAlso(join, equal);
        }

        // (SELECT p.Anchor FROM Principal p WHERE p.Key = row.ForeignKey LIMIT 1): a scalar subquery, NULL without a principal.
        var query = EntityStatements.Root(context, principal);
        query = Expression.Call(ClosedMethods.Of(WhereMethod, principal.ClrType), query, Expression.Quote(Expression.Lambda(join!, inner)));
        var anchorType = anchor.Expression.Type;
        query = Expression.Call(ClosedMethods.Of(SelectMethod, principal.ClrType, anchorType), query, Expression.Quote(Expression.Lambda(anchor.Expression, inner)));
        return new Value(Expression.Call(ClosedMethods.Of(FirstOrDefaultMethod, anchorType), query), anchor.Kind);
    }

    /// <summary><c>row.Path.Member</c>: the anchor's value in the row that holds it (through complex and owned types in the row).</summary>
    private static Expression Access(Expression row, Route route)
    {
        if (route.Path.Count == 0)
        {
            return EntityStatements.Property(row, route.Member);
        }

        var current = row;
        foreach (var step in route.Path)
        {
            current = FieldPath.Member(current, step);
        }

        return FieldPath.Member(current, route.Member);
    }

    /// <summary><c>anchor != null &amp;&amp; anchor &lt;= LatestExpiredAnchor(now)</c>: the rule no longer keeps the row. False when nothing has expired yet.</summary>
    public static Expression Expired(Value anchor, RetentionRule rule, DateTime now)
    {
        if (rule.LatestExpiredAnchor(now) is not { } cutoff)
        {
            return Expression.Constant(false);
        }

        // A date d has expired when its midnight is at or before the cutoff, that is when d <= the cutoff's date.
        // Anchors are UTC; a column without time zone holds them as they are, so the cutoff goes in with no kind.
        var type = anchor.Expression.Type;
        var bound = type == typeof(DateOnly?)
            ? CallValues.Of((DateOnly?)DateOnly.FromDateTime(cutoff), type, new CallValueSource(CallValueKind.Cutoff, rule))
            : CallValues.Of((DateTime?)DateTime.SpecifyKind(cutoff, anchor.Kind), type, new CallValueSource(CallValueKind.Cutoff, rule, anchor.Kind));
        return Expression.AndAlso(Expression.NotEqual(anchor.Expression, Expression.Constant(null, type)), Expression.LessThanOrEqual(anchor.Expression, bound));
    }

    private static BinaryExpression Equal(Expression left, Expression right)
    {
        if (left.Type == right.Type)
        {
            return Expression.Equal(left, right);
        }

        var core = Nullable.GetUnderlyingType(left.Type) ?? left.Type;
        var nullable = core.IsValueType ? typeof(Nullable<>).MakeGenericType(core) : core;
        return Expression.Equal(
            left.Type == nullable ? left : Expression.Convert(left, nullable),
            right.Type == nullable ? right : Expression.Convert(right, nullable));
    }
}
