# Everyday PowerShell habits, tried as a user would, with the server checked afterwards through
# raw reads (Get-ServerDataSource), never through the module.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$repo/tools/ChildPwsh.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $manifest = "$repo/DataSources.psd1"
    $emulator = Start-Emulator -ArgumentList '--seed-count', '300', '--user', 'admin:admin:Admin', '--user', 'reader:reader:Business_User'
    Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
    $filterRoute = 'POST /api/public/v3/data-sources/filter'
    $patchRoute = 'PATCH /api/public/v3/data-sources/{id}'

    # The whole store as JSON text, one line per data source, to compare before and after.
    function Get-StoreText { Get-ServerDataSource -Emulator $emulator | ForEach-Object { ConvertTo-ComparableSource $_ } }

    function Get-ProgressOf([string] $Script) { Get-ProgressRecord -Emulator $emulator -Manifest $manifest -Script $Script }
}

AfterAll {
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
}

Describe 'A pipeline never changes more than the user named' {
    BeforeAll {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 300
        $server = Get-ServerDataSource -Emulator $emulator
    }

    BeforeEach { Clear-EmulatorStats -Emulator $emulator }

    It '"nomatch-xyz*" | Find-DataSource | Set-DataSource -Note oops changes nothing' {
        $before = Get-StoreText
        Clear-EmulatorStats -Emulator $emulator

        "nomatch-xyz*" | Find-DataSource | Set-DataSource -Note oops -ErrorVariable problems

        $problems | Should -BeNullOrEmpty
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be 0
        Get-StoreText | Should -Be $before
    }

    It 'a Find-DataSource downstream of a pipeline that sends nothing finds nothing, and sends nothing' {
        $before = Get-StoreText
        Clear-EmulatorStats -Emulator $emulator

        $found = @() | Find-DataSource
        @() | Find-DataSource | Set-DataSource -Note oops

        $found | Should -BeNullOrEmpty
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        Get-StoreText | Should -Be $before
    }

    It 'input that cannot bind is an error per input, and is never "no filter"' {
        $before = Get-StoreText
        Clear-EmulatorStats -Emulator $emulator
        $inputs = @{ Colour = 'red' }, [pscustomobject]@{ Colour = 'blue' }, 42, ''

        $inputs | Find-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue | Set-DataSource -Note oops

        $problems | Should -HaveCount 4
        $problems.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidPipelineInput,*' }
        $problems.CategoryInfo.Category | Select-Object -Unique | Should -Be 'InvalidArgument'
        $problems[0].Exception.Message | Should -BeLike 'Input 1 was skipped: *Hashtable*no Name, ResourceName, DatabaseType or Id*'
        $problems.TargetObject | Should -Be @(1, 2, 3, '') -Because 'a row is named by its position, never given whole: it may carry a password'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        Get-StoreText | Should -Be $before
    }

    It 'an empty list given to -<Key> finds nothing and sends nothing, so a variable that matched nothing changes nothing' -ForEach @(
        @{ Key = 'Name' }, @{ Key = 'DatabaseType' }, @{ Key = 'Id' }
    ) {
        $before = Get-StoreText
        [string[]] $nothing = @($server | Where-Object resourceName -eq 'no such source' | ForEach-Object resourceName)
        $nothing | Should -HaveCount 0
        $given = @{ $Key = $nothing }

        $found = Find-DataSource @given
        Find-DataSource @given | Set-DataSource -Note oops
        $total = Find-DataSource @given -IncludeTotalCount

        $found | Should -BeNullOrEmpty
        $total | Should -HaveCount 1
        [long]$total[0] | Should -Be 0
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        Get-StoreText | Should -Be $before
    }

    It 'each piped row finds what it would find alone: a Name and a DatabaseType column pair up, in one request' {
        $csv = Join-Path $TestDrive 'pairs.csv'
        @('Name,DatabaseType', 'prod-hr-*,ORACLE', 'prod-crm-*,POSTGRES') | Set-Content -Path $csv
        $expected = $server | Where-Object {
            ($_.resourceName -like 'prod-hr-*' -and $_.databaseType -eq 'ORACLE') -or ($_.resourceName -like 'prod-crm-*' -and $_.databaseType -eq 'POSTGRES')
        }
        $crossed = $server | Where-Object { $_.resourceName -like 'prod-hr-*' -and $_.databaseType -eq 'POSTGRES' }
        $expected | Should -Not -BeNullOrEmpty
        $crossed | Should -Not -BeNullOrEmpty -Because 'the seed has sources a merged filter would find too'

        $found = Import-Csv $csv | Find-DataSource

        $found.Id | Should -Be $expected._id
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 1
    }

    It 'rows that give different keys each find their own: one by id, one by name' {
        $rows = @{ Id = $server[11]._id }, @{ Name = $server[12].resourceName }, [pscustomobject]@{ DatabaseType = 'NO-SUCH-TYPE' }

        $found = $rows | Find-DataSource

        $found.Id | Should -Be $server[11, 12]._id
    }

    It 'rows of an Id and a Name find the source that has both, not one row''s id with another row''s name' {
        $a, $b, $c = $server[20, 21, 22]
        $rows = [pscustomobject]@{ Id = $a._id; Name = $b.resourceName; DatabaseType = $a.databaseType },
            [pscustomobject]@{ Id = $b._id; Name = $a.resourceName; DatabaseType = $b.databaseType },
            [pscustomobject]@{ Id = $c._id; Name = $c.resourceName; DatabaseType = $c.databaseType }

        $found = $rows | Find-DataSource

        $found.Id | Should -Be $c._id
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 1
    }

    It 'the inputs that bind still form the filter when others do not' {
        $name = $server[4].resourceName

        $found = [pscustomobject]@{ Colour = 'red' }, $name | Find-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $found.Name | Should -Be $name
        $problems | Should -HaveCount 1
        $problems[0].Exception.Message | Should -BeLike 'Input 1 was skipped:*'
    }

    It 'Import-Csv names.csv | Find-DataSource finds those names, with one filter request' {
        $names = $server[3, 40, 77].resourceName
        $csv = Join-Path $TestDrive 'names.csv'
        $names | ForEach-Object { [pscustomobject]@{ Name = $_; Owner = 'ops' } } | Export-Csv -Path $csv

        $found = Import-Csv $csv | Find-DataSource

        $found.Name | Should -Be $names
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 1
    }

    It 'strings bind to -Name, with wildcards, all into one filter' {
        $found = 'prod-hr-*', 'qa-crm-*' | Find-DataSource

        $found.Name | Should -Be ($server | Where-Object { $_.resourceName -like 'prod-hr-*' -or $_.resourceName -like 'qa-crm-*' }).resourceName
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 1
    }

    It 'objects bind ResourceName, DatabaseType and Id by property name, and hashtables their keys' {
        $rows = [pscustomobject]@{ ResourceName = $server[1].resourceName }, @{ Name = $server[2].resourceName }
        (($rows | Find-DataSource).Name) | Should -Be $server[1, 2].resourceName

        $postgres = [pscustomobject]@{ DatabaseType = 'POSTGRES' } | Find-DataSource -Name 'prod-*'
        $postgres.Id | Should -Be ($server | Where-Object { $_.resourceName -like 'prod-*' -and $_.databaseType -eq 'POSTGRES' })._id

        ([pscustomobject]@{ _id = $server[9]._id } | Find-DataSource).Id | Should -Be $server[9]._id
    }

    It 'piped data sources find themselves again: Name, DatabaseType and Id all bind' {
        $some = Find-DataSource -Id $server[5, 6, 7]._id
        Clear-EmulatorStats -Emulator $emulator

        ($some | Find-DataSource).Id | Should -Be $server[5, 6, 7]._id
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 1
    }

    It 'a piped name with -Name given is an error, and that input is skipped' {
        $found = 'qa-*' | Find-DataSource -Name $server[0].resourceName -ErrorVariable problems -ErrorAction SilentlyContinue

        $found | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1
        $problems[0].Exception.Message | Should -BeLike '*-Name is given*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'with no filter and no upstream, Find-DataSource still lists everything' {
        Find-DataSource | Should -HaveCount 300
    }
}

