using System;

namespace DataSources.Client;

/// <summary>
/// Ends a text as a sentence before another is added to it: a system's reason ("Connection
/// refused") and a server's error with its status and route ("... (500 Internal Server Error from
/// GET /...)") have no period of their own; and lists items in a sentence.
/// </summary>
internal static class SentenceText
{
    public static string Ended(string text)
    {
        text = text.TrimEnd();
        return text.EndsWith(".", StringComparison.Ordinal) || text.EndsWith("!", StringComparison.Ordinal) || text.EndsWith("?", StringComparison.Ordinal)
            ? text
            : text + ".";
    }

    /// <summary><paramref name="text"/> ended as a sentence, then <paramref name="next"/>.</summary>
    public static string Then(string text, string next) => Ended(text) + " " + next;

    /// <summary>The items as a sentence lists them: "a", "a and b", "a, b and c" (or "or").</summary>
    public static string Series(System.Collections.Generic.IReadOnlyList<string> items, string conjunction) =>
        items.Count <= 1
            ? string.Join(string.Empty, items)
            : string.Join(", ", System.Linq.Enumerable.Take(items, items.Count - 1)) + " " + conjunction + " " + items[items.Count - 1];
}
