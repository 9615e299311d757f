BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $emulator = Start-Emulator -ArgumentList '--seed-count', '200'
    Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
    $missing = 'ffffffffffffffffffffffff'

    function Get-VerboseText([scriptblock] $Command) {
        & $Command 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
    }
}

AfterAll {
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
}

Describe '-Verbose and -Debug' {
    AfterEach { Clear-EmulatorFaults -Emulator $emulator }

    It '-Verbose narrates each request: method, path, status, milliseconds and attempt' {
        $lines = @(Get-VerboseText { Find-DataSource -First 2 -Verbose | Out-Null })
        $lines | Should -HaveCount 1
        $lines[0] | Should -Match '^POST /api/public/v3/data-sources/filter\?skip=0&limit=2 200 \d+ ms \(attempt 1\)$'
    }

    It 'says nothing without -Verbose, and follows $VerbosePreference' {
        Get-VerboseText { Find-DataSource -First 1 | Out-Null } | Should -BeNullOrEmpty
        $VerbosePreference = 'Continue'
        Get-VerboseText { Find-DataSource -First 1 | Out-Null } | Should -HaveCount 1
    }

    It 'narrates each retry, and ends with a ServerError when the server keeps failing' {
        Set-EmulatorFaults -Emulator $emulator -Faults @{ statuses = @(503); retryAfterSeconds = 0; routes = @('GET *') }

        $lines = @(Get-DataSource -Id $missing -Verbose -ErrorVariable problems -ErrorAction SilentlyContinue 4>&1 | ForEach-Object Message)

        $lines | Should -HaveCount 5
        $lines[0] | Should -Match '^GET /api/public/v3/data-sources/f{24} 503 \d+ ms \(attempt 1\): .*retrying'
        $lines[4] | Should -Match '\(attempt 5\)'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ServerError,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $problems[0].TargetObject | Should -Be $missing
    }

    It 'reports 429 after the retries as LimitsExceeded' {
        Set-EmulatorFaults -Emulator $emulator -Faults @{ statuses = @(429); retryAfterSeconds = 0; routes = @('GET *') }

        Get-DataSource -Id $missing -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeLike 'Throttled,*'
        $problems[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'writes the log lines of parallel PATCHes from the pipeline thread, one per request' {
        $sources = Find-DataSource -First 6
        $lines = @(Get-VerboseText { $sources | Set-DataSource -Note 'logged' -ThrottleLimit 4 -Verbose })
        ($lines | Where-Object { $_ -like 'PATCH *' }) | Should -HaveCount 6
    }

    It 'gives each command its own log: Find''s requests do not show in a verbose Set downstream' {
        $lines = @(Get-VerboseText { Find-DataSource -First 3 | Set-DataSource -Note 'mine' -Verbose })
        ($lines | Where-Object { $_ -like 'PATCH *' }) | Should -HaveCount 3
        ($lines | Where-Object { $_ -like '*filter*' }) | Should -BeNullOrEmpty
    }

    It '-Debug adds the request and response bodies' {
        $debug = @(Find-DataSource -Name 'prod-*' -First 1 -Debug 5>&1 |
            Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
        $debug | Should -HaveCount 2
        $debug[0] | Should -Match ([regex]::Escape('request body: {"filters":{"resourceNames":["prod-*"]}}') + '$')
        $debug[1] | Should -BeLike '*answered 200*"pageInfo"*'
    }
}

Describe '-Debug in a runbook' {
    It 'asks nothing: in a non-interactive pwsh the commands run through, their verbose lines and warnings shown as debug lines' {
        # PowerShell makes -Debug without -Verbose prompt at each verbose line and warning, which fails here.
        Import-Module "$repo/tools/ChildPwsh.psm1" -Force
        $pwsh = @(Get-PwshCommand)
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$repo/DataSources.psd1'
Connect-DataSourceService -Uri '$($emulator.Uri)' -Credential ([pscredential]::new('admin', (ConvertTo-SecureString 'admin' -AsPlainText -Force))) -Debug
`$existing = (Find-DataSource -First 1).Name
New-DataSource -Name `$existing -DatabaseType MYSQL -SkipExisting -Debug
`$changed = Find-DataSource -First 1 | Set-DataSource -CostPerTb @{ price = 1 } -PassThru -Debug
"changed: `$(@(`$changed).Count)"
Disconnect-DataSourceService -Debug
Disconnect-DataSourceService -Debug
'the runbook ran through'
"@
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 5>&1 | Out-String
        $code = $LASTEXITCODE

        $output | Should -Not -BeLike '*NonInteractive*'
        $output | Should -BeLike '*DEBUG: Connected to *'
        $output | Should -BeLike '*DEBUG: Skipped *'
        $output | Should -BeLike '*DEBUG: Not connected.*'
        $output | Should -BeLike '*DEBUG: WARNING: -CostPerTb replaces the stored costPerTb whole*' -Because 'a warning under -Debug would prompt too'
        $output | Should -BeLike '*changed: 1*'
        $output | Should -BeLike '*the runbook ran through*'
        $code | Should -Be 0
    }
}

Describe 'Errors a script can act on' {
    AfterEach {
        Clear-EmulatorFaults -Emulator $emulator
        Clear-EmulatorBehaviour -Emulator $emulator
    }

    It '-ErrorAction Stop turns a per-item error into an exception that try/catch sees' {
        $caught = $null
        try { Set-DataSource -Id $missing -Note 'x' -ErrorAction Stop }
        catch [DataSources.Client.DataSourceApiException] { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'DataSourceNotFound,*'
        $caught.TargetObject | Should -Be $missing
        $caught.Exception.Message | Should -BeLike '*404*'
    }

    It 'collects every per-item error with -ErrorVariable, and the pipeline goes on' {
        $name = (Find-DataSource -First 1).Name
        $rows = @{ Name = $name; DatabaseType = 'MYSQL' }, @{ Name = 'fresh-one'; DatabaseType = 'MYSQL' }, @{ Name = 'x' }

        $created = $rows | New-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $created.Name | Should -Be 'fresh-one'
        $problems | Should -HaveCount 2
        $problems.FullyQualifiedErrorId | Should -BeLike '*,DataSources.Commands.NewDataSourceCommand'
    }

    It 'when an error stops Set-DataSource, each change already made has been written first (<How>)' -ForEach @(
        @{ How = '-ErrorAction Stop'; Preference = 'Continue'; Parameters = @{ ErrorAction = 'Stop' } }
        @{ How = '$ErrorActionPreference = Stop'; Preference = 'Stop'; Parameters = @{} }
    ) {
        $ids = @((Find-DataSource -First 20).Id)
        $ids[3] = $missing
        $note = "stop-$([guid]::NewGuid())"
        $written = [System.Collections.Generic.List[string]]::new()
        # Every answer takes a moment, and a server that answers 500 for an unknown id costs the
        # module a look-up to tell it apart: the error comes a round trip after the first changes,
        # while the next ones are in flight.
        Set-EmulatorBehaviour -Emulator $emulator -Behaviour @{ unknownId = '500' }
        Set-EmulatorFaults -Emulator $emulator -Faults @{ latencyMs = 50 }

        $caught = $null
        try {
            & {
                $ErrorActionPreference = $Preference
                $ids | Set-DataSource -Note $note -PassThru @Parameters | ForEach-Object { $written.Add($_.Id) }
            }
        }
        catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'DataSourceNotFound,*'
        $changed = @(Get-ServerDataSource -Emulator $emulator | Where-Object note -eq $note | ForEach-Object _id)
        $changed.Count | Should -BeGreaterThan 3
        $written | Sort-Object | Should -Be ($changed | Sort-Object)
    }

    It 'when a refused row stops Set-DataSource, the updates already on their way have been written first' {
        $ids = @((Find-DataSource -First 6).Id)
        $note = "row-stop-$([guid]::NewGuid())"
        $rows = $ids | ForEach-Object { [pscustomobject]@{ Id = $_; Note = $note } }
        $rows[3] = [pscustomobject]@{ Id = $ids[3]; Note = $note; Colour = 'red' }
        $written = [System.Collections.Generic.List[string]]::new()
        Set-EmulatorFaults -Emulator $emulator -Faults @{ latencyMs = 200; routes = @('PATCH *') }

        $caught = $null
        try { $rows | Set-DataSource -PassThru -ErrorAction Stop | ForEach-Object { $written.Add($_.Id) } }
        catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
        $written | Sort-Object | Should -Be ($ids[0..2] | Sort-Object)
        @(Get-ServerDataSource -Emulator $emulator | Where-Object note -eq $note | ForEach-Object _id) | Sort-Object | Should -Be ($ids[0..2] | Sort-Object)
    }

    It 'when an error stops New-DataSource, each source its batch created has been written first' {
        $existing = (Find-DataSource -First 1).Name
        $rows = @{ Name = 'stop-new-1'; DatabaseType = 'MYSQL' }, @{ Name = $existing; DatabaseType = 'MYSQL' }, @{ Name = 'stop-new-2'; DatabaseType = 'MYSQL' }
        $written = [System.Collections.Generic.List[string]]::new()

        $caught = $null
        try { $rows | New-DataSource -ErrorAction Stop | ForEach-Object { $written.Add($_.Name) } }
        catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'DataSourceExists,*'
        $created = @(Get-ServerDataSource -Emulator $emulator -Name 'stop-new-*' | ForEach-Object resourceName)
        $created | Should -Be @('stop-new-1', 'stop-new-2')
        $written | Should -Be $created
    }

    It 'when a field set right after a create fails and stops New-DataSource, every source of the batch has been written first' {
        Set-EmulatorFaults -Emulator $emulator -Faults @{ statuses = @(400); routes = @('PATCH *') }
        $rows = @{ Name = 'after-1'; DatabaseType = 'MYSQL'; Incremental = 'true' }, @{ Name = 'after-2'; DatabaseType = 'MYSQL' }, @{ Name = 'after-3'; DatabaseType = 'MYSQL' }
        $written = [System.Collections.Generic.List[string]]::new()

        $caught = $null
        try { $rows | New-DataSource -ErrorAction Stop | ForEach-Object { $written.Add($_.Name) } }
        catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'AfterCreateFieldsNotSet,*'
        $written | Should -Be @('after-1', 'after-2', 'after-3')
        @(Get-ServerDataSource -Emulator $emulator -Name 'after-*' | ForEach-Object resourceName) | Should -Be @('after-1', 'after-2', 'after-3')
    }

    It 'when a data source with no field to set ends Set-DataSource, the rows'' updates on their way have been written first' {
        $sources = @(Find-DataSource -First 4)
        $note = "no-field-$([guid]::NewGuid())"
        $rows = @($sources[0..2] | ForEach-Object { [pscustomobject]@{ Id = $_.Id; Note = $note } }) + $sources[3]
        $written = [System.Collections.Generic.List[string]]::new()
        Set-EmulatorFaults -Emulator $emulator -Faults @{ latencyMs = 200; routes = @('PATCH *') }

        $caught = $null
        try { $rows | Set-DataSource -PassThru | ForEach-Object { $written.Add($_.Id) } }
        catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'NoFieldToSet,*'
        $written | Sort-Object | Should -Be ($sources[0..2].Id | Sort-Object)
        @(Get-ServerDataSource -Emulator $emulator | Where-Object note -eq $note | ForEach-Object _id) | Sort-Object | Should -Be ($sources[0..2].Id | Sort-Object)
    }

    It '-ErrorAction Ignore keeps errors out of $Error' {
        $Error.Clear()
        Get-DataSource -Id $missing -ErrorAction Ignore
        $Error | Should -BeNullOrEmpty
    }
}

Describe 'Ctrl+C' {
    AfterEach { Clear-EmulatorFaults -Emulator $emulator }

    It 'stops a command waiting on the server at once, without an error' {
        Clear-EmulatorStats -Emulator $emulator
        # The filter answer is held back for a minute: a stop that waited for it would see it answered.
        Set-EmulatorFaults -Emulator $emulator -Faults @{ latencyMs = 60000; routes = @('POST */filter') }
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript('
                param($Manifest, $Uri)
                Import-Module $Manifest
                Connect-DataSourceService -Uri $Uri -Credential ([pscredential]::new("admin", (ConvertTo-SecureString "admin" -AsPlainText -Force)))
                Find-DataSource').AddParameter('Manifest', "$repo/DataSources.psd1").AddParameter('Uri', $emulator.Uri)
            $async = $shell.BeginInvoke()
            while ((Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /keycloak/realms/pdc/protocol/openid-connect/token') -eq 0 -and -not $async.IsCompleted) {
                Start-Sleep -Milliseconds 50
            }
            Start-Sleep -Milliseconds 300  # the filter request is now on its way

            $shell.Stop()

            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $shell.Streams.Error | Should -BeNullOrEmpty
            Get-EmulatorRequestCount -Emulator $emulator -Status 200 | Should -Be 2 -Because 'only the login and the probe for the API version were answered'
        }
        finally { $shell.Dispose() }
    }
}
