using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Security;

namespace DataSources.Client;

/// <summary>Where and how a <see cref="DataSourceClient"/> talks to the server.</summary>
internal sealed class DataSourceConnectionSettings
{
    /// <summary>
    /// The most connections one client opens to its server, and so the most requests it has in
    /// flight at once (Set-DataSource -ThrottleLimit goes up to it).
    /// </summary>
    public const int MaxConnectionsPerServer = 64;

    /// <summary>
    /// The most items one request carries: data sources per create, ids per by-ids request, rows
    /// per filter page. Every size that goes into a request is checked against it (<see cref="CheckSize"/>).
    /// </summary>
    internal const int MaxItemsPerRequest = 10000;

    private Uri _baseUri;
    // The versions this client can speak, newest first: the order in which an unnamed version is looked for.
    internal static readonly string[] KnownApiVersions = { "v3", "v2", "v1" };

    private string? _apiVersion;
    private List<KeyValuePair<string, object>> _headers = new List<KeyValuePair<string, object>>();
    private TimeSpan _timeout = TimeSpan.FromSeconds(100);
    private int _maxAttempts = 5;
    private TimeSpan _maxRetryTime = TimeSpan.FromSeconds(60);
    private int _createBatchSize = 100;
    private int _getBatchSize = 500;
    private int _pageSize = 1000;
    private string _userAgent = DefaultUserAgent();

    /// <summary>Creates settings for the server at <paramref name="baseUri"/>, e.g. <c>https://catalog.example.com</c>.</summary>
    public DataSourceConnectionSettings(Uri baseUri)
    {
        _baseUri = baseUri ?? throw new ArgumentNullException(nameof(baseUri));
    }

    /// <summary>The server's address; the API lives under <c>{BaseUri}/api/public/{ApiVersion}/</c>.</summary>
    public Uri BaseUri
    {
        get => _baseUri;
        set => _baseUri = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// <c>v1</c>, <c>v2</c> or <c>v3</c>; null (the default) to use the newest version the server
    /// serves, found when the client connects.
    /// </summary>
    public string? ApiVersion
    {
        get => _apiVersion;
        set
        {
            var version = value?.Trim().ToLowerInvariant();
            _apiVersion = version == null || Array.IndexOf(KnownApiVersions, version) >= 0
                ? version
                : throw new ArgumentException($"The API version must be 'v1', 'v2' or 'v3', not '{value}'.", nameof(value));
        }
    }

    /// <summary>
    /// Headers sent with every request, login included (e.g. Cloudflare Access's client id and secret),
    /// by name in the order added; their values never appear in any log or message.
    /// </summary>
    public IReadOnlyList<string> HeaderNames
    {
        get
        {
            var names = new string[_headers.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = _headers[i].Key;
            }

            return names;
        }
    }

    internal IReadOnlyList<KeyValuePair<string, object>> Headers => _headers;

    /// <summary>Allows sending the token or password over plain http:// to a host that is not loopback.</summary>
    public bool AllowUnencryptedAuthentication { get; set; }

    /// <summary>Accepts any server certificate. Off by default; for test servers only.</summary>
    public bool SkipCertificateCheck { get; set; }

    /// <summary>An explicit proxy; null to use the system proxy.</summary>
    public Uri? Proxy { get; set; }

    /// <summary>Credentials for the proxy (the explicit one, or else the system proxy).</summary>
    public NetworkCredential? ProxyCredential { get; set; }

    /// <summary>How long one attempt of one request may take, body included (default 100 s).</summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The timeout must be positive.");
    }

    /// <summary>How many times one request may be sent in all, the first included (default 5).</summary>
    public int MaxAttempts
    {
        get => _maxAttempts;
        set => _maxAttempts = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxAttempts must be at least 1.");
    }

    /// <summary>How long retries of one request may go on, counted from its first attempt (default 60 s).</summary>
    public TimeSpan MaxRetryTime
    {
        get => _maxRetryTime;
        set => _maxRetryTime = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxRetryTime cannot be negative.");
    }

    /// <summary>Items per create request, 1 to 10,000 (default 100).</summary>
    public int CreateBatchSize
    {
        get => _createBatchSize;
        set => _createBatchSize = CheckSize(value, nameof(CreateBatchSize));
    }

    /// <summary>Ids per get-by-ids request, 1 to 10,000 (default 500).</summary>
    public int GetBatchSize
    {
        get => _getBatchSize;
        set => _getBatchSize = CheckSize(value, nameof(GetBatchSize));
    }

    /// <summary>Rows per filter request, 1 to 10,000 (default 1,000).</summary>
    public int PageSize
    {
        get => _pageSize;
        set => _pageSize = CheckSize(value, nameof(PageSize));
    }

    /// <summary>The User-Agent header sent with every request.</summary>
    public string UserAgent
    {
        get => _userAgent;
        set => _userAgent = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("The user agent cannot be empty.", nameof(value)) : value;
    }

    /// <summary>Adds a header to every request; a secret value (a gateway's client secret) as a SecureString.</summary>
    /// <exception cref="DataSourceInputException">The name is not a header name, is one the client sets itself, or is given twice; the value holds a line break.</exception>
    public void AddHeader(string name, SecureString value) => PutHeader(name, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Adds a header to every request.</summary>
    /// <exception cref="DataSourceInputException">The name is not a header name, is one the client sets itself, or is given twice; the value holds a line break.</exception>
    public void AddHeader(string name, string value) => PutHeader(name, value ?? throw new ArgumentNullException(nameof(value)));

    internal DataSourceConnectionSettings Clone()
    {
        var copy = (DataSourceConnectionSettings)MemberwiseClone();
        copy._headers = new List<KeyValuePair<string, object>>(_headers);
        return copy;
    }

    private void PutHeader(string name, object value)
    {
        RequestHeaderName.Check(name);
        RequestHeaderName.CheckValue(name, value is SecureString secret ? SecretText.Reveal(secret) : (string)value);
        foreach (var header in _headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                throw new DataSourceInputException($"The header '{name}' is given twice.");
            }
        }

        _headers.Add(new KeyValuePair<string, object>(name, value));
    }

    /// <summary>The one check of a size that goes into a request: 1 to <see cref="MaxItemsPerRequest"/>.</summary>
    internal static int CheckSize(int value, string name) =>
        value >= 1 && value <= MaxItemsPerRequest
            ? value
            : throw new ArgumentOutOfRangeException(name, value, string.Format(CultureInfo.InvariantCulture, "{0} must be between 1 and {1:N0}.", name, MaxItemsPerRequest));

    private static string DefaultUserAgent()
    {
        var version = typeof(DataSourceConnectionSettings).Assembly.GetName().Version;
        return $"DataSources/{version.Major}.{version.Minor}.{version.Build}";
    }
}
