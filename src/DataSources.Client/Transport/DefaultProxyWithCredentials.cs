using System;
using System.Net;

namespace DataSources.Client;

/// <summary>
/// The process's default proxy, asked where each request goes, with credentials of one
/// connection's own: so a proxy credential never changes what other code in the process sends.
/// </summary>
internal sealed class DefaultProxyWithCredentials : IWebProxy
{
    private readonly IWebProxy? _proxy;

    public DefaultProxyWithCredentials(IWebProxy? proxy, ICredentials credentials)
    {
        _proxy = proxy;
        Credentials = credentials;
    }

    public ICredentials? Credentials { get; set; }

    // No default proxy (it was set to null): every address is reached directly.
    public Uri GetProxy(Uri destination) => _proxy?.GetProxy(destination) ?? destination;

    public bool IsBypassed(Uri host) => _proxy?.IsBypassed(host) ?? true;
}
