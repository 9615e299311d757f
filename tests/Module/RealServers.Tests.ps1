# The key paths of the module against every plausible real-server answer that changes what the
# module sees: the emulator's default (the harshest plausible server) and each of its switches
# (README, "The emulator, for offline testing"). Each path is checked on the server afterwards.

BeforeDiscovery {
    $servers = @(
        @{ Name = 'answers as the harshest plausible real server (the default)'; Behaviour = @{} }
        @{ Name = 'stores nothing of a batch it refuses for a duplicate'; Behaviour = @{ duplicates = 'none-stored' } }
        @{ Name = 'refuses duplicates item by item (207)'; Behaviour = @{ duplicates = 'per-item' } }
        @{ Name = 'returns userName and accessId in clear'; Behaviour = @{ clearTextReads = $true } }
        @{ Name = 'returns incremental and scanSinceTimeframe'; Behaviour = @{ returnPatchOnlyFields = $true } }
        @{ Name = 'returns owners as stored'; Behaviour = @{ returnOwners = $true } }
        @{ Name = 'answers 400 for an unknown id'; Behaviour = @{ unknownId = '400' } }
        @{ Name = 'answers 200 with data: null for an unknown id'; Behaviour = @{ unknownId = 'null' } }
        @{ Name = 'answers 500 for an unknown id'; Behaviour = @{ unknownId = '500' } }
        @{ Name = 'takes an id that is not an ObjectId as unknown'; Behaviour = @{ malformedId = 'unknown' } }
        @{ Name = 'has no body limit'; Behaviour = @{ bodyLimit = 0 } }
        @{ Name = 'strips unknown keys silently'; Behaviour = @{ unknownKeys = 'strip' } }
        @{ Name = 'answers its framework errors in Fastify''s shape'; Behaviour = @{ errorShape = 'fastify' } }
        @{ Name = 'does not expose Keycloak''s token endpoint'; Behaviour = @{ keycloakRoute = 'absent' } }
        @{ Name = 'has no /auth route'; Behaviour = @{ authRoute = 'absent' } }
        @{ Name = 'redirects a refused token to a login page'; Behaviour = @{ unauthenticated = 'redirect' }; RefusedTokenSays = '*redirecting to the login page*' }
        @{ Name = 'answers a refused token with a login page'; Behaviour = @{ unauthenticated = 'login-page' }; RefusedTokenSays = '*That is a login page*' }
        @{ Name = 'serves only API v2'; Behaviour = @{ apiVersions = @('v2') }; Version = 'v2' }
        @{ Name = 'answers each request 20 ms after it, acting on it half-way'; Behaviour = @{ latencyMs = 20 } }
    )
}

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    # Tokens that live 2 s: a credential connection logs in again after about 1.5 s.
    $emulator = Start-Emulator -ArgumentList '--token-lifetime', '2'
    $target = Start-Emulator -ArgumentList '--token-lifetime', '2'
    $missing = 'ffffffffffffffffffffffff'

    function Wait-Renewal($Connection) {
        $expiry = $Connection.TokenExpiresAt
        while ([DateTimeOffset]::UtcNow -lt $expiry.AddMilliseconds(-400)) { Start-Sleep -Milliseconds 100 }
    }

    # What the server stores of each source, field by field, as JSON text: to compare before and after.
    function Get-StoredText([string] $Name = '*') {
        Get-ServerDataSource -Emulator $emulator -Name $Name | ForEach-Object { @{ Name = $_.resourceName; Text = ($_ | ConvertTo-Json -Depth 5 -Compress) } }
    }
}

AfterAll {
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
    if ($target) { Stop-Emulator $target }
}

