# Reliability end to end: the cmdlets under the emulator's injected faults, when retries run out,
# across token expiries, and when stopped mid-way. Every outcome is checked on the server.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $emulator = Start-Emulator
    $createRoute = 'POST /api/public/v3/data-sources'
    $filterRoute = 'POST /api/public/v3/data-sources/filter'
    $patchRoute = 'PATCH /api/public/v3/data-sources/{id}'

    # A fifth of all requests fail, a third of those each way: 503, 429 (with Retry-After: 0, to keep
    # the suite short), or a connection lost before or after the server applies the request.
    function Set-TwentyPercentFaults([string] $Drop) {
        Set-EmulatorFaults -Emulator $emulator -Faults @{ rate = 0.2; statuses = @(503, 429); retryAfterSeconds = 0; drop = $Drop; routes = @('*') }
    }

    # Runs a pipeline with -Verbose on; returns its output, its errors, and its request log (one line per attempt).
    function Invoke-Logged([scriptblock] $Command) {
        $VerbosePreference = 'Continue'
        $all = @(& $Command 2>&1 4>&1)
        [pscustomobject]@{
            Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] -and $_ -isnot [System.Management.Automation.ErrorRecord] })
            Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Log = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        }
    }

    # Proof that a scenario met every kind of fault, not just that it ended well: the server
    # answered 429 and 503, and the module's log shows connections that broke.
    function Assert-EveryFaultMet([string[]] $Log) {
        Get-EmulatorRequestCount -Emulator $emulator -Status 429 | Should -BeGreaterThan 0
        Get-EmulatorRequestCount -Emulator $emulator -Status 503 | Should -BeGreaterThan 0
        $Log -like '*(attempt *): connection broke*' | Should -Not -BeNullOrEmpty
    }
}

AfterAll {
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
}

Describe 'Under 20% faults (503, 429 with Retry-After, connections dropped <Drop> the request is applied)' -ForEach @(
    @{ Drop = 'before' }
    @{ Drop = 'after' }
) {
    BeforeAll {
        # Each request gets ten tries: at 20% faults 0.2^10 leaves one request in ten million
        # failed, where the default five tries leave one in 3,000, about one per 2,000-source pipeline.
        Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -MaximumRetryCount 9
    }

    AfterEach { Clear-EmulatorFaults -Emulator $emulator }

    It 'Find-DataSource over 5,000 sources returns each exactly once' {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 5000
        $stored = (Get-ServerDataSource -Emulator $emulator)._id
        Clear-EmulatorStats -Emulator $emulator
        Set-TwentyPercentFaults $Drop

        # Small pages: 200 requests, so that every kind of fault surely comes up.
        $run = Invoke-Logged { Find-DataSource -PageSize 25 }
        $found = $run.Output

        $run.Errors | Should -BeNullOrEmpty
        $stored | Should -HaveCount 5000
        $found | Should -HaveCount 5000
        ($found.Id -join ',') | Should -BeExactly ($stored -join ',') -Because 'each once, in the server''s order'
        Assert-EveryFaultMet $run.Log
    }

    It 'the headline pipeline updates every one of some 2,000 prod- sources, checked on the server' {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 8000
        $prod = @(Get-ServerDataSource -Emulator $emulator -Name 'prod-*')
        Clear-EmulatorStats -Emulator $emulator
        Set-TwentyPercentFaults $Drop

        $run = Invoke-Logged { Find-DataSource -Name prod-* | Set-DataSource -Incremental $true }

        Clear-EmulatorFaults -Emulator $emulator
        $run.Errors | Should -BeNullOrEmpty
        $prod.Count | Should -BeGreaterThan 1900
        $incremental = (Get-ServerDataSource -Emulator $emulator | Where-Object incremental -eq $true)._id
        ($incremental -join ',') | Should -BeExactly ($prod._id -join ',') -Because 'exactly the prod- sources changed'
        Assert-EveryFaultMet $run.Log
    }

    It 'Import-Csv | New-DataSource of 2,000 rows creates each row exactly once, and reports no false error' {
        Reset-EmulatorStore -Emulator $emulator
        $csv = Join-Path $TestDrive "sources-$Drop.csv"
        $names = 1..2000 | ForEach-Object { 'csv-{0:D4}' -f $_ }
        $names | ForEach-Object { [pscustomobject]@{ Name = $_; DatabaseType = 'POSTGRES'; Host = "$_.example.com"; Port = 5432; IncludePatterns = 'public.*;sales.*' } } |
            Export-Csv -LiteralPath $csv
        Clear-EmulatorStats -Emulator $emulator
        Set-TwentyPercentFaults $Drop

        # Batches of ten: 200 creates, so that answers are surely lost (drop after) or refused.
        $run = Invoke-Logged { Import-Csv -LiteralPath $csv | New-DataSource -BatchSize 10 }
        $created = $run.Output

        $lookups = Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute
        Clear-EmulatorFaults -Emulator $emulator
        $run.Errors | Should -BeNullOrEmpty
        $stored = @(Get-ServerDataSource -Emulator $emulator -Name 'csv-*')
        ($stored.resourceName -join ',') | Should -BeExactly ($names -join ',') -Because 'each row once, none missing'
        ($created.Id -join ',') | Should -BeExactly ($stored._id -join ',') -Because 'each row is reported created, as it is on the server'
        $stored[0].includePatterns | Should -Be @('public.*', 'sales.*')
        Assert-EveryFaultMet $run.Log
        # Creates whose answer never came (lost, with drop after), each followed by a look-up of its names.
        $run.Log -like 'POST /api/public/v3/data-sources - * ms (attempt *): connection broke*' | Should -Not -BeNullOrEmpty
        $lookups | Should -BeGreaterThan 0
    }
}

