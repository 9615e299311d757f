namespace DataSources.Client;

/// <summary>One API call as the transport sends it, every attempt alike.</summary>
internal sealed class ApiRequest
{
    public ApiRequest(
        string method, string path, string route, RequestBody? body, RetryMode mode, string? apiVersion, bool authenticated = true, bool enveloped = true)
    {
        Method = method;
        Path = path;
        Route = route;
        Body = body;
        Mode = mode;
        ApiVersion = apiVersion;
        Authenticated = authenticated;
        Enveloped = enveloped;
    }

    public string Method { get; }

    /// <summary>Path and query below the base address, e.g. <c>/api/public/v1/data-sources/filter?skip=0&amp;limit=10</c>.</summary>
    public string Path { get; }

    /// <summary>The route template, e.g. <c>/api/public/v1/data-sources/{id}</c>.</summary>
    public string Route { get; }

    public RequestBody? Body { get; }

    public RetryMode Mode { get; }

    public bool Authenticated { get; }

    /// <summary>The API version of the route, e.g. <c>v3</c>; null for a route outside the versioned API (Keycloak's).</summary>
    public string? ApiVersion { get; }

    /// <summary>
    /// Whether a success answers in the API's envelope (<c>{"status", "data"}</c>); Keycloak's token
    /// endpoint answers a bare object, read whole.
    /// </summary>
    public bool Enveloped { get; }

    /// <summary>For messages: <c>GET /api/public/v1/data-sources/abc</c>.</summary>
    public string Describe() => Method + " " + Path;
}
