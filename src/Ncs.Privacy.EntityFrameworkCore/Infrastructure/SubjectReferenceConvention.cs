using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Turns columns that hold a subject's identifier by value (<see cref="SubjectReferenceAttribute"/>,
/// <see cref="SubjectReferenceBuilderExtensions.IsSubjectReference(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder, string)"/>)
/// into foreign keys to a stand-in root: a property-bag entity type mapped to a SQL query (the distinct identifiers the
/// columns hold), so that the subject graph, and with it export, erasure and retention, follow them as any foreign key.
/// The stand-in has no table: migrations create neither a table nor a foreign-key constraint for it.
/// </summary>
internal sealed class SubjectReferenceConvention(PrivacyPolicy policy, ISqlGenerationHelper? sql) : IModelFinalizingConvention
{
    /// <summary>The key property of a stand-in root.</summary>
    public const string KeyName = "Id";

    /// <summary>The name of the stand-in root of a category.</summary>
    public static string RootName(string category) => "SubjectReference<" + category + ">";

    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var model = modelBuilder.Metadata;
        var references = new List<(IConventionProperty Property, string Category)>();
        foreach (var entityType in model.GetEntityTypes().ToArray())
        {
            foreach (var property in entityType.GetDeclaredProperties())
            {
                var attribute = ((MemberInfo?)property.PropertyInfo ?? property.FieldInfo)?.GetCustomAttribute<SubjectReferenceAttribute>(inherit: true);
                var category = property.FindAnnotation(PrivacyAnnotationNames.SubjectReference)?.Value as string ?? attribute?.Category;
                if (category is not null)
                {
                    property.Builder.HasAnnotation(PrivacyAnnotationNames.SubjectReference, category);
                    if (attribute is { OwnsRow: false } && property.FindAnnotation(PrivacyAnnotationNames.SubjectReferenceNotOwnership) is null)
                    {
                        property.Builder.HasAnnotation(PrivacyAnnotationNames.SubjectReferenceNotOwnership, "true");
                    }

                    references.Add((property, category));
                }
            }
        }

        if (references.Count == 0)
        {
            return;
        }

        var problems = new List<PrivacyModelProblem>();
        foreach (var group in references.GroupBy(r => r.Category, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var category = group.Key;
            var properties = group.Select(r => r.Property).OrderBy(p => p.DeclaringType.Name, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToArray();
            if (!policy.SubjectCategories.ContainsKey(category))
            {
                problems.AddRange(properties.Select(p => Problem(p,
                    $"refers to data subjects of category '{category}', which the policy does not declare (declared: {string.Join(", ", policy.SubjectCategories.Keys.Order(StringComparer.Ordinal))}). Fix the category or declare it with [DataSubjectCategory].")));
                continue;
            }

            var root = model.GetEntityTypes().FirstOrDefault(t =>
                t.FindAnnotation(PrivacyAnnotationNames.DataSubject)?.Value as string == category
                || (!t.HasSharedClrType && ModelClassification.FindClassifiedType(policy, t.ClrType)?.SubjectCategory?.Id == category));
            if (root is not null)
            {
                problems.AddRange(properties.Select(p => Problem(p,
                    $"refers to '{category}' subjects by value, but this context maps their root {ModelClassification.Name(root)}: map the column as a foreign key to it instead (HasOne<{root.ClrType.Name}>().WithMany().HasForeignKey(...)) and remove the subject reference.")));
                continue;
            }

            var owned = properties.Where(p => p.DeclaringType is IConventionEntityType { } t && t.IsOwned()).ToArray();
            problems.AddRange(owned.Select(p => Problem(p,
                $"is declared as a reference to '{category}' subjects on an owned type; declare it on a regular entity type (the owner).")));
            var keyType = Core(properties[0].ClrType);
            var mismatched = properties.Where(p => Core(p.ClrType) != keyType).ToArray();
            if (mismatched.Length > 0)
            {
                problems.AddRange(mismatched.Select(p => Problem(p,
                    $"holds '{category}' identifiers as {Core(p.ClrType).Name}, but {Display(properties[0])} holds them as {keyType.Name}: one context refers to a subject by one key type. Give every reference to '{category}' the same type (and value converter).")));
                continue;
            }

            if (owned.Length > 0)
            {
                continue;
            }

            AddRoot(modelBuilder, category, keyType, properties, problems);
        }

        if (problems.Count > 0)
        {
            throw new PrivacyModelException(problems);
        }
    }

    private void AddRoot(IConventionModelBuilder modelBuilder, string category, Type keyType, IConventionProperty[] properties, List<PrivacyModelProblem> problems)
    {
        var builder = modelBuilder.SharedTypeEntity(RootName(category), typeof(Dictionary<string, object>))!;
        var entityType = builder.Metadata;
        var key = builder.Property(keyType, KeyName)!;
        key.IsRequired(true);
        var converter = properties[0].GetValueConverter();
        if (converter is not null)
        {
            key.HasConversion(converter);
        }

        key.HasAnnotation(PrivacyAnnotationNames.Classification, nameof(PropertyClassificationKind.NotPersonalData));
        key.HasAnnotation(PrivacyAnnotationNames.Reason, $"The identifier of a '{category}' subject, as the columns that refer to it by value hold it.");
        builder.PrimaryKey([key.Metadata]);
        builder.HasAnnotation(PrivacyAnnotationNames.DataSubject, category);
        builder.HasAnnotation(PrivacyAnnotationNames.SubjectReferenceRoot, "true");

        var selects = new List<string>();
        foreach (var property in properties)
        {
            var declaring = (IConventionEntityType)property.DeclaringType;
            var tables = declaring.GetDerivedTypesInclusive()
                .Select(t => (Name: t.GetTableName(), Schema: t.GetSchema()))
                .Where(t => t.Name is not null)
                .Distinct();
            var any = false;
            foreach (var (name, schema) in tables)
            {
                var column = property.GetColumnName(StoreObjectIdentifier.Table(name!, schema));
                if (column is null)
                {
                    continue;
                }

                any = true;
                selects.Add($"SELECT {Quote(column)} AS {Quote(KeyName)} FROM {Quote(name!, schema)} WHERE {Quote(column)} IS NOT NULL");
            }

            if (!any)
            {
                problems.Add(Problem(property, $"refers to '{category}' subjects but is not stored in a table (a view, a function or a SQL query): the rows that hold it cannot be erased. Map the entity type to a table."));
                continue;
            }

            var relationship = declaring.Builder.HasRelationship(entityType, [property], entityType.FindPrimaryKey()!);
            relationship?.OnDelete(DeleteBehavior.ClientNoAction);
        }

        var text = new StringBuilder();
        foreach (var select in selects)
        {
            text.Append(text.Length == 0 ? string.Empty : " UNION ").Append(select);
        }

        entityType.SetSqlQuery(text.ToString());
        entityType.SetTableName(null);
    }

    private string Quote(string name, string? schema = null)
        => sql is not null ? sql.DelimitIdentifier(name, schema) : (schema is null ? string.Empty : "\"" + schema + "\".") + "\"" + name + "\"";

    private static Type Core(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static string Display(IReadOnlyProperty property) => ModelClassification.Name((IReadOnlyEntityType)property.DeclaringType) + "." + property.Name;

    private static PrivacyModelProblem Problem(IReadOnlyProperty property, string message)
        => new(PrivacyModelProblemKind.InvalidSubjectReference, ModelClassification.Name((IReadOnlyEntityType)property.DeclaringType), property.Name,
            $"{Display(property)} {message}");
}
