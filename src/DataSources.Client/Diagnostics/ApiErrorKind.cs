namespace DataSources.Client;

/// <summary>What kind of failure a <see cref="DataSourceApiException"/> reports.</summary>
public enum ApiErrorKind
{
    /// <summary>The server refused the request as invalid (400, 415, other 4xx).</summary>
    InvalidRequest,

    /// <summary>Login refused, token expired or rejected (401).</summary>
    Authentication,

    /// <summary>The user's role may not do this (403).</summary>
    PermissionDenied,

    /// <summary>No such data source (404 from a by-id route, in the API's JSON).</summary>
    NotFound,

    /// <summary>The request conflicts with the server's state (409).</summary>
    Conflict,

    /// <summary>Still throttled (429) after the allowed retries.</summary>
    Throttled,

    /// <summary>The server failed (5xx), after the allowed retries where retrying is safe.</summary>
    Server,

    /// <summary>The server could not be reached, or the connection broke.</summary>
    Connection,

    /// <summary>No complete answer within the timeout.</summary>
    Timeout,

    /// <summary>
    /// The answer was not the JSON envelope the contract describes, or a 404 where the API has no
    /// reason for one (the address does not lead to the API).
    /// </summary>
    InvalidResponse,
}
