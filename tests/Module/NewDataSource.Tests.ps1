BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $emulator = Start-Emulator -ArgumentList '--user', 'admin:admin:Admin', '--user', 'reader:reader:Business_User'
    Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
    $createRoute = 'POST /api/public/v3/data-sources'

    function Get-Stored([string] $Name) { Get-ServerDataSource -Emulator $emulator -Name $Name }
}

AfterAll {
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
}

Describe 'New-DataSource with parameters' {
    BeforeEach { Reset-EmulatorStore -Emulator $emulator }

    It 'creates the data source, sending the port as a string, and returns it' {
        $created = New-DataSource -Name 'pg-orders' -DatabaseType POSTGRES -Host 'pg.example.com' -Port 5432 -DatabaseName orders `
            -Description 'Orders' -SchemaName public, sales -IncludePattern 'sales.*' -AvailableForWriting

        $created | Should -BeOfType ([DataSources.DataSource])
        $created.Name | Should -Be 'pg-orders'
        $stored = Get-Stored 'pg-orders'
        $stored.port | Should -BeOfType ([string])
        $stored.port | Should -Be '5432'
        $stored.host | Should -Be 'pg.example.com'
        $stored.databaseName | Should -Be 'orders'
        $stored.schemaNames | Should -Be @('public', 'sales')
        $stored.includePatterns | Should -Be @('sales.*')
        $stored.availableForWriting | Should -BeTrue
        $created.Id | Should -Be $stored._id
    }

    It 'sends only the parameters given' {
        New-DataSource -Name 'bare' -DatabaseType MYSQL | Out-Null
        $stored = Get-Stored 'bare'
        $fields = $stored.PSObject.Properties.Name | Where-Object { $_ -notin '_id', 'pId', 'userId', 'date' }
        $fields | Sort-Object | Should -Be @('databaseType', 'resourceName')
    }

    It 'sends -Credential as userName and password, and secrets only masked in -Debug output' {
        $credential = New-TestCredential -UserName 'svc_orders' -Password 'Pa55-w0rd!'
        $key = ConvertTo-SecureString 'key-material-123' -AsPlainText -Force

        $debug = New-DataSource -Name 's3-raw' -DatabaseType AWS -Credential $credential -SecretKey $key -AccessId AKIA1 -Debug 5>&1 |
            Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | Out-String

        (Get-Stored 's3-raw').userName | Should -Be 'svc_orders'
        $debug | Should -Match '"secretKey":"\*\*\*"'
        $debug | Should -Match '"password":"\*\*\*"'
        $debug | Should -Not -BeLike '*Pa55-w0rd!*'
        $debug | Should -Not -BeLike '*key-material-123*'
    }

    It 'refuses a -Credential with an empty password (Enter at the prompt), with rows or without, before sending anything' {
        Clear-EmulatorStats -Emulator $emulator
        $empty = [pscredential]::new('svc', [securestring]::new())

        $byName = { New-DataSource -Name 'no-pw' -DatabaseType POSTGRES -Credential $empty -ErrorAction SilentlyContinue } | Should -Throw -PassThru
        $piped = { @{ Name = 'no-pw' } | New-DataSource -DatabaseType POSTGRES -Credential $empty -ErrorAction SilentlyContinue } | Should -Throw -PassThru

        foreach ($problem in $byName, $piped) {
            $problem.FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
            $problem.Exception.Message | Should -Be "-Credential's password is empty: give the password, or leave -Credential out; nothing was sent."
        }
        Get-EmulatorRequestCount -Emulator $emulator -Route $createRoute | Should -Be 0
        Get-Stored 'no-pw' | Should -BeNullOrEmpty
    }

    It 'sets any other create field through -Property' {
        New-DataSource -Name 'tls-db' -DatabaseType ORACLE -Property @{ sslType = 'encryptionOnly'; deleteEmptyFolders = $true; totalCapacity = 12.5 } |
            Out-Null
        $stored = Get-Stored 'tls-db'
        $stored.sslType | Should -Be 'encryptionOnly'
        $stored.deleteEmptyFolders | Should -BeTrue
        $stored.totalCapacity | Should -Be 12.5
    }

    It 'refuses an unknown -Property key with InvalidArgument naming it, and sends nothing' {
        New-DataSource -Name 'odd' -DatabaseType MYSQL -Property @{ colour = 'red' } -ErrorVariable problems -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty

        $problems | Should -HaveCount 1
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].Exception.Message | Should -BeLike "*'colour'*"
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'refuses -Port 70000 before sending anything' {
        { New-DataSource -Name 'p' -DatabaseType MYSQL -Port 70000 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'sends nothing with -WhatIf, and says what it would create' {
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $transcript | Out-Null
        try { New-DataSource -Name 'maybe-later' -DatabaseType POSTGRES -Host h -WhatIf }
        finally { Stop-Transcript | Out-Null }

        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        Get-Content $transcript -Raw | Should -Match "What if: .*Create data source.*'maybe-later'.*databaseType, host"
    }

    It 'names in -WhatIf the fields it would set right after the create, such as incremental' {
        $transcript = Join-Path $TestDrive 'whatif-after.txt'
        Start-Transcript -Path $transcript | Out-Null
        try { @{ Name = 'maybe-incremental'; DatabaseType = 'MYSQL'; Incremental = 'true' } | New-DataSource -WhatIf }
        finally { Stop-Transcript | Out-Null }

        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        Get-Content $transcript -Raw | Should -Match "'maybe-incremental' with (resourceName, databaseType|databaseType, resourceName), then incremental right after"
    }
}

Describe 'New-DataSource from the pipeline' {
    BeforeEach { Reset-EmulatorStore -Emulator $emulator }

    It 'imports a CSV: types converted, a bad row and an existing name reported per row, the good rows created' {
        $taken = New-DataSource -Name 'taken' -DatabaseType MYSQL -Host original
        $csv = Join-Path $TestDrive 'sources.csv'
        @(
            'Name,DatabaseType,Host,Port,IncludePatterns,AvailableForWriting,Description'
            'csv-good-1,POSTGRES,pg1.example.com,5432,a.*;b.*,true,first'
            'csv-bad-2,MYSQL,my2.example.com,3306,,maybe,second'
            'taken,AWS,other,,,,third'
            'csv-good-4,MYSQL,my4.example.com,3306,,0,'
            ',ORACLE,ora5.example.com,1521,,,fifth'
        ) | Set-Content -Path $csv
        Clear-EmulatorStats -Emulator $emulator

        $created = Import-Csv $csv | New-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $created.Name | Should -Be @('csv-good-1', 'csv-good-4')
        # The server refuses the whole batch for the existing name (after storing csv-good-1): one look-up sorts it out.
        Get-EmulatorRequestCount -Emulator $emulator -Route $createRoute | Should -Be 2
        Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /api/public/v3/data-sources/filter' | Should -Be 1
        $problems | Should -HaveCount 3

        $bad = $problems | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidDataSourceField,*' -and $_.TargetObject -eq 'csv-bad-2' }
        $bad.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $bad.Exception.Message | Should -BeLike "*Input 2 ('csv-bad-2')*availableForWriting*maybe*"

        $refused = $problems | Where-Object { $_.FullyQualifiedErrorId -like 'DataSourceExists,*' }
        $refused.TargetObject | Should -Be 'taken'
        $refused.CategoryInfo.Category | Should -Be 'ResourceExists'
        $refused.Exception.Message | Should -BeExactly "A data source named 'taken' already exists (id $($taken.Id))."

        $unnamed = $problems | Where-Object { $_.Exception.Message -like '*Input 5*' }
        $unnamed.Exception.Message | Should -BeLike '*resourceName*required*'
        $unnamed.TargetObject | Should -Be 5

        $stored = Get-ServerDataSource -Emulator $emulator
        $stored.resourceName | Should -Be @('taken', 'csv-good-1', 'csv-good-4')
        $stored[0].host | Should -Be 'original'
        $stored[1].port | Should -Be '5432'
        $stored[1].includePatterns | Should -Be @('a.*', 'b.*')
        $stored[1].availableForWriting | Should -BeTrue
        $stored[2].availableForWriting | Should -BeFalse
        $stored[2].PSObject.Properties.Name | Should -Not -Contain 'description'
    }

    It 'names the existing source when the server refuses a name that differs only in case, and sends the rest of the batch again' {
        # The emulator, as a unique index with a case-insensitive collation would, takes App-DB for app-db.
        $existing = New-DataSource -Name 'app-db' -DatabaseType POSTGRES
        $rows = @{ Name = 'case-1'; DatabaseType = 'MYSQL' }, @{ Name = 'App-DB'; DatabaseType = 'MYSQL' }, @{ Name = 'case-3'; DatabaseType = 'MYSQL' }

        $created = $rows | New-DataSource -SkipExisting -ErrorVariable problems -ErrorAction SilentlyContinue

        $created.Name | Should -Be @('case-1', 'case-3')
        $problems | Should -HaveCount 1 -Because '-SkipExisting skips the exact name only: no source named App-DB is there'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DataSourceExists,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $problems[0].TargetObject | Should -Be 'App-DB'
        $problems[0].Exception.Message | Should -BeExactly "A data source named 'app-db' already exists (id $($existing.Id)), and the server takes 'App-DB' for the same name."
        (Get-ServerDataSource -Emulator $emulator).resourceName | Should -Be @('app-db', 'case-1', 'case-3')
    }

    It 'takes hashtables and ConvertFrom-Json objects, with property names in any case' {
        $rows = @(
            @{ NAME = 'from-hashtable'; databasetype = 'MYSQL'; HOST = 'h1'; port = 3306 }
            ('{"resourceName":"from-json","databaseType":"AWS","includePatterns":["*.csv"],"costPerTb":{"price":5,"currency":"EUR","frequency":"month"}}' |
                ConvertFrom-Json)
        )

        $created = $rows | New-DataSource

        $created.Name | Should -Be @('from-hashtable', 'from-json')
        $stored = Get-ServerDataSource -Emulator $emulator
        $stored[0].host | Should -Be 'h1'
        $stored[0].port | Should -Be '3306'
        $stored[1].includePatterns | Should -Be @('*.csv')
        $stored[1].costPerTb.currency | Should -Be 'EUR'
    }

    It 'takes an array through -InputObject as it takes the pipeline' {
        $rows = @{ Name = 'arg-1'; DatabaseType = 'MYSQL' }, @{ Name = 'arg-2'; DatabaseType = 'AWS' }
        (New-DataSource -InputObject $rows).Name | Should -Be @('arg-1', 'arg-2')
    }

    It 'reports an unknown property by row and name, and sends that row nowhere' {
        $rows = @{ Name = 'fine'; DatabaseType = 'MYSQL' }, @{ Name = 'odd'; DatabaseType = 'MYSQL'; Colour = 'red' }

        $created = $rows | New-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $created.Name | Should -Be 'fine'
        $problems | Should -HaveCount 1
        $problems[0].TargetObject | Should -Be 'odd'
        $problems[0].Exception.Message | Should -BeLike "*Input 2 ('odd')*'Colour'*"
        (Get-ServerDataSource -Emulator $emulator).resourceName | Should -Be 'fine'
    }

    It 'reads each object''s own properties when objects of one kind differ in them' {
        $rows = @(
            [pscustomobject]@{ Name = 'same-kind-1'; DatabaseType = 'MYSQL' }
            [pscustomobject]@{ Name = 'same-kind-2'; DatabaseType = 'MYSQL'; Colour = 'red' }
            [pscustomobject]@{ Name = 'same-kind-3'; DatabaseType = 'MYSQL'; Host = 'h3' }
        )

        $created = $rows | New-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $created.Name | Should -Be @('same-kind-1', 'same-kind-3')
        $problems | Should -HaveCount 1
        $problems[0].Exception.Message | Should -BeLike "*Input 2 ('same-kind-2')*'Colour'*"
        (Get-Stored 'same-kind-3').host | Should -Be 'h3'
    }

    It 'takes script and alias properties added to a row, as PowerShell lists them' {
        $csv = New-Item (Join-Path $TestDrive 'added.csv') -Value "Name,DatabaseType,Port`nadded-1,MYSQL,3301`nadded-2,MYSQL,3302`nadded-3,MYSQL,3303"
        $rows = Import-Csv -Path $csv
        $rows[1] | Add-Member -MemberType ScriptProperty -Name Description -Value { "computed for $($this.Name)" }
        $rows[2] | Add-Member -MemberType AliasProperty -Name DatabaseName -Value Port

        $created = $rows | New-DataSource

        $created.Name | Should -Be @('added-1', 'added-2', 'added-3')
        (Get-Stored 'added-1').PSObject.Properties.Name | Should -Not -Contain 'description'
        (Get-Stored 'added-2').description | Should -Be 'computed for added-2'
        (Get-Stored 'added-3').databaseName | Should -Be '3303'
    }

    It 'takes the properties type data gives a kind of row, also when the type data came after an earlier command' {
        $typeName = 'DataSources.Tests.TypedRow'
        function New-TypedRow([string] $Name, [string] $Description) {
            $row = [ordered]@{ Name = $Name; DatabaseType = 'MYSQL' }
            if ($Description) { $row.Description = $Description }
            $row = [pscustomobject]$row
            $row.PSObject.TypeNames.Insert(0, $typeName)
            $row
        }
        (New-TypedRow 'typed-before' | New-DataSource).Name | Should -Be 'typed-before'
        Update-TypeData -TypeName $typeName -MemberType ScriptProperty -MemberName Description -Value { "typed $($this.Name)" } -Force
        try {
            # The first row's own Description hides the type's; the second has none of its own.
            $created = (New-TypedRow 'typed-1' 'its own'), (New-TypedRow 'typed-2') | New-DataSource
        }
        finally { Remove-TypeData -TypeName $typeName }

        $created.Name | Should -Be @('typed-1', 'typed-2')
        (Get-Stored 'typed-1').description | Should -Be 'its own'
        (Get-Stored 'typed-2').description | Should -Be 'typed typed-2'
        (Get-Stored 'typed-before').PSObject.Properties.Name | Should -Not -Contain 'description'
    }

    It 'sends -BatchSize items per request' {
        $rows = 1..250 | ForEach-Object { @{ Name = "batch-$_"; DatabaseType = 'MYSQL' } }

        $created = $rows | New-DataSource -BatchSize 100

        $created | Should -HaveCount 250
        Get-EmulatorRequestCount -Emulator $emulator -Route $createRoute | Should -Be 3
        (Get-ServerDataSource -Emulator $emulator) | Should -HaveCount 250
    }

    It 'writes outcomes in input order while batches overlap the reading, a bad row''s error after the batches before its own' {
        New-DataSource -Name 'order-0333' -DatabaseType MYSQL | Out-Null
        New-DataSource -Name 'order-0777' -DatabaseType MYSQL | Out-Null
        $names = 1..1000 | ForEach-Object { 'order-{0:D4}' -f $_ }
        Clear-EmulatorStats -Emulator $emulator

        # Row 520 has a column that is no field: it is reported when read, after the outcome of the
        # batches before its own (rows 1 to 500), and is sent nowhere.
        $outcomes = $names | ForEach-Object {
            if ($_ -eq 'order-0520') { @{ Name = $_; DatabaseType = 'POSTGRES'; Colour = 'red' } } else { @{ Name = $_; DatabaseType = 'POSTGRES' } }
        } | New-DataSource -BatchSize 50 -ErrorAction Continue 2>&1

        # 20 batches of 50; the two that hold an existing name are refused whole, and their rest sent again once.
        Get-EmulatorRequestCount -Emulator $emulator -Route $createRoute | Should -Be 22
        $seen = $outcomes | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { "error $($_.TargetObject)" } else { $_.Name } }
        $expected = $names | Where-Object { $_ -ne 'order-0520' } | ForEach-Object {
            if ($_ -in 'order-0333', 'order-0777') { "error $_" } else { $_ }
            if ($_ -eq 'order-0500') { 'error order-0520' }
        }
        $seen | Should -Be $expected
    }

    It 'writes the batch on its way before a bad row stops it with -ErrorAction Stop, and that batch is created' {
        $rows = 1..5 | ForEach-Object { @{ Name = "stop-$_"; DatabaseType = 'MYSQL' } }
        $rows[2].Colour = 'red'
        $seen = [System.Collections.Generic.List[string]]::new()

        $caught = $null
        try { $rows | New-DataSource -BatchSize 2 -ErrorAction Stop | ForEach-Object { $seen.Add($_.Name) } }
        catch { $caught = $_ }

        $seen | Should -Be @('stop-1', 'stop-2')
        $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
        (Get-ServerDataSource -Emulator $emulator -Name 'stop-*').resourceName | Should -Be @('stop-1', 'stop-2')
    }

    It 'lets a batch already sent finish when the pipeline fails upstream, so its items are created, not left unknown' {
        # The create is held back a second on the server, long enough for the upstream failure to end the pipeline.
        Set-EmulatorFaults -Emulator $emulator -Faults @{ latencyMs = 1000; routes = @($createRoute) }
        try {
            $caught = $null
            try {
                1..3 | ForEach-Object {
                    if ($_ -eq 3) { throw 'the source of the rows broke' }
                    @{ Name = "upstream-$_"; DatabaseType = 'MYSQL' }
                } | New-DataSource -BatchSize 2
            }
            catch { $caught = $_ }
        }
        finally { Clear-EmulatorFaults -Emulator $emulator }

        $caught.Exception.Message | Should -Be 'the source of the rows broke'
        (Get-ServerDataSource -Emulator $emulator -Name 'upstream-*').resourceName | Should -Be @('upstream-1', 'upstream-2')
    }

    It 'sends no further batch once the pipeline downstream has what it wants' {
        $rows = 1..1000 | ForEach-Object { @{ Name = "first-$_"; DatabaseType = 'MYSQL' } }

        $first = $rows | New-DataSource -BatchSize 100 | Select-Object -First 1

        $first.Name | Should -Be 'first-1'
        Get-EmulatorRequestCount -Emulator $emulator -Route $createRoute | Should -Be 1
        Get-ServerDataSource -Emulator $emulator | Should -HaveCount 100
    }

    It 'creates a name given twice once, and reports the repeat without sending it' {
        $rows = @{ Name = 'twice'; DatabaseType = 'MYSQL' }, @{ Name = 'twice'; DatabaseType = 'AWS' }

        $created = $rows | New-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $created | Should -HaveCount 1
        $created.DatabaseType | Should -Be 'MYSQL'
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
        $problems[0].Exception.Message | Should -Be "Input 2 ('twice') was not sent: input 1 has the same name, and a resource name can be created once only."
        (Get-ServerDataSource -Emulator $emulator -Name 'twice') | Should -HaveCount 1
    }

    It 'sends nothing with -WhatIf' {
        $rows = 1..5 | ForEach-Object { @{ Name = "whatif-$_"; DatabaseType = 'MYSQL' } }
        $rows | New-DataSource -WhatIf | Should -BeNullOrEmpty
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'copies DataSource objects from one catalog to another with -Connection' {
        $other = Start-Emulator -ArgumentList '--seed-count', '40'
        try {
            $source = Connect-DataSourceService -Uri $other.Uri -Credential (New-TestCredential) -PassThru
            $target = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -PassThru

            $copies = Find-DataSource -Connection $source -Name 'prod-*' | New-DataSource -Connection $target

            $original = Get-ServerDataSource -Emulator $other -Name 'prod-*'
            $copied = Get-ServerDataSource -Emulator $emulator
            $copies.Name | Should -Be $original.resourceName
            $copied.resourceName | Should -Be $original.resourceName
            for ($i = 0; $i -lt $original.Count; $i++) {
                $copied[$i]._id | Should -Not -Be $original[$i]._id
                $copied[$i].host | Should -Be $original[$i].host
                $copied[$i].includePatterns | Should -Be $original[$i].includePatterns
                $copied[$i].costPerTb.price | Should -Be $original[$i].costPerTb.price
                $copied[$i].costPerTb.currency | Should -Be $original[$i].costPerTb.currency
            }
        }
        finally { Stop-Emulator $other }
    }
}