Describe 'Against a server that <Name>' -ForEach $servers {
    BeforeAll {
        foreach ($server in $emulator, $target) {
            Reset-EmulatorStore -Emulator $server
            Clear-EmulatorBehaviour -Emulator $server
            if ($Behaviour.Count -gt 0) { Set-EmulatorBehaviour -Emulator $server -Behaviour $Behaviour }
        }
        $a = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -PassThru
        $b = Connect-DataSourceService -Uri $target.Uri -Credential (New-TestCredential) -PassThru -WarningAction SilentlyContinue
    }

    AfterAll {
        foreach ($server in $emulator, $target) { Clear-EmulatorBehaviour -Emulator $server }
    }

    It 'connects with a credential, to the newest version it serves, and logs in again as tokens expire' {
        $a.ApiVersion | Should -Be ($Version ?? 'v3')
        $first = $a.TokenExpiresAt
        Wait-Renewal $a

        Find-DataSource -Connection $a -First 1 -ErrorAction Stop

        $a.TokenExpiresAt | Should -BeGreaterThan $first
    }

    It 'creates batches that hold existing names: each new one once, each existing one a ResourceExists error naming its id' {
        $existing = 'dup-02', 'dup-05', 'dup-06', 'dup-09' | ForEach-Object { New-DataSource -Connection $a -Name $_ -DatabaseType MYSQL }
        Clear-EmulatorStats -Emulator $emulator
        $rows = 1..10 | ForEach-Object { [pscustomobject]@{ Name = 'dup-{0:D2}' -f $_; DatabaseType = 'POSTGRES' } }

        $created = $rows | New-DataSource -Connection $a -BatchSize 5 -ErrorVariable errors -ErrorAction SilentlyContinue

        $created.Name | Should -Be @('dup-01', 'dup-03', 'dup-04', 'dup-07', 'dup-08', 'dup-10')
        $errors.CategoryInfo.Category | Select-Object -Unique | Should -Be 'ResourceExists'
        $errors.TargetObject | Should -Be $existing.Name
        $errors | ForEach-Object { $_.Exception.Message } | Should -Be ($existing | ForEach-Object { "A data source named '$($_.Name)' already exists (id $($_.Id))." })
        # Two batches of five: never a bisection, at most a create, a look-up and one more create each.
        (Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /api/public/*/data-sources') +
        (Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /api/public/*/data-sources/filter') | Should -BeLessOrEqual 6
        (Get-ServerDataSource -Emulator $emulator -Name 'dup-*').resourceName | Sort-Object | Should -Be ($rows.Name | Sort-Object)

        $rows | New-DataSource -Connection $a -SkipExisting -ErrorAction Stop | Should -BeNullOrEmpty
        (Get-ServerDataSource -Emulator $emulator -Name 'dup-*') | Should -HaveCount 10 -Because 'a re-run creates nothing twice'
    }

    It '-SkipExisting skips a name that exists, and still reports a row refused for another source''s fqdnId' {
        $null = New-DataSource -Connection $a -Name 'skip-taken' -DatabaseType MYSQL -Property @{ fqdnId = 'skip-fq-0' }
        $rows = @(
            [pscustomobject]@{ Name = 'skip-a'; DatabaseType = 'MYSQL'; FqdnId = 'skip-fq-1' }
            [pscustomobject]@{ Name = 'skip-taken'; DatabaseType = 'MYSQL'; FqdnId = '' }
            [pscustomobject]@{ Name = 'skip-b'; DatabaseType = 'MYSQL'; FqdnId = 'skip-fq-1' }
            [pscustomobject]@{ Name = 'skip-c'; DatabaseType = 'MYSQL'; FqdnId = 'skip-fq-0' }
            [pscustomobject]@{ Name = 'skip-d'; DatabaseType = 'MYSQL'; FqdnId = '' }
        )

        $created = $rows | New-DataSource -Connection $a -SkipExisting -ErrorVariable errors -ErrorAction SilentlyContinue

        $created.Name | Should -Be @('skip-a', 'skip-d')
        # Refused, never skipped: a server that lists refusals item by item says skip-b repeats skip-a.
        $errors.TargetObject | Should -Be @('skip-b', 'skip-c')
        $errors[1].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errors[1].Exception.Message | Should -BeLike '*skip-fq-0*'
        if ($Behaviour.duplicates -ne 'per-item') {
            # The whole batch refused, the record echoed: the message says the name is free and the fqdnId is not.
            $errors[1].Exception.Message | Should -BeLike "No data source is named 'skip-c', but its fqdnId 'skip-fq-0' is another data source's, and the server refused it as a duplicate: give it an fqdnId of its own, or none. The server said: *"
        }
        (Get-ServerDataSource -Emulator $emulator -Name 'skip-*').resourceName | Sort-Object | Should -Be @('skip-a', 'skip-d', 'skip-taken')
    }

    It 'says before sending which secrets a copy lacks that only a create takes, under -WhatIf too, and not one its row gives' {
        $null = New-DataSource -Connection $a -Name 'tls-pg' -DatabaseType POSTGRES -Property @{
            trustStoreLocation = '/etc/pki/trust.jks'; trustStorePassword = 'trust-pw'; oauthClientId = 'client-1'; oauthClientSecret = 'client-pw'
        }
        $original = Find-DataSource -Connection $a -Name 'tls-pg'

        $original | New-DataSource -Connection $b -WhatIf -WarningVariable preview
        $original | Select-Object *, @{ Name = 'oauthClientSecret'; Expression = { 'client-pw' } } | New-DataSource -Connection $b -WarningVariable warnings

        $preview | Should -HaveCount 1 -Because 'nothing is created under -WhatIf: only the warning before sending'
        $preview[0].Message | Should -Be ("Input 1 ('tls-pg') is a copy from a catalog with trustStoreLocation but no trustStorePassword and oauthClientId but no oauthClientSecret: " +
            'the server never returns such secrets and only a create takes them, so the copy is made without them and no update can add them later. ' +
            "Where the originals have them, add them to the rows (Select-Object *, @{ Name = 'trustStorePassword'; Expression = { ... } }) before New-DataSource. Said for the first such copy only.")
        $warnings | Should -HaveCount 2
        $warnings[0].Message | Should -BeLike "Input 1 ('tls-pg') is a copy from a catalog with trustStoreLocation but no trustStorePassword: *"
        $warnings[1].Message | Should -BeLike '*copied from a catalog were created with only the secrets their rows or the parameters gave*1 of them lack trustStorePassword (1), which only a create takes: no update can add them.*'
        $copy = Get-ServerDataSource -Emulator $target -Name 'tls-pg'
        $copy.oauthClientSecret | Should -Be 'client-pw' -Because 'the row gave it'
        $copy.PSObject.Properties.Name | Should -Not -Contain 'trustStorePassword'
    }

    It 'copies sources to another catalog, every field the create takes, and says once what it could not carry' {
        $location = @{ name = 'HQ'; country = 'DE' }
        $null = New-DataSource -Connection $a -Name 'copy-pg' -DatabaseType POSTGRES -Host 'pg.example.com' -Port 5432 -Credential (New-TestCredential -UserName 'svc' -Password 'pw') `
            -IncludePattern 'public.*', 'sales.*' -Property @{ costPerTb = @{ price = 2.5; currency = 'EUR'; frequency = 'month' }; location = $location; owners = @(@{ name = 'Ann' }) }
        $null = New-DataSource -Connection $a -Name 'copy-s3' -DatabaseType AWS -AccessId 'AKIA-COPY' -Region 'eu-west-1'

        $copied = Find-DataSource -Connection $a -Name 'copy-*' | New-DataSource -Connection $b -WarningVariable warnings -ErrorAction Stop

        $copied.Name | Should -Be @('copy-pg', 'copy-s3')
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -BeLike '*never returns secrets*2 data source(s)*'
        $source = Get-ServerDataSource -Emulator $emulator -Name 'copy-pg'
        $copy = Get-ServerDataSource -Emulator $target -Name 'copy-pg'
        $copy.host, $copy.port, ($copy.includePatterns -join ';'), $copy.costPerTb.price, $copy.location.country |
            Should -Be @('pg.example.com', '5432', 'public.*;sales.*', 2.5, 'DE')
        $copy.PSObject.Properties.Name | Should -Not -Contain 'password'
        if ($Behaviour.clearTextReads) {
            $copy.userName | Should -Be 'svc'
            (Get-ServerDataSource -Emulator $target -Name 'copy-s3').accessId | Should -Be 'AKIA-COPY'
            $warnings[0].Message | Should -Not -BeLike '*encrypted*'
        }
        else {
            # Read back encrypted: left out, never stored as if it were the value.
            $copy.PSObject.Properties.Name | Should -Not -Contain 'userName'
            (Get-ServerDataSource -Emulator $target -Name 'copy-s3').PSObject.Properties.Name | Should -Not -Contain 'accessId'
            $warnings[0].Message | Should -BeLike '*accessId, userName of 2 data source(s) were read back encrypted*'
        }
        if ($Behaviour.returnOwners) { $copy.owners.name | Should -Be 'Ann' } else { $source.owners.name | Should -Be 'Ann' }
    }

    It 'gets by id: an unknown and a malformed id are ObjectNotFound and cost the others nothing' {
        $known = 'get-1', 'get-2' | ForEach-Object { New-DataSource -Connection $a -Name $_ -DatabaseType MYSQL }

        $found = $known[0].Id, $missing, 'not-an-id', $known[1].Id | Get-DataSource -Connection $a -ErrorVariable errors -ErrorAction SilentlyContinue
        $one = Get-DataSource -Connection $a -Id $missing -ErrorVariable +errors -ErrorAction SilentlyContinue
        Set-DataSource -Connection $a -Id $missing -Note 'x' -ErrorVariable +errors -ErrorAction SilentlyContinue

        $found.Name | Should -Be @('get-1', 'get-2')
        $one | Should -BeNullOrEmpty
        $errors.TargetObject | Should -Be @($missing, 'not-an-id', $missing, $missing)
        $errors.CategoryInfo.Category | Select-Object -Unique | Should -Be 'ObjectNotFound'
    }

    It 'runs the headline pipeline, changing incremental on exactly the prod- sources and nothing else' {
        'prod-a', 'prod-b', 'dev-c' | ForEach-Object { $null = New-DataSource -Connection $a -Name $_ -DatabaseType MYSQL -Description "was $_" }
        $before = Get-StoredText

        Find-DataSource -Connection $a -Name 'prod-*' | Set-DataSource -Connection $a -Incremental $true -ErrorAction Stop

        $after = Get-StoredText
        foreach ($source in $after) {
            $was = ($before | Where-Object Name -EQ $source.Name).Text
            if ($source.Name -like 'prod-*') {
                ($source.Text | ConvertFrom-Json).incremental | Should -BeTrue
                ($source.Text | ConvertFrom-Json | Select-Object * -ExcludeProperty incremental | ConvertTo-Json -Depth 5 -Compress) |
                    Should -Be ($was | ConvertFrom-Json | ConvertTo-Json -Depth 5 -Compress)
            }
            else {
                $source.Text | Should -Be $was
            }
        }
    }

    It 'refuses a token it did not issue with an AuthenticationError that says what it did' {
        $foreign = ConvertTo-SecureString (New-EmulatorToken -Emulator $target) -AsPlainText -Force

        $err = { Connect-DataSourceService -Uri $emulator.Uri -Token $foreign } | Should -Throw -PassThru

        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -BeLike ($RefusedTokenSays ?? '*401 Unauthorized*')
    }
}

Describe 'Against a server <Name>' -ForEach @(
    @{ Name = 'with neither login route'; Behaviour = @{ keycloakRoute = 'absent'; authRoute = 'absent' }; Says = "Found no way to log in at this address*" }
    @{ Name = 'whose /auth answers without a token and has no Keycloak'; Behaviour = @{ keycloakRoute = 'absent'; authRoute = 'no-token' }; Says = "*without an access token: it did not log user 'admin' in*" }
) {
    BeforeAll { Set-EmulatorBehaviour -Emulator $emulator -Behaviour $Behaviour }
    AfterAll { Clear-EmulatorBehaviour -Emulator $emulator }

    It 'fails to connect with a credential, saying what the server did' {
        $err = { Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) } | Should -Throw -PassThru

        $err.Exception.Message | Should -BeLike $Says
    }
}

Describe 'Against a server routed by host name' {
    BeforeAll { Set-EmulatorBehaviour -Emulator $emulator -Behaviour @{ requireHostName = $true } }
    AfterAll { Clear-EmulatorBehaviour -Emulator $emulator }

    It 'says, when a bare IP address gets 401 on every path, that the server may want its host name' {
        $err = { Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) } | Should -Throw -PassThru

        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -BeLike '*answers 401 on every path to a bare IP address such as 127.0.0.1*connect with the server''s host name.'
    }

    It 'works by host name' {
        $byName = Connect-DataSourceService -Uri ($emulator.Uri -replace '127\.0\.0\.1', 'localhost') -Credential (New-TestCredential) -PassThru

        Find-DataSource -Connection $byName -First 1 -ErrorAction Stop | Out-Null
        $byName.ApiVersion | Should -Be 'v3'
    }
}

Describe 'Against a server behind Cloudflare Access' {
    BeforeAll {
        Set-EmulatorBehaviour -Emulator $emulator -Behaviour @{ requiredHeaders = @{ 'CF-Access-Client-Id' = 'client.access'; 'CF-Access-Client-Secret' = 'cf-secret-4711' } }
        $secret = ConvertTo-SecureString 'cf-secret-4711' -AsPlainText -Force
    }
    AfterAll { Clear-EmulatorBehaviour -Emulator $emulator }

    It 'is refused without the service token, with a message that says so' {
        $err = { Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) } | Should -Throw -PassThru

        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -BeLike '*403*error code: 1010*'
    }

    It 'works with -Headers, and never shows the secret header' {
        $connection = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -PassThru `
            -Headers @{ 'CF-Access-Client-Id' = 'client.access'; 'CF-Access-Client-Secret' = $secret }

        $found = Find-DataSource -Connection $connection -First 1 -Verbose -Debug 5>&1 4>&1 -ErrorAction Stop
        $connection.HeaderNames | Sort-Object | Should -Be @('CF-Access-Client-Id', 'CF-Access-Client-Secret')
        ($found | Out-String) + ($connection | Format-List * | Out-String) + ($connection | ConvertTo-Json) | Should -Not -BeLike '*cf-secret-4711*'
    }

    It 'refuses a header the module sets itself, before sending anything' {
        Clear-EmulatorStats -Emulator $emulator

        $err = { Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -Headers @{ Authorization = 'Basic x' } } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidHeader,*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'refuses a header value with a line break (<Kind>), which would add headers of its own, before sending anything and without showing it' -ForEach @(
        @{ Kind = 'text'; Value = "key-4711`r`nX-Injected: yes" }
        @{ Kind = 'a SecureString'; Value = (ConvertTo-SecureString "key-4711`n" -AsPlainText -Force) }
    ) {
        Clear-EmulatorStats -Emulator $emulator

        $err = { Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -Headers @{ 'X-Api-Key' = $Value } } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidHeader,*'
        $err.Exception.Message | Should -Be "The value of the header 'X-Api-Key' holds a line break or NUL character, which would end the header early: give it on one line."
        ($err | Format-List * -Force | Out-String) | Should -Not -BeLike '*key-4711*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }
}
