using System;
using System.Collections.Generic;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>A command that works on data sources: it takes -Connection, or else uses the runspace's default connection.</summary>
public abstract class ConnectedDataSourceCmdlet : DataSourceCmdlet
{
    private DataSourceConnection? _connection;
    private DataSourceClient? _client;
    private Uri? _server;

    private protected ConnectedDataSourceCmdlet()
    {
    }

    /// <summary>The connection to use instead of the default one made by Connect-DataSourceService.</summary>
    [Parameter]
    [ValidateNotNull]
    [LiveConnection]
    public DataSourceConnection? Connection { get; set; }

    /// <summary>The client of the connection in use; set by BeginProcessing.</summary>
    private protected DataSourceClient Client => _client ?? throw new InvalidOperationException("BeginProcessing has not run.");

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var connection = Connection ?? DefaultConnection.Current;
        if (connection == null)
        {
            ThrowTerminatingError(ErrorIds.NotConnected.Record(
                new InvalidOperationException("Not connected to a Data Sources server. Run Connect-DataSourceService first, or pass -Connection."),
                null));
            return;
        }

        if (connection.IsClosed)
        {
            ThrowTerminatingError(ErrorIds.NotConnected.Record(
                new InvalidOperationException($"The connection {connection} was closed by Disconnect-DataSourceService. Run Connect-DataSourceService again."),
                connection));
            return;
        }

        _connection = connection;
        _client = connection.Client;
        _server = connection.Uri;
    }

    /// <inheritdoc />
    private protected override DataSourceConnection? ClosedConnection => _connection is { IsClosed: true } ? _connection : null;

    /// <summary>A data source read from this command's server, marked so (see <see cref="FromOtherServer"/>).</summary>
    private protected DataSource FromThisServer(DataSource source)
    {
        source.Origin = _server;
        return source;
    }

    /// <summary>Marks data sources read from this command's server.</summary>
    private protected IReadOnlyList<DataSource> FromThisServer(IReadOnlyList<DataSource> sources)
    {
        foreach (var source in sources)
        {
            source.Origin = _server;
        }

        return sources;
    }

    /// <summary>
    /// The error for a piped data source that this command read from another server than the
    /// connection it uses, when -Connection does not say which: its id would be looked up, or
    /// changed, on the wrong catalog (where a copy of a catalog has the same ids, silently). Null
    /// for any other input.
    /// </summary>
    private protected ErrorRecord? FromOtherServer(PSObject input)
    {
        if (Connection != null || !(input.BaseObject is DataSource { Origin: { } origin } source) || origin.Equals(_server))
        {
            return null;
        }

        return ErrorIds.DataSourceFromOtherServer.Record(
            new InvalidOperationException(
                $"'{source.ResourceName}' (id {source.Id}) came from {origin}, and this command uses {_server}; nothing was sent for it. Give -Connection with the connection of its server."),
            source.Id);
    }

    /// <summary>
    /// A not-found error for an id that has not the form of a catalog's ids, most often a name
    /// given where the id goes (Get-DataSource prod-db, Set-DataSource prod-db -Note x, or names
    /// piped in), with what to type instead; any other error as it is.
    /// </summary>
    private protected static DataSourceApiException WithNameHint(DataSourceApiException notFound, string id, string byName) =>
        notFound.Kind != ApiErrorKind.NotFound || DataSourceClient.IsObjectId(id)
            ? notFound
            : new DataSourceApiException(
                notFound.Kind,
                SentenceText.Then(notFound.Message, $"An id is 24 hexadecimal characters (the Id of what Find-DataSource writes); {byName}."),
                notFound.StatusCode,
                notFound.ServerMessage,
                notFound.Method,
                notFound.Route,
                innerException: notFound);
}
