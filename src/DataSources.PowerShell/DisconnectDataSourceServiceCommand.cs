using System.Management.Automation;

namespace DataSources.Commands
{
    /// <summary>
    /// Disconnect-DataSourceService: forgets the runspace's default connection. A connection object
    /// kept from -PassThru is left alone: it may still be in use elsewhere.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "DataSourceService")]
    public sealed class DisconnectDataSourceServiceCommand : PSCmdlet
    {
        /// <inheritdoc />
        protected override void EndProcessing()
        {
            var connection = DefaultConnection.Current;
            if (connection == null)
            {
                WriteVerbose("Not connected.");
                return;
            }

            DefaultConnection.Current = null;
            WriteVerbose($"Disconnected from {connection.Uri}.");
        }
    }
}
