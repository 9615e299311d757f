using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// The body of a filter request. Keys combine with AND, the values of one key with OR;
/// ids match as ObjectIds, names and types as case-insensitive <see cref="WildcardPattern"/>s.
/// </summary>
internal sealed class FilterQuery
{
    private static readonly string[] Keys = ["ids", "resourceNames", "databaseTypes"];

    private FilterQuery(IReadOnlyList<string>? ids, IReadOnlyList<WildcardPattern>? names, IReadOnlyList<WildcardPattern>? types)
    {
        Ids = ids;
        IdSet = ids?.ToHashSet(StringComparer.Ordinal);
        Names = names;
        Types = types;
    }

    public IReadOnlyList<string>? Ids { get; }

    public IReadOnlyList<WildcardPattern>? Names { get; }

    public IReadOnlyList<WildcardPattern>? Types { get; }

    private HashSet<string>? IdSet { get; }

    public bool Matches(StoredDataSource source) =>
        (IdSet is null || IdSet.Contains(source.Id))
        && (Names is null || Names.Any(p => p.IsMatch(source.NameKey)))
        && (Types is null || Types.Any(p => p.IsMatch(source.TypeKey)));

    /// <summary>
    /// Reads <c>{"filters": {...}}</c>; a 400 names what is wrong. An id that is not an ObjectId is a
    /// 500 cast error, or matches nothing, as <paramref name="malformedIds"/> says.
    /// </summary>
    public static FilterQuery Parse(JsonElement body, MalformedIdHandling malformedIds)
    {
        if (body.ValueKind != JsonValueKind.Object) throw Invalid("The body must be an object {\"filters\": {...}}.");
        foreach (JsonProperty property in body.EnumerateObject())
        {
            if (property.Name != "filters") throw Invalid($"The key '{property.Name}' is not allowed (additionalProperties is false).");
        }
        if (!body.TryGetProperty("filters", out JsonElement filters)) throw Invalid("The key 'filters' is required.");
        if (filters.ValueKind != JsonValueKind.Object) throw Invalid("'filters' must be an object.");

        var values = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (JsonProperty property in filters.EnumerateObject())
        {
            if (!Keys.Contains(property.Name))
                throw Invalid($"filters: the key '{property.Name}' is not allowed (allowed: {string.Join(", ", Keys)}).");
            JsonElement list = property.Value;
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                throw Invalid($"filters.{property.Name} must be an array of strings.");
            values[property.Name] = list.EnumerateArray().Select(v => v.GetString()!).ToArray();
        }
        if (values.Count == 0)
            throw new ApiException(StatusCodes.Status400BadRequest, $"filters needs at least one of {string.Join(", ", Keys)}.");

        return new FilterQuery(
            values.GetValueOrDefault("ids") is { } ids ? ObjectIds(ids, malformedIds) : null,
            values.GetValueOrDefault("resourceNames")?.Select(v => new WildcardPattern(v)).ToArray(),
            values.GetValueOrDefault("databaseTypes")?.Select(v => new WildcardPattern(v)).ToArray());
    }

    private static List<string> ObjectIds(string[] ids, MalformedIdHandling malformedIds)
    {
        var valid = new List<string>(ids.Length);
        foreach (string text in ids)
        {
            if (ObjectIdText.TryNormalize(text, out string id)) valid.Add(id);
            else if (malformedIds == MalformedIdHandling.CastError) throw ObjectIdText.CastError(text);
        }
        return valid;
    }

    private static ApiException Invalid(string message) => ApiException.Invalid(message);
}
