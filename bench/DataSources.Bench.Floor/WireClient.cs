using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DataSources.Bench.Floor;

/// <summary>One keep-alive HttpClient with the bearer token, set up as the module's client is (gzip, pooled connections).</summary>
internal sealed class WireClient(Uri baseUri) : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        MaxConnectionsPerServer = 32,
        UseProxy = false,
    })
    {
        BaseAddress = new Uri(baseUri, "/api/public/v3/"),
    };

    public async Task LoginAsync(string user, string password)
    {
        using var form = new FormUrlEncodedContent([new("username", user), new("password", password)]);
        using HttpResponseMessage response = await _http.PostAsync("auth", form);
        byte[] body = await ReadSuccessAsync(response, "POST auth");
        using JsonDocument document = JsonDocument.Parse(body);
        string token = document.RootElement.GetProperty("data").GetProperty("accessToken").GetString()!;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Sends a JSON body and returns the whole answer body; anything but 2xx throws.</summary>
    public async Task<byte[]> SendAsync(HttpMethod method, string path, byte[]? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new ByteArrayContent(json) { Headers = { ContentType = Json } };
        using HttpResponseMessage response = await _http.SendAsync(request);
        return await ReadSuccessAsync(response, $"{method} {path}");
    }

    public void Dispose() => _http.Dispose();

    private static async Task<byte[]> ReadSuccessAsync(HttpResponseMessage response, string what)
    {
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{what} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        return body;
    }
}