Describe 'Retries exhausted' {
    BeforeAll {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 40
        # Three tries per request, so that the failures come quickly.
        $connection = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -MaximumRetryCount 2 -PassThru
        $sources = @(Find-DataSource -Connection $connection)
    }

    AfterEach { Clear-EmulatorFaults -Emulator $emulator }

    It 'gives each failed update a clear LimitsExceeded or ConnectionError, the others succeed, and the errors'' targets piped back re-run them' {
        # One at a time (-ThrottleLimit 1), every PATCH of items 10-14 is throttled and every PATCH of items 20-24 loses its connection.
        $faultsFrom = @{
            10 = @{ rate = 1.0; statuses = @(429); retryAfterSeconds = 0; routes = @('PATCH *') }
            15 = $null
            20 = @{ rate = 1.0; statuses = @(); drop = 'before'; routes = @('PATCH *') }
            25 = $null
        }
        Clear-EmulatorStats -Emulator $emulator
        $position = 0
        $updated = $sources | ForEach-Object {
            if ($faultsFrom.ContainsKey($position)) {
                if ($faultsFrom[$position]) { Set-EmulatorFaults -Emulator $emulator -Faults $faultsFrom[$position] }
                else { Clear-EmulatorFaults -Emulator $emulator }
            }
            $position++
            $_
        } | Set-DataSource -Connection $connection -Note 'first run' -ThrottleLimit 1 -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue

        $throttled = @($sources[10..14].Id)
        $disconnected = @($sources[20..24].Id)
        $updated | Should -HaveCount 30
        $failed | Should -HaveCount 10
        $failed[0..4].TargetObject | Should -Be $throttled
        $failed[0..4].CategoryInfo.Category | Should -Be (@('LimitsExceeded') * 5)
        $failed[0..4].FullyQualifiedErrorId | Should -BeLike 'Throttled,*'
        $failed[0].Exception.Message | Should -BeLike "Too Many Requests* (429 Too Many Requests from PATCH /api/public/v3/data-sources/$($throttled[0])). Gave up after 3 attempts."
        $failed[5..9].TargetObject | Should -Be $disconnected
        $failed[5..9].CategoryInfo.Category | Should -Be (@('ConnectionError') * 5)
        $failed[5..9].FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $failed[5].Exception.Message | Should -BeLike "The connection to 127.0.0.1:* broke before the answer to PATCH /api/public/v3/data-sources/$($disconnected[0]) arrived (*). Gave up after 3 attempts. Whether the change was made is unknown; sending it again is safe, as it sets the same values."
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be (30 + 10 * 3) -Because '-MaximumRetryCount 2 means three tries'
        $noted = Get-ServerDataSource -Emulator $emulator | Where-Object note -eq 'first run'
        $noted | Should -HaveCount 30
        $noted._id | Should -Not -Contain $throttled[0]

        $rerun = $failed.TargetObject | Set-DataSource -Connection $connection -Note 'first run' -PassThru -ErrorVariable again

        $again | Should -BeNullOrEmpty
        $rerun.Id | Sort-Object | Should -Be ($throttled + $disconnected | Sort-Object)
        Get-ServerDataSource -Emulator $emulator | Where-Object note -eq 'first run' | Should -HaveCount 40
    }

    It 'gives each item of a throttled create batch a LimitsExceeded error, the other batches are created, and the failed rows can go again' {
        Reset-EmulatorStore -Emulator $emulator
        $rows = 1..6 | ForEach-Object { [pscustomobject]@{ Name = "batch-$_"; DatabaseType = 'MYSQL' } }
        $position = 0
        $created = $rows | ForEach-Object {
            # The second batch of two (rows 3 and 4) meets nothing but 429s. It is on its way while
            # the rows after it are read, so the faults end once the server has refused all its attempts.
            if ($position -eq 2) {
                # The first batch is on its way too: it must have been answered before the faults begin.
                Wait-EmulatorStatusCount -Emulator $emulator -Status 201 -Count 1
                Set-EmulatorFaults -Emulator $emulator -Faults @{ rate = 1.0; statuses = @(429); retryAfterSeconds = 0; routes = @('POST *') }
            }
            if ($position -eq 4) {
                Wait-EmulatorStatusCount -Emulator $emulator -Status 429 -Count 3
                Clear-EmulatorFaults -Emulator $emulator
            }
            $position++
            $_
        } | New-DataSource -Connection $connection -BatchSize 2 -ErrorVariable failed -ErrorAction SilentlyContinue

        $created.Name | Should -Be @('batch-1', 'batch-2', 'batch-5', 'batch-6')
        $failed.TargetObject | Should -Be @('batch-3', 'batch-4')
        $failed.CategoryInfo.Category | Should -Be @('LimitsExceeded', 'LimitsExceeded')
        $failed[0].Exception.Message | Should -BeLike '*(429 Too Many Requests from POST /api/public/v3/data-sources). Gave up after 3 attempts.'

        # The error names the row (a row may carry a password, so the row itself is not kept): pick those rows again.
        $retried = $rows | Where-Object Name -in $failed.TargetObject | New-DataSource -Connection $connection -ErrorVariable again

        $again | Should -BeNullOrEmpty
        $retried.Name | Should -Be @('batch-3', 'batch-4')
        (Get-ServerDataSource -Emulator $emulator -Name 'batch-*').resourceName | Sort-Object | Should -Be ($rows.Name)
    }

    It 'says per item of a create whose answers are all lost that whether it was created is unknown, not that the look-up failed, as it may well exist' {
        Reset-EmulatorStore -Emulator $emulator
        # Every create is applied and its answer lost; every look-up by name is lost too.
        Set-EmulatorFaults -Emulator $emulator -Faults @{ rate = 1.0; statuses = @(); drop = 'after'; routes = @('POST *') }

        $created = @{ Name = 'lost-1'; DatabaseType = 'MYSQL' }, @{ Name = 'lost-2'; DatabaseType = 'MYSQL' } |
            New-DataSource -Connection $connection -ErrorVariable failed -ErrorAction SilentlyContinue

        $created | Should -BeNullOrEmpty
        $failed.TargetObject | Should -Be @('lost-1', 'lost-2')
        $failed.CategoryInfo.Category | Should -Be @('ConnectionError', 'ConnectionError')
        $failed[0].Exception.Message | Should -BeLike ('The connection to * broke before the answer to POST /api/public/v3/data-sources arrived (*). ' +
            'Whether the 2 data source(s) were created could not be checked, as looking them up failed too; look them up by resource name before creating them again.')
        Clear-EmulatorFaults -Emulator $emulator
        (Get-ServerDataSource -Emulator $emulator -Name 'lost-*').resourceName | Should -Be @('lost-1', 'lost-2')
    }
}

