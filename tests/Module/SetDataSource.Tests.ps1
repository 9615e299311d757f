BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $emulator = Start-Emulator -ArgumentList '--seed-count', '400', '--user', 'admin:admin:Admin', '--user', 'reader:reader:Business_User'
    Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
    $patchRoute = 'PATCH /api/public/v3/data-sources/{id}'
}

AfterAll {
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
}

Describe 'The headline pipeline: Find-DataSource -Name prod-* | Set-DataSource -Incremental $true' {
    BeforeAll {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 400
        $before = Get-ServerDataSource -Emulator $emulator
        Clear-EmulatorStats -Emulator $emulator

        Find-DataSource -Name prod-* | Set-DataSource -Incremental $true

        $patches = Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute
        $after = Get-ServerDataSource -Emulator $emulator
        $prod = @($before | Where-Object resourceName -like 'prod-*')
    }

    It 'sends one PATCH per prod- source' {
        $prod.Count | Should -BeGreaterThan 50
        $patches | Should -Be $prod.Count
    }

    It 'sets incremental on exactly the prod- sources' {
        ($after | Where-Object incremental -eq $true).resourceName | Should -Be $prod.resourceName
    }

    It 'changes nothing else on them, and nothing at all on the others' {
        $after.Count | Should -Be $before.Count
        for ($i = 0; $i -lt $before.Count; $i++) {
            $after[$i]._id | Should -Be $before[$i]._id
            ConvertTo-ComparableSource $after[$i] -Except 'incremental' | Should -Be (ConvertTo-ComparableSource $before[$i] -Except 'incremental')
            if ($before[$i].resourceName -notlike 'prod-*') {
                $after[$i].PSObject.Properties.Name | Should -Not -Contain 'incremental'
            }
        }
    }
}

