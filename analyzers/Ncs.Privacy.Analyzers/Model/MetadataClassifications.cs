using System;
using System.Collections.Generic;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.CodeAnalysis;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>
/// The members of a referenced assembly that carry one of Ncs.Privacy's classification attributes (<c>[PersonalData]</c>,
/// <c>[NotPersonalData]</c>, <c>[RetentionAnchor]</c>), read in one pass over the assembly's custom-attribute table. The symbol
/// API decodes every attribute of every member it is asked about (resolving each attribute's constructor by signature), which
/// for another project's entities is work the compiler itself never does: on a layered model of 1,000 entities it was most of
/// the domain model's cost. A member found here is classified; one not found here is asked through the symbol API as before
/// (Identity's attributes, an overridden property's, an assembly whose metadata is not at hand, as in the IDE, where another
/// project is a compilation, not metadata), so the answer is the same either way.
/// </summary>
internal sealed class MetadataClassifications
{
    private static readonly MetadataClassifications None = new(new HashSet<int>());

    private readonly HashSet<int> _tokens;

    private MetadataClassifications(HashSet<int> tokens)
    {
        _tokens = tokens;
    }

    /// <summary>True when the member (a property or field of this assembly's metadata) carries one of the attributes.</summary>
    public bool Contains(ISymbol member) => _tokens.Count > 0 && _tokens.Contains(member.OriginalDefinition.MetadataToken);

    /// <summary>The classified members of <paramref name="assembly"/>; none (ask the symbols) when its metadata is not at hand.</summary>
    public static MetadataClassifications Read(Compilation compilation, IAssemblySymbol assembly)
    {
        if (compilation.GetMetadataReference(assembly) is not PortableExecutableReference reference)
        {
            return None;
        }

        MetadataReader reader;
        try
        {
            if (reference.GetMetadata() is not AssemblyMetadata metadata || metadata.GetModules() is not { Length: 1 } loaded)
            {
                return None;
            }

            reader = loaded[0].GetMetadataReader();
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or System.IO.IOException or ObjectDisposedException)
        {
            return None;
        }

        var tokens = new HashSet<int>();
        var privacyReferences = new HashSet<AssemblyReferenceHandle>();
        foreach (var handle in reader.AssemblyReferences)
        {
            if (reader.StringComparer.Equals(reader.GetAssemblyReference(handle).Name, "Ncs.Privacy"))
            {
                privacyReferences.Add(handle);
            }
        }

        if (privacyReferences.Count == 0)
        {
            return None;
        }

        // Each attribute constructor is a member reference shared by every use: decided once per constructor.
        var decided = new Dictionary<EntityHandle, bool>();
        foreach (var handle in reader.CustomAttributes)
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Parent.Kind is not (HandleKind.PropertyDefinition or HandleKind.FieldDefinition))
            {
                continue;
            }

            if (!decided.TryGetValue(attribute.Constructor, out var classifies))
            {
                classifies = IsClassification(reader, attribute.Constructor, privacyReferences);
                decided.Add(attribute.Constructor, classifies);
            }

            if (classifies)
            {
                tokens.Add(MetadataTokens.GetToken(attribute.Parent));
            }
        }

        return new MetadataClassifications(tokens);
    }

    private static bool IsClassification(MetadataReader reader, EntityHandle constructor, HashSet<AssemblyReferenceHandle> privacyReferences)
    {
        if (constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var parent = reader.GetMemberReference((MemberReferenceHandle)constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var type = reader.GetTypeReference((TypeReferenceHandle)parent);
        return type.ResolutionScope.Kind == HandleKind.AssemblyReference
            && privacyReferences.Contains((AssemblyReferenceHandle)type.ResolutionScope)
            && reader.StringComparer.Equals(type.Namespace, "Ncs.Privacy")
            && (reader.StringComparer.Equals(type.Name, "PersonalDataAttribute") || reader.StringComparer.Equals(type.Name, "NotPersonalDataAttribute")
                || reader.StringComparer.Equals(type.Name, "RetentionAnchorAttribute"));
    }
}
