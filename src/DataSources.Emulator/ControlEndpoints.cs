using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataSources.Emulator;

/// <summary>The routes under <c>/_emulator/</c> that tests and benchmarks use to steer the emulator. No auth.</summary>
internal sealed class ControlEndpoints(
    DataSourceStore store, StoreSeeder seeder, RequestStats stats, FaultInjector faults, TokenAuthority tokens,
    IReadOnlyList<EmulatorUser> users, TimeSpan tokenLifetime)
{
    private static readonly JsonSerializerOptions StrictOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/_emulator");
        group.MapPost("/reset", ResetAsync);
        group.MapGet("/stats", context => ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, stats.Snapshot()));
        group.MapDelete("/stats", context =>
        {
            stats.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        group.MapPost("/faults", SetFaultsAsync);
        group.MapDelete("/faults", context =>
        {
            faults.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        group.MapPost("/token", MintTokenAsync);
    }

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
