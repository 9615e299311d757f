using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DataSources.Compatibility.Tests;

/// <summary>
/// Resolves what assemblies reference (assemblies, types through type forwarders, methods and
/// fields by signature, up the base types) against a set of assemblies that will be there at run
/// time, and lists every reference that does not resolve, one line each.
/// </summary>
internal sealed class FrameworkReferenceCheck : IDisposable
{
    private readonly Dictionary<string, Loaded> available = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PEReader> readers = [];

    /// <param name="availableFiles">What is there at run time: the framework, the host, and the package's own assemblies.</param>
    public FrameworkReferenceCheck(IEnumerable<string> availableFiles)
    {
        foreach (var file in availableFiles)
        {
            var loaded = Load(file);
            if (loaded is not null) available[loaded.Name] = loaded;
        }
    }

    /// <summary>What the assembly in <paramref name="file"/> references that is not available, each with what it is.</summary>
    public IReadOnlyList<string> Problems(string file)
    {
        var assembly = Load(file) ?? throw new ArgumentException($"{file} is not a .NET assembly.");
        var reader = assembly.Reader;
        var problems = new List<string>();
        var who = Path.GetFileName(file);

        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            var name = reader.GetString(reference.Name);
            if (!available.TryGetValue(name, out var target))
                problems.Add($"{who} needs assembly {name} {reference.Version}, which is not there");
            else if (target.Version < reference.Version)
                problems.Add($"{who} needs assembly {name} {reference.Version}, and only {target.Version} is there");
        }

        foreach (var handle in reader.TypeReferences)
        {
            if (ResolveReference(reader, handle) is null)
                problems.Add($"{who} uses type {SignatureNames.ReferenceName(reader, handle)}, which is not there");
        }

        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            var owner = OwnerType(reader, member.Parent);
            if (owner is null || owner.Value.Kind == HandleKind.TypeDefinition) continue; // this assembly's own, or of a module
            var type = ResolveType(reader, owner.Value);
            if (type is null) continue; // already reported as a missing type

