using System;
using System.Threading;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// The one log every client is made with. A client outlives commands and serves several at once
/// (<c>Find-DataSource | Set-DataSource</c>, or one connection passed to parallel runspaces), so
/// each entry goes to the log of the command whose call produced it: the route is an AsyncLocal,
/// which flows from the call into its continuations on whatever thread they run.
/// </summary>
internal sealed class RequestLogRouter : IRequestLog
{
    private static readonly AsyncLocal<IRequestLog?> Current = new AsyncLocal<IRequestLog?>();

    private RequestLogRouter()
    {
    }

    public static RequestLogRouter Instance { get; } = new RequestLogRouter();

    public bool IsDebugEnabled => Current.Value?.IsDebugEnabled == true;

    /// <summary>Sends the entries of calls started until the scope is disposed to <paramref name="log"/>.</summary>
    public static IDisposable Route(IRequestLog log)
    {
        var scope = new Scope(Current.Value);
        Current.Value = log;
        return scope;
    }

    public void Request(RequestLogEntry entry) => Current.Value?.Request(entry);

    public void Debug(string message) => Current.Value?.Debug(message);

    private sealed class Scope : IDisposable
    {
        private readonly IRequestLog? _previous;

        public Scope(IRequestLog? previous) => _previous = previous;

        public void Dispose() => Current.Value = _previous;
    }
}