Describe 'Data sources read from another server' {
    BeforeAll {
        $other = Start-Emulator -ArgumentList '--seed-count', '20'
        $elsewhere = Connect-DataSourceService -Uri $other.Uri -Credential (New-TestCredential) -NoDefault -PassThru
    }

    AfterAll {
        Disconnect-DataSourceService -Connection $elsewhere
        if ($other) { Stop-Emulator $other }
    }

    BeforeEach {
        Clear-EmulatorStats -Emulator $emulator
        Clear-EmulatorStats -Emulator $other
    }

    It 'are refused by <Command> on the default connection, each by id, and nothing is sent to either server' -ForEach @(
        @{ Command = 'Set-DataSource'; Arguments = @{ Note = 'cross' } }
        @{ Command = 'Get-DataSource'; Arguments = @{} }
        @{ Command = 'Find-DataSource'; Arguments = @{} }
    ) {
        $theirs = Find-DataSource -Connection $elsewhere -First 3
        Clear-EmulatorStats -Emulator $other

        $theirs | & $Command @Arguments -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $problems | Should -HaveCount 3
        $problems.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'DataSourceFromOtherServer,*' }
        $problems.TargetObject | Should -Be $theirs.Id
        $problems[0].Exception.Message | Should -BeLike "*came from $($other.Uri)*this command uses $($emulator.Uri)*-Connection*"
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        Get-EmulatorRequestCount -Emulator $other | Should -Be 0
    }

    It 'go to the server -Connection names, and those of the default server go through as before' {
        $theirs = Find-DataSource -Connection $elsewhere -First 2
        $ours = Find-DataSource -First 2

        $theirs | Set-DataSource -Connection $elsewhere -Note 'theirs' -ErrorAction Stop
        $ours | Set-DataSource -Note 'ours' -ErrorAction Stop

        (Get-ServerDataSource -Emulator $other -Id $theirs.Id).note | Should -Be @('theirs', 'theirs')
        (Get-ServerDataSource -Emulator $emulator -Id $ours.Id).note | Should -Be @('ours', 'ours')
    }
}

