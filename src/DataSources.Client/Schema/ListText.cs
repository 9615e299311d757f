using System;
using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>
/// The one text form of a list of strings that loose input reads back as the same list: the items
/// joined by <c>;</c> (what a user types in a CSV cell), or the JSON array where the joined text
/// would read back otherwise.
/// </summary>
internal static class ListText
{
    public const char Separator = ';';

    public static string Of(IReadOnlyList<string> items)
    {
        var joined = string.Join(Separator.ToString(), items);
        return NeedsJson(items, joined) ? PlainJson.ToText(items) : joined;
    }

    /// <summary>The list a text gives: a JSON array of strings as such, any other text split on <c>;</c>, items trimmed, empty ones dropped.</summary>
    public static string[] Parse(string text)
    {
        if (text.TrimStart().StartsWith("[", StringComparison.Ordinal) && PlainJson.TryParseStrings(text, out var items))
        {
            return items;
        }

        var parts = text.Split(new[] { Separator }, StringSplitOptions.RemoveEmptyEntries);
        var result = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                result.Add(trimmed);
            }
        }

        return result.ToArray();
    }

    private static bool NeedsJson(IReadOnlyList<string> items, string joined)
    {
        if (items.Count == 0 || joined.TrimStart().StartsWith("[", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var item in items)
        {
            if (item.Length == 0 || item.IndexOf(Separator) >= 0 || item.Trim().Length != item.Length)
            {
                return true;
            }
        }

        return false;
    }
}
