# The help a user reads with Get-Help, as the build generated it from src/DataSources.PowerShell/help.

BeforeDiscovery {
    $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../DataSources.psd1')
    $cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/DataSources.psd1" -Force
    $common = @([System.Management.Automation.Cmdlet]::CommonParameters)

    function Get-ParameterText([string] $Command, [string] $Parameter) {
        $entry = (Get-Help $Command -Full).parameters.parameter | Where-Object name -eq $Parameter
        ($entry.description | ForEach-Object Text) -join ' '
    }
}

Describe 'Help of <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
    }

    It 'has a synopsis of its own, not the generated syntax line' {
        $help.Synopsis.Trim() | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name *"
    }

    It 'has a description' {
        ($help.description | ForEach-Object Text) -join '' | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $parameters = (Get-Command $Name).Parameters.Keys | Where-Object { $common -notcontains $_ }
        foreach ($parameter in $parameters) {
            Get-ParameterText $Name $parameter | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }

    It 'has at least two examples, each with code and a sentence on what it does' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks | ForEach-Object Text) -join '' | Should -Not -BeNullOrEmpty -Because "'$($example.title)' needs remarks"
        }
    }
}

Describe 'Help content' {
    It 'shows the headline pipeline among the examples of Set-DataSource' {
        (Get-Help Set-DataSource -Examples).examples.example.code |
            Should -Contain 'Find-DataSource -Name prod-* | Set-DataSource -Incremental $true'
    }

    It 'takes the parameter facts from the compiled cmdlets: pipeline input, aliases, wildcards, defaults' {
        $id = (Get-Help Get-DataSource -Parameter Id)
        $id.pipelineInput | Should -Be 'False'
        $id.aliases | Should -Be '_id'
        $id.required | Should -Be 'true'
        (Get-Help Get-DataSource -Parameter InputObject).pipelineInput | Should -Be 'True (ByValue)'
        (Get-Help Find-DataSource -Parameter DatabaseType).pipelineInput | Should -Be 'True (ByPropertyName)'

        $name = Get-Help Find-DataSource -Parameter Name
        $name.globbing | Should -Be 'true'
        $name.position | Should -Be '0'
        (Get-Help Find-DataSource -Parameter PageSize).defaultValue | Should -Be '1000'
        (Get-Help Set-DataSource -Parameter ThrottleLimit).defaultValue | Should -Be '4'
    }

    It 'writes one syntax line per parameter set' {
        @((Get-Help Connect-DataSourceService).syntax.syntaxItem).Count | Should -Be 3
        @((Get-Help Set-DataSource).syntax.syntaxItem).Count | Should -Be 2
    }
}

Describe 'about_DataSources' {
    It 'is found by Get-Help and covers connecting, paging, batching, -WhatIf, errors, API versions and the emulator' {
        $text = Get-Help about_DataSources | Out-String
        $text | Should -Match 'TOPIC\s+about_DataSources'
        foreach ($topic in 'DATASOURCES_URI', 'DATASOURCES_TOKEN', 'DATASOURCES_USERNAME', 'DATASOURCES_PASSWORD', '-Credential', '-Token',
            'WILDCARDS AND PAGING', '-ThrottleLimit', '-BatchSize', '-WhatIf', '-ErrorAction Stop', 'TargetObject', 'ObjectNotFound',
            'API VERSIONS', '-ApiVersion v2', 'THE EMULATOR') {
            $text | Should -BeLike "*$topic*" -Because "about_DataSources should cover $topic"
        }
    }
}

Describe 'The help build' {
    BeforeAll {
        $sources = Join-Path ([System.IO.Path]::GetTempPath()) "datasources-help-$([guid]::NewGuid())"
        Copy-Item -Recurse "$repo/src/DataSources.PowerShell/help" $sources
        $output = Join-Path $sources 'out'
    }

    AfterAll {
        Remove-Item -Recurse -Force $sources -ErrorAction SilentlyContinue
    }

    It 'fails, naming the cmdlet and parameter, when a parameter has no description' {
        $file = Join-Path $sources 'Find-DataSource.md'
        (Get-Content -Raw $file) -replace '(?s)### -PageSize.*?(?=### )', '' | Set-Content -NoNewline $file
        { & "$repo/tools/Build-Help.ps1" -ManifestPath "$repo/DataSources.psd1" -SourcePath $sources -OutputPath $output } |
            Should -Throw '*parameter -PageSize of Find-DataSource has no description*'
        Test-Path $output | Should -BeFalse
    }
}
