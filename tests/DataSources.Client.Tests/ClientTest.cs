using System.Net.Http.Json;
using System.Security;
using System.Text.Json;
using DataSources.Emulator;

namespace DataSources.Client.Tests;

/// <summary>
/// Each test gets its own emulator on a loopback port (xunit makes one instance per test), so
/// stats, faults and the store never leak between tests; clients made here are disposed after it.
/// </summary>
public abstract class ClientTest : IAsyncLifetime
{
    /// <summary>Generous bound for any one test step; a hang fails the test instead of the run.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<IDisposable> disposables = [];
    private EmulatorServer? server;
    private HttpClient? control;

    protected EmulatorServer Server => server ?? throw new InvalidOperationException("Not started.");

    /// <summary>Plain HTTP to the emulator's control endpoints.</summary>
    protected HttpClient Control => control ?? throw new InvalidOperationException("Not started.");

    /// <summary>Command-line arguments of this class's emulator.</summary>
    protected virtual string[] ServerArgs => [];

    /// <summary>Cancels after <see cref="Patience"/>.</summary>
    protected CancellationToken Timeout { get; } = new CancellationTokenSource(Patience).Token;

    public async Task InitializeAsync()
    {
        server = await EmulatorServer.StartAsync(ServerArgs);
        control = new HttpClient { BaseAddress = server.BaseUri };
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in disposables) disposable.Dispose();
        control?.Dispose();
        if (server is not null) await server.DisposeAsync();
    }

    protected static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    protected DataSourceConnectionSettings Settings(Action<DataSourceConnectionSettings>? configure = null)
    {
        var settings = new DataSourceConnectionSettings(Server.BaseUri) { MaxRetryTime = TimeSpan.FromSeconds(20), ApiVersion = Version };
        configure?.Invoke(settings);
        return settings;
    }

    protected DataSourceClient Client(
        Action<DataSourceConnectionSettings>? configure = null, DataSourceCredential? credential = null, IRequestLog? log = null)
    {
        var client = new DataSourceClient(Settings(configure), credential ?? new PasswordCredential("admin", Secure("admin")), log);
        disposables.Add(client);
        return client;
    }

    protected async Task ResetAsync(int seedCount)
    {
        using var response = await Control.PostAsJsonAsync("_emulator/reset", new { seedCount });
        response.EnsureSuccessStatusCode();
    }

    protected async Task SetFaultsAsync(object faults)
    {
        using var response = await Control.PostAsJsonAsync("_emulator/faults", faults);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    protected async Task ClearFaultsAsync() => (await Control.DeleteAsync("_emulator/faults")).Dispose();

    protected async Task ClearStatsAsync() => (await Control.DeleteAsync("_emulator/stats")).Dispose();

    /// <summary>How many requests the emulator saw on <c>METHOD template</c>, e.g. <c>POST /api/public/v1/data-sources/filter</c>.</summary>
    protected async Task<long> CountAsync(string routeKey)
    {
        var stats = await Control.GetFromJsonAsync<JsonElement>("_emulator/stats");
        return stats.GetProperty("byRoute").TryGetProperty(routeKey, out var count) ? count.GetInt64() : 0;
    }

    /// <summary>The count on <paramref name="routeKey"/> once it reaches <paramref name="expected"/>, or after 10 s, for a request sent in the background.</summary>
    protected async Task<long> WaitForCountAsync(string routeKey, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long count;
        while ((count = await CountAsync(routeKey)) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return count;
    }

    protected async Task<long> CountStatusAsync(int status)
    {
        var stats = await Control.GetFromJsonAsync<JsonElement>("_emulator/stats");
        return stats.GetProperty("byStatus").TryGetProperty(status.ToString(), out var count) ? count.GetInt64() : 0;
    }

    protected async Task<long> TotalRequestsAsync()
    {
        var stats = await Control.GetFromJsonAsync<JsonElement>("_emulator/stats");
        return stats.GetProperty("requests").GetInt64();
    }

    protected async Task<string> MintTokenAsync(string? user = null, int? lifetimeSeconds = null)
    {
        var body = new Dictionary<string, object?>();
        if (user is not null) body["user"] = user;
        if (lifetimeSeconds is not null) body["lifetimeSeconds"] = lifetimeSeconds;
        using var response = await Control.PostAsJsonAsync("_emulator/token", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Changes how the emulator answers (its switches), e.g. <c>new { unknownId = "null" }</c>.</summary>
    protected async Task SetBehaviourAsync(object behaviour)
    {
        using var response = await Control.PostAsJsonAsync("_emulator/behaviour", behaviour);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A source exactly as the emulator stores it (every field, patch-only and secret ones too), from its control endpoint.</summary>
    protected async Task<JsonElement> StoredAsync(string id) =>
        await Control.GetFromJsonAsync<JsonElement>($"_emulator/sources/{id}");

    protected static DataSourceCreateRequest NewSource(string resourceName, string databaseType = "POSTGRES") =>
        new DataSourceCreateRequest().Set("resourceName", resourceName).Set("databaseType", databaseType);

    protected static List<DataSourceCreateRequest> NewSources(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => NewSource($"{prefix}-{i:D4}")).ToList();

    /// <summary>Every data source whose name matches, read with a client of its own (no faults apply to control reads).</summary>
    protected async Task<List<DataSource>> ListAsync(string resourceNamePattern)
    {
        using var reader = new DataSourceClient(Settings(), new PasswordCredential("admin", Secure("admin")));
        return reader.Filter(new FilterQuery(resourceNames: [resourceNamePattern]), new FilterOptions(), Timeout).ToList();
    }

    /// <summary>The version the tests name, so that they count routes; finding the version has tests of its own.</summary>
    protected const string Version = "v2";
    protected const string Api = "/api/public/" + Version;
    protected const string CreateRoute = "POST " + Api + "/data-sources";
    protected const string FilterRoute = "POST " + Api + "/data-sources/filter";
    protected const string ByIdsRoute = "POST " + Api + "/data-sources/by-ids";
    protected const string GetRoute = "GET " + Api + "/data-sources/{id}";
    protected const string PatchRoute = "PATCH " + Api + "/data-sources/{id}";
    protected const string AuthRoute = "POST " + Api + "/auth";
    protected const string LoginRoute = "POST /keycloak/realms/pdc/protocol/openid-connect/token";
}
