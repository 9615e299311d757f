<#
.SYNOPSIS
Variant (a) of the benchmark: the DataSources module, used as its help shows.

.DESCRIPTION
Runs in a fresh pwsh started by Invoke-Benchmark.ps1; the import and the connect (login) are
outside the timed pipeline.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('List', 'Update', 'Create', 'Fetch', 'Stream')] [string] $Scenario,
    [Parameter(Mandatory)] [string] $Uri,
    [Parameter(Mandatory)] [string] $ManifestPath,
    [string] $InputPath,
    # 0 leaves Set-DataSource at its default throttle.
    [int] $ThrottleLimit = 0
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'  # as in every variant: measure the work, not a progress display
. (Join-Path $PSScriptRoot 'Measure-Pipeline.ps1')

Import-Module $ManifestPath
$password = ConvertTo-SecureString 'admin' -AsPlainText -Force
Connect-DataSourceService -Uri $Uri -Credential ([pscredential]::new('admin', $password))

switch ($Scenario) {
    { $_ -in 'List', 'Stream' } {
        Measure-Pipeline { (Find-DataSource | Measure-Object).Count }
    }
    'Update' {
        $throttle = @{}
        if ($ThrottleLimit -gt 0) { $throttle.ThrottleLimit = $ThrottleLimit }
        Measure-Pipeline { Find-DataSource -Name prod-* | Set-DataSource -Incremental $true @throttle }
    }
    'Create' {
        Measure-Pipeline { (Import-Csv -LiteralPath $InputPath | New-DataSource | Measure-Object).Count }
    }
    'Fetch' {
        $ids = [System.IO.File]::ReadAllLines($InputPath)
        Measure-Pipeline { ($ids | Get-DataSource | Measure-Object).Count }
    }
}
