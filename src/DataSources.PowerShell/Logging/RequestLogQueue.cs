using System.Collections.Concurrent;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// The request log of one command: lines arrive from any thread (HTTP continuations, parallel
/// PATCHes) and wait here until the command writes them from the pipeline thread, the only
/// thread allowed to call WriteVerbose and WriteDebug.
/// </summary>
internal sealed class RequestLogQueue : IRequestLog
{
    private readonly ConcurrentQueue<RequestLogLine> _lines = new ConcurrentQueue<RequestLogLine>();
    private readonly bool _verbose;

    public RequestLogQueue(bool verbose, bool debug)
    {
        _verbose = verbose;
        IsDebugEnabled = debug;
    }

    public bool IsDebugEnabled { get; }

    public void Request(RequestLogEntry entry)
    {
        if (_verbose)
        {
            _lines.Enqueue(new RequestLogLine(entry.ToString(), isDebug: false));
        }
    }

    public void Debug(string message)
    {
        if (IsDebugEnabled)
        {
            _lines.Enqueue(new RequestLogLine(message, isDebug: true));
        }
    }

    public bool TryDequeue(out RequestLogLine line) => _lines.TryDequeue(out line);
}