Describe 'Set-DataSource from rows' {
    BeforeEach {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 30
        $stored = Get-ServerDataSource -Emulator $emulator
        Clear-EmulatorStats -Emulator $emulator
    }

    It 'Import-Csv of ids changes exactly each row''s columns, typed as New-DataSource types CSV text' {
        $csv = Join-Path $TestDrive 'updates.csv'
        Set-Content -Path $csv -Value @(
            'Id,Description,Port,Incremental,IncludePatterns'
            "$($stored[0]._id),orders database,5432,true,public.*;sales.*"
            "$($stored[1]._id),,6543,false,"
            "$($stored[2]._id),ledger,,,"
        )

        Import-Csv $csv | Set-DataSource

        $after = Get-ServerDataSource -Emulator $emulator -Id $stored[0..2]._id
        $after[0].description | Should -Be 'orders database'
        $after[0].port | Should -BeExactly '5432'
        $after[0].incremental | Should -BeExactly $true
        $after[0].includePatterns | Should -Be @('public.*', 'sales.*')
        ConvertTo-ComparableSource $after[0] -Except 'description', 'port', 'incremental', 'includePatterns' |
            Should -Be (ConvertTo-ComparableSource $stored[0] -Except 'description', 'port', 'incremental', 'includePatterns')
        $after[1].port | Should -BeExactly '6543'
        $after[1].incremental | Should -BeExactly $false
        ConvertTo-ComparableSource $after[1] -Except 'port', 'incremental' | Should -Be (ConvertTo-ComparableSource $stored[1] -Except 'port', 'incremental')
        $after[2].description | Should -Be 'ledger'
        ConvertTo-ComparableSource $after[2] -Except 'description' | Should -Be (ConvertTo-ComparableSource $stored[2] -Except 'description')
        $untouched = Get-ServerDataSource -Emulator $emulator -Id $stored[3..29]._id
        ($untouched | ForEach-Object { ConvertTo-ComparableSource $_ }) | Should -Be ($stored[3..29] | ForEach-Object { ConvertTo-ComparableSource $_ })
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be 3
    }

    It 'sends each row its own body: only its non-empty columns' {
        $rows = ConvertFrom-Csv @"
Id,Note,AvailableForWriting
$($stored[4]._id),first,
$($stored[5]._id),,1
"@
        $debug = $rows | Set-DataSource -ThrottleLimit 1 -Debug 5>&1 |
            Where-Object { $_ -is [System.Management.Automation.DebugRecord] -and $_.Message -like '* request body: *' } | ForEach-Object { $_.Message -replace '^.* request body: ' }

        $debug | Should -Be @('{"note":"first"}', '{"availableForWriting":true}')
    }

    It 'takes hashtables and ConvertFrom-Json objects as rows, _id included' {
        $json = "[{`"_id`": `"$($stored[7]._id)`", `"note`": `"from json`", `"totalCapacity`": 12.5}]" | ConvertFrom-Json

        @{ Id = $stored[6]._id; Description = 'from a hashtable' } | Set-DataSource
        $json | Set-DataSource

        (Get-ServerDataSource -Emulator $emulator -Id $stored[6]._id).description | Should -Be 'from a hashtable'
        $fromJson = Get-ServerDataSource -Emulator $emulator -Id $stored[7]._id
        $fromJson.note | Should -Be 'from json'
        $fromJson.totalCapacity | Should -Be 12.5
    }

    It 'refuses a row with a key of its own that is no field, naming it, and still sends the others' {
        # Rows that differ in their keys, as hashtables can; a CSV's header is every row's (SetDataSource.Tests).
        $rows = @{ Id = $stored[8]._id; Note = 'ok-1' }, @{ Id = $stored[9]._id; Note = 'bad'; Colour = 'red' }, @{ Id = $stored[10]._id; Note = 'ok-2' }
        $rows | Set-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -Be $stored[9]._id
        $problems[0].Exception.Message | Should -BeLike "Input 2 (id $($stored[9]._id)) was not sent: *'Colour'*"
        (Get-ServerDataSource -Emulator $emulator -Id $stored[8]._id).note | Should -Be 'ok-1'
        (Get-ServerDataSource -Emulator $emulator -Id $stored[9]._id).PSObject.Properties['note'] | Should -BeNullOrEmpty
        (Get-ServerDataSource -Emulator $emulator -Id $stored[10]._id).note | Should -Be 'ok-2'
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be 2
    }

    It 'refuses a row whose column is not patchable, or that has no id, or no field' {
        $rows = [pscustomobject]@{ Id = $stored[11]._id; Name = 'renamed' },
            [pscustomobject]@{ Note = 'whose?' },
            [pscustomobject]@{ Id = $stored[12]._id; Note = '' }

        $rows | Set-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems | Should -HaveCount 3
        $problems[0].Exception.Message | Should -BeLike "*'resourceName' cannot be set on update*"
        $problems[1].Exception.Message | Should -BeLike 'Input 2 was not sent: *no Id*'
        $problems[1].TargetObject | Should -Be 2
        $problems[2].Exception.Message | Should -BeLike '*names no field*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'refuses a row whose value does not fit its field, saying so and nothing more' {
        $rows = [pscustomobject]@{ Id = $stored[22]._id; AvailableForWriting = 'maybe' }

        $rows | Set-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems | Should -HaveCount 1
        $problems[0].Exception.Message | Should -BeExactly "Input 1 (id $($stored[22]._id)) was not sent: Field 'availableForWriting': expected true, false, 1 or 0, got 'maybe'."
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'takes an array piped whole, as ConvertFrom-Json writes a JSON array in Windows PowerShell, one row per element' {
        $rows = [pscustomobject]@{ Id = $stored[23]._id; Note = 'first of two' }, [pscustomobject]@{ Id = $stored[24]._id; Note = 'second of two' }

        , $rows | Set-DataSource

        (Get-ServerDataSource -Emulator $emulator -Id $stored[23, 24]._id).note | Should -Be @('first of two', 'second of two')
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be 2
    }

    It 'applies the parameters to every row as well, and refuses a row that sets a parameter''s field too' {
        $rows = [pscustomobject]@{ Id = $stored[13]._id; Note = 'row note' },
            [pscustomobject]@{ Id = $stored[14]._id; Description = 'row description' }

        $rows | Set-DataSource -Description 'from the parameter' -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems | Should -HaveCount 1
        $problems[0].Exception.Message | Should -BeLike "Input 2 (id $($stored[14]._id)) was not sent: *'description'*parameter*"
        $first = Get-ServerDataSource -Emulator $emulator -Id $stored[13]._id
        $first.note | Should -Be 'row note'
        $first.description | Should -Be 'from the parameter'
        (Get-ServerDataSource -Emulator $emulator -Id $stored[14]._id).description | Should -Be $stored[14].description
    }

    It 'keeps rows to -ThrottleLimit: at 1, each row''s PATCH is answered before the next is started' {
        $rows = $stored[15..17] | ForEach-Object { [pscustomobject]@{ Id = $_._id; Note = 'in turn' } }

        $lines = $rows | Set-DataSource -ThrottleLimit 1 -Verbose 4>&1 | ForEach-Object Message

        $lines | Should -HaveCount 6
        for ($i = 0; $i -lt 3; $i++) {
            $lines[2 * $i] | Should -BeLike "Performing the operation `"Set note`" on target `"id $($rows[$i].Id)`"*"
            $lines[2 * $i + 1] | Should -BeLike "PATCH /api/public/v3/data-sources/$($rows[$i].Id) 200 *"
        }
    }

    It 'piping data sources still sends only the fields named as parameters' {
        $debug = Find-DataSource -Id $stored[18, 19]._id | Set-DataSource -Incremental $true -Debug 5>&1 |
            Where-Object { $_ -is [System.Management.Automation.DebugRecord] -and $_.Message -like '* request body: *' } | ForEach-Object { $_.Message -replace '^.* request body: ' }

        $debug | Should -Be @('{"incremental":true}', '{"incremental":true}')
    }

    It 'piping id strings still works, and a data source read back by Import-Clixml counts as one' {
        $clixml = Join-Path $TestDrive 'sources.xml'
        Find-DataSource -Id $stored[20]._id | Export-Clixml -Path $clixml

        $stored[21]._id | Set-DataSource -Note 'by id'
        Import-Clixml $clixml | Set-DataSource -Note 'by clixml'

        (Get-ServerDataSource -Emulator $emulator -Id $stored[20, 21]._id).note | Should -Be @('by clixml', 'by id')
    }
}