Describe 'New-DataSource from the pipeline with field parameters' {
    BeforeEach { Reset-EmulatorStore -Emulator $emulator }

    It 'gives every row the parameters'' fields: Import-Csv hosts.csv | New-DataSource -DatabaseType POSTGRES -Credential $c' {
        $rows = "Name,Host,Port`nrow-a,pg-a.example.com,5432`nrow-b,pg-b.example.com,5433" | ConvertFrom-Csv
        $credential = New-TestCredential -UserName 'svc_scan' -Password 'scan-pw'

        $created = $rows | New-DataSource -DatabaseType POSTGRES -Credential $credential -Property @{ sslType = 'encryptionOnly' } -ErrorAction Stop

        $created.Name | Should -Be @('row-a', 'row-b')
        foreach ($name in 'row-a', 'row-b') {
            $stored = Get-Stored $name
            $stored.databaseType, $stored.userName, $stored.password, $stored.sslType | Should -Be @('POSTGRES', 'svc_scan', 'scan-pw', 'encryptionOnly')
        }
        (Get-Stored 'row-b').port | Should -Be '5433'
    }

    It 'refuses a row that gives a parameter''s field itself with another value, and creates the others, the same value included' {
        $rows = @(
            [pscustomobject]@{ Name = 'own-type'; DatabaseType = 'MYSQL' }
            [pscustomobject]@{ Name = 'no-type' }
            @{ Name = 'same-type'; DatabaseType = 'POSTGRES' }
        )

        $created = $rows | New-DataSource -DatabaseType POSTGRES -ErrorVariable problems -ErrorAction SilentlyContinue

        $created.Name | Should -Be 'no-type', 'same-type'
        (Get-Stored 'no-type').databaseType | Should -Be 'POSTGRES'
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
        $problems[0].Exception.Message | Should -Be "Input 1 ('own-type') was not sent: it gives 'databaseType' too, with another value than the parameter: give it in the rows or as a parameter, not both."
        Get-Stored 'own-type' | Should -BeNullOrEmpty
    }
}

