using System;
using System.Collections.Generic;
using DataSources.Client;

namespace DataSources;

/// <summary>
/// A connection to a Data Sources server, as Connect-DataSourceService -PassThru and
/// Get-DataSourceConnection return it. It shows where and who, never the token or password:
/// those live inside the client, out of reach of formatting and serialization.
/// </summary>
public sealed class DataSourceConnection
{
    internal DataSourceConnection(DataSourceClient client, DataSourceAuthenticationMethod authenticationMethod)
    {
        Client = client;
        AuthenticationMethod = authenticationMethod;
        var settings = client.Settings;
        Uri = settings.BaseUri;
        HeaderNames = settings.HeaderNames;
    }

    /// <summary>The server's address.</summary>
    public Uri Uri { get; }

    /// <summary>The API version used, <c>v1</c>, <c>v2</c> or <c>v3</c>: the one asked for, else the newest the server serves.</summary>
    public string? ApiVersion => Client.ApiVersion;

    /// <summary>The names of the headers added to every request (-Headers); never their values.</summary>
    public IReadOnlyList<string> HeaderNames { get; }

    /// <summary>The user, as the token names it.</summary>
    public string? UserName => Client.UserName;

    /// <summary>The user's realm roles, e.g. <c>Admin</c> or <c>Business_User</c>.</summary>
    public IReadOnlyList<string> Roles => Client.Roles;

    /// <summary>Whether the connection logs in with a credential or uses a given token.</summary>
    public DataSourceAuthenticationMethod AuthenticationMethod { get; }

    /// <summary>When the current token expires; a credential connection renews it before then.</summary>
    public DateTimeOffset? TokenExpiresAt => Client.TokenExpiresAt;

    internal DataSourceClient Client { get; }

    /// <summary>Whether Disconnect-DataSourceService -Connection closed it: its token and credential are gone.</summary>
    internal bool IsClosed { get; private set; }

    /// <inheritdoc />
    public override string ToString() => UserName == null ? Uri.ToString() : $"{UserName}@{Uri}";

    /// <summary>Whether both talk to the same server as the same user.</summary>
    internal bool IsSameServerAndUser(DataSourceConnection other) =>
        Uri == other.Uri && string.Equals(UserName, other.UserName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Forgets the token and credential; commands given this connection then refuse to run.</summary>
    internal void Close()
    {
        IsClosed = true;
        Client.Dispose();
    }
}