Describe 'The total count of -IncludeTotalCount' {
    BeforeAll {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 300
        $server = Get-ServerDataSource -Emulator $emulator
        $prod = @($server | Where-Object resourceName -like 'prod-*')
    }

    BeforeEach { Clear-EmulatorStats -Emulator $emulator }

    It 'is never sent as an id by Set-DataSource: skipped, with a verbose line' {
        $verbose = Find-DataSource -Name 'prod-*' -First 3 -IncludeTotalCount |
            Set-DataSource -Note 'counted' -ErrorVariable problems -Verbose 4>&1 | ForEach-Object Message

        $problems | Should -BeNullOrEmpty
        $verbose | Should -Contain 'Input 1 is the total count of -IncludeTotalCount, not a data source: skipped.'
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be 3
        (Get-ServerDataSource -Emulator $emulator | Where-Object note -eq 'counted')._id | Should -Be $prod[0..2]._id
    }

    It 'is never asked for as an id by Get-DataSource' {
        $found = Find-DataSource -Name 'prod-*' -First 2 -IncludeTotalCount | Get-DataSource -ErrorVariable problems

        $problems | Should -BeNullOrEmpty
        $found.Id | Should -Be $prod[0..1]._id
        Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /api/public/v3/data-sources/by-ids' | Should -Be 1
    }

    It 'is no row to New-DataSource: skipped, with a verbose line' {
        $verbose = Find-DataSource -Name 'prod-*' -First 2 -IncludeTotalCount |
            New-DataSource -WhatIf -ErrorVariable problems -Verbose 4>&1 | ForEach-Object Message

        $problems | Should -BeNullOrEmpty
        $verbose | Should -Contain 'Input 1 is the total count of -IncludeTotalCount, not a data source: skipped.'
        Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /api/public/v3/data-sources' | Should -Be 0
    }

    It 'Find-DataSource -First 0 -IncludeTotalCount prints the real total, from one request' {
        $output = @(Find-DataSource -Name 'prod-*' -First 0 -IncludeTotalCount)

        $output | Should -HaveCount 1
        $output[0].ToString() | Should -Be "Total count: $($prod.Count)"
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 1
    }
}

