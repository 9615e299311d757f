using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace DataSources.Emulator;

/// <summary>The data-source routes of the contract, for each API version.</summary>
internal sealed class DataSourceEndpoints(DataSourceStore store, TokenAuthority tokens)
{
    private const int MaxLimit = 10_000;

    public void Map(IEndpointRouteBuilder routes, string version)
    {
        string prefix = $"/api/public/{version}/data-sources";
        routes.MapPost(prefix, CreateAsync);
        routes.MapGet(prefix + "/{id}", GetAsync);
        routes.MapPatch(prefix + "/{id}", PatchAsync);
        routes.MapPost(prefix + "/by-ids", ByIdsAsync);
        routes.MapPost(prefix + "/filter", FilterAsync);
    }

    private async Task CreateAsync(HttpContext context)
    {
        Caller caller = Writer(context, "create");
        using JsonDocument body = await JsonBody.ReadAsync(context);
        JsonElement root = body.RootElement;

        List<JsonElement> items = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
        if (root.ValueKind == JsonValueKind.Array && items.Count == 0)
            throw BadRequest("The body must be a data source or an array of at least one.");
        if (items.Count > DataSourceSchema.MaxItemsPerRequest)
            throw BadRequest($"At most {DataSourceSchema.MaxItemsPerRequest} data sources per request; this one has {items.Count}.");

        var problems = new List<string>();
        for (int i = 0; i < items.Count; i++)
            DataSourceSchema.CheckCreateItem(items[i], root.ValueKind == JsonValueKind.Array ? $"/{i}" : "", problems);
        if (problems.Count > 0) throw BadRequest(problems);

        CreateResult result = store.Create(items, caller.UserName);
        if (result.Created.Count == 0) throw BadRequest(result.Refused);
        if (result.Refused.Count > 0)
            await ApiResponses.WriteManyAsync(context, StatusCodes.Status207MultiStatus, result.Created, message: result.Refused);
        else
            await ApiResponses.WriteManyAsync(context, StatusCodes.Status201Created, result.Created);
    }

    private async Task GetAsync(HttpContext context)
    {
        tokens.Verify(context.Request.Headers.Authorization);
        string id = IdOf(context);
        StoredDataSource source = store.Find(id) ?? throw NotFound(id);
        await ApiResponses.WriteOneAsync(context, StatusCodes.Status200OK, source.Content);
    }

    private async Task PatchAsync(HttpContext context)
    {
        Writer(context, "update");
        using JsonDocument body = await JsonBody.ReadAsync(context);
        var problems = new List<string>();
        DataSourceSchema.CheckPatch(body.RootElement, problems);
        if (problems.Count > 0) throw BadRequest(problems);

        string id = IdOf(context);
        StoredDataSource source = store.Find(id) ?? throw NotFound(id);
        await ApiResponses.WriteOneAsync(context, StatusCodes.Status200OK, source.Apply(body.RootElement));
    }

    private async Task ByIdsAsync(HttpContext context)
    {
        tokens.Verify(context.Request.Headers.Authorization);
        using JsonDocument body = await JsonBody.ReadAsync(context);
        JsonElement root = body.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw BadRequest("The body must be an object {\"ids\": [...]}.");
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name != "ids") throw BadRequest($"The key '{property.Name}' is not allowed (additionalProperties is false).");
        }
        if (!root.TryGetProperty("ids", out JsonElement ids)) throw BadRequest("The key 'ids' is required.");
        if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(id => id.ValueKind != JsonValueKind.String))
            throw BadRequest("'ids' must be an array of strings.");
        int count = ids.GetArrayLength();
        if (count == 0) throw BadRequest("'ids' needs at least one id.");
        if (count > DataSourceSchema.MaxItemsPerRequest)
            throw BadRequest($"At most {DataSourceSchema.MaxItemsPerRequest} ids per request; this one has {count}.");

        var found = store.FindMany(ids.EnumerateArray().Select(id => id.GetString()!));
        await ApiResponses.WriteManyAsync(context, StatusCodes.Status200OK, found);
    }

    private async Task FilterAsync(HttpContext context)
    {
        tokens.Verify(context.Request.Headers.Authorization);
        int skip = QueryInt(context, "skip", fallback: 0, min: 0, max: int.MaxValue);
        int limit = QueryInt(context, "limit", fallback: 100, min: 1, max: MaxLimit);
        using JsonDocument body = await JsonBody.ReadAsync(context);
        FilterQuery query = FilterQuery.Parse(body.RootElement);

        var (page, totalCount) = store.Filter(query, skip, limit);
        await ApiResponses.WriteManyAsync(context, StatusCodes.Status200OK, page, pageInfo: new PageInfo(skip, limit, totalCount));
    }

    private Caller Writer(HttpContext context, string action)
    {
        Caller caller = tokens.Verify(context.Request.Headers.Authorization);
        if (!caller.MayWrite)
        {
            throw new ApiException(StatusCodes.Status403Forbidden,
                $"The role {string.Join(", ", caller.Roles)} of user '{caller.UserName}' may not {action} data sources.");
        }
        return caller;
    }

    private static int QueryInt(HttpContext context, string name, int fallback, int min, int max)
    {
        string? text = context.Request.Query[name];
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            string range = max == int.MaxValue ? $"at least {min}" : $"from {min} to {max}";
            throw BadRequest($"The query parameter '{name}' must be an integer {range}, not '{text}'.");
        }
        return value;
    }

    /// <summary>
    /// The id as the client meant it: the last segment of the raw path, unescaped. The route value
    /// cannot serve, as ASP.NET Core unescapes every sequence but %2F, so 'a/b' (sent as a%2Fb) and
    /// 'a%2Fb' (sent as a%252Fb) would both arrive as 'a%2Fb'.
    /// </summary>
    private static string IdOf(HttpContext context)
    {
        string path = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        int query = path.IndexOf('?');
        if (query >= 0) path = path[..query];
        return path.Length == 0
            ? (string)context.GetRouteValue("id")!
            : Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
    }

    private static ApiException BadRequest(object message) => new(StatusCodes.Status400BadRequest, message);

    private static ApiException NotFound(string id) => new(StatusCodes.Status404NotFound, $"No data source has the id '{id}'.");
}
