namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Start-up check across the registered contexts: a column that refers to a subject by value must hold the identifier
/// as the subject's root stores it (the same stored type, through the column's and the key's value converters), or the
/// id that erasure and export carry from the root's context would never match it.
/// </summary>
internal static class SubjectReferenceCheck
{
    public static IReadOnlyList<PrivacyModelProblem> Check(IReadOnlyList<SubjectGraph> graphs)
    {
        var problems = new List<PrivacyModelProblem>();
        foreach (var reference in graphs.SelectMany(g => g.Roots).Where(r => r.IsReference))
        {
            var root = graphs.SelectMany(g => g.Roots).FirstOrDefault(r => !r.IsReference && r.Category.Id == reference.Category.Id);
            if (root is null)
            {
                continue; // the root lives in another service: its messages carry the id in its stored text form
            }

            var expected = StoredType(root.Key);
            var actual = StoredType(reference.Key);
            if (expected == actual)
            {
                continue;
            }

            foreach (var foreignKey in reference.EntityType.GetReferencingForeignKeys().OrderBy(fk => fk.DeclaringEntityType.Name, StringComparer.Ordinal))
            {
                var property = foreignKey.Properties[0];
                problems.Add(new PrivacyModelProblem(
                    PrivacyModelProblemKind.InvalidSubjectReference,
                    ModelClassification.Name(foreignKey.DeclaringEntityType),
                    property.Name,
                    $"{ModelClassification.Name(foreignKey.DeclaringEntityType)}.{property.Name} refers to '{reference.Category.Id}' subjects by value and stores the id as {actual.Name}, but their root {ModelClassification.Name(root.EntityType)}.{root.Key.Name} stores it as {expected.Name}: give the column the key's type (or a value converter to {expected.Name})."));
            }
        }

        return problems;
    }

    private static Type StoredType(IProperty property)
    {
        var converter = property.GetValueConverter() ?? property.FindTypeMapping()?.Converter;
        var type = converter?.ProviderClrType ?? property.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }
}