Describe 'Get-DataSource -Name' {
    BeforeAll {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 50
        $server = Get-ServerDataSource -Emulator $emulator
        $null = New-DataSource -Name 'star*name' -DatabaseType MYSQL
        $null = New-DataSource -Name 'star-other-name' -DatabaseType MYSQL
    }

    BeforeEach { Clear-EmulatorStats -Emulator $emulator }

    It 'gets exact names, in the order given, with one filter request' {
        $names = $server[7, 2, 30].resourceName

        (Get-DataSource -Name $names).Name | Should -Be $names
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 1
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 1
    }

    It 'takes a * in a name as a literal character' {
        (Get-DataSource -Name 'star*name').Name | Should -BeExactly 'star*name'
        Get-DataSource -Name 'star*' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'gives an ObjectNotFound error per name that is not there exactly, and the others still come' {
        $found = Get-DataSource -Name 'no-such-source', $server[0].resourceName, $server[1].resourceName.ToUpperInvariant() -ErrorVariable problems -ErrorAction SilentlyContinue

        $found.Name | Should -Be $server[0].resourceName
        $problems | Should -HaveCount 2
        $problems.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'DataSourceNotFound,*' }
        $problems.CategoryInfo.Category | Select-Object -Unique | Should -Be 'ObjectNotFound'
        $problems.TargetObject | Should -Be @('no-such-source', $server[1].resourceName.ToUpperInvariant())
    }
}

