using System.Net.Http;
using System.Security;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DataSources.Client.Tests;

/// <summary>
/// Each test gets an emulator of its own on a loopback port (xunit makes one instance per test;
/// see <see cref="EmulatorHost"/> for how each leg provides it), so stats, faults and the store
/// never leak between tests; clients made here are disposed after it. The emulator is steered
/// over HTTP only, through its control routes, so the same tests run on every leg.
/// </summary>
public abstract class ClientTest : IAsyncLifetime
{
    /// <summary>Generous bound for any one test step; a hang fails the test instead of the run.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<IDisposable> disposables = [];
    private EmulatorLease? emulator;
    private HttpClient? control;

    /// <summary>The emulator's address, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    protected Uri BaseUri => emulator?.BaseUri ?? throw new InvalidOperationException("Not started.");

    /// <summary>Plain HTTP to the emulator's control endpoints.</summary>
    protected HttpClient Control => control ?? throw new InvalidOperationException("Not started.");

    /// <summary>Command-line arguments of this class's emulator.</summary>
    protected virtual string[] ServerArgs => [];

    /// <summary>Cancels after <see cref="Patience"/>.</summary>
    protected CancellationToken Timeout { get; } = new CancellationTokenSource(Patience).Token;

    public async Task InitializeAsync()
    {
        emulator = await EmulatorHost.AcquireAsync(ServerArgs);
        control = new HttpClient { BaseAddress = emulator.BaseUri };
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in disposables) disposable.Dispose();
        control?.Dispose();
        if (emulator is not null) await emulator.ReleaseAsync();
    }

    protected static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    private protected DataSourceConnectionSettings Settings(Action<DataSourceConnectionSettings>? configure = null)
    {
        var settings = new DataSourceConnectionSettings(BaseUri) { MaxRetryTime = TimeSpan.FromSeconds(20), ApiVersion = Version };
        configure?.Invoke(settings);
        return settings;
    }

    private protected DataSourceClient Client(
        Action<DataSourceConnectionSettings>? configure = null, DataSourceCredential? credential = null, IRequestLog? log = null)
    {
        var client = new DataSourceClient(Settings(configure), credential ?? new PasswordCredential("admin", Secure("admin")), log);
        disposables.Add(client);
        return client;
    }

    protected Task ResetAsync(int seedCount) => ControlAsync(HttpMethod.Post, "_emulator/reset", new { seedCount });

    protected Task SetFaultsAsync(object faults) => ControlAsync(HttpMethod.Post, "_emulator/faults", faults);

    protected Task ClearFaultsAsync() => ControlAsync(HttpMethod.Delete, "_emulator/faults");

    protected Task ClearStatsAsync() => ControlAsync(HttpMethod.Delete, "_emulator/stats");

    /// <summary>Calls a control route; the answer's JSON, or an empty object for an empty answer.</summary>
    protected async Task<JObject> ControlAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(JsonConvert.SerializeObject(body), Encoding.UTF8, "application/json");
        using var response = await Control.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? new JObject() : JObject.Parse(text);
    }

    /// <summary>How many requests the emulator saw on <c>METHOD template</c>, e.g. <c>POST /api/public/v1/data-sources/filter</c>.</summary>
    protected async Task<long> CountAsync(string routeKey)
    {
        var stats = await ControlAsync(HttpMethod.Get, "_emulator/stats");
        return (long?)stats["byRoute"]?[routeKey] ?? 0;
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
        var stats = await ControlAsync(HttpMethod.Get, "_emulator/stats");
        return (long?)stats["byStatus"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? 0;
    }

    protected async Task<long> TotalRequestsAsync()
    {
        var stats = await ControlAsync(HttpMethod.Get, "_emulator/stats");
        return (long)stats["requests"]!;
    }

    protected async Task<string> MintTokenAsync(string? user = null, int? lifetimeSeconds = null)
    {
        var body = new Dictionary<string, object?>();
        if (user is not null) body["user"] = user;
        if (lifetimeSeconds is not null) body["lifetimeSeconds"] = lifetimeSeconds;
        var answer = await ControlAsync(HttpMethod.Post, "_emulator/token", body);
        return (string)answer["accessToken"]!;
    }

    /// <summary>Changes how the emulator answers (its switches), e.g. <c>new { unknownId = "null" }</c>.</summary>
    protected Task SetBehaviourAsync(object behaviour) => ControlAsync(HttpMethod.Post, "_emulator/behaviour", behaviour);

    /// <summary>A source exactly as the emulator stores it (every field, patch-only and secret ones too), from its control endpoint.</summary>
    protected Task<JObject> StoredAsync(string id) => ControlAsync(HttpMethod.Get, $"_emulator/sources/{id}");

    private protected static DataSourceCreateRequest NewSource(string resourceName, string databaseType = "POSTGRES") =>
        new DataSourceCreateRequest().Set("resourceName", resourceName).Set("databaseType", databaseType);

    private protected static List<DataSourceCreateRequest> NewSources(string prefix, int count) =>
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
