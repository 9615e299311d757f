using System.Management.Automation;

namespace DataSources.Commands;

/// <summary>Get-DataSourceConnection: the runspace's default connection, or nothing when not connected.</summary>
[Cmdlet(VerbsCommon.Get, "DataSourceConnection")]
[OutputType(typeof(DataSourceConnection))]
public sealed class GetDataSourceConnectionCommand : PSCmdlet
{
    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var connection = DefaultConnection.Current;
        if (connection != null)
        {
            WriteObject(connection);
        }
    }
}
