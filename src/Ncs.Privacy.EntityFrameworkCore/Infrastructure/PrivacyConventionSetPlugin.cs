using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Adds <see cref="PrivacyClassificationConvention"/> to the context's conventions.</summary>
internal sealed class PrivacyConventionSetPlugin(IDbContextOptions options, Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper? sql = null) : IConventionSetPlugin
{
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        var extension = options.FindExtension<PrivacyOptionsExtension>();
        if (extension is not null)
        {
            // Last, so that keys, foreign keys, owned types, join entities and discriminators already exist.
            var provider = options.Extensions.FirstOrDefault(e => e.Info.IsDatabaseProvider)?.GetType().Assembly.GetName().Name;
            // Subject references by value become foreign keys to a stand-in root before the classification and the check see the model.
            conventionSet.ModelFinalizingConventions.Add(new SubjectReferenceConvention(extension.Policy, sql));
            conventionSet.ModelFinalizingConventions.Add(new PrivacyClassificationConvention(extension.Policy, extension.KeysAreTechnical, provider));
            conventionSet.ModelFinalizedConventions.Add(new OwnershipConvention(extension));
        }

        return conventionSet;
    }
}

/// <summary>
/// Writes each property's classification into the model as string annotations, then runs the start-up check and
/// fails model building with one <see cref="PrivacyModelException"/> naming every problem.
/// </summary>
internal sealed class PrivacyClassificationConvention(PrivacyPolicy policy, bool keysAreTechnical, string? provider = null) : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var model = modelBuilder.Metadata;
        if (provider is not null)
        {
            modelBuilder.HasAnnotation(ExecutionCheck.ProviderAnnotation, provider); // what the provider translates decides some strategies
        }

        foreach (var entityType in model.GetEntityTypes())
        {
            var type = ModelClassification.FindClassifiedType(policy, entityType.ClrType);
            if (entityType.FindAnnotation(PrivacyAnnotationNames.DataSubject) is null && type?.SubjectCategory is { } category
                && !entityType.HasSharedClrType && IsHierarchyRootForSubject(entityType))
            {
                entityType.Builder.HasAnnotation(PrivacyAnnotationNames.DataSubject, category.Id);
            }

            foreach (var property in ModelClassification.DeclaredScalarProperties(entityType))
            {
                Annotate((IConventionProperty)property);
            }
        }

        var problems = PrivacyModelCheck.Check(model, policy, keysAreTechnical);
        if (problems.Count > 0)
        {
            throw new PrivacyModelException(problems);
        }
    }

    // A [DataSubject] class inherited by mapped derived classes marks the base entity type only.
    private bool IsHierarchyRootForSubject(IConventionEntityType entityType)
        => entityType.BaseType is null || ModelClassification.FindClassifiedType(policy, entityType.BaseType.ClrType)?.SubjectCategory is null;

    private void Annotate(IConventionProperty property)
    {
        if (property.FindAnnotation(PrivacyAnnotationNames.Classification) is not null)
        {
            return; // set in OnModelCreating; the check reports a contradiction with an attribute
        }

        var classified = ModelClassification.FindMember(policy, property);
        var kind = ModelClassification.KindOf(classified, property, keysAreTechnical);
        if (kind == PropertyClassificationKind.Unclassified)
        {
            return;
        }

        var builder = property.Builder;
        builder.HasAnnotation(PrivacyAnnotationNames.Classification, kind.ToString());
        if (kind == PropertyClassificationKind.PersonalData && classified is not null)
        {
            builder.HasAnnotation(PrivacyAnnotationNames.Purposes, string.Join(";", classified.Uses.Select(u => u.Purpose.Id)));
            var subject = classified.Uses.Select(u => u.Subject).FirstOrDefault(s => s is not null);
            if (subject is not null)
            {
                builder.HasAnnotation(PrivacyAnnotationNames.Subject, subject);
            }
        }
        else if (kind == PropertyClassificationKind.NotPersonalData && classified?.NotPersonalReason is { } reason)
        {
            builder.HasAnnotation(PrivacyAnnotationNames.Reason, reason);
        }
    }
}