Describe 'New-DataSource run again with -SkipExisting' {
    BeforeEach { Reset-EmulatorStore -Emulator $emulator }
    AfterEach { Clear-EmulatorFaults -Emulator $emulator }

    It 'says that the skipped rows'' incremental and scanSinceTimeframe were not applied to the sources that exist' {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Name = "again-$_"; DatabaseType = 'MYSQL'; Incremental = 'true'; ScanSinceTimeframe = '14d' } }
        $rows += [pscustomobject]@{ Name = 'again-plain'; DatabaseType = 'MYSQL' }
        Set-EmulatorFaults -Emulator $emulator -Faults @{ statuses = @(500); routes = @('PATCH *') }
        $null = $rows | New-DataSource -ErrorVariable first -ErrorAction SilentlyContinue
        Clear-EmulatorFaults -Emulator $emulator

        $null = $rows | New-DataSource -SkipExisting -WarningVariable warnings -ErrorVariable again

        @($first | Where-Object FullyQualifiedErrorId -like 'AfterCreateFieldsNotSet,*') | Should -HaveCount 3
        $again | Should -BeNullOrEmpty
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -Be ("3 skipped row(s) ('again-1', 'again-2', 'again-3') give incremental or scanSinceTimeframe, which only an update sets: they were not applied to the data sources that exist. " +
            'Where an earlier run could not set them (its AfterCreateFieldsNotSet errors), set them with Set-DataSource.')
        (Get-Stored 'again-1').PSObject.Properties.Name | Should -Not -Contain 'incremental' -Because 'the warning says what happened'
    }
}

Describe 'New-DataSource as a user who may only read' {
    BeforeAll {
        $reader = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential reader reader) -PassThru
    }

    It 'gives a PermissionDenied error per item, naming it' {
        $rows = @{ Name = 'r1'; DatabaseType = 'MYSQL' }, @{ Name = 'r2'; DatabaseType = 'MYSQL' }

        $rows | New-DataSource -Connection $reader -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $problems | Should -HaveCount 2
        $problems.TargetObject | Should -Be @('r1', 'r2')
        $problems | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'PermissionDenied,*'
            $_.CategoryInfo.Category | Should -Be 'PermissionDenied'
        }
    }
}
