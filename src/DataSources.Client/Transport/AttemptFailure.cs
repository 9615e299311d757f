using System;
using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>
/// Why one attempt of a request failed, as the exchange saw it. Thrown inside the
/// transport only; it becomes a <see cref="DataSourceApiException"/> when no retry is left.
/// </summary>
internal sealed class AttemptFailure : Exception
{
    public AttemptFailure(ApiErrorKind kind, string message, int? status = null, object? serverMessage = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Status = status;
        ServerMessage = serverMessage;
    }

    public ApiErrorKind Kind { get; }

    public int? Status { get; }

    public object? ServerMessage { get; }

    public IReadOnlyList<CreateFailure>? ItemFailures { get; set; }

    /// <summary>The error's code where the body has one: Fastify's <c>code</c>, Keycloak's <c>error</c>.</summary>
    public string? ServerCode { get; set; }

    /// <summary>What happened, for <see cref="FailureClassifier"/> to say whether it may be sent again.</summary>
    public FailureCause Cause { get; set; }

    /// <summary>The server's Retry-After, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>A short label for the log line, e.g. <c>503</c>, <c>connection failed</c>, <c>timed out</c>.</summary>
    public string Summary { get; set; } = string.Empty;

    /// <param name="verdict">The classifier's verdict on this failure: whether the request may have been applied.</param>
    public DataSourceApiException ToException(ApiRequest request, AttemptVerdict verdict, string? suffix = null) =>
        new DataSourceApiException(
            Kind,
            suffix == null ? Message : SentenceText.Then(Message, suffix),
            Status,
            ServerMessage,
            request.Method,
            request.Route,
            ItemFailures,
            InnerException)
        {
            MayHaveBeenApplied = verdict == AttemptVerdict.MayHaveBeenApplied,
            NeverReachedServer = Cause == FailureCause.NotSent,
            ServerCode = ServerCode,
        };
}
