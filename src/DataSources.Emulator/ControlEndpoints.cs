using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataSources.Emulator;

/// <summary>The routes under <c>/_emulator/</c> that tests and benchmarks use to steer the emulator. No auth.</summary>
internal sealed class ControlEndpoints(
    DataSourceStore store, StoreSeeder seeder, RequestStats stats, FaultInjector faults, TokenAuthority tokens,
    IReadOnlyList<EmulatorUser> users, TimeSpan tokenLifetime, LiveBehaviour behaviour)
{
    public const string Prefix = "/_emulator";

    private static readonly JsonSerializerOptions StrictOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix);
        group.MapPost("/reset", ResetAsync);
        group.MapGet("/stats", context => ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, stats.Snapshot()));
        MapClear(group, "/stats", stats.Clear);
        group.MapPost("/faults", SetFaultsAsync);
        MapClear(group, "/faults", faults.Clear);
        group.MapPost("/token", MintTokenAsync);
        group.MapGet("/behaviour", context => WriteBehaviourAsync(context, behaviour.Current));
        group.MapPost("/behaviour", SetBehaviourAsync);
        MapClear(group, "/behaviour", behaviour.Restore);
        group.MapGet("/sources/{id}", StoredSourceAsync);
        group.MapGet("/sources", StoredSourcesAsync);
    }

    // DELETE undoes what a POST set, and answers 204.
    private static void MapClear(IEndpointRouteBuilder group, string path, Action clear) =>
        group.MapDelete(path, context =>
        {
            clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });

    private async Task ResetAsync(HttpContext context)
    {
        var request = await ReadAsync<ResetRequest>(context) ?? new ResetRequest();
        if (request.SeedCount < 0) throw BadRequest("seedCount must be at least 0.");
        store.Clear();
        seeder.Generate(request.SeedCount);
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new { count = store.Count });
    }

    private async Task SetFaultsAsync(HttpContext context)
    {
        var settings = await ReadAsync<FaultSettings>(context) ?? new FaultSettings();
        var problems = settings.Problems().ToList();
        if (problems.Count > 0) throw BadRequest(problems);
        faults.Set(settings);
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, settings);
    }

    private async Task MintTokenAsync(HttpContext context)
    {
        var request = await ReadAsync<TokenRequest>(context) ?? new TokenRequest();
        EmulatorUser user = request.User is null
            ? users[0]
            : users.FirstOrDefault(u => string.Equals(u.Name, request.User, StringComparison.OrdinalIgnoreCase))
              ?? throw BadRequest($"There is no user '{request.User}'.");
        TimeSpan lifetime = request.LifetimeSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : tokenLifetime;
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new { accessToken = tokens.Issue(user, lifetime) });
    }

    // A partial object: every key is checked before any is set, so a bad one changes nothing.
    private async Task SetBehaviourAsync(HttpContext context)
    {
        using JsonDocument? body = await JsonBody.ReadOptionalAsync(context);
        if (body is null || body.RootElement.ValueKind != JsonValueKind.Object)
            throw BadRequest("The body must be an object of behaviour keys and values, e.g. {\"unknownId\":\"400\"}.");
        EmulatorBehaviour changed = behaviour.Update(current =>
        {
            var problems = new List<string>();
            foreach (JsonProperty property in body.RootElement.EnumerateObject())
            {
                try
                {
                    current = current.With(property.Name, property.Value);
                }
                catch (ArgumentException error)
                {
                    problems.Add(error.Message);
                }
            }
            return problems.Count == 0 ? current : throw BadRequest(problems);
        });
        await WriteBehaviourAsync(context, changed);
    }

    private static async Task WriteBehaviourAsync(HttpContext context, EmulatorBehaviour current)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, ApiResponses.WriterOptions)) current.WriteTo(writer);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    // Every field as stored, in clear: what a test checks when the API no longer returns a field.
    private async Task StoredSourceAsync(HttpContext context)
    {
        string id = DataSourceEndpoints.IdOf(context);
        StoredDataSource source = (ObjectIdText.TryNormalize(id, out string normalized) ? store.Find(normalized) : null)
            ?? throw new ApiException(StatusCodes.Status404NotFound, $"No data source has the id '{id}'.");
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(source.Content.Stored, context.RequestAborted);
    }

    // Every source as stored, in creation order; ?resourceName=PATTERN (repeatable, * as in a filter) narrows them.
    private async Task StoredSourcesAsync(HttpContext context)
    {
        string[] patterns = [.. context.Request.Query["resourceName"].Select(p => p ?? "")];
        using JsonDocument filter = JsonSerializer.SerializeToDocument(new { filters = new { resourceNames = patterns.Length == 0 ? ["*"] : patterns } });
        var (sources, _) = store.Filter(FilterQuery.Parse(filter.RootElement, MalformedIdHandling.Unknown), 0, int.MaxValue);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartArray();
        foreach (StoredDataSource source in sources) writer.WriteRawValue(source.Content.Stored, skipInputValidation: true);
        writer.WriteEndArray();
        writer.Flush();
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        using JsonDocument? body = await JsonBody.ReadOptionalAsync(context);
        if (body is null) return null;
        try
        {
            return body.RootElement.Deserialize<T>(StrictOptions) ?? throw BadRequest("The body must be an object.");
        }
        catch (JsonException error)
        {
            throw BadRequest(error.Message);
        }
    }

    private static ApiException BadRequest(object message) => new(StatusCodes.Status400BadRequest, message);

    private sealed record ResetRequest(int SeedCount = 0);

    private sealed record TokenRequest(string? User = null, int? LifetimeSeconds = null);
}
