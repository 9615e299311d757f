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

    // The ciphertext of each encrypted field the source has: none, one or two, so a list beats a dictionary.
    private readonly KeyValuePair<string, string>[] ciphertexts;
    private readonly byte[]?[] published = new byte[ViewCount][];

    private DataSourceContent(byte[] stored, KeyValuePair<string, string>[] ciphertexts)
    {
        Stored = stored;
        this.ciphertexts = ciphertexts;
    }

    /// <summary>Every field as stored, secrets and patch-only fields included, in clear.</summary>
    public byte[] Stored { get; }

    /// <summary>
    /// The server's read-only fields around the fields of a valid create item, rendered for
    /// <paramref name="view"/> in the same pass, as the create's answer and the next reads want it.
    /// </summary>
    public static DataSourceContent Create(string id, JsonElement item, string userId, string date, ReadView view)
    {
        var ciphertexts = new List<KeyValuePair<string, string>>();
        foreach (JsonProperty property in item.EnumerateObject()) Encrypt(ciphertexts, property.Name, property.Value);
        KeyValuePair<string, string>[] sealedValues = [.. ciphertexts];

        var stored = new ArrayBufferWriter<byte>(512);
        var rendered = new ArrayBufferWriter<byte>(512);
        using (var all = new Utf8JsonWriter(stored, ApiResponses.WriterOptions))
        using (var read = new Utf8JsonWriter(rendered, ApiResponses.WriterOptions))
        {
            all.WriteStartObject();
            read.WriteStartObject();
            all.WriteString("_id", id);
            read.WriteString("_id", id);
            foreach (JsonProperty property in item.EnumerateObject())
            {
                property.WriteTo(all);
                WriteForRead(read, property, view, sealedValues);
            }
            WriteReadOnlyTail(all, userId, date);
            WriteReadOnlyTail(read, userId, date);
        }
        var content = new DataSourceContent(stored.WrittenSpan.ToArray(), sealedValues);
        content.published[(int)view] = content.SameAsStoredOr(rendered.WrittenSpan);
        return content;
    }

    private static void WriteReadOnlyTail(Utf8JsonWriter writer, string userId, string date)
    {
        writer.WriteNumber("pId", 1);
        writer.WriteString("userId", userId);
        writer.WriteString("date", date);
        writer.WriteEndObject();
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
        var next = new List<KeyValuePair<string, string>>(ciphertexts);
        foreach (JsonProperty property in patch.EnumerateObject())
        {
            fields[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            Encrypt(next, property.Name, property.Value);
        }
        return new DataSourceContent(JsonSerializer.SerializeToUtf8Bytes(fields, ApiResponses.JsonOptions), [.. next]);
    }

    // A new value is a new ciphertext; it replaces the one of the value it overwrites.
    private static void Encrypt(List<KeyValuePair<string, string>> ciphertexts, string name, JsonElement value)
    {
        if (!DataSourceSchema.EncryptedFields.Contains(name) || value.ValueKind != JsonValueKind.String) return;
        ciphertexts.RemoveAll(c => c.Key == name);
        ciphertexts.Add(new(name, FieldCipher.Encrypt(value.GetString()!)));
    }

    // One stored field as a read in the view returns it: secrets and (unless asked) patch-only
    // fields left out, encrypted fields as their ciphertext, owners as {} each.
    private static void WriteForRead(Utf8JsonWriter writer, JsonProperty property, ReadView view, KeyValuePair<string, string>[] ciphertexts)
    {
        string name = property.Name;
        if (DataSourceSchema.SecretFields.Contains(name)) return;
        if (!view.HasFlag(ReadView.PatchOnlyFields) && DataSourceSchema.PatchOnlyFields.Contains(name)) return;
        if (!view.HasFlag(ReadView.ClearText) && CiphertextOf(ciphertexts, name) is { } ciphertext)
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

    private static string? CiphertextOf(KeyValuePair<string, string>[] ciphertexts, string name)
    {
        foreach (var (field, ciphertext) in ciphertexts)
        {
            if (field == name) return ciphertext;
        }
        return null;
    }

    private byte[] Render(ReadView view)
    {
        var buffer = new ArrayBufferWriter<byte>(Stored.Length + 64 * ciphertexts.Length);
        using (JsonDocument stored = JsonDocument.Parse(Stored))
        using (var writer = new Utf8JsonWriter(buffer, ApiResponses.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (JsonProperty property in stored.RootElement.EnumerateObject()) WriteForRead(writer, property, view, ciphertexts);
            writer.WriteEndObject();
        }
        return SameAsStoredOr(buffer.WrittenSpan);
    }

    // A source with nothing to hide or change is read as stored: one copy of its bytes, not two.
    private byte[] SameAsStoredOr(ReadOnlySpan<byte> rendered) => rendered.SequenceEqual(Stored) ? Stored : rendered.ToArray();
}
