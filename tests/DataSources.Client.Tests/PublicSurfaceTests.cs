using System.Reflection;

namespace DataSources.Client.Tests;

public sealed class PublicSurfaceTests
{
    private static readonly Type[] PublicTypes = typeof(DataSourceClient).Assembly.GetExportedTypes();

    [Fact]
    public void No_public_signature_mentions_a_Newtonsoft_type()
    {
        var leaks =
            from type in PublicTypes
            from member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            from mentioned in Mentioned(member)
            where mentioned.Namespace?.StartsWith("Newtonsoft", StringComparison.Ordinal) == true
            select $"{type.Name}.{member.Name}";

        Assert.Empty(leaks);
        Assert.DoesNotContain(PublicTypes, t => t.GetCustomAttributes(true).Any(a => a.GetType().Namespace?.StartsWith("Newtonsoft") == true));
    }

    // The credential classes, the one open hierarchy, are internal: no script meets them.
    [Fact]
    public void Public_classes_are_sealed()
    {
        var open = PublicTypes.Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed)).Select(t => t.Name);

        Assert.Empty(open);
    }

    [Fact]
    public void The_output_types_live_in_the_DataSources_namespace()
    {
        Assert.Equal("DataSources.DataSource", typeof(DataSource).FullName);
        Assert.Equal("DataSources", typeof(DataSourceCost).Namespace);
        Assert.Equal("DataSources", typeof(DataSourceLocation).Namespace);
    }

    private static IEnumerable<Type> Mentioned(MemberInfo member) => member switch
    {
        PropertyInfo property => [property.PropertyType],
        MethodInfo method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType),
        ConstructorInfo constructor => constructor.GetParameters().Select(p => p.ParameterType),
        FieldInfo field => [field.FieldType],
        EventInfo @event => [@event.EventHandlerType!],
        _ => [],
    };
}
