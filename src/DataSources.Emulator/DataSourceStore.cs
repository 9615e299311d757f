using System.Globalization;
using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// The data sources in memory, safe under parallel requests: every change of the indexes
/// happens under one lock, and content changes are atomic per source (see <see cref="StoredDataSource.Apply"/>).
/// </summary>
internal sealed class DataSourceStore
{
    private readonly Lock gate = new();
    private readonly ObjectIdGenerator ids = new();
    private readonly List<StoredDataSource> inOrder = [];
    private readonly Dictionary<string, StoredDataSource> byId = new(StringComparer.Ordinal);

    // resourceName is unique ignoring case: the filter matches names ignoring case, so two names
    // that differ only in case could never be told apart by a lookup. Keys are upper-cased names;
    // the sorted set serves prefix patterns without a scan.
    private readonly Dictionary<string, StoredDataSource> byName = new(StringComparer.Ordinal);
    private readonly SortedSet<string> names = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (gate) return inOrder.Count; }
    }

    /// <summary>Creates valid items in order; a name that exists or repeats an earlier item is refused.</summary>
    public CreateResult Create(IReadOnlyList<JsonElement> items, string userId)
    {
        string date = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var drafts = new (string Id, string Name, string Type, DataSourceContent Content)[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            string id = ids.Next();
            drafts[i] = (id, items[i].GetProperty("resourceName").GetString()!, items[i].GetProperty("databaseType").GetString()!,
                DataSourceContent.Create(id, items[i], userId, date));
        }

        var created = new List<StoredDataSource>(items.Count);
        var refused = new List<CreateRefusal>();
        var firstInRequest = new Dictionary<string, int>(StringComparer.Ordinal);
        lock (gate)
        {
            for (int i = 0; i < drafts.Length; i++)
            {
                var (id, name, type, content) = drafts[i];
                string key = WildcardPattern.Normalize(name);
                if (firstInRequest.TryGetValue(key, out int first))
                {
                    refused.Add(new CreateRefusal(i, name, $"The resourceName '{name}' repeats item {first} of this request."));
                    continue;
                }
                firstInRequest[key] = i;
                if (byName.ContainsKey(key))
                {
                    refused.Add(new CreateRefusal(i, name, $"A data source named '{name}' already exists."));
                    continue;
                }
                var source = new StoredDataSource(id, inOrder.Count, name, type, content);
                inOrder.Add(source);
                byId.Add(id, source);
                byName.Add(key, source);
                names.Add(key);
                created.Add(source);
            }
        }
        return new CreateResult(created, refused);
    }

    public StoredDataSource? Find(string id)
    {
        lock (gate) return byId.GetValueOrDefault(id);
    }

    /// <summary>The known ones among <paramref name="wanted"/>, in the order asked, each once.</summary>
    public List<StoredDataSource> FindMany(IEnumerable<string> wanted)
    {
        var found = new List<StoredDataSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        lock (gate)
        {
            foreach (string id in wanted)
            {
                if (seen.Add(id) && byId.TryGetValue(id, out StoredDataSource? source)) found.Add(source);
            }
        }
        return found;
    }

    /// <summary>One page of the matches in creation order, and how many match in all.</summary>
    public (List<StoredDataSource> Page, int TotalCount) Filter(FilterQuery query, int skip, int limit)
    {
        List<StoredDataSource> matches;
        lock (gate)
        {
            matches = [.. Candidates(query).Where(query.Matches)];
        }
        int start = Math.Min(skip, matches.Count);
        return (matches.GetRange(start, Math.Min(limit, matches.Count - start)), matches.Count);
    }

    public void Clear()
    {
        lock (gate)
        {
            inOrder.Clear();
            byId.Clear();
            byName.Clear();
            names.Clear();
        }
    }

    // Ids, or name patterns that all start with a literal, narrow the search through the indexes;
    // only other queries walk the whole list.
    private IEnumerable<StoredDataSource> Candidates(FilterQuery query)
    {
        if (query.Ids is not null) return InCreationOrder(query.Ids.Select(id => byId.GetValueOrDefault(id)));

        if (query.Names is { } patterns && patterns.All(p => p.LiteralPrefix.Length > 0))
        {
            return InCreationOrder(patterns.SelectMany(p => p.HasWildcard
                ? names.GetViewBetween(p.LiteralPrefix, p.LiteralPrefix + char.MaxValue).Select(key => byName.GetValueOrDefault(key))
                : [byName.GetValueOrDefault(p.LiteralPrefix)]));
        }
        return inOrder;
    }

    private static List<StoredDataSource> InCreationOrder(IEnumerable<StoredDataSource?> sources)
    {
        List<StoredDataSource> list = [.. sources.OfType<StoredDataSource>().Distinct()];
        list.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return list;
    }
}
