using System.Buffers;
using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// Fills the store from a seed file or from <see cref="SeedGenerator"/>, through the same checks as a
/// create request; each source is rendered as reads will return it, so the first listing is as fast as the next.
/// </summary>
internal sealed class StoreSeeder(DataSourceStore store, string userId, LiveBehaviour behaviour)
{
    private const int GeneratedPerBatch = 1_000;

    public void LoadFile(string path)
    {
        using JsonDocument seed = JsonDocument.Parse(File.ReadAllBytes(path));
        if (seed.RootElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"The seed file {path} must hold a JSON array of create bodies.");
        Create([.. seed.RootElement.EnumerateArray()], path);
    }

    public void Generate(int count)
    {
        for (int start = 0; start < count; start += GeneratedPerBatch)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                for (int index = start; index < Math.Min(count, start + GeneratedPerBatch); index++)
                    SeedGenerator.Write(writer, index);
                writer.WriteEndArray();
            }
            using JsonDocument batch = JsonDocument.Parse(buffer.WrittenMemory);
            Create([.. batch.RootElement.EnumerateArray()], "the seed generator");
        }
    }

    private void Create(IReadOnlyList<JsonElement> items, string source)
    {
        EmulatorBehaviour current = behaviour.Current;
        var problems = new List<SchemaProblem>();
        for (int i = 0; i < items.Count; i++) DataSourceSchema.CheckCreateItem(items[i], $"/{i}", problems, UnknownKeyHandling.Reject);
        if (problems.Count > 0)
            throw new InvalidDataException($"Invalid data sources in {source}: {string.Join(" ", problems.Take(10))}");
        if (!current.AllowSpacesInNames && DataSourceSchema.IndexOfNameWithSpace(items) is >= 0 and int spaced)
        {
            throw new InvalidDataException(
                $"Invalid data sources in {source}: the name '{items[spaced].GetProperty("resourceName").GetString()}' has a space (see --allow-spaces-in-names).");
        }

        CreateResult result = store.Create(items, userId, DuplicateHandling.PerItem, current.ReadView);
        if (result.Refused.Count > 0)
            throw new InvalidDataException($"Refused data sources in {source}: {string.Join(" ", result.Refused.Take(10).Select(r => r.Message))}");
    }
}
