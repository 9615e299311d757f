using System.Globalization;
using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// The data sources in memory, safe under parallel requests: every change of the indexes
/// happens under one lock, and content changes are atomic per source (see <see cref="StoredDataSource.Apply"/>).
/// </summary>
internal sealed class DataSourceStore
{
    private const string NameIndex = "resourceName_1";
    private const string FqdnIndex = "fqdnId_1";

    private readonly Lock gate = new();
    private readonly ObjectIdGenerator ids = new();
    private readonly List<StoredDataSource> inOrder = [];
    private readonly Dictionary<string, StoredDataSource> byId = new(StringComparer.Ordinal);

    // resourceName is unique ignoring case: the filter matches names ignoring case, so two names
    // that differ only in case could never be told apart by a lookup. Keys are upper-cased names;
    // the sorted set serves prefix patterns without a scan.
    private readonly Dictionary<string, StoredDataSource> byName = new(StringComparer.Ordinal);
    private readonly SortedSet<string> names = new(StringComparer.Ordinal);

    // fqdnId is unique exactly, as a MongoDB index compares; sources without one are not in it.
    private readonly HashSet<string> fqdnIds = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (gate) return inOrder.Count; }
    }

    /// <summary>
    /// Creates valid items in order. A name or fqdnId that exists or repeats an earlier item is a
    /// duplicate, which <paramref name="duplicates"/> says how to answer. Each source is rendered for
    /// <paramref name="view"/> as it is written, for the answer and the reads that follow.
    /// </summary>
    public CreateResult Create(IReadOnlyList<JsonElement> items, string userId, DuplicateHandling duplicates, ReadView view)
    {
        string date = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var drafts = new Draft[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            string id = ids.Next();
            string name = items[i].GetProperty("resourceName").GetString()!;
            string? fqdnId = items[i].TryGetProperty("fqdnId", out JsonElement fqdn) ? fqdn.GetString() : null;
            drafts[i] = new Draft(id, name, WildcardPattern.Normalize(name), fqdnId, items[i].GetProperty("databaseType").GetString()!,
                DataSourceContent.Create(id, items[i], userId, date, view));
        }

        var created = new List<StoredDataSource>(items.Count);
        var refused = new List<CreateRefusal>();
        var namesInRequest = new Dictionary<string, int>(StringComparer.Ordinal);
        var fqdnIdsInRequest = new Dictionary<string, int>(StringComparer.Ordinal);
        DuplicateKey? duplicate = null;
        lock (gate)
        {
            for (int i = 0; i < drafts.Length && duplicate is null; i++)
            {
                Draft draft = drafts[i];
                string? problem = Duplicate(draft, i, namesInRequest, fqdnIdsInRequest, out string index);
                if (problem is null)
                {
                    if (duplicates != DuplicateHandling.NoneStored) Add(draft, created);
                }
                else if (duplicates == DuplicateHandling.PerItem)
                {
                    refused.Add(new CreateRefusal(i, draft.Name, problem));
                }
                else
                {
                    duplicate = new DuplicateKey(i, index);
                }
            }
            if (duplicates == DuplicateHandling.NoneStored && duplicate is null)
            {
                foreach (Draft draft in drafts) Add(draft, created);
            }
        }
        return new CreateResult(created, refused, duplicate);
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
            fqdnIds.Clear();
        }
    }

    // Why a draft cannot be stored, or null; records its keys as taken within the request otherwise.
    private string? Duplicate(
        Draft draft, int position, Dictionary<string, int> namesInRequest, Dictionary<string, int> fqdnIdsInRequest, out string index)
    {
        index = NameIndex;
        if (namesInRequest.TryGetValue(draft.NameKey, out int first))
            return $"The resourceName '{draft.Name}' repeats item {first} of this request.";
        if (byName.ContainsKey(draft.NameKey))
            return $"A data source named '{draft.Name}' already exists.";

        index = FqdnIndex;
        if (draft.FqdnId is { } fqdnId)
        {
            if (fqdnIdsInRequest.TryGetValue(fqdnId, out first))
                return $"The fqdnId '{fqdnId}' repeats item {first} of this request.";
            if (fqdnIds.Contains(fqdnId))
                return $"A data source with the fqdnId '{fqdnId}' already exists.";
            fqdnIdsInRequest[fqdnId] = position;
        }
        namesInRequest[draft.NameKey] = position;
        return null;
    }

    private void Add(Draft draft, List<StoredDataSource> created)
    {
        var source = new StoredDataSource(draft.Id, inOrder.Count, draft.Name, draft.Type, draft.Content);
        inOrder.Add(source);
        byId.Add(draft.Id, source);
        byName.Add(draft.NameKey, source);
        names.Add(draft.NameKey);
        if (draft.FqdnId is not null) fqdnIds.Add(draft.FqdnId);
        created.Add(source);
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

    private sealed record Draft(string Id, string Name, string NameKey, string? FqdnId, string Type, DataSourceContent Content);
}
