using System.ComponentModel;
using System.Reflection;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>The names a person reads in an export: of entities, fields and the groups the customer thinks in.</summary>
internal static class ExportNames
{
    public static string Entity(ITypeBase type) => DisplayNames.Of(type.ClrType) is var name && type.ClrType != typeof(Dictionary<string, object>)
        ? name
        : DisplayNames.Derive(type.ShortName());

    public static string Field(IPropertyBase property) => property.PropertyInfo is PropertyInfo p ? DisplayNames.Of(p)
        : property.FieldInfo is FieldInfo f ? DisplayNames.Of(f)
        : DisplayNames.Derive(property.Name);

    /// <summary>
    /// The group a block belongs to, as the customer thinks of it: the entity's <see cref="CategoryAttribute"/> when it
    /// declares one; otherwise the root's navigation the rows hang from ("Orders", "Messages"); empty for the subject's
    /// own row (the account).
    /// </summary>
    public static string Group(SubjectShare share)
    {
        if (share.Entity.EntityType.ClrType.GetCustomAttribute<CategoryAttribute>(true) is { } category)
        {
            return category.Category;
        }

        var path = share.Paths.FirstOrDefault();
        if (path is null || path.Steps.Count == 0)
        {
            return string.Empty;
        }

        var last = path.Steps[^1];
        var fk = last.ForeignKey;
        var navigation = last.TowardsPrincipal ? fk.PrincipalToDependent : fk.DependentToPrincipal;
        if (navigation is null)
        {
            return Entity(last.From);
        }

        return navigation.PropertyInfo is { } p ? DisplayNames.Of(p) : DisplayNames.Derive(navigation.Name);
    }
}
