using System;
using System.Collections.Generic;

namespace DataSources.Client
{
    /// <summary>
    /// Why one attempt of a request failed, and what the transport may do about it. Thrown inside the
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

        /// <summary>Sending again is allowed by the request's retry mode.</summary>
        public bool Retryable { get; set; }

        /// <summary>A create that may have reached the server: the caller must look before sending again.</summary>
        public bool MayHaveBeenApplied { get; set; }

        /// <summary>The server's Retry-After, when it gave one.</summary>
        public TimeSpan? RetryAfter { get; set; }

        /// <summary>A short label for the log line, e.g. <c>503</c>, <c>connection failed</c>, <c>timed out</c>.</summary>
        public string Summary { get; set; } = string.Empty;

        public DataSourceApiException ToException(ApiRequest request, string? suffix = null) =>
            new DataSourceApiException(
                Kind,
                suffix == null ? Message : Message + " " + suffix,
                Status,
                ServerMessage,
                request.Method,
                request.Route,
                ItemFailures,
                InnerException)
            {
                MayHaveBeenApplied = MayHaveBeenApplied,
                ServerCode = ServerCode,
            };
    }
}
