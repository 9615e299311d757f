# Tab completion as a user gets it at the prompt: TabExpansion2 on a command line, against an emulator.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $emulator = Start-Emulator -ArgumentList '--seed-count', '300'
    $server = Get-ServerDataSource -Emulator $emulator
    $filterRoute = 'POST /api/public/v3/data-sources/filter'

    # An empty folder as the current location: when a completer offers nothing, PowerShell falls back
    # to file names, and there are none here.
    $emptyFolder = Join-Path ([System.IO.Path]::GetTempPath()) "datasources-completion-$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory -Path $emptyFolder
    Push-Location $emptyFolder

    function Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll {
    Pop-Location
    Remove-Item -LiteralPath $emptyFolder -Recurse -Force -ErrorAction SilentlyContinue
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
}

Describe '-DatabaseType completion' {
    It 'offers the known codes on <Command>' -ForEach @(@{ Command = 'Find-DataSource' }, @{ Command = 'New-DataSource' }) {
        (Complete "$Command -DatabaseType ").CompletionText |
            Should -Be 'AWS', 'POSTGRES', 'MYSQL', 'AZURE_BLOB_STORAGE', 'ORACLE', 'MSSQL', 'VERTICA'
    }

    It 'matches what was typed as a prefix, in any case, with * as a wildcard' {
        (Complete 'Find-DataSource -DatabaseType po').CompletionText | Should -Be 'POSTGRES'
        (Complete 'Find-DataSource -DatabaseType *SQL').CompletionText | Should -Be 'MYSQL', 'MSSQL'
        (Complete "Find-DataSource -DatabaseType 'az").CompletionText | Should -Be 'AZURE_BLOB_STORAGE'
    }

    It 'needs no connection' {
        Disconnect-DataSourceService
        (Complete 'New-DataSource -Name x -DatabaseType VER').CompletionText | Should -Be 'VERTICA'
    }
}

Describe 'Completion from the server while not connected' {
    BeforeAll {
        Disconnect-DataSourceService
        Clear-EmulatorStats -Emulator $emulator
    }

    It 'offers nothing for <Line>, and writes no error' -ForEach @(
        @{ Line = 'Find-DataSource -Name prod-' }, @{ Line = 'Get-DataSource -Id prod-' }, @{ Line = 'Set-DataSource -Id prod-' }
    ) {
        $Error.Clear()
        Complete $Line | Should -BeNullOrEmpty
        $Error | Should -BeNullOrEmpty
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }
}

