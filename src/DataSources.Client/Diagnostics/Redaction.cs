using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>Keeps secrets out of every text the client produces: debug bodies, log lines, error messages.</summary>
internal static class Redaction
{
    public const string Mask = "***";

    private const int MaxDebugChars = 32 * 1024;

    private static readonly HashSet<string> SecretNames = CreateSecretNames();

    public static bool IsSecretName(string name) => SecretNames.Contains(name);

    /// <summary>Replaces every value of a secret key, then every known secret string anywhere.</summary>
    public static string RedactJson(string json, IReadOnlyList<string> secrets)
    {
        string redacted;
        try
        {
            var output = new StringBuilder(Math.Min(json.Length, MaxDebugChars) + 16);
            using (var reader = JsonWire.CreateReader(new StringReader(json)))
            using (var writer = JsonWire.CreateWriter(new StringWriter(output)))
            {
                while (reader.Read())
                {
                    if (reader.TokenType == JsonToken.PropertyName && IsSecretName((string)reader.Value!))
                    {
                        writer.WritePropertyName((string)reader.Value!);
                        reader.Read();
                        reader.Skip();
                        writer.WriteValue(Mask);
                    }
                    else
                    {
                        writer.WriteToken(reader, writeChildren: false);
                    }
                }
            }

            redacted = output.ToString();
        }
        catch (JsonException)
        {
            // Unreadable JSON cannot be redacted field by field, and it may carry a token the client never sent.
            return $"(a body that is not valid JSON, {json.Length} characters, not shown)";
        }

        return Truncate(Scrub(redacted, secrets));
    }

    public static string Scrub(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            // Very short values would blank out ordinary words; they are still masked by key above.
            if (secret.Length >= 4 && text.IndexOf(secret, StringComparison.Ordinal) >= 0)
            {
                text = text.Replace(secret, Mask);
            }
        }

        return text;
    }

    /// <summary>Scrubs every string inside plain JSON data (a server message kept as data).</summary>
    public static object? ScrubData(object? value, IReadOnlyList<string> secrets)
    {
        switch (value)
        {
            case string text:
                return Scrub(text, secrets);
            case Dictionary<string, object?> members:
                var scrubbed = new Dictionary<string, object?>(members.Count, StringComparer.Ordinal);
                foreach (var pair in members)
                {
                    scrubbed[pair.Key] = IsSecretName(pair.Key) ? Mask : ScrubData(pair.Value, secrets);
                }

                return scrubbed;
            case object?[] items:
                var copy = new object?[items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    copy[i] = ScrubData(items[i], secrets);
                }

                return copy;
            default:
                return value;
        }
    }

    public static string Truncate(string text) =>
        text.Length <= MaxDebugChars
            ? text
            : text.Substring(0, MaxDebugChars) + $"... ({text.Length - MaxDebugChars} more characters)";

    private static HashSet<string> CreateSecretNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "accessToken", "access_token", "refresh_token", "id_token", "password",
        };
        foreach (var field in DataSourceSchema.Fields)
        {
            if (field.IsSecret)
            {
                names.Add(field.JsonName);
            }
        }

        return names;
    }
}
