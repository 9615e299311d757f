using System.Management.Automation;

namespace BaselineModule;

/// <summary>Get-Baseline: writes 1. The module exists only to be imported.</summary>
[Cmdlet(VerbsCommon.Get, "Baseline")]
public sealed class GetBaselineCommand : PSCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord() => WriteObject(1);
}
