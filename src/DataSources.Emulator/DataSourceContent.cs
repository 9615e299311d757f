using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataSources.Emulator;

/// <summary>
/// One immutable version of a data source as JSON: <see cref="Stored"/> keeps every field in clear,
/// and <see cref="Published"/> is what a read returns, rendered once per <see cref="ReadView"/> and
/// then copied into every response. Encrypted values are drawn when a value is stored, so reads of
/// one version always show the same ciphertext.
/// </summary>
internal sealed class DataSourceContent
{
    private static readonly int ViewCount = (int)(ReadView.ClearText | ReadView.PatchOnlyFields | ReadView.Owners) + 1;

    private readonly Dictionary<string, string> ciphertexts;
    private readonly byte[]?[] published = new byte[ViewCount][];

    private DataSourceContent(byte[] stored, Dictionary<string, string> ciphertexts)
    {
        Stored = stored;
        this.ciphertexts = ciphertexts;
    }

    /// <summary>Every field as stored, secrets and patch-only fields included, in clear.</summary>
    public byte[] Stored { get; }

    /// <summary>The server's read-only fields around the fields of a valid create item.</summary>
    public static DataSourceContent Create(string id, JsonElement item, string userId, string date)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        var ciphertexts = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var writer = new Utf8JsonWriter(buffer, ApiResponses.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("_id", id);
            foreach (JsonProperty property in item.EnumerateObject())
            {
                property.WriteTo(writer);
                Encrypt(ciphertexts, property.Name, property.Value);
            }
            writer.WriteNumber("pId", 1);
            writer.WriteString("userId", userId);
            writer.WriteString("date", date);
            writer.WriteEndObject();
        }
        return new DataSourceContent(buffer.WrittenSpan.ToArray(), ciphertexts);
    }

    /// <summary>The JSON a read returns in <paramref name="view"/>; rendered on first use, then kept.</summary>
    public byte[] Published(ReadView view)
    {
        // A race renders the same bytes twice at worst.
        ref byte[]? slot = ref published[(int)view];
        return Volatile.Read(ref slot) ?? (slot = Render(view));
    }

    /// <summary>A new version with the fields of a valid PATCH body overwritten; arrays and objects are replaced whole.</summary>
    public DataSourceContent Patch(JsonElement patch)
    {
        JsonObject fields = JsonNode.Parse(Stored)!.AsObject();
        var next = new Dictionary<string, string>(ciphertexts, StringComparer.Ordinal);
        foreach (JsonProperty property in patch.EnumerateObject())
        {
            fields[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            Encrypt(next, property.Name, property.Value);
        }
        return new DataSourceContent(JsonSerializer.SerializeToUtf8Bytes(fields, ApiResponses.JsonOptions), next);
    }

    private static void Encrypt(Dictionary<string, string> ciphertexts, string name, JsonElement value)
    {
        if (DataSourceSchema.EncryptedFields.Contains(name) && value.ValueKind == JsonValueKind.String)
            ciphertexts[name] = FieldCipher.Encrypt(value.GetString()!);
    }

    private byte[] Render(ReadView view)
    {
        var buffer = new ArrayBufferWriter<byte>(Stored.Length + 64 * ciphertexts.Count);
        using (JsonDocument stored = JsonDocument.Parse(Stored))
        using (var writer = new Utf8JsonWriter(buffer, ApiResponses.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (JsonProperty property in stored.RootElement.EnumerateObject())
            {
                string name = property.Name;
                if (DataSourceSchema.SecretFields.Contains(name)) continue;
                if (!view.HasFlag(ReadView.PatchOnlyFields) && DataSourceSchema.PatchOnlyFields.Contains(name)) continue;
                if (!view.HasFlag(ReadView.ClearText) && ciphertexts.TryGetValue(name, out string? ciphertext))
                {
                    writer.WriteString(name, ciphertext);
                }
                else if (!view.HasFlag(ReadView.Owners) && name == "owners" && property.Value.ValueKind == JsonValueKind.Array)
                {
                    writer.WriteStartArray(name);
                    for (int i = property.Value.GetArrayLength(); i > 0; i--)
                    {
                        writer.WriteStartObject();
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }
                else
                {
                    property.WriteTo(writer);
                }
            }
            writer.WriteEndObject();
        }
        byte[] rendered = buffer.WrittenSpan.ToArray();
        return rendered.AsSpan().SequenceEqual(Stored) ? Stored : rendered;
    }
}