Describe 'Set-DataSource sends exactly the fields named' {
    BeforeEach {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 50
        $stored = Get-ServerDataSource -Emulator $emulator
        Clear-EmulatorStats -Emulator $emulator
    }

    It 'sends only the bound parameter, and the server keeps every other field' {
        $target = $stored[4]

        $debug = Set-DataSource -Id $target._id -Note 'checked' -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | Out-String

        $debug | Should -Match ([regex]::Escape('request body: {"note":"checked"}'))
        $now = Get-ServerDataSource -Emulator $emulator -Id $target._id
        $now.note | Should -Be 'checked'
        ConvertTo-ComparableSource $now -Except 'note' | Should -Be (ConvertTo-ComparableSource $target -Except 'note')
    }

    It 'warns that -CostPerTb and -Location are stored whole, naming the keys a partial one leaves out, and says how to change one key' {
        $source = Find-DataSource -First 1
        $null = $source | Set-DataSource -CostPerTb @{ price = 35; currency = 'GBP'; frequency = 'month' } -WarningVariable whole

        $source | Set-DataSource -CostPerTb @{ price = 40 } -Location @{ locality_city = 'Berlin' } -WarningVariable partial

        $whole | Should -BeNullOrEmpty
        $partial | Should -HaveCount 2
        $partial[0].Message | Should -Be '-CostPerTb replaces the stored costPerTb whole: it gives no currency or frequency, so each data source this changes will have none. To change one key, change it on the data source''s own CostPerTb and give that: $s.CostPerTb.<key> = <value>; $s | Set-DataSource -CostPerTb $s.CostPerTb.'
        $partial[1].Message | Should -BeLike '-Location replaces the stored location whole: it gives no name, street_address, street_address_2, state_province, postal_code or country, *'
        (Get-ServerDataSource -Emulator $emulator -Id $source.Id).costPerTb | ConvertTo-Json -Compress | Should -Be '{"price":40.0}' -Because 'the warning says what the server does'

        $s = Get-DataSource -Id $source.Id
        $s.CostPerTb.Currency = 'EUR'
        $s | Set-DataSource -CostPerTb $s.CostPerTb -WarningVariable fromObject
        $fromObject | Should -BeNullOrEmpty -Because 'the source''s own cost had no frequency to lose: the help''s way to change one key warns of nothing'
        (Get-ServerDataSource -Emulator $emulator -Id $source.Id).costPerTb | ConvertTo-Json -Compress | Should -Be '{"price":40.0,"currency":"EUR"}'
    }

    It 'warns when a source''s own CostPerTb, given for another source, lacks a key that one has' {
        $ids = @(Find-DataSource -First 2).Id
        Set-DataSource -Id $ids[0] -CostPerTb @{ price = 1; currency = 'USD' } -WarningAction SilentlyContinue
        Set-DataSource -Id $ids[1] -CostPerTb @{ price = 2; currency = 'EUR'; frequency = 'month' }
        $partial, $whole = Get-DataSource -Id $ids

        $partial | Set-DataSource -CostPerTb $partial.CostPerTb -WarningVariable own
        $whole | Set-DataSource -CostPerTb $partial.CostPerTb -WarningVariable other

        $own | Should -BeNullOrEmpty -Because 'the source loses nothing it has'
        $other | Should -HaveCount 1
        $other[0].Message | Should -Be "'$($whole.Name)' (id $($whole.Id)) has costPerTb's frequency, which the object given does not: the server stores it whole, so that data source will have none (said for the first such data source only). Give each data source its own object with the key changed, or an object with every key."
    }

    It 'warns before sending when a row''s CostPerTb or Location leaves keys out, once a command, and not for whole objects' {
        $ids = @(Find-DataSource -First 3).Id
        $rows = @(
            [pscustomobject]@{ Id = $ids[0]; CostPerTb = '{"price":1,"currency":"USD","frequency":"day"}' }
            [pscustomobject]@{ Id = $ids[1]; CostPerTb = '{"price":5}'; Location = @{ country = 'FR' } }
            @{ Id = $ids[2]; CostPerTb = @{ price = 6 } }
        )

        $rows | Set-DataSource -WhatIf -WarningVariable preview
        $rows | Set-DataSource -WarningVariable sent

        $preview.Message | Should -Be $sent.Message -Because '-WhatIf shows the warning before anything is sent'
        $sent | Should -HaveCount 2 -Because 'the third row leaves keys of costPerTb out too, which was said once already'
        $sent[0].Message | Should -Be 'Input 2''s CostPerTb replaces the stored costPerTb whole: the keys it leaves out (currency and frequency) are cleared where that data source has them (said for the first such row only). To change one key, give the object with every key the data source has, that one changed.'
        $sent[1].Message | Should -BeLike 'Input 2''s Location replaces the stored location whole: the keys it leaves out (name, street_address, *'
        (Get-ServerDataSource -Emulator $emulator -Id $ids[1]).costPerTb | ConvertTo-Json -Compress | Should -Be '{"price":5.0}' -Because 'the warning says what the server does'
    }

    It 'clears a field with -Description ''''' {
        Set-DataSource -Id $stored[0]._id -Description ''
        (Get-ServerDataSource -Emulator $emulator -Id $stored[0]._id).description | Should -Be ''
    }

    It 'sends $false for a bool parameter' {
        $writable = $stored | Where-Object availableForWriting -eq $true | Select-Object -First 1
        Set-DataSource -Id $writable._id -AvailableForWriting $false
        (Get-ServerDataSource -Emulator $emulator -Id $writable._id).availableForWriting | Should -BeFalse
    }

    It 'sets every one of the 32 patchable fields from its parameter' {
        $secret = ConvertTo-SecureString 'not-shown' -AsPlainText -Force
        $values = @{
            UserName = 'svc'; Password = $secret; AccessId = 'AKIA'; SecretKey = $secret; SecretManagerKey = 'vault/key'
            AccountName = 'acct'; AzureSharedKey = $secret; AzureTenantId = 'tenant'; Role = 'reader-role'; Region = 'eu-west-1'
            Host = 'db.example.com'; Port = 6543; DatabaseName = 'db'; Warehouse = 'wh'; Uri = 'jdbc:x'; Path = '/data'
            DriverClassName = 'org.Driver'; Note = 'n'; Description = 'd'; AffinityId = 'aff'; LastTestConnectionId = 't1'
            LastIngestId = 'i1'; AvailableForMigration = $true; AvailableForWriting = $true; AvailableForDataMastering = $true
            CostPerTb = @{ price = 9.5; currency = 'USD'; frequency = 'year' }; TotalCapacity = 42
            Location = @{ name = 'DC1'; locality_city = 'Lyon'; country = 'FR' }; IncludePattern = 'a.*', 'b.*'
            ExcludePattern = 'tmp.*'; ScanSinceTimeframe = '7d'; Incremental = $true
        }

        $updated = Set-DataSource -Id $stored[1]._id @values -PassThru

        $now = Get-ServerDataSource -Emulator $emulator -Id $stored[1]._id
        $now.port | Should -Be '6543'
        $now.costPerTb.price | Should -Be 9.5
        $now.location.locality_city | Should -Be 'Lyon'
        $now.includePatterns | Should -Be @('a.*', 'b.*')
        $now.totalCapacity | Should -Be 42
        foreach ($name in 'UserName', 'AccessId', 'SecretManagerKey', 'AccountName', 'AzureTenantId', 'Role', 'Region', 'Host',
            'DatabaseName', 'Warehouse', 'Uri', 'Path', 'DriverClassName', 'Note', 'Description', 'AffinityId', 'LastTestConnectionId',
            'LastIngestId', 'AvailableForMigration', 'AvailableForWriting', 'AvailableForDataMastering', 'ScanSinceTimeframe', 'Incremental') {
            $now.$name | Should -Be $values[$name] -Because "-$name must reach the server"
        }
        # What the server answers: the fields as stored, but userName and accessId encrypted, and the patch-only fields not at all.
        foreach ($name in 'SecretManagerKey', 'AccountName', 'Host', 'Note', 'Description', 'AvailableForWriting') {
            $updated.$name | Should -Be $values[$name]
        }
        $updated.UserName, $updated.AccessId | Should -BeLike 'AES/GCM/NoPadding|*'
        $updated.Incremental, $updated.ScanSinceTimeframe | Should -Be @($null, $null)
        $now.password | Should -Be 'not-shown' -Because 'the secret reached the server'
        Get-DataSource -Id $stored[1]._id | ConvertTo-Json -Depth 5 | Should -Not -BeLike '*not-shown*' -Because 'the server never returns it'
    }

    It 'sets userName and password from -Credential' {
        Set-DataSource -Id $stored[2]._id -Credential (New-TestCredential -UserName 'svc_new' -Password 'p')
        (Get-ServerDataSource -Emulator $emulator -Id $stored[2]._id).userName | Should -Be 'svc_new'
    }

    It 'takes several ids with -Id, each changed once, and an empty one among them is an error for it alone' {
        $ids = (Find-DataSource -First 3).Id
        Clear-EmulatorStats -Emulator $emulator

        $updated = Set-DataSource $ids[0], '', $ids[1], $ids[2] -Note 'many ids' -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue

        # In flight side by side, they come back in the order they are answered.
        $updated.Id | Sort-Object | Should -Be ($ids | Sort-Object)
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidId,*'
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be 3
        (Get-ServerDataSource -Emulator $emulator -Id $ids).note | Should -Be @('many ids', 'many ids', 'many ids')
    }

    It 'takes -Id by property name, also as _id' {
        [pscustomobject]@{ _id = $stored[3]._id }, [pscustomobject]@{ Id = $stored[5]._id } | Set-DataSource -Note 'by-name'
        (Get-ServerDataSource -Emulator $emulator -Id $stored[3, 5]._id).note | Should -Be @('by-name', 'by-name')
    }

    It 'takes data sources through -InputObject as it takes the pipeline' {
        $sources = Find-DataSource -Id $stored[6, 7]._id
        (Set-DataSource -InputObject $sources -Note 'by-argument' -PassThru).Note | Should -Be @('by-argument', 'by-argument')
    }

    It 'emits the updated objects only with -PassThru' {
        $stored[0..2] | ForEach-Object { [pscustomobject]@{ Id = $_._id } } | Set-DataSource -Note 'quiet' | Should -BeNullOrEmpty

        $updated = Find-DataSource -Id $stored[0..2]._id | Set-DataSource -Note 'loud' -PassThru

        $updated | Should -HaveCount 3
        $updated | Should -BeOfType ([DataSources.DataSource])
        $updated.Note | Should -Be @('loud', 'loud', 'loud')
    }
}

Describe 'Set-DataSource refuses before sending' {
    BeforeEach { Clear-EmulatorStats -Emulator $emulator }

    It 'fails with NoFieldToSet when no field is named, sending nothing' {
        $err = { Find-DataSource -First 3 | Set-DataSource -ErrorAction SilentlyContinue } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'NoFieldToSet,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be 0
    }

    It 'fails with InvalidDataSourceField for a -CostPerTb that does not fit, sending nothing' {
        $err = { Set-DataSource -Id abc -CostPerTb @{ price = 'cheap' } } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
        $err.Exception.Message | Should -BeLike '*price*cheap*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'names a row without an Id by its name and says to keep the Id column, sending nothing for it' {
        $rows = [pscustomobject]@{ Name = 'no-id-1'; Host = 'h1' }, [pscustomobject]@{ Host = 'h2' }

        $rows | Set-DataSource -Note 'x' -ErrorVariable err -ErrorAction SilentlyContinue

        $err | Should -HaveCount 2
        $err.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidDataSourceField,*' }
        $err[0].Exception.Message | Should -BeExactly "Input 1 ('no-id-1') was not sent: It has no Id (or _id) to say which data source to change: keep the Id column when you export (Select-Object Id, ...)."
        $err[1].Exception.Message | Should -BeLike 'Input 2 was not sent: It has no Id*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'refuses every row of a file with a column that is no field, filled in or not, sending nothing' {
        $ids = (Find-DataSource -First 3).Id
        $rows = ConvertFrom-Csv @"
Id,Description,Notes
$($ids[0]),desc-A,fix later
$($ids[1]),desc-B,
$($ids[2]),,
"@

        $rows | Set-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

        $err | Should -HaveCount 3
        $err.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidDataSourceField,*' }
        $err | ForEach-Object { $_.Exception.Message | Should -BeLike "*'Notes' is not a field of a data source*" }
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be 0
    }

    It 'names every column of an exported file that an update cannot set in one error per row, and says what to keep, sending nothing' {
        Find-DataSource -First 2 | Export-Csv -Path TestDrive:/export.csv
        Clear-EmulatorStats -Emulator $emulator

        Import-Csv TestDrive:/export.csv | Select-Object * -ExcludeProperty Name, ResourceName | Set-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

        $err | Should -HaveCount 2
        $err.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidDataSourceField,*' }
        $err[0].Exception.Message | Should -BeLike "Input 1 (id *) was not sent: Its columns databaseType, *configMethod* are no fields an update can set. A row's columns besides Id are the fields it sets: keep Id and the columns to change (Select-Object Id, Note, Incremental, say), or pipe data sources or ids to set only the parameters."
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'refuses an empty <What>, which would clear the stored <Field>, sending nothing' -ForEach @(
        @{ What = '-Credential''s password'; Field = 'password'; Arguments = @{ Credential = [pscredential]::new('svc', [securestring]::new()) } }
        @{ What = '-Password'; Field = 'password'; Arguments = @{ Password = [securestring]::new() } }
        @{ What = '-SecretKey'; Field = 'secretKey'; Arguments = @{ SecretKey = [securestring]::new() } }
        @{ What = '-AzureSharedKey'; Field = 'azureSharedKey'; Arguments = @{ AzureSharedKey = [securestring]::new() } }
    ) {
        $source = Find-DataSource -First 1
        $source | Set-DataSource -Password (ConvertTo-SecureString 'Real-PW' -AsPlainText -Force) -SecretKey (ConvertTo-SecureString 'Real-SK' -AsPlainText -Force) -AzureSharedKey (ConvertTo-SecureString 'Real-AK' -AsPlainText -Force)
        $before = Get-ServerDataSource -Emulator $emulator -Id $source.Id
        Clear-EmulatorStats -Emulator $emulator

        $err = { $source | Set-DataSource @Arguments } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
        $err.Exception.Message | Should -BeLike "$What is empty: it would clear the stored $Field. Give the $Field, or *; nothing was sent."
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        (Get-ServerDataSource -Emulator $emulator -Id $source.Id).$Field | Should -Be $before.$Field
        $before.$Field | Should -BeLike 'Real-*'
    }

    It 'refuses -Credential together with -UserName' {
        { Set-DataSource -Id abc -Credential (New-TestCredential) -UserName x } | Should -Throw -ErrorId 'CredentialConflict,*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'refuses -ThrottleLimit <Limit>' -ForEach @(@{ Limit = 0 }, @{ Limit = 65 }) {
        { Set-DataSource -Id abc -Note x -ThrottleLimit $Limit } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'sends nothing with -WhatIf, and shows the id, the name and the fields, never a secret value' {
        $transcript = Join-Path $TestDrive 'whatif.txt'
        $source = Find-DataSource -First 1
        Clear-EmulatorStats -Emulator $emulator
        Start-Transcript -Path $transcript | Out-Null
        try { $source | Set-DataSource -Incremental $true -Password (ConvertTo-SecureString 'hush-123' -AsPlainText -Force) -WhatIf }
        finally { Stop-Transcript | Out-Null }

        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        $text = Get-Content $transcript -Raw
        $text | Should -Match "What if: .*Set incremental, password.*'$($source.Name)' \(id $($source.Id)\)"
        $text | Should -Not -BeLike '*hush-123*'
    }
}

Describe 'Set-DataSource across a pipeline' {
    BeforeEach {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 120
        Clear-EmulatorStats -Emulator $emulator
    }

    It 'updates each source exactly once with -ThrottleLimit 8, and emits each' {
        $updated = Find-DataSource | Set-DataSource -Note 'parallel' -ThrottleLimit 8 -PassThru

        $updated | Should -HaveCount 120
        ($updated.Id | Sort-Object -Unique) | Should -HaveCount 120
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be 120
        (Get-ServerDataSource -Emulator $emulator).note | Sort-Object -Unique | Should -Be 'parallel'
    }

    It 'applies rows that name one id in the order they come, the last staying, at 20 ms a request and the default throttle' {
        # Two PATCHes of one id in flight at once can be applied in either order: at 20 ms, about
        # half of these runs ended on an earlier row before the same id waited for its answer.
        $sources = Find-DataSource -First 2
        Set-EmulatorBehaviour -Emulator $emulator -Behaviour @{ latencyMs = 20 }
        try {
            $last = foreach ($round in 1..8) {
                $rows = foreach ($row in 1..6) {
                    foreach ($source in $sources) { [pscustomobject]@{ Id = $source.Id; Note = "round $round row $row" } }
                }
                $rows | Set-DataSource
                (Get-ServerDataSource -Emulator $emulator -Id $sources.Id).note -join ', '
            }
        }
        finally { Clear-EmulatorBehaviour -Emulator $emulator }

        $last | Should -Be (1..8 | ForEach-Object { "round $_ row 6, round $_ row 6" })
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be (8 * 6 * 2)
    }

    It 'gives a non-terminating ObjectNotFound for a missing id, and updates the others' {
        $ids = (Find-DataSource -First 2).Id
        $items = [pscustomobject]@{ Id = $ids[0] }, [pscustomobject]@{ Id = 'ffffffffffffffffffffffff' }, [pscustomobject]@{ Id = $ids[1] }

        $updated = $items | Set-DataSource -Note 'some' -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue

        $updated.Id | Sort-Object | Should -Be ($ids | Sort-Object)
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DataSourceNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 'ffffffffffffffffffffffff'
    }

    It 'says how to change a data source by its name when a name is given where the id goes' {
        $name = (Find-DataSource -First 1).Name

        Set-DataSource $name -Note 'by name' -ErrorVariable positional -ErrorAction SilentlyContinue
        $name | Set-DataSource -Note 'by name' -ErrorVariable piped -ErrorAction SilentlyContinue

        foreach ($problem in @($positional) + @($piped)) {
            $problem.FullyQualifiedErrorId | Should -BeLike 'DataSourceNotFound,*'
            $problem.Exception.Message | Should -BeLike "There is no data source with id '$name'.* An id is 24 hexadecimal characters (the Id of what Find-DataSource writes); to change a data source by its name: Find-DataSource -Name '$name' | Set-DataSource, with the same parameters."
        }
        $positional | Should -HaveCount 1
        $piped | Should -HaveCount 1
        (Get-ServerDataSource -Emulator $emulator -Name $name).note | Should -Not -Be 'by name'
    }

    It 'gives a reader a PermissionDenied error per source, changing nothing' {
        $reader = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential reader reader) -PassThru
        Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
        $sources = Find-DataSource -First 3

        $sources | Set-DataSource -Connection $reader -Note 'nope' -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems | Should -HaveCount 3
        $problems.TargetObject | Sort-Object | Should -Be ($sources.Id | Sort-Object)
        $problems | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'PermissionDenied' }
        Get-ServerDataSource -Emulator $emulator -Id $sources.Id | Where-Object { $_.PSObject.Properties['note'] } | Should -BeNullOrEmpty
    }
}
