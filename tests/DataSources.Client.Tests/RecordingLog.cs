using System.Collections.Concurrent;

namespace DataSources.Client.Tests;

/// <summary>A request log that keeps everything it is given, for tests to inspect.</summary>
internal sealed class RecordingLog(bool debug = true, Action<RequestLogEntry>? onRequest = null) : IRequestLog
{
    public ConcurrentQueue<RequestLogEntry> Entries { get; } = new();

    public ConcurrentQueue<string> DebugMessages { get; } = new();

    public bool IsDebugEnabled => debug;

    public void Request(RequestLogEntry entry)
    {
        Entries.Enqueue(entry);
        onRequest?.Invoke(entry);
    }

    public void Debug(string message) => DebugMessages.Enqueue(message);

    /// <summary>Every text the log received: request lines with their outcome, and the debug messages.</summary>
    public string AllText => string.Join("\n", Entries.Select(e => e.ToString()).Concat(DebugMessages));
}
