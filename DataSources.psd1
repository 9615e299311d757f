@{
    RootModule           = 'module/bin/DataSources.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '721b67f9-32ec-4091-a72a-1963f4325bbc'
    Author               = 'DataSources contributors'
    CompanyName          = 'DataSources'
    Copyright            = '(c) DataSources contributors.'
    Description          = 'Manage the data sources of a data catalog through its public REST API: connect, find, get, create and update, with batching, paging and PowerShell errors a script can act on.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('module/DataSources.format.ps1xml')
    TypesToProcess       = @('module/DataSources.types.ps1xml')
    CmdletsToExport      = @(
        'Connect-DataSourceService'
        'Disconnect-DataSourceService'
        'Get-DataSourceConnection'
        'Find-DataSource'
        'Get-DataSource'
        'New-DataSource'
        'Set-DataSource'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('DataSources', 'DataCatalog', 'REST', 'PSEdition_Desktop', 'PSEdition_Core')
        }
    }
}
