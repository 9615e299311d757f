using System;
using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>
/// A call to the Data Sources API failed. The message is meant for a user; the properties keep
/// the details as data. It never contains a token or password.
/// </summary>
public sealed class DataSourceApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataSourceApiException(
        ApiErrorKind kind,
        string message,
        int? statusCode = null,
        object? serverMessage = null,
        string? method = null,
        string? route = null,
        IReadOnlyList<CreateFailure>? itemFailures = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        Method = method;
        Route = route;
        ItemFailures = itemFailures ?? Array.Empty<CreateFailure>();
    }

    /// <summary>What kind of failure this is.</summary>
    public ApiErrorKind Kind { get; }

    /// <summary>The HTTP status, or null when no answer came.</summary>
    public int? StatusCode { get; }

    /// <summary>
    /// The server's <c>message</c> as data: a string, an object?[] (one entry per problem) or an
    /// IReadOnlyDictionary&lt;string, object?&gt;; null when the server gave none.
    /// </summary>
    public object? ServerMessage { get; }

    /// <summary>The HTTP method of the failed request.</summary>
    public string? Method { get; }

    /// <summary>The route of the failed request, e.g. <c>/api/public/v1/data-sources/{id}</c>.</summary>
    public string? Route { get; }

    /// <summary>Per-item failures the server listed (index, resourceName, message), for create.</summary>
    public IReadOnlyList<CreateFailure> ItemFailures { get; }

    // Set by the transport for a create that may have reached the server (connection dropped
    // after sending, timeout, 502/504): the caller must look before it resends.
    internal bool MayHaveBeenApplied { get; set; }

    // Set by the transport when the last attempt, after every retry, never reached the server
    // (connection refused, unknown host): no later request of the same command would fare better.
    internal bool NeverReachedServer { get; set; }

    // The error's code where the body had one (Fastify's code, Keycloak's error, e.g. invalid_grant).
    internal string? ServerCode { get; set; }
}