Describe 'PowerShell wildcards in Find-DataSource' {
    BeforeAll {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 300
        'lit*star', 'litXstar', 'lit?mark', 'litQmark', 'lit[1]', 'lit1' | ForEach-Object { New-DataSource -Name $_ -DatabaseType MYSQL } | Out-Null
        $server = Get-ServerDataSource -Emulator $emulator
    }

    BeforeEach { Clear-EmulatorStats -Emulator $emulator }

    It '-Name <Pattern> gives exactly -like''s results, in order' -ForEach @(
        @{ Pattern = 'prod-?r*' }
        @{ Pattern = '*-0000[1-5]' }
        @{ Pattern = '[pq]*-pg-*' }
        @{ Pattern = 'PROD-[H]R-*' }
        @{ Pattern = '?ev-*' }
        @{ Pattern = 'lit[1]' }
    ) {
        $expected = @($server | Where-Object resourceName -like $Pattern)

        $found = @(Find-DataSource -Name $Pattern -PageSize 40)

        $expected.Count | Should -BeGreaterThan 0
        $found.Id | Should -Be $expected._id
    }

    It '-DatabaseType <Pattern> gives exactly -like''s results' -ForEach @(@{ Pattern = '?SSQL' }, @{ Pattern = 'M[YS]SQL' }) {
        $expected = @($server | Where-Object databaseType -like $Pattern)

        (Find-DataSource -DatabaseType $Pattern).Id | Should -Be $expected._id
        $expected.Count | Should -BeGreaterThan 0
    }

    It 'a backtick-escaped wildcard is literal: <Pattern> finds <Expected> only' -ForEach @(
        @{ Pattern = 'lit`*star'; Expected = 'lit*star' }
        @{ Pattern = 'lit`?mark'; Expected = 'lit?mark' }
        @{ Pattern = 'lit`[1`]'; Expected = 'lit[1]' }
    ) {
        (Find-DataSource -Name $Pattern).Name | Should -BeExactly $Expected
    }

    It '-Skip, -First and the total count count what is output; the total comes after the results' {
        $expected = @($server | Where-Object resourceName -like 'prod-?r*')

        $output = @(Find-DataSource -Name 'prod-?r*' -Skip 2 -First 3 -IncludeTotalCount -PageSize 25)

        $output | Should -HaveCount 4
        $output[0..2].Id | Should -Be $expected[2..4]._id
        $output[3].ToString() | Should -Be "Total count: $($expected.Count)"
    }

    It 'a plain * pattern costs what it did: the server skips and stops, no more requests' {
        $found = Find-DataSource -Name 'prod-*' -Skip 5 -First 20 -PageSize 10

        $found.Id | Should -Be @($server | Where-Object resourceName -like 'prod-*')[5..24]._id
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 2
    }

    It 'an invalid pattern is an InvalidWildcardPattern error before anything is sent' {
        $err = { Find-DataSource -Name 'prod-[a' } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidWildcardPattern,*'
        $err.Exception.Message | Should -BeLike "'prod-``[a' is not a valid wildcard pattern*"
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }
}

