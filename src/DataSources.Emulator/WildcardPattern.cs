namespace DataSources.Emulator;

/// <summary>
/// A pattern where <c>*</c> matches any run of characters and every other character is literal.
/// Matching ignores case: the pattern is upper-cased here and candidates are passed in upper case
/// (see <see cref="Normalize"/>), so the comparisons themselves are ordinal.
/// </summary>
internal sealed class WildcardPattern
{
    private readonly string[] segments;

    public WildcardPattern(string pattern)
    {
        segments = Normalize(pattern).Split('*');
    }

    public bool HasWildcard => segments.Length > 1;

    /// <summary>The upper-cased text before the first <c>*</c> (the whole pattern when it has none).</summary>
    public string LiteralPrefix => segments[0];

    public static string Normalize(string text) => text.ToUpperInvariant();

    public bool IsMatch(string normalized)
    {
        if (!HasWildcard) return string.Equals(normalized, segments[0], StringComparison.Ordinal);

        string first = segments[0];
        string last = segments[^1];
        if (normalized.Length < first.Length + last.Length
            || !normalized.StartsWith(first, StringComparison.Ordinal)
            || !normalized.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        // Taking each middle segment at its leftmost place leaves the most room for the rest.
        int position = first.Length;
        int end = normalized.Length - last.Length;
        for (int i = 1; i < segments.Length - 1; i++)
        {
            string segment = segments[i];
            if (segment.Length == 0) continue;
            int at = normalized.IndexOf(segment, position, end - position, StringComparison.Ordinal);
            if (at < 0) return false;
            position = at + segment.Length;
        }
        return true;
    }
}
