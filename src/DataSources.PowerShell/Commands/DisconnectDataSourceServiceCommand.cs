using System.Management.Automation;

namespace DataSources.Commands;

/// <summary>
/// Disconnect-DataSourceService: forgets the runspace's default connection, or with -Connection
/// that connection (and the default too when it is that one). Without -Connection, a connection
/// object kept from -PassThru is left alone: it may still be in use elsewhere.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "DataSourceService")]
public sealed class DisconnectDataSourceServiceCommand : PSCmdlet
{
    /// <summary>The connection to close, e.g. from Connect-DataSourceService -PassThru; from the pipeline too.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    [LiveConnection]
    public DataSourceConnection? Connection { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var connection = Connection;
        if (connection == null)
        {
            return;
        }

        if (DefaultConnection.Current == connection)
        {
            DefaultConnection.Current = null;
            StreamPreference.WriteVerbose(this, $"Disconnected from {connection.Uri}, the default connection.");
        }
        else
        {
            StreamPreference.WriteVerbose(this, connection.IsClosed ? $"The connection to {connection.Uri} was closed already." : $"Disconnected from {connection.Uri}.");
        }

        connection.Close();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Connection)) || MyInvocation.ExpectingInput)
        {
            return;
        }

        var connection = DefaultConnection.Current;
        if (connection == null)
        {
            StreamPreference.WriteVerbose(this, "Not connected.");
            return;
        }

        DefaultConnection.Current = null;
        StreamPreference.WriteVerbose(this, $"Disconnected from {connection.Uri}.");
    }
}
