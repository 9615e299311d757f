using System;
using System.Management.Automation;

namespace DataSources.Commands;

/// <summary>
/// Refuses, by name, a connection that came from another process: a Start-Job job's
/// <c>$using:c</c>, Import-Clixml or remoting give a property bag of its fields
/// (Deserialized.DataSources.DataSourceConnection), which holds no login and no HTTP client, and
/// which PowerShell's binder would refuse only with "Cannot convert ... to type DataSourceConnection".
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class LiveConnectionAttribute : ArgumentTransformationAttribute
{
    private const string Deserialized = "Deserialized." + nameof(DataSources) + "." + nameof(DataSourceConnection);

    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if (inputData is PSObject wrapped && !(wrapped.BaseObject is DataSourceConnection) && wrapped.TypeNames.Contains(Deserialized))
        {
            throw new ArgumentTransformationMetadataException(
                $"The connection {wrapped} was read back from another process (a Start-Job job, Import-Clixml or remoting) and holds no login: " +
                "a connection works only in the process that made it. Connect in this one with Connect-DataSourceService (in a job, from the DATASOURCES_* variables).");
        }

        return inputData;
    }
}