Describe 'A create answered 500 after the server stored part of the batch' {
    AfterEach { Clear-EmulatorFaults -Emulator $emulator }

    It 'reports what exists as created, the rest as a ServerError each, and sends nothing again' {
        Reset-EmulatorStore -Emulator $emulator
        Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
        # What a server that stored the first item and then failed leaves behind.
        $stored = New-DataSource -Name 'stored-before-500' -DatabaseType MYSQL
        Clear-EmulatorStats -Emulator $emulator
        Set-EmulatorFaults -Emulator $emulator -Faults @{ rate = 1.0; statuses = @(500); routes = @($createRoute) }

        $created = @{ Name = 'stored-before-500'; DatabaseType = 'MYSQL' }, @{ Name = 'lost-in-500'; DatabaseType = 'MYSQL' } |
            New-DataSource -ErrorVariable failed -ErrorAction SilentlyContinue

        $created.Id | Should -Be $stored.Id
        $failed | Should -HaveCount 1
        $failed[0].TargetObject | Should -Be 'lost-in-500'
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ServerError,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $failed[0].Exception.Message | Should -BeLike '*(500 Internal Server Error from POST /api/public/v3/data-sources)'
        Get-EmulatorRequestCount -Emulator $emulator -Route $createRoute | Should -Be 1 -Because 'a 500 may repeat: the batch is looked up, not sent again'
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 1
    }
}

