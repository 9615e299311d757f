using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>
/// A request body, serialized once so that a retry resends the same bytes, with the secret values
/// it carries (to scrub them from any text the client shows) and a redacted text for debug.
/// </summary>
internal sealed class RequestBody
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private readonly Func<string> _debugText;

    private RequestBody(byte[] bytes, string contentType, IReadOnlyList<string> secrets, Func<string> debugText)
    {
        Bytes = bytes;
        ContentType = contentType;
        Secrets = secrets;
        _debugText = debugText;
    }

    public byte[] Bytes { get; }

    public string ContentType { get; }

    public IReadOnlyList<string> Secrets { get; }

    public string DebugText => _debugText();

    /// <summary>A JSON body; <paramref name="write"/> adds every secret value it writes to the list it is given.</summary>
    public static RequestBody Json(Action<JsonWriter, List<string>> write)
    {
        var secrets = new List<string>();
        using (var stream = new MemoryStream())
        {
            // Small: the writer allocates its buffers for every body, and most bodies are one item.
            using (var text = new StreamWriter(stream, Utf8, 1024, leaveOpen: true))
            using (var writer = JsonWire.CreateWriter(text))
            {
                write(writer, secrets);
            }

            var bytes = stream.ToArray();
            return new RequestBody(bytes, "application/json", secrets, () => Redaction.RedactJson(Utf8.GetString(bytes), secrets));
        }
    }

    /// <summary>
    /// The login form, for Keycloak's token endpoint and the API's /auth alike: all five fields, as the
    /// vendor declares each required (with these defaults). The password is both sent and scrubbed.
    /// </summary>
    public static RequestBody LoginForm(string userName, string password)
    {
        var start = "grant_type=password&client_id=pdc-client&scope=openid%20profile%20email&username=" + Uri.EscapeDataString(userName) + "&password=";
        var form = start + Uri.EscapeDataString(password);
        var debug = start + Redaction.Mask;
        return new RequestBody(Utf8.GetBytes(form), "application/x-www-form-urlencoded", new[] { password, Uri.EscapeDataString(password) }, () => debug);
    }

    /// <summary>Writes the fields of a create item or a patch as one JSON object, secrets revealed here and only here.</summary>
    [MethodImpl(JitOptions.FullyOptimized)]
    public static void WriteFields(JsonWriter writer, FieldValues values, List<string> secrets)
    {
        writer.WriteStartObject();
        foreach (var entry in values.Entries)
        {
            writer.WritePropertyName(entry.Name);
            if (entry.Field != null && entry.Field.IsSecret && entry.Value != null)
            {
                var secret = entry.Value is System.Security.SecureString secure ? SecretText.Reveal(secure) : (string)entry.Value;
                if (secret.Length > 0)
                {
                    secrets.Add(secret);
                }

                writer.WriteValue(secret);
            }
            else
            {
                PlainJson.Write(writer, entry.Value);
            }
        }

        writer.WriteEndObject();
    }
}
