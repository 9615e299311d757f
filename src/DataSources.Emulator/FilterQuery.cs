using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// The body of a filter request. Keys combine with AND, the values of one key with OR;
/// ids match exactly, names and types as case-insensitive <see cref="WildcardPattern"/>s.
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

    /// <summary>Reads <c>{"filters": {...}}</c>; a 400 names what is wrong.</summary>
    public static FilterQuery Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw BadRequest("The body must be an object {\"filters\": {...}}.");
        foreach (JsonProperty property in body.EnumerateObject())
        {
            if (property.Name != "filters") throw BadRequest($"The key '{property.Name}' is not allowed (additionalProperties is false).");
        }
        if (!body.TryGetProperty("filters", out JsonElement filters)) throw BadRequest("The key 'filters' is required.");
        if (filters.ValueKind != JsonValueKind.Object) throw BadRequest("'filters' must be an object.");

        var values = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (JsonProperty property in filters.EnumerateObject())
        {
            if (!Keys.Contains(property.Name))
                throw BadRequest($"filters: the key '{property.Name}' is not allowed (allowed: {string.Join(", ", Keys)}).");
            JsonElement list = property.Value;
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                throw BadRequest($"filters.{property.Name} must be an array of strings.");
            values[property.Name] = list.EnumerateArray().Select(v => v.GetString()!).ToArray();
        }
        if (values.Count == 0) throw BadRequest($"filters needs at least one of {string.Join(", ", Keys)}.");

        return new FilterQuery(
            values.GetValueOrDefault("ids"),
            values.GetValueOrDefault("resourceNames")?.Select(v => new WildcardPattern(v)).ToArray(),
            values.GetValueOrDefault("databaseTypes")?.Select(v => new WildcardPattern(v)).ToArray());
    }

    private static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