Describe 'A create refused for a name that exists, when the look-up after it fails' {
    AfterEach { Clear-EmulatorFaults -Emulator $emulator }

    It 'says of the rows before the existing name that they may have been created, not what the look-up met' {
        Reset-EmulatorStore -Emulator $emulator
        Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
        $null = New-DataSource -Name 'exists-already' -DatabaseType MYSQL
        Set-EmulatorFaults -Emulator $emulator -Faults @{ rate = 1.0; statuses = @(500); routes = @($filterRoute) }

        # The default emulator stores the rows before the first duplicate and refuses the batch.
        $created = @{ Name = 'stored-unseen'; DatabaseType = 'MYSQL' }, @{ Name = 'exists-already'; DatabaseType = 'MYSQL' },
            @{ Name = 'after-existing'; DatabaseType = 'MYSQL' } | New-DataSource -ErrorVariable failed -ErrorAction SilentlyContinue

        $created | Should -BeNullOrEmpty
        $failed.TargetObject | Should -Be @('stored-unseen', 'exists-already', 'after-existing')
        $failed.FullyQualifiedErrorId -replace ',.*' | Should -Be @('ServerError', 'DataSourceExists', 'DataSourceCreateRefused')
        $failed[0].Exception.Message | Should -BeLike ("The server refused the batch at 'exists-already', a name that exists, and may have stored the data sources before it; " +
            'whether this one was created could not be checked, as looking it up failed too (*500*). Look it up by resource name before creating it again.')
        $failed[2].Exception.Message | Should -BeLike "*stores nothing after that one: send it again."
        Clear-EmulatorFaults -Emulator $emulator
        (Get-ServerDataSource -Emulator $emulator -Name '*').resourceName | Sort-Object | Should -Be @('exists-already', 'stored-unseen')
    }
}

