using System;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>A command that works on data sources: it takes -Connection, or else uses the runspace's default connection.</summary>
public abstract class ConnectedDataSourceCmdlet : DataSourceCmdlet
{
    private DataSourceClient? _client;

    private protected ConnectedDataSourceCmdlet()
    {
    }

    /// <summary>The connection to use instead of the default one made by Connect-DataSourceService.</summary>
    [Parameter]
    [ValidateNotNull]
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

        _client = connection.Client;
    }
}
