using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataSources.Emulator;

/// <summary>
/// One immutable version of a data source as JSON: <see cref="Stored"/> keeps every field,
/// <see cref="Published"/> is what reads return (no secrets), ready to copy into a response.
/// </summary>
internal sealed class DataSourceContent
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private DataSourceContent(byte[] stored, byte[] published)
    {
        Stored = stored;
        Published = published;
    }

    public byte[] Stored { get; }

    public byte[] Published { get; }

    /// <summary>The server's read-only fields around the fields of a valid create item.</summary>
    public static DataSourceContent Create(string id, JsonElement item, string userId, string date)
    {
        bool hasSecret = item.EnumerateObject().Any(p => DataSourceSchema.SecretFields.Contains(p.Name));
        byte[] stored = Write(id, item, userId, date, withSecrets: true);
        return new DataSourceContent(stored, hasSecret ? Write(id, item, userId, date, withSecrets: false) : stored);
    }

    /// <summary>A new version with the fields of a valid PATCH body overwritten; arrays and objects are replaced whole.</summary>
    public DataSourceContent Patch(JsonElement patch)
    {
        JsonObject fields = JsonNode.Parse(Stored)!.AsObject();
        foreach (JsonProperty property in patch.EnumerateObject())
            fields[property.Name] = JsonNode.Parse(property.Value.GetRawText());

        byte[] stored = JsonSerializer.SerializeToUtf8Bytes(fields, ApiResponses.JsonOptions);
        if (!fields.Any(f => DataSourceSchema.SecretFields.Contains(f.Key))) return new DataSourceContent(stored, stored);

        var buffer = new ArrayBufferWriter<byte>(stored.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                if (DataSourceSchema.SecretFields.Contains(name)) continue;
                writer.WritePropertyName(name);
                value!.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return new DataSourceContent(stored, buffer.WrittenSpan.ToArray());
    }

    private static byte[] Write(string id, JsonElement item, string userId, string date, bool withSecrets)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("_id", id);
            foreach (JsonProperty property in item.EnumerateObject())
            {
                if (withSecrets || !DataSourceSchema.SecretFields.Contains(property.Name)) property.WriteTo(writer);
            }
            writer.WriteNumber("pId", 1);
            writer.WriteString("userId", userId);
            writer.WriteString("date", date);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
