BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    $manifestPath = Join-Path $repo 'DataSources.psd1'
    Import-Module $manifestPath -Force
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'declares both editions and Windows PowerShell 5.1 as the minimum' {
        $data = Import-PowerShellDataFile $manifestPath
        $data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $data.PowerShellVersion | Should -Be '5.1'
    }

    It 'declares .NET Framework 4.7.2 as the floor for Windows PowerShell 5.1' {
        (Import-PowerShellDataFile $manifestPath).DotNetFrameworkVersion | Should -Be '4.7.2'
    }

    It 'exports exactly the seven cmdlets, listed by name' {
        $data = Import-PowerShellDataFile $manifestPath
        $expected = 'Connect-DataSourceService', 'Disconnect-DataSourceService', 'Find-DataSource', 'Get-DataSource',
            'Get-DataSourceConnection', 'New-DataSource', 'Set-DataSource'
        $data.CmdletsToExport | Sort-Object | Should -Be ($expected | Sort-Object)
        (Get-Command -Module DataSources).Name | Sort-Object | Should -Be ($expected | Sort-Object)
    }
}

Describe 'Output types' {
    It '<Name> declares that it emits DataSources.DataSource' -ForEach @(
        @{ Name = 'Find-DataSource' }, @{ Name = 'Get-DataSource' }, @{ Name = 'New-DataSource' }, @{ Name = 'Set-DataSource' }
    ) {
        (Get-Command $Name).OutputType.Type | Should -Contain ([DataSources.DataSource])
    }

    It 'Connect-DataSourceService and Get-DataSourceConnection declare the connection type' {
        (Get-Command Connect-DataSourceService).OutputType.Type | Should -Contain ([DataSources.DataSourceConnection])
        (Get-Command Get-DataSourceConnection).OutputType.Type | Should -Contain ([DataSources.DataSourceConnection])
    }

    It 'DataSource is sealed and has no secret field' {
        $type = [DataSources.DataSource]
        $type.IsSealed | Should -BeTrue
        $names = $type.GetProperties().Name
        foreach ($secret in 'Password', 'EncryptedPassword', 'SecretKey', 'SecretAccessKey', 'AzureSharedKey',
            'TrustStorePassword', 'KeyStorePassword', 'OauthClientSecret') {
            $names | Should -Not -Contain $secret
        }
    }

    It 'DataSource has Name as an alias of ResourceName' {
        (Get-TypeData DataSources.DataSource).Members['Name'].ReferencedMemberName | Should -Be 'ResourceName'
    }

    It 'has a default table without the id, a table named Id with it, and a list view for DataSource, and a list view first for the connection' {
        $views = (Get-FormatData -TypeName DataSources.DataSource).FormatViewDefinition
        $tables = @($views | Where-Object { $_.Control -is [System.Management.Automation.TableControl] })
        $tables[0].Control.Headers.Label | Should -Be @('Name', 'DatabaseType', 'Host/Path', 'Port')
        ($tables | Where-Object Name -eq 'Id').Control.Headers.Label | Should -Be @('Id', 'Name', 'DatabaseType', 'Host/Path', 'Port')
        $views | Where-Object { $_.Control -is [System.Management.Automation.ListControl] } | Should -HaveCount 1
        (Get-FormatData -TypeName DataSources.DataSourceConnection).FormatViewDefinition[0].Control |
            Should -BeOfType ([System.Management.Automation.ListControl])
    }
}

Describe 'The views' {
    It 'list every field an update can set but the secrets, so that Set-DataSource ... -PassThru | Format-List shows what changed' {
        $list = (Get-FormatData -TypeName DataSources.DataSource).FormatViewDefinition | Where-Object { $_.Control -is [System.Management.Automation.ListControl] }
        $shown = $list.Control.Entries[0].Items.DisplayEntry.Value
        foreach ($field in [DataSources.Client.DataSourceSchema]::Fields | Where-Object { $_.CanPatch -and -not $_.IsSecret }) {
            $shown | Should -Contain $field.JsonName -Because "Set-DataSource can set $($field.JsonName)"
        }
    }
}

Describe 'Set-DataSource parameters' {
    It 'has one parameter for each of the 32 patchable fields of the contract' {
        $patchable = [DataSources.Client.DataSourceSchema]::Fields | Where-Object CanPatch
        $patchable.Count | Should -Be 32
        $parameters = (Get-Command Set-DataSource).Parameters
        # The list fields take the singular, as PowerShell parameters do; the plural is an alias.
        $parameterFor = @{ includePatterns = 'IncludePattern'; excludePatterns = 'ExcludePattern' }
        foreach ($field in $patchable) {
            $name = if ($parameterFor[$field.JsonName]) { $parameterFor[$field.JsonName] } else { $field.JsonName }
            $parameters.Keys | Should -Contain $name -Because "the field '$($field.JsonName)' must have a parameter"
        }
    }

    It 'takes the secrets as SecureString and the flags as bool, so $false can be sent' {
        $parameters = (Get-Command Set-DataSource).Parameters
        foreach ($secret in 'Password', 'SecretKey', 'AzureSharedKey') {
            $parameters[$secret].ParameterType | Should -Be ([securestring])
        }
        foreach ($flag in 'Incremental', 'AvailableForMigration', 'AvailableForWriting', 'AvailableForDataMastering') {
            $parameters[$flag].ParameterType | Should -Be ([bool])
        }
    }
}
