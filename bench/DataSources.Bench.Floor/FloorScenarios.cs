using System.Text.Json;

namespace DataSources.Bench.Floor;

/// <summary>
/// The benchmark scenarios as the module performs them on the wire: the same routes, in the same
/// page and batch sizes (the defaults of DataSourceConnectionSettings), each returning how many
/// data sources it handled.
/// </summary>
internal sealed class FloorScenarios(WireClient wire)
{
    private const int PageSize = 1000;
    private const int CreateBatchSize = 100;
    private const int GetBatchSize = 500;

    // CSV columns that are not plain strings on the wire.
    private static readonly HashSet<string> ArrayColumns = ["schemaNames", "includePatterns", "excludePatterns"];
    private static readonly HashSet<string> BooleanColumns =
        ["availableForMigration", "availableForWriting", "availableForDataMastering", "enabledForMigration", "noAuth"];

    private static readonly byte[] IncrementalPatch = """{"incremental":true}"""u8.ToArray();

    /// <summary>Scenario 1: every data source, page by page.</summary>
    public async Task<long> ListAsync()
    {
        long count = 0;
        await foreach (var (pageCount, _) in FilterAsync("*", keepIds: false)) count += pageCount;
        return count;
    }

    /// <summary>Scenario 2: one PATCH per prod- source, up to <paramref name="throttle"/> in flight, while the filter pages stream in.</summary>
    public async Task<long> UpdateAsync(int throttle)
    {
        long count = 0;
        await Parallel.ForEachAsync(
            IdsAsync("prod-*"),
            new ParallelOptions { MaxDegreeOfParallelism = throttle },
            async (id, _) =>
            {
                await wire.SendAsync(HttpMethod.Patch, "data-sources/" + Uri.EscapeDataString(id), IncrementalPatch);
                Interlocked.Increment(ref count);
            });
        return count;
    }

    /// <summary>Scenario 3: the CSV rows (header first) as array creates of <see cref="CreateBatchSize"/>.</summary>
    public async Task<long> CreateAsync(string[] csv)
    {
        string[] columns = csv[0].Split(',');
        long created = 0;
        for (int start = 1; start < csv.Length; start += CreateBatchSize)
        {
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (string row in csv.AsSpan(start, Math.Min(CreateBatchSize, csv.Length - start)))
                    WriteCreateBody(writer, columns, row.Split(','));
                writer.WriteEndArray();
            }
            created += Envelope.Read(await wire.SendAsync(HttpMethod.Post, "data-sources", buffer.ToArray())).Count;
        }
        return created;
    }

    /// <summary>Scenario 4: the ids as by-ids calls of <see cref="GetBatchSize"/>.</summary>
    public async Task<long> FetchAsync(string[] ids)
    {
        long fetched = 0;
        for (int start = 0; start < ids.Length; start += GetBatchSize)
        {
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(new { ids = ids.AsSpan(start, Math.Min(GetBatchSize, ids.Length - start)).ToArray() });
            fetched += Envelope.Read(await wire.SendAsync(HttpMethod.Post, "data-sources/by-ids", body)).Count;
        }
        return fetched;
    }

    private async IAsyncEnumerable<string> IdsAsync(string namePattern)
    {
        await foreach (var (_, ids) in FilterAsync(namePattern, keepIds: true))
            foreach (string id in ids!) yield return id;
    }

    /// <summary>The filter's pages in order: each page's item count, and its ids when asked for.</summary>
    private async IAsyncEnumerable<(int Count, List<string>? Ids)> FilterAsync(string namePattern, bool keepIds)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new { filters = new { resourceNames = new[] { namePattern } } });
        long skip = 0;
        while (true)
        {
            var ids = keepIds ? new List<string>(PageSize) : null;
            Envelope page = Envelope.Read(await wire.SendAsync(HttpMethod.Post, $"data-sources/filter?skip={skip}&limit={PageSize}", body), ids);
            yield return (page.Count, ids);
            skip += page.Count;
            if (page.Count == 0 || skip >= page.TotalCount) yield break;
        }
    }

    private static void WriteCreateBody(Utf8JsonWriter writer, string[] columns, string[] values)
    {
        writer.WriteStartObject();
        for (int i = 0; i < columns.Length; i++)
        {
            string name = columns[i], value = values[i];
            if (value.Length == 0) continue;
            if (ArrayColumns.Contains(name))
            {
                writer.WriteStartArray(name);
                foreach (string item in value.Split(';')) writer.WriteStringValue(item);
                writer.WriteEndArray();
            }
            else if (BooleanColumns.Contains(name))
            {
                writer.WriteBoolean(name, bool.Parse(value));
            }
            else
            {
                writer.WriteString(name, value);
            }
        }
        writer.WriteEndObject();
    }
}