Describe 'Token expiry, with tokens that live 3 seconds' {
    BeforeAll {
        $shortLived = Start-Emulator -ArgumentList '--token-lifetime', '3', '--seed-count', '40'
    }

    AfterAll {
        if ($shortLived) { Stop-Emulator $shortLived }
    }

    It 'with -Credential, a pipeline that runs past several expiries completes without error' {
        $connection = Connect-DataSourceService -Uri $shortLived.Uri -Credential (New-TestCredential) -PassThru
        Clear-EmulatorStats -Emulator $shortLived

        # 34 sources, 0.3 s each: over 10 s, past at least three token expiries.
        Find-DataSource -Connection $connection -ErrorVariable findProblems |
            Select-Object -First 34 |
            ForEach-Object { Start-Sleep -Milliseconds 300; $_ } |
            Set-DataSource -Connection $connection -Note 'across expiries' -ErrorVariable setProblems

        $findProblems | Should -BeNullOrEmpty
        $setProblems | Should -BeNullOrEmpty
        Get-ServerDataSource -Emulator $shortLived | Where-Object note -eq 'across expiries' | Should -HaveCount 34
        Get-EmulatorRequestCount -Emulator $shortLived -Route 'POST /keycloak/realms/pdc/protocol/openid-connect/token' |
            Should -BeGreaterOrEqual 4 -Because 'no token outlives 3 s, so 10 s of calls need at least four'
    }

    It 'with -Credential, a renewal the login server refuses with 503 ends the command once, not a login per item' {
        $connection = Connect-DataSourceService -Uri $shortLived.Uri -Credential (New-TestCredential) -MaximumRetryCount 2 -PassThru
        $ids = (Get-ServerDataSource -Emulator $shortLived)._id | Select-Object -First 20
        Set-EmulatorFaults -Emulator $shortLived -Faults @{ statuses = @(503); routes = @('POST /keycloak/*') }
        # Bounded: the token lives 3 s.
        for ($wait = 0; $wait -lt 100 -and [DateTimeOffset]::UtcNow -le $connection.TokenExpiresAt; $wait++) { Start-Sleep -Milliseconds 100 }
        Clear-EmulatorStats -Emulator $shortLived

        $err = $null
        try { $ids | Set-DataSource -Connection $connection -Note 'never sent' -ErrorAction SilentlyContinue } catch { $err = $_ }
        $logins = Get-EmulatorRequestCount -Emulator $shortLived -Route 'POST /keycloak/realms/pdc/protocol/openid-connect/token'
        $patches = Get-EmulatorRequestCount -Emulator $shortLived -Route 'PATCH /api/public/v3/data-sources/{id}'
        Clear-EmulatorFaults -Emulator $shortLived

        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $err.Exception.Message | Should -BeLike "Logging in again as 'admin' to renew the access token failed, so no request can be sent: *503*"
        $logins | Should -Be 3 -Because 'one login, with its 2 retries, for all the updates in flight: not one per item'
        $patches | Should -Be 0
        Find-DataSource -Connection $connection -First 1 | Should -HaveCount 1 -Because 'the next command logs in afresh'
    }

    It 'with -Token, the first call after expiry fails with an AuthenticationError naming the expiry time and the fix, sending nothing' {
        $login = Invoke-RestMethod -Method Post -Uri "$($shortLived.Uri)/api/public/v3/auth" -Body @{ username = 'admin'; password = 'admin' }
        $connection = Connect-DataSourceService -Uri $shortLived.Uri -Token (ConvertTo-SecureString $login.data.accessToken -AsPlainText -Force) -PassThru
        Find-DataSource -Connection $connection -First 1 | Should -HaveCount 1
        # Bounded: the token lives 3 s.
        for ($wait = 0; $wait -lt 100 -and [DateTimeOffset]::UtcNow -le $connection.TokenExpiresAt; $wait++) { Start-Sleep -Milliseconds 100 }
        Clear-EmulatorStats -Emulator $shortLived

        $err = { Find-DataSource -Connection $connection } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $expiry = $connection.TokenExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
        $err.Exception.Message | Should -BeExactly "The access token expired at $expiry. Run Connect-DataSourceService again with a new token."
        Get-EmulatorRequestCount -Emulator $shortLived | Should -Be 0 -Because 'the module knows the token has expired'

        $fresh = Invoke-RestMethod -Method Post -Uri "$($shortLived.Uri)/api/public/v3/auth" -Body @{ username = 'admin'; password = 'admin' }
        $connection = Connect-DataSourceService -Uri $shortLived.Uri -Token (ConvertTo-SecureString $fresh.data.accessToken -AsPlainText -Force) -PassThru
        Find-DataSource -Connection $connection -First 1 | Should -HaveCount 1
    }
    It 'with -Token, Set-DataSource writes each change the server made before it stops at the expiry: none is left unreported in flight' {
        $ids = (Get-ServerDataSource -Emulator $shortLived)._id | Select-Object -First 30
        # Each round trip takes 1 s, half each way as on a network: a PATCH sent in the second before
        # the expiry may be stored before it, while its answer comes back after it.
        Set-EmulatorBehaviour -Emulator $shortLived -Behaviour @{ latencyMs = 1000 }
        $written = [System.Collections.Generic.List[object]]::new()
        $err = $null
        try {
            $token = ConvertTo-SecureString (New-EmulatorToken -Emulator $shortLived) -AsPlainText -Force
            $connection = Connect-DataSourceService -Uri $shortLived.Uri -Token $token -NoDefault -PassThru
            # One id every 0.2 s: when the token expires, PATCHes are on their way in both halves of their round trip.
            $ids | ForEach-Object { Start-Sleep -Milliseconds 200; $_ } |
                Set-DataSource -Connection $connection -Note 'stored before the expiry' -ThrottleLimit 8 -PassThru |
                ForEach-Object { $written.Add($_) }
        }
        catch { $err = $_ }
        finally { Clear-EmulatorBehaviour -Emulator $shortLived }

        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $changed = @((Get-ServerDataSource -Emulator $shortLived | Where-Object note -eq 'stored before the expiry')._id)
        $changed.Count | Should -BeGreaterThan 0
        $changed.Count | Should -BeLessThan 30 -Because 'the token expires before the last id is sent'
        @($written.Id | Sort-Object) | Should -Be @($changed | Sort-Object) -Because 'each data source the server changed is written before the error'
    }
}