            var name = reader.GetString(member.Name);
            var typeName = SignatureNames.TypeName(reader, owner.Value);
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                var signature = SignatureNames.Method(member.DecodeMethodSignature(SignatureNames.Instance, null));
                if (!HasMethod(type.Value, name, signature))
                    problems.Add($"{who} calls {typeName}::{name}{signature}, which is not there");
            }
            else
            {
                var signature = member.DecodeFieldSignature(SignatureNames.Instance, null);
                if (!HasField(type.Value, name, signature))
                    problems.Add($"{who} uses field {typeName}::{name} : {signature}, which is not there");
            }
        }

        return problems;
    }

    public void Dispose()
    {
        foreach (var reader in readers) reader.Dispose();
    }

    private Loaded? Load(string file)
    {
        var pe = new PEReader(File.OpenRead(file));
        if (!pe.HasMetadata)
        {
            pe.Dispose();
            return null;
        }

        readers.Add(pe);
        var reader = pe.GetMetadataReader();
        if (!reader.IsAssembly) return null;
        var definition = reader.GetAssemblyDefinition();
        return new Loaded(reader.GetString(definition.Name), definition.Version, reader);
    }

    // The type a member reference belongs to, through a generic instantiation (List<int>::Add → List`1).
    private static EntityHandle? OwnerType(MetadataReader reader, EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeReference:
            case HandleKind.TypeDefinition:
                return parent;
            case HandleKind.TypeSpecification:
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
                if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
                blob.ReadSignatureTypeCode(); // class or value type
                return blob.ReadTypeHandle();
            default:
                return null;
        }
    }

    private (Loaded Assembly, TypeDefinitionHandle Type)? ResolveType(MetadataReader reader, EntityHandle handle) =>
        handle.Kind == HandleKind.TypeDefinition
            ? (available.Values.First(a => a.Reader == reader), (TypeDefinitionHandle)handle)
            : ResolveReference(reader, (TypeReferenceHandle)handle);

    private (Loaded Assembly, TypeDefinitionHandle Type)? ResolveReference(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        var name = reader.GetString(reference.Name);
        var ns = reader.GetString(reference.Namespace);
        switch (reference.ResolutionScope.Kind)
        {
            case HandleKind.AssemblyReference:
                var assembly = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name);
                return Find(assembly, ns, name, hops: 0);
            case HandleKind.TypeReference:
                var outer = ResolveReference(reader, (TypeReferenceHandle)reference.ResolutionScope);
                if (outer is null) return null;
                foreach (var nested in outer.Value.Assembly.Reader.GetTypeDefinition(outer.Value.Type).GetNestedTypes())
                {
                    if (outer.Value.Assembly.Reader.GetString(outer.Value.Assembly.Reader.GetTypeDefinition(nested).Name) == name) return (outer.Value.Assembly, nested);
                }

                return null;
            default:
                return null; // defined in this module: nothing to find elsewhere
        }
    }

    // A top-level type by assembly and name, following type forwarders (netstandard → mscorlib, ...).
    private (Loaded Assembly, TypeDefinitionHandle Type)? Find(string assemblyName, string ns, string name, int hops)
    {
        if (hops > 8 || !available.TryGetValue(assemblyName, out var assembly)) return null;
        var reader = assembly.Reader;
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (type.GetDeclaringType().IsNil && reader.GetString(type.Name) == name && reader.GetString(type.Namespace) == ns) return (assembly, handle);
        }

        foreach (var handle in reader.ExportedTypes)
        {
            var exported = reader.GetExportedType(handle);
            if (exported.IsForwarder && reader.GetString(exported.Name) == name && reader.GetString(exported.Namespace) == ns
                && exported.Implementation.Kind == HandleKind.AssemblyReference)
            {
                var target = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)exported.Implementation).Name);
                return Find(target, ns, name, hops + 1);
            }
        }

        return null;
    }

    private bool HasMethod((Loaded Assembly, TypeDefinitionHandle Type) type, string name, string signature) =>
        SelfAndBases(type).Any(current =>
        {
            var reader = current.Assembly.Reader;
            var definition = reader.GetTypeDefinition(current.Type);
            return definition.GetMethods().Select(reader.GetMethodDefinition).Any(method =>
                    reader.GetString(method.Name) == name && SignatureNames.Method(method.DecodeSignature(SignatureNames.Instance, null)) == signature)
                // A method of an interface the type implements (a call through a derived interface).
                || definition.GetInterfaceImplementations().Any(implemented =>
                {
                    var face = OwnerType(reader, reader.GetInterfaceImplementation(implemented).Interface);
                    var resolved = face is null ? null : ResolveType(reader, face.Value);
                    return resolved is not null && HasMethod(resolved.Value, name, signature);
                });
        });

    private bool HasField((Loaded Assembly, TypeDefinitionHandle Type) type, string name, string signature) =>
        SelfAndBases(type).Any(current =>
        {
            var reader = current.Assembly.Reader;
            return reader.GetTypeDefinition(current.Type).GetFields().Select(reader.GetFieldDefinition).Any(field =>
                reader.GetString(field.Name) == name && field.DecodeSignature(SignatureNames.Instance, null) == signature);
        });

    private IEnumerable<(Loaded Assembly, TypeDefinitionHandle Type)> SelfAndBases((Loaded Assembly, TypeDefinitionHandle Type) type)
    {
        for (var current = ((Loaded Assembly, TypeDefinitionHandle Type)?)type; current is not null;)
        {
            yield return current.Value;
            var reader = current.Value.Assembly.Reader;
            var baseHandle = reader.GetTypeDefinition(current.Value.Type).BaseType;
            var baseType = baseHandle.IsNil ? null : OwnerType(reader, baseHandle);
            current = baseType is null ? null : ResolveType(reader, baseType.Value);
        }
    }

    private sealed record Loaded(string Name, Version Version, MetadataReader Reader);
}
