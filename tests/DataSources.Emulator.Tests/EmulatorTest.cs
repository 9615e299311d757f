using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

/// <summary>
/// Each test gets its own emulator on a loopback port (xunit makes one instance per test), so
/// stats, faults and the store never leak between tests.
/// </summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    /// <summary>A well-formed ObjectId that no source has.</summary>
    protected const string UnknownId = "ffffffffffffffffffffffff";

    /// <summary>What a real server answers for a userName or accessId: <c>AES/GCM/NoPadding|</c> and base64.</summary>
    protected const string CiphertextPattern = "^AES/GCM/NoPadding\\|[A-Za-z0-9+/]+={0,2}$";

    private EmulatorServer? server;
    private HttpClient? http;

    protected EmulatorServer Server => server ?? throw new InvalidOperationException("Not started.");

    protected HttpClient Http => http ?? throw new InvalidOperationException("Not started.");

    /// <summary>A token of the default admin, minted at start.</summary>
    protected string AdminToken { get; private set; } = "";

    /// <summary>Command-line arguments of this class's emulator.</summary>
    protected virtual string[] ServerArgs => [];

    public async Task InitializeAsync()
    {
        server = await EmulatorServer.StartAsync(ServerArgs);
        http = new HttpClient { BaseAddress = server.BaseUri };
        AdminToken = await MintTokenAsync();
    }

    public async Task DisposeAsync()
    {
        http?.Dispose();
        if (server is not null) await server.DisposeAsync();
    }

    /// <summary>A client that gives up after 1 s, for a request the emulator is told to delay far longer.</summary>
    protected HttpClient ImpatientClient() => ClientGivingUpAfter(TimeSpan.FromSeconds(1));

    /// <summary>A client of the emulator that gives up on a request after <paramref name="timeout"/>.</summary>
    protected HttpClient ClientGivingUpAfter(TimeSpan timeout) => new HttpClient { BaseAddress = Server.BaseUri, Timeout = timeout };

    /// <summary>
    /// A client for a request that must not be delayed beside one that is: 10 s, far below the
    /// delays the tests set, and far above what a loaded machine may take for an undelayed answer.
    /// </summary>
    protected HttpClient UndelayedClient() => ClientGivingUpAfter(TimeSpan.FromSeconds(10));

    protected static string Sources(string version) => $"api/public/{version}/data-sources";

    protected async Task<string> MintTokenAsync(string? user = null, int? lifetimeSeconds = null)
    {
        var body = new Dictionary<string, object?>();
        if (user is not null) body["user"] = user;
        if (lifetimeSeconds is not null) body["lifetimeSeconds"] = lifetimeSeconds;
        using var response = await SendAsync(HttpMethod.Post, "_emulator/token", JsonSerializer.Serialize(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Sends <paramref name="json"/> as application/json with the admin's token unless told otherwise.</summary>
    protected Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? json = null, string? token = "", string contentType = "application/json") =>
        SendWithAsync(Http, method, path, json, token, contentType);

    protected async Task<HttpResponseMessage> SendWithAsync(
        HttpClient client, HttpMethod method, string path, string? json = null, string? token = "", string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        string? bearer = token == "" ? AdminToken : token;
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await client.SendAsync(request);
    }

    /// <summary>The JSON body, or an undefined element when there is none (204).</summary>
    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return default;
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Sends and returns status and JSON body.</summary>
    protected async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(
        HttpMethod method, string path, string? json = null, string? token = "")
    {
        using var response = await SendAsync(method, path, json, token);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    protected async Task<JsonElement> CreateAsync(string version, string json)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version), json);
        Assert.True(status == HttpStatusCode.Created, $"create answered {(int)status}: {body}");
        return body.GetProperty("data");
    }

    protected async Task<JsonElement> CreateOneAsync(string version, string resourceName, string databaseType = "POSTGRES")
    {
        JsonElement data = await CreateAsync(version, JsonSerializer.Serialize(new { resourceName, databaseType }));
        return data[0];
    }

    protected async Task<(HttpStatusCode Status, JsonElement Body)> FilterAsync(string version, string filtersJson, string query = "")
    {
        return await CallAsync(HttpMethod.Post, $"{Sources(version)}/filter{query}", $$"""{"filters":{{filtersJson}}}""");
    }

    protected async Task<string[]> FilteredNamesAsync(string version, string filtersJson, string query = "?limit=10000")
    {
        var (status, body) = await FilterAsync(version, filtersJson, query);
        Assert.True(status == HttpStatusCode.OK, $"filter answered {(int)status}: {body}");
        return body.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("resourceName").GetString()!).ToArray();
    }

    protected static string Message(JsonElement body) => body.GetProperty("message").ToString();

    /// <summary>Changes the behaviour through the control endpoint, as a test of a runbook would.</summary>
    protected async Task SetBehaviourAsync(string json)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, "_emulator/behaviour", json, token: null);
        Assert.True(status == HttpStatusCode.OK, $"behaviour answered {(int)status}: {body}");
    }

    /// <summary>A source exactly as the emulator stores it, every field in clear.</summary>
    protected async Task<JsonElement> StoredAsync(string id)
    {
        var (status, body) = await CallAsync(HttpMethod.Get, $"_emulator/sources/{id}", token: null);
        Assert.True(status == HttpStatusCode.OK, $"stored source answered {(int)status}: {body}");
        return body;
    }

    protected static string IdOf(JsonElement source) => source.GetProperty("_id").GetString()!;
}