Describe 'A server that goes away mid-run' {
    BeforeEach {
        $gone = Start-Emulator -ArgumentList '--seed-count', '40'
        $connection = Connect-DataSourceService -Uri $gone.Uri -Credential (New-TestCredential) -NoDefault -PassThru
        $ids = (Find-DataSource -Connection $connection).Id
        Stop-Emulator $gone
        $stopped = 'Stopped: Could not connect to *Nothing more was sent; run the command again once the server can be reached.'
    }

    It 'Set-DataSource writes what was in flight, then stops with one terminating error instead of retrying every item left' {
        $err = $null
        try { $ids | Set-DataSource -Connection $connection -Note 'down' -ErrorVariable failed -ErrorAction SilentlyContinue } catch { $err = $_ }

        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $err.Exception.Message | Should -BeLike $stopped
        $items = @($failed | Where-Object TargetObject -in $ids)
        $items.Count | Should -BeIn (1..4) -Because 'only the -ThrottleLimit 4 requests in flight were tried, not the 40 sources'
        $items | ForEach-Object { $_.Exception.Message | Should -BeLike 'Could not connect to *Gave up after*' }
    }

    It 'one item is terminating too, and so is Find-DataSource: a try/catch without -ErrorAction Stop sees it' {
        # -ErrorAction SilentlyContinue: what stops the command is terminating whatever it says.
        foreach ($command in { Set-DataSource -Connection $connection -Id $ids[0] -Note 'down' -ErrorAction SilentlyContinue },
            { Get-DataSource -Connection $connection -Id $ids[0] -ErrorAction SilentlyContinue },
            { Find-DataSource -Connection $connection -ErrorAction SilentlyContinue }) {
            $err = $null
            try { & $command; $went = 'on' } catch { $err = $_; $went = 'caught' }

            $went | Should -Be 'caught' -Because "$command met a server that cannot be reached"
            $err.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
            # The one item's error is written as it failed; the command's ends it, with nothing left to send.
            $err.Exception.Message | Should -BeLike '*Could not connect to *'
            $err.Exception.Message | Should -Not -BeLike '*Nothing more was sent*'
        }
    }

    It 'New-DataSource stops after the batch that could not be sent, not trying every batch' {
        $rows = 1..250 | ForEach-Object { @{ Name = "gone-$_"; DatabaseType = 'MYSQL' } }

        $err = $null
        try { $rows | New-DataSource -Connection $connection -ErrorVariable failed -ErrorAction SilentlyContinue } catch { $err = $_ }

        $err.Exception.Message | Should -BeLike $stopped
        @($failed | Where-Object TargetObject -like 'gone-*').TargetObject | Should -Be (1..100 | ForEach-Object { "gone-$_" })
    }

    It 'Get-DataSource stops after the batch that could not be sent, not trying every batch' {
        $many = 1..1200 | ForEach-Object { '{0:x24}' -f $_ }

        $err = $null
        try { $many | Get-DataSource -Connection $connection -ErrorVariable failed -ErrorAction SilentlyContinue } catch { $err = $_ }

        $err.Exception.Message | Should -BeLike $stopped
        @($failed | Where-Object TargetObject -in $many).Count | Should -Be 500
    }
}

