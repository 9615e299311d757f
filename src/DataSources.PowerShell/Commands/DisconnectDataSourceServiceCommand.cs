using System.Management.Automation;

namespace DataSources.Commands;

/// <summary>
/// Disconnect-DataSourceService: closes the runspace's default connection, or with -Connection
/// that connection (and clears the default too when it is that one). Closed, a connection drops its
/// token and credential, also where a script kept it (-PassThru, Get-DataSourceConnection).
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "DataSourceService")]
public sealed class DisconnectDataSourceServiceCommand : PSCmdlet
{
    /// <summary>The connection to close, e.g. from Connect-DataSourceService -PassThru; from the pipeline too.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
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
            StreamPreference.WriteVerbose(this, $"Disconnected from {connection.Uri}.");
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
        connection.Close();
    }
}
