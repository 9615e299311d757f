namespace DataSources.Client;

/// <summary>When the transport may send a request again.</summary>
internal enum RetryMode
{
    /// <summary>Sending twice does no harm: retry on 429, 502, 503, 504, connection failures and timeouts.</summary>
    Idempotent,

    /// <summary>
    /// A create: resent only when the server provably did not apply it (429, 503, connection refused);
    /// any other failure that may have reached the server is handed back marked as such.
    /// </summary>
    Create,
}
