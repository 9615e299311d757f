namespace DataSources.Client;

/// <summary>
/// Receives what the client does on the wire. Calls may come from any thread, several at once
/// (parallel requests), so an implementation must be thread-safe and must not block for long.
/// </summary>
internal interface IRequestLog
{
    /// <summary>Whether <see cref="Debug"/> is wanted; bodies are only formatted when it is.</summary>
    bool IsDebugEnabled { get; }

    /// <summary>One line per attempt of one request.</summary>
    void Request(RequestLogEntry entry);

    /// <summary>Detail: request and response bodies with every secret value replaced by <c>***</c>.</summary>
    void Debug(string message);
}
