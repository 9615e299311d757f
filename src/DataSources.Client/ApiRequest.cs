namespace DataSources.Client
{
    /// <summary>One API call as the transport sends it, every attempt alike.</summary>
    internal sealed class ApiRequest
    {
        public ApiRequest(string method, string path, string route, RequestBody? body, RetryMode mode, bool authenticated = true)
        {
            Method = method;
            Path = path;
            Route = route;
            Body = body;
            Mode = mode;
            Authenticated = authenticated;
        }

        public string Method { get; }

        /// <summary>Path and query below the base address, e.g. <c>/api/public/v1/data-sources/filter?skip=0&amp;limit=10</c>.</summary>
        public string Path { get; }

        /// <summary>The route template, e.g. <c>/api/public/v1/data-sources/{id}</c>.</summary>
        public string Route { get; }

        public RequestBody? Body { get; }

        public RetryMode Mode { get; }

        public bool Authenticated { get; }

        /// <summary>For messages: <c>GET /api/public/v1/data-sources/abc</c>.</summary>
        public string Describe() => Method + " " + Path;
    }
}
