using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace DataSources.Emulator;

/// <summary>The data-source routes of the contract, for each API version, answering as the behaviour in force says.</summary>
internal sealed class DataSourceEndpoints(DataSourceStore store, TokenAuthority tokens, LiveBehaviour behaviour)
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

    /// <summary>
    /// The id as the client meant it: the last segment of the raw path, unescaped. The route value
    /// cannot serve, as ASP.NET Core unescapes every sequence but %2F, so 'a/b' (sent as a%2Fb) and
    /// 'a%2Fb' (sent as a%252Fb) would both arrive as 'a%2Fb'.
    /// </summary>
    public static string IdOf(HttpContext context)
    {
        string path = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        int query = path.IndexOf('?');
        if (query >= 0) path = path[..query];
        return path.Length == 0
            ? (string)context.GetRouteValue("id")!
            : Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
    }

    private async Task CreateAsync(HttpContext context)
    {
        Caller caller = Writer(context, "create");
        EmulatorBehaviour current = behaviour.Current;
        using JsonDocument body = await JsonBody.ReadAsync(context);
        JsonElement root = body.RootElement;

        List<JsonElement> items = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
        if (root.ValueKind == JsonValueKind.Array && items.Count == 0)
            throw ApiException.Invalid("The body must be a data source or an array of at least one.");
        if (items.Count > DataSourceSchema.MaxItemsPerRequest)
            throw BadRequest($"At most {DataSourceSchema.MaxItemsPerRequest} data sources per request; this one has {items.Count}.");

        var problems = new List<SchemaProblem>();
        for (int i = 0; i < items.Count; i++)
        {
            string path = root.ValueKind == JsonValueKind.Array ? $"/{i}" : "";
            if (DataSourceSchema.CheckCreateItem(items[i], path, problems, current.UnknownKeys) && problems.Count == 0)
                items[i] = DataSourceSchema.WithoutUnknownKeys(items[i], patch: false);
        }
        if (problems.Count > 0) throw ApiException.Invalid(problems);
        if (!current.AllowSpacesInNames && DataSourceSchema.IndexOfNameWithSpace(items) is >= 0 and int spaced)
            throw BadRequest($"Data source names must not contain spaces: item {spaced}, '{items[spaced].GetProperty("resourceName").GetString()}'.");

        CreateResult result = store.Create(items, caller.UserId, current.Duplicates, current.ReadView);
        if (result.Duplicate is { } duplicate)
        {
            // The server's words: the record as submitted, then the index, never the value that collided.
            string record = JsonSerializer.Serialize(items[duplicate.Index], ApiResponses.JsonOptions);
            throw BadRequest($"{record} Duplicate key violation on the requested collection: Index '{duplicate.IndexName}'");
        }
        if (result.Created.Count == 0) throw BadRequest(result.Refused);
        if (result.Refused.Count > 0)
            await ApiResponses.WriteManyAsync(context, StatusCodes.Status207MultiStatus, result.Created, current.ReadView, message: result.Refused);
        else
            await ApiResponses.WriteManyAsync(context, StatusCodes.Status201Created, result.Created, current.ReadView);
    }

    private async Task GetAsync(HttpContext context)
    {
        tokens.Verify(context.Request.Headers.Authorization);
        EmulatorBehaviour current = behaviour.Current;
        string id = IdOf(context);
        StoredDataSource? source = FindById(id, current);
        await ApiResponses.WriteOneAsync(context, StatusCodes.Status200OK, source?.Content.Published(current.ReadView));
    }

    private async Task PatchAsync(HttpContext context)
    {
        Writer(context, "update");
        EmulatorBehaviour current = behaviour.Current;
        using JsonDocument body = await JsonBody.ReadAsync(context);
        JsonElement patch = body.RootElement;
        var problems = new List<SchemaProblem>();
        bool strip = DataSourceSchema.CheckPatch(patch, problems, current.UnknownKeys);
        if (problems.Count > 0) throw ApiException.Invalid(problems);
        if (strip) patch = DataSourceSchema.WithoutUnknownKeys(patch, patch: true);

        StoredDataSource? source = FindById(IdOf(context), current);
        await ApiResponses.WriteOneAsync(context, StatusCodes.Status200OK, source?.Apply(patch).Published(current.ReadView));
    }

    private async Task ByIdsAsync(HttpContext context)
    {
        tokens.Verify(context.Request.Headers.Authorization);
        EmulatorBehaviour current = behaviour.Current;
        using JsonDocument body = await JsonBody.ReadAsync(context);
        JsonElement root = body.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw ApiException.Invalid("The body must be an object {\"ids\": [...]}.");
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name != "ids") throw ApiException.Invalid($"The key '{property.Name}' is not allowed (additionalProperties is false).");
        }
        if (!root.TryGetProperty("ids", out JsonElement ids)) throw ApiException.Invalid("The key 'ids' is required.");
        if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(id => id.ValueKind != JsonValueKind.String))
            throw ApiException.Invalid("'ids' must be an array of strings.");
        int count = ids.GetArrayLength();
        if (count == 0) throw ApiException.Invalid("'ids' needs at least one id.");
        if (count > DataSourceSchema.MaxItemsPerRequest)
            throw BadRequest($"At most {DataSourceSchema.MaxItemsPerRequest} ids per request; this one has {count}.");

        var wanted = new List<string>(count);
        foreach (JsonElement element in ids.EnumerateArray())
        {
            string text = element.GetString()!;
            if (ObjectIdText.TryNormalize(text, out string id)) wanted.Add(id);
            else if (current.MalformedId == MalformedIdHandling.CastError) throw ObjectIdText.CastError(text);
        }
        await ApiResponses.WriteManyAsync(context, StatusCodes.Status200OK, store.FindMany(wanted), current.ReadView);
    }

    private async Task FilterAsync(HttpContext context)
    {
        tokens.Verify(context.Request.Headers.Authorization);
        EmulatorBehaviour current = behaviour.Current;
        int skip = QueryInt(context, "skip", fallback: 0, min: 0, max: int.MaxValue);
        int limit = QueryInt(context, "limit", fallback: 100, min: 1, max: MaxLimit);
        using JsonDocument body = await JsonBody.ReadAsync(context);
        FilterQuery query = FilterQuery.Parse(body.RootElement, current.MalformedId);

        var (page, totalCount) = store.Filter(query, skip, limit);
        await ApiResponses.WriteManyAsync(context, StatusCodes.Status200OK, page, current.ReadView, pageInfo: new PageInfo(skip, limit, totalCount));
    }

    /// <summary>
    /// The source with the id of a GET or PATCH; null where the behaviour answers an unknown id with
    /// <c>data: null</c>, and the error it answers otherwise. A value that is not an ObjectId never
    /// reaches the store: the cast fails first.
    /// </summary>
    private StoredDataSource? FindById(string text, EmulatorBehaviour current)
    {
        if (!ObjectIdText.TryNormalize(text, out string id))
        {
            if (current.MalformedId == MalformedIdHandling.CastError) throw ObjectIdText.CastError(text);
        }
        else if (store.Find(id) is { } source)
        {
            return source;
        }
        return current.UnknownId switch
        {
            UnknownIdAnswer.NotFound => throw new ApiException(StatusCodes.Status404NotFound, $"No data source has the id '{text}'."),
            UnknownIdAnswer.BadRequest => throw BadRequest($"No data source has the id '{text}'."),
            // What a Node handler says when it reads a field of the null it found.
            UnknownIdAnswer.ServerError => throw new ApiException(StatusCodes.Status500InternalServerError, "Cannot read properties of null (reading '_id')"),
            _ => null,
        };
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
            throw ApiException.Invalid($"The query parameter '{name}' must be an integer {range}, not '{text}'.");
        }
        return value;
    }

    private static ApiException BadRequest(object message) => new(StatusCodes.Status400BadRequest, message);
}