Describe 'Completion from the connected server' {
    BeforeAll {
        Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
    }

    BeforeEach {
        Clear-EmulatorStats -Emulator $emulator
    }

    It 'completes -Name of Find-DataSource with the names that start with what was typed' {
        $expected = ($server | Where-Object resourceName -like 'prod-c*').resourceName
        $expected.Count | Should -BeGreaterThan 1
        (Complete 'Find-DataSource -Name prod-c').CompletionText | Should -Be $expected
    }

    It 'completes -Id of <Command> with the ids of the data sources whose names start with what was typed' -ForEach @(
        @{ Command = 'Find-DataSource' }, @{ Command = 'Get-DataSource' }, @{ Command = 'Set-DataSource' }
    ) {
        $expected = $server | Where-Object resourceName -like 'qa-b*'
        $offered = Complete "$Command -Id qa-b"
        $offered.CompletionText | Should -Be $expected._id
        $offered.ListItemText | Should -Be $expected.resourceName
    }

    It 'asks the server once, for at most 50, and answers the same word again from memory' {
        $prefixed = @($server | Where-Object resourceName -like 'dev-*')
        $prefixed.Count | Should -BeGreaterThan 50
        $first = Complete 'Find-DataSource -Name dev-'
        $first | Should -HaveCount 50
        (Complete 'Find-DataSource -Name dev-').CompletionText | Should -Be $first.CompletionText
        (Complete 'Get-DataSource -Id dev-') | Should -HaveCount 50
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 1
    }

    It 'quotes a name that PowerShell would otherwise split or read' {
        # Names with spaces exist on servers that allowed them.
        Set-EmulatorBehaviour -Emulator $emulator -Behaviour @{ allowSpacesInNames = $true }
        try { $null = New-DataSource -Name "sandbox o'brien db" -DatabaseType MYSQL }
        finally { Clear-EmulatorBehaviour -Emulator $emulator }
        (Complete 'Find-DataSource -Name sandbox').CompletionText | Should -Be "'sandbox o''brien db'"
    }

    It 'matches Find-DataSource''s -Name as -like does, ? and [ ] included, which the server does not know' {
        $null = 'wild-hr-x', 'wild-ar-y', 'wild-crm' | ForEach-Object { New-DataSource -Name $_ -DatabaseType MYSQL }

        (Complete 'Find-DataSource -Name wild-?r-').CompletionText | Sort-Object | Should -Be 'wild-ar-y', 'wild-hr-x'
        (Complete "Find-DataSource -Name 'wild-[h]r").CompletionText | Should -Be 'wild-hr-x'
        Complete "Find-DataSource -Name 'wild-[h" | Should -BeNullOrEmpty -Because 'a half-typed [ matches nothing yet, and says nothing'
    }

    It 'quotes a name that starts with a dash, which PowerShell would take for a parameter' {
        $null = New-DataSource -Name '-first-db' -DatabaseType MYSQL

        $completed = (Complete "Get-DataSource -Name '-fir").CompletionText

        $completed | Should -Be "'-first-db'"
        (Invoke-Expression "Get-DataSource -Name $completed").Name | Should -Be '-first-db'
    }

    It 'escapes the wildcard characters of a name for Find-DataSource, not for Get-DataSource''s exact -Name, so that the completed name finds that source alone' {
        $null = New-DataSource -Name 'wild-br[1]' -DatabaseType MYSQL
        $null = New-DataSource -Name 'wild-star*x' -DatabaseType MYSQL
        $null = New-DataSource -Name 'wild-starXYZx' -DatabaseType MYSQL

        foreach ($typed in 'wild-br', 'wild-star*') {
            $completed = (Complete "Find-DataSource -Name $typed")[0].CompletionText
            $found = Invoke-Expression "Find-DataSource -Name $completed"
            $found.Name | Should -Be ($typed -eq 'wild-br' ? 'wild-br[1]' : 'wild-star*x')
        }
        $exact = (Complete 'Get-DataSource -Name wild-br')[0].CompletionText
        (Invoke-Expression "Get-DataSource -Name $exact").Name | Should -Be 'wild-br[1]'
    }

    It 'uses the connection given with -Connection on the command line' {
        $other = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -PassThru
        Disconnect-DataSourceService
        try {
            $expected = ($server | Where-Object resourceName -like 'prod-i*').resourceName
            (Complete 'Find-DataSource -Connection $other -Name prod-i').CompletionText | Should -Be $expected
        }
        finally {
            Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
        }
    }

    It 'offers nothing, and writes no error, when the server fails' {
        Set-EmulatorFaults -Emulator $emulator -Faults @{ statuses = @(500); routes = @('POST */filter') }
        try {
            $Error.Clear()
            Complete 'Find-DataSource -Name qa-' | Should -BeNullOrEmpty
            $Error | Should -BeNullOrEmpty
        }
        finally { Clear-EmulatorFaults -Emulator $emulator }
    }

    It 'offers nothing, and writes no error, when the server is gone' {
        $gone = Start-Emulator
        Connect-DataSourceService -Uri $gone.Uri -Credential (New-TestCredential)
        Stop-Emulator $gone
        try {
            $Error.Clear()
            Complete 'Get-DataSource -Id prod-' | Should -BeNullOrEmpty
            $Error | Should -BeNullOrEmpty
        }
        finally { Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) }
    }
}
