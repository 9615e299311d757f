using System;
using System.Collections.Generic;
using System.IO;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>
/// Recognises the server's answer to a create with a resourceName or fqdnId that exists: [field] a 400
/// for the whole request whose message echoes the submitted record, then says "Duplicate key
/// violation on the requested collection: Index '...'"; or, on older servers, a per-item message.
/// </summary>
internal static class DuplicateRefusal
{
    private static readonly string[] Markers = { "duplicate key", "e11000", "already exists" };

    public static bool IsDuplicateMessage(string? text)
    {
        if (text == null)
        {
            return false;
        }

        foreach (var marker in Markers)
        {
            if (text.IndexOf(marker, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a whole request was refused as a duplicate (no per-item list).</summary>
    public static bool IsDuplicate(DataSourceApiException refusal) =>
        (refusal.StatusCode == 400 || refusal.StatusCode == 409) && IsDuplicateMessage(ResponseParser.Flatten(refusal.ServerMessage));

    /// <summary>
    /// The resourceName and fqdnId of the record the message starts by echoing, when it does; the
    /// record is how the server says which item it refused.
    /// </summary>
    public static (string? ResourceName, string? FqdnId) EchoedItem(object? serverMessage)
    {
        if (!(serverMessage is string text) || !text.TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            return (null, null);
        }

        try
        {
            using (var reader = JsonWire.CreateReader(new StringReader(text)))
            {
                // Only the first value: the reason follows it as plain text.
                if (reader.Read() && PlainJson.ReadValue(reader) is Dictionary<string, object?> record)
                {
                    record.TryGetValue("resourceName", out var name);
                    record.TryGetValue("fqdnId", out var fqdnId);
                    return (name as string, fqdnId as string);
                }
            }
        }
        catch (JsonException)
        {
            // Not an echo after all.
        }

        return (null, null);
    }
}
