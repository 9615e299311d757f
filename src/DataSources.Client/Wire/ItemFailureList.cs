using System;
using System.Collections.Generic;
using System.Globalization;

namespace DataSources.Client;

/// <summary>Reads the per-item list of a 207 or 400 create answer: <c>[{index, resourceName, message}]</c>.</summary>
internal static class ItemFailureList
{
    /// <summary>The entries with their indices in the request; null unless every entry has an index.</summary>
    public static IReadOnlyList<CreateFailure>? Parse(object? message, int status)
    {
        if (!(message is object?[] entries) || entries.Length == 0)
        {
            return null;
        }

        var failures = new List<CreateFailure>(entries.Length);
        foreach (var entry in entries)
        {
            if (!(entry is Dictionary<string, object?> members)
                || !members.TryGetValue("index", out var index) || !(index is long position) || position < 0 || position > int.MaxValue)
            {
                return null;
            }

            members.TryGetValue("resourceName", out var name);
            members.TryGetValue("message", out var text);
            failures.Add(new CreateFailure(
                (int)position,
                name as string,
                text as string ?? Convert.ToString(text, CultureInfo.InvariantCulture) ?? "Refused.",
                status));
        }

        return failures;
    }
}
