using System.Text.Json;

namespace DataSources.Bench.Floor;

/// <summary>
/// Reads a success envelope with one forward pass of Utf8JsonReader: every token is parsed (so the
/// JSON is fully read and checked), the items of <c>data</c> are counted, and their <c>_id</c>s kept
/// when asked. No object per item: this is the floor, what reading the wire costs at least.
/// </summary>
internal readonly record struct Envelope(int Count, long TotalCount)
{
    public static Envelope Read(ReadOnlySpan<byte> json, List<string>? ids = null)
    {
        var reader = new Utf8JsonReader(json);
        int count = 0;
        long totalCount = -1;
        string? section = null;  // the top-level property being read: data, pageInfo, ...
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2 && section == "data") count++;
                continue;
            }

            if (reader.CurrentDepth == 1)
            {
                section = reader.GetString();
            }
            else if (reader.CurrentDepth == 3 && section == "data" && ids is not null && reader.ValueTextEquals("_id"u8))
            {
                reader.Read();
                ids.Add(reader.GetString()!);
            }
            else if (reader.CurrentDepth == 2 && section == "pageInfo" && reader.ValueTextEquals("totalCount"u8))
            {
                reader.Read();
                totalCount = reader.GetInt64();
            }
        }
        return new Envelope(count, totalCount);
    }
}
