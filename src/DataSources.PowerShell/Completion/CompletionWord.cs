using System.Management.Automation;
using System.Text.RegularExpressions;

namespace DataSources.Commands;

/// <summary>The word a completer is asked to complete, and the text it offers back, quoted where PowerShell needs it.</summary>
internal static class CompletionWord
{
    private static readonly Regex Bare = new Regex(@"^[\w.:/*+-]+$", RegexOptions.CultureInvariant);

    /// <summary>The word without the quotes the user may have opened it with.</summary>
    public static string Unquote(string? word) => (word ?? string.Empty).Trim('\'', '"');

    /// <summary>What the word matches: itself as a prefix, with any * the user typed as a wildcard.</summary>
    public static WildcardPattern Prefix(string unquoted) => WildcardPattern.Get(unquoted + "*", WildcardOptions.IgnoreCase);

    /// <summary>
    /// The value as it must be typed: single-quoted when it holds spaces or characters PowerShell
    /// would read, or starts with a dash, which PowerShell would take for a parameter's name.
    /// </summary>
    public static string Quote(string value) =>
        Bare.IsMatch(value) && !value.StartsWith("-", System.StringComparison.Ordinal) ? value : "'" + value.Replace("'", "''") + "'";
}