Describe 'Progress of long work' {
    BeforeAll {
        Reset-EmulatorStore -Emulator $emulator -SeedCount 30
        $ids = (Get-ServerDataSource -Emulator $emulator)._id
    }

    AfterEach { Clear-EmulatorFaults -Emulator $emulator }

    It 'Set-DataSource shows how many are done once it has worked a second, then completes it' {
        Set-EmulatorFaults -Emulator $emulator -Faults @{ latencyMs = 300; routes = @('PATCH *') }

        $records = Get-ProgressOf "'$($ids[0..5] -join "','")' | Set-DataSource -Note slow -ThrottleLimit 1"

        $records.Count | Should -BeGreaterOrEqual 2
        $records.Activity | Select-Object -Unique | Should -Be 'Set-DataSource'
        $records[0].StatusDescription | Should -Match '^\d data sources done$'
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'says of how many when it knows: Set-DataSource -InputObject' {
        Set-EmulatorFaults -Emulator $emulator -Faults @{ latencyMs = 300; routes = @('PATCH *') }

        $records = Get-ProgressOf "Set-DataSource -InputObject (Find-DataSource -First 6) -Note slow -ThrottleLimit 1"

        $records[0].StatusDescription | Should -Match '^\d of 6 data sources done$'
        $records[0].PercentComplete | Should -BeGreaterOrEqual 0
    }

    It 'Get-DataSource and New-DataSource show progress for long work too' {
        Set-EmulatorFaults -Emulator $emulator -Faults @{ latencyMs = 1500; routes = @('POST /api/public/v3/data-sources/by-ids', 'POST /api/public/v3/data-sources') }

        $get = Get-ProgressOf "Get-DataSource -Id '$($ids[0..1] -join "','")'"
        $new = Get-ProgressOf "@{ Name = 'slow-1'; DatabaseType = 'MYSQL' }, @{ Name = 'slow-2'; DatabaseType = 'MYSQL' } | New-DataSource -BatchSize 1"

        $get[0].Activity | Should -Be 'Get-DataSource'
        $get[0].StatusDescription | Should -Be '0 of 2 data sources done'
        $get[-1].RecordType | Should -Be 'Completed'
        $new[0].Activity | Should -Be 'New-DataSource'
        $new[-1].RecordType | Should -Be 'Completed'
    }

    It 'shows no progress for short work' {
        Get-ProgressOf "Set-DataSource -Id '$($ids[0])' -Note quick; Get-DataSource -Id '$($ids[1])'; New-DataSource -Name quick-1 -DatabaseType MYSQL" |
            Should -BeNullOrEmpty
    }
}

Describe 'Connecting' {
    BeforeEach { Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) }

    It '-NoDefault returns the connection and leaves the default as it was' {
        $reader = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential reader reader) -NoDefault -WarningVariable warnings

        $reader.UserName | Should -Be 'reader'
        (Get-DataSourceConnection).UserName | Should -Be 'admin'
        $warnings | Should -BeNullOrEmpty
        Find-DataSource -Connection $reader -First 1 | Should -HaveCount 1
    }

    It 'warns when a Connect replaces the default connection with another user or server, and only then' {
        Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -WarningVariable same
        Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential reader reader) -WarningVariable other

        $same | Should -BeNullOrEmpty
        $other | Should -HaveCount 1
        "$other" | Should -BeLike "*admin@*reader@*-NoDefault*"
        (Get-DataSourceConnection).UserName | Should -Be 'reader'
    }

    It 'Disconnect-DataSourceService -Connection forgets that one, and leaves the default' {
        $reader = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential reader reader) -NoDefault
        Clear-EmulatorStats -Emulator $emulator

        Disconnect-DataSourceService -Connection $reader

        $err = { Find-DataSource -Connection $reader } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NotConnected,*'
        $err.Exception.Message | Should -BeLike '*closed by Disconnect-DataSourceService*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        (Get-DataSourceConnection).UserName | Should -Be 'admin'
        $again = Disconnect-DataSourceService -Connection $reader -Verbose 4>&1 | ForEach-Object Message
        $again | Should -Be "The connection to $($reader.Uri) was closed already." -Because 'a second Disconnect says so, not "Disconnected"'
    }

    It 'refuses a connection read back from another process (Import-Clixml, a Start-Job job) by name, not with a binder''s conversion error' {
        $file = Join-Path $TestDrive 'connection.xml'
        Get-DataSourceConnection | Export-Clixml -Path $file
        $copy = Import-Clixml -Path $file
        Clear-EmulatorStats -Emulator $emulator

        $err = { Find-DataSource -Connection $copy -First 1 } | Should -Throw -PassThru

        $err.Exception.Message | Should -BeLike '*was read back from another process (a Start-Job job, Import-Clixml or remoting) and holds no login: a connection works only in the process that made it. Connect in this one with Connect-DataSourceService (in a job, from the DATASOURCES_* variables).'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'Disconnect-DataSourceService -Connection of the default clears the default too' {
        $connection = Get-DataSourceConnection

        $connection | Disconnect-DataSourceService -ErrorVariable problems

        $problems | Should -BeNullOrEmpty
        Get-DataSourceConnection | Should -BeNullOrEmpty
        { Find-DataSource -Connection $connection } | Should -Throw -ErrorId 'NotConnected,*'
    }

    It 'Disconnect-DataSourceService -Connection of a connection a thread job is using stops the job''s command with NotConnected, and nothing more is sent' {
        $shared = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -NoDefault
        $id = (Find-DataSource -First 1).Id
        Set-EmulatorBehaviour -Emulator $emulator -Behaviour @{ latencyMs = 200 }
        try {
            Clear-EmulatorStats -Emulator $emulator
            $job = Start-ThreadJob {
                Import-Module $using:manifest
                1..500 | ForEach-Object { $using:id } | Set-DataSource -Connection $using:shared -Note 'from a job'
            }
            # Mid-command: the job's PATCHes are being answered.
            Wait-EmulatorStatusCount -Emulator $emulator -Status 200 -Count 2
            Disconnect-DataSourceService -Connection $shared

            $job | Wait-Job -Timeout 60 | Should -Not -BeNullOrEmpty
            $job | Receive-Job -ErrorVariable problems -ErrorAction SilentlyContinue
            $sent = Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute
            Start-Sleep -Milliseconds 500
        }
        finally {
            Clear-EmulatorBehaviour -Emulator $emulator
            $job | Remove-Job -Force
        }

        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NotConnected,*'
        $problems[0].Exception.Message | Should -BeLike '*closed by Disconnect-DataSourceService while this command was using it*Run Connect-DataSourceService again.'
        $sent | Should -BeLessThan 500
        Get-EmulatorRequestCount -Emulator $emulator -Route $patchRoute | Should -Be $sent
    }

    It 'Connect-DataSourceService -Uri alone fails at once in a non-interactive pwsh, naming the three ways to connect' {
        $pwsh = @(Get-PwshCommand)
        $script = "Import-Module '$manifest'; Connect-DataSourceService -Uri '$($emulator.Uri)'"
        Clear-EmulatorStats -Emulator $emulator
        $start = [System.Diagnostics.ProcessStartInfo]::new($pwsh[0])
        foreach ($argument in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $script)) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $child = [System.Diagnostics.Process]::Start($start)
        $errorText = $child.StandardError.ReadToEndAsync()
        $outputText = $child.StandardOutput.ReadToEndAsync()

        # Generous: a prompt would wait for ever, a failure ends it.
        $child.WaitForExit(60000) | Should -BeTrue
        $text = ($errorText.Result + $outputText.Result) -replace '\s+', ' '
        $child.ExitCode | Should -Not -Be 0
        $text | Should -BeLike '*-Credential*'
        $text | Should -BeLike '*-Token*'
        $text | Should -BeLike '*DATASOURCES_URI*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'Connect-DataSourceService -Uri alone fails at once in a runspace with no user interface' {
        $shell = [powershell]::Create()
        try {
            Clear-EmulatorStats -Emulator $emulator

            $null = $shell.AddScript("Import-Module '$manifest'; Connect-DataSourceService -Uri '$($emulator.Uri)'").Invoke()

            $shell.Streams.Error | Should -HaveCount 1
            $shell.Streams.Error[0].FullyQualifiedErrorId | Should -BeLike 'CredentialRequired,*'
            $shell.Streams.Error[0].Exception.Message | Should -BeLike '*cannot prompt*-Credential*-Token*DATASOURCES_URI*'
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }
        finally { $shell.Dispose() }
    }
}