Describe 'A server that stops answering mid-run' {
    BeforeAll { Reset-EmulatorStore -Emulator $emulator -SeedCount 60 }
    AfterEach { Clear-EmulatorFaults -Emulator $emulator }

    It 'Find-DataSource stops with a terminating error when pages fail after it wrote sources: a partial list never passes for the whole one' {
        $connection = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -MaximumRetryCount 0 -NoDefault -PassThru
        $seen = 0
        $err = $null
        try {
            Find-DataSource -Connection $connection -PageSize 5 | ForEach-Object {
                # Pages already read ahead still come out; every page asked for after this fails.
                if (++$seen -eq 1) { Set-EmulatorFaults -Emulator $emulator -Faults @{ statuses = @(503); routes = @('POST */filter') } }
            }
            $went = 'on'
        }
        catch { $err = $_; $went = 'caught' }

        $went | Should -Be 'caught'
        $seen | Should -BeGreaterThan 0
        $seen | Should -BeLessThan 60
        $err.Exception.Message | Should -BeLike "Stopped after $seen data source(s), so the listing is incomplete: *503*"
    }

    It 'Set-DataSource stops once the updates in flight got no answer within -TimeoutSec, instead of waiting as long for every item left' {
        $connection = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -MaximumRetryCount 0 -TimeoutSec 1 -NoDefault -PassThru
        $ids = (Get-ServerDataSource -Emulator $emulator)._id | Select-Object -First 40
        Set-EmulatorFaults -Emulator $emulator -Faults @{ latencyMs = 5000; routes = @('PATCH *') }
        Clear-EmulatorStats -Emulator $emulator

        $err = $null
        try { $ids | Set-DataSource -Connection $connection -Note 'hung' -ErrorVariable failed -ErrorAction SilentlyContinue } catch { $err = $_ }

        $err.FullyQualifiedErrorId | Should -BeLike 'Timeout,*'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.Exception.Message | Should -BeLike 'Stopped: No answer to PATCH * within 1 s. *Nothing more was sent; run the command again once the server answers in time (Connect-DataSourceService -TimeoutSec sets how long an answer may take).'
        @($failed | Where-Object TargetObject -in $ids).Count | Should -BeIn (1..4) -Because 'only the -ThrottleLimit 4 updates in flight waited, not the 40'
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -BeLessOrEqual 4
    }
}

Describe 'Cancellation' {
    BeforeAll {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 100000
    }

    AfterEach { Clear-EmulatorFaults -Emulator $emulator }

    It 'PowerShell.Stop() from another thread ends a Find-DataSource over 100,000 sources mid-way, and no request follows' {
        $firstPage = [System.Threading.ManualResetEventSlim]::new($false)
        $goOn = [System.Threading.ManualResetEventSlim]::new($false)
        $shell = [powershell]::Create()
        try {
            # Early in the first page the consumer waits, so that the test can hold the next pages back
            # before they are asked for (once half of the first page is taken).
            $null = $shell.AddScript('
                param($Manifest, $Uri, $FirstPage, $GoOn)
                Import-Module $Manifest
                Connect-DataSourceService -Uri $Uri -Credential ([pscredential]::new("admin", (ConvertTo-SecureString "admin" -AsPlainText -Force)))
                Find-DataSource -PageSize 1000 | ForEach-Object -Begin { $count = 0 } -Process {
                    $_
                    if (++$count -eq 100) { $FirstPage.Set(); $null = $GoOn.Wait(30000) }
                }').AddParameter('Manifest', "$repo/DataSources.psd1").AddParameter('Uri', $emulator.Uri).
                AddParameter('FirstPage', $firstPage).AddParameter('GoOn', $goOn)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $firstPage.Wait(30000) | Should -BeTrue -Because 'the first page arrives'
            # Every filter answer from now on is held back a minute: a stop that waited for one would not end in time.
            Set-EmulatorFaults -Emulator $emulator -Faults @{ latencyMs = 60000; routes = @($filterRoute) }
            $goOn.Set()
            for ($wait = 0; $wait -lt 300 -and ((Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute) -lt 3 -or $output.Count -lt 1000); $wait++) { Start-Sleep -Milliseconds 100 }
            Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 3 -Because 'the next two pages are asked for, and held back'
            $output.Count | Should -Be 1000 -Because 'the whole first page comes out while the second is awaited'

            $stopping = $shell.BeginStop($null, $null)

            $stopping.AsyncWaitHandle.WaitOne(5000) | Should -BeTrue -Because 'Stop() does not wait for the held-back page'
            $shell.EndStop($stopping)
            $async.IsCompleted | Should -BeTrue
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $shell.Streams.Error | Should -BeNullOrEmpty
            $output | Should -HaveCount 1000
            Start-Sleep -Seconds 1
            Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 3 -Because 'nothing is sent after the stop'
        }
        finally {
            $goOn.Set()
            $shell.Dispose()
        }
    }
}
