using System.Runtime.CompilerServices;

namespace DataSources.Client;

/// <summary>How the JIT compiles the few methods every item of a page or batch goes through.</summary>
internal static class JitOptions
{
    /// <summary>
    /// MethodImplOptions.AggressiveOptimization, which netstandard2.0 does not name (runtimes that
    /// do not know it ignore it). A listing, fetch or create runs for a second or two in a fresh
    /// pwsh: too short for tiered compilation to promote these from their first, unoptimized
    /// code before most items have gone through it, so they are compiled optimized at once.
    /// </summary>
    public const MethodImplOptions FullyOptimized = (MethodImplOptions)512;
}
