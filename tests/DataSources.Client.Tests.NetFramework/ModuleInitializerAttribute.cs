namespace System.Runtime.CompilerServices;

/// <summary>What C# needs to emit a module initializer on net472, which does not define it.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class ModuleInitializerAttribute : Attribute
{
}
