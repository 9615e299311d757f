using System.Reflection;
using System.Text.RegularExpressions;

namespace DataSources.Compatibility.Tests;

/// <summary>
/// Windows PowerShell 5.1 runs the module on .NET Framework: the assemblies the package ships must
/// find everything they use there, in .NET Framework 4.7.2 (the floor the manifest declares) or in
/// the package. Checked against reference assemblies, not a running .NET Framework.
/// </summary>
public sealed class ShippedAssembliesTests
{
    private static readonly string Root = FindRoot();

    private static string Metadata(string key) =>
        typeof(ShippedAssembliesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>The assemblies the manifest's FileList ships, as the build left them in module/bin.</summary>
    private static IReadOnlyList<string> Shipped()
    {
        var manifest = File.ReadAllText(Path.Combine(Root, "DataSources.psd1"));
        var fileList = Regex.Match(manifest, @"FileList\s*=\s*@\((?<items>[^)]*)\)").Groups["items"].Value;
        return Regex.Matches(fileList, @"'(?<path>[^']+\.dll)'").Select(m => Path.Combine(Root, m.Groups["path"].Value)).ToList();
    }

    /// <summary>.NET Framework 4.7.2 (its facades, netstandard.dll among them, included) and Windows PowerShell 5.1's automation assembly.</summary>
    private static IEnumerable<string> InTheBox()
    {
        var framework = Metadata("NetFramework472ReferenceAssemblies");
        return Directory.GetFiles(framework, "*.dll")
            .Concat(Directory.GetFiles(Path.Combine(framework, "Facades"), "*.dll"))
            .Append(Metadata("WindowsPowerShellAutomation"));
    }

    [Fact]
    public void The_FileList_ships_the_three_assemblies_and_the_build_made_them()
    {
        var shipped = Shipped();

        Assert.Equal(["DataSources.PowerShell.dll", "DataSources.Client.dll", "Newtonsoft.Json.dll"], shipped.Select(Path.GetFileName));
        Assert.All(shipped, file => Assert.True(File.Exists(file), $"{file} is not built"));
    }

    [Fact]
    public void Every_assembly_type_and_member_the_shipped_assemblies_use_is_in_NET_Framework_4_7_2_or_in_the_package()
    {
        var shipped = Shipped();
        using var check = new FrameworkReferenceCheck(InTheBox().Concat(shipped));

        var problems = shipped.SelectMany(check.Problems).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_check_reports_what_an_assembly_built_for_net10_uses_that_NET_Framework_4_7_2_lacks()
    {
        Assert.True(UsesAMemberNewerThanNetFramework());
        using var check = new FrameworkReferenceCheck(InTheBox());

        var problems = check.Problems(typeof(ShippedAssembliesTests).Assembly.Location);

        Assert.Contains(problems, p => p.StartsWith("DataSources.Compatibility.Tests.dll needs assembly System.Runtime 10.0.0.0, and only 4.", StringComparison.Ordinal));
        Assert.Contains("DataSources.Compatibility.Tests.dll calls System.String::Contains(System.Char) : System.Boolean, which is not there", problems);
        Assert.Contains("DataSources.Compatibility.Tests.dll needs assembly xunit.core 2.9.3.0, which is not there", problems.Select(p => Regex.Replace(p, @"xunit\.core [\d.]+", "xunit.core 2.9.3.0")));
        Assert.DoesNotContain(problems, p => p.Contains("System.String::Contains(System.String)"));
    }

    // string.Contains(char) came with .NET Core 2.1; .NET Framework has only Contains(string).
    private static bool UsesAMemberNewerThanNetFramework() => "net".Contains('e');

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DataSources.sln"))) return folder.FullName;
        }

        throw new DirectoryNotFoundException($"No DataSources.sln above {AppContext.BaseDirectory}.");
    }
}
