BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $emulator = Start-Emulator -ArgumentList '--seed-count', '500'
    Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
    $server = Get-ServerDataSource -Emulator $emulator
    $filterRoute = 'POST /api/public/v3/data-sources/filter'
}

AfterAll {
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
}

Describe 'Find-DataSource filters on the server' {
    It 'lists every data source when given no filter' {
        $found = Find-DataSource
        $found | Should -HaveCount 500
        $found | Should -BeOfType ([DataSources.DataSource])
        $found.Id | Should -Be $server._id
    }

    It 'matches -Name wildcards: prefix, suffix, contains, exact' {
        (Find-DataSource -Name 'prod-*').Name | Should -Be ($server | Where-Object resourceName -like 'prod-*').resourceName
        (Find-DataSource -Name '*-00042').Name | Should -Be ($server | Where-Object resourceName -like '*-00042').resourceName
        (Find-DataSource -Name '*billing*').Name | Should -Be ($server | Where-Object resourceName -like '*billing*').resourceName
        $exact = $server[7].resourceName
        (Find-DataSource -Name $exact).Name | Should -Be $exact
    }

    It 'takes -ResourceName as an alias of -Name, and several names as OR' {
        $found = Find-DataSource -ResourceName 'qa-*', 'test-*'
        $found.Name | Should -Be ($server | Where-Object { $_.resourceName -like 'qa-*' -or $_.resourceName -like 'test-*' }).resourceName
    }

    It 'combines -Name and -DatabaseType with AND' {
        $found = Find-DataSource -Name 'prod-*' -DatabaseType 'POSTGRES', 'MYSQL'
        $expected = $server | Where-Object { $_.resourceName -like 'prod-*' -and $_.databaseType -in 'POSTGRES', 'MYSQL' }
        $found.Id | Should -Be $expected._id
        $found.Id.Count | Should -BeGreaterThan 0
    }

    It 'finds by -Id' {
        $ids = $server[3, 10, 99]._id
        (Find-DataSource -Id $ids).Id | Should -Be $ids
    }

    It 'reports an id that is no catalog''s and finds the others, where a real server fails the whole filter for it' {
        $ids = $server[3, 10]._id
        Clear-EmulatorStats -Emulator $emulator

        $found = Find-DataSource -Id $ids[0], 'not-an-id', $ids[1] -ErrorVariable problems -ErrorAction SilentlyContinue
        $piped = [pscustomobject]@{ Id = $ids[0] }, [pscustomobject]@{ Id = 'abc' } | Find-DataSource -ErrorVariable pipedProblems -ErrorAction SilentlyContinue

        $found.Id | Should -Be $ids
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidId,*'
        $problems[0].TargetObject | Should -Be 'not-an-id'
        $problems[0].Exception.Message | Should -BeLike "*'not-an-id' is not a catalog's id (24 hexadecimal digits)*"
        $piped.Id | Should -Be $ids[0]
        $pipedProblems | Should -HaveCount 1
        $pipedProblems[0].Exception.Message | Should -BeLike "Input 2 was skipped: 'abc' is not a catalog's id*"
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 2
        Find-DataSource -Id 'not-an-id' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 2 -Because 'no id left is nothing to find, not "any id"'
    }

    It 'returns nothing, and no error, when nothing matches' {
        Find-DataSource -Name 'no-such-*' -ErrorVariable problems | Should -BeNullOrEmpty
        $problems | Should -BeNullOrEmpty
    }

    It 'emits objects whose table shows Name, DatabaseType, Host/Path and Port in <Width> columns, the name at least 24 characters wide' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $text = Find-DataSource -First 3 | Format-Table | Out-String -Width $Width
        $header = ($text -split '\r?\n' | Where-Object { $_ })[0]
        $header | Should -Match '^Name\s+DatabaseType\s+Host/Path\s+Port$'
        $header.IndexOf('DatabaseType') | Should -BeGreaterOrEqual 25
        $text | Should -Match "(?m)^$([regex]::Escape($server[0].resourceName))\s+$($server[0].databaseType)\s"
        ($text -split '\r?\n' | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual $Width
    }

    It 'shows the id as well in the view Id: Format-Table -View Id' {
        $text = Find-DataSource -First 3 | Format-Table -View Id | Out-String -Width 120
        $text | Should -Match 'Id\s+Name\s+DatabaseType\s+Host/Path\s+Port'
        $text | Should -Match "$($server[0]._id) $($server[0].resourceName.Substring(0, 10))"
    }
}

Describe 'Find-DataSource paging' {
    BeforeEach { Clear-EmulatorStats -Emulator $emulator }

    It 'streams page by page: Select-Object -First 3 makes one request' {
        $first = Find-DataSource -PageSize 100 | Select-Object -First 3

        $first.Id | Should -Be $server[0..2]._id
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 1
    }

    It 'reads -PageSize rows per request until the end' {
        $found = Find-DataSource -PageSize 120
        $found | Should -HaveCount 500
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 5
    }

    It 'honours -Skip and -First, asking the server for no more than needed' {
        $found = Find-DataSource -Skip 10 -First 25 -PageSize 10

        $found.Id | Should -Be $server[10..34]._id
        Get-EmulatorRequestCount -Emulator $emulator -Route $filterRoute | Should -Be 3
    }

    It 'writes the total count first with -IncludeTotalCount' {
        $output = Find-DataSource -Name 'prod-*' -First 2 -IncludeTotalCount

        $output | Should -HaveCount 3
        $output[0].ToString() | Should -BeLike "*$(@($server | Where-Object resourceName -like 'prod-*').Count)*"
        $output[1] | Should -BeOfType ([DataSources.DataSource])
    }

    It 'refuses -PageSize <Size>' -ForEach @(@{ Size = 0 }, @{ Size = 10001 }) {
        { Find-DataSource -PageSize $Size } | Should -Throw -ErrorId 'ParameterArgumentValidationError,DataSources.Commands.FindDataSourceCommand'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    # Progress is captured from a pipeline of its own, in a fresh runspace that connects itself.
    It 'writes progress when more than one page will be read, and completes it' {
        $records = Get-ProgressRecord -Emulator $emulator -Manifest "$repo/DataSources.psd1" -Script 'Find-DataSource -PageSize 100'

        $records.Count | Should -BeGreaterOrEqual 5
        $records[0].StatusDescription | Should -BeLike '*100 of 500*'
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'writes no progress when one page holds everything' {
        Get-ProgressRecord -Emulator $emulator -Manifest "$repo/DataSources.psd1" -Script 'Find-DataSource -Name prod-*' | Should -BeNullOrEmpty
    }
}

Describe 'Find-DataSource and null' {
    It 'reads a null cell of a piped row as an empty one: the last cell of a CSV file without a final newline' {
        $csv = "Name,DatabaseType`n,MYSQL`nprod-hr*,"
        $expected = $server | Where-Object { $_.databaseType -eq 'MYSQL' -or $_.resourceName -like 'prod-hr*' }
        Set-Content -Path TestDrive:/names.csv -Value $csv -NoNewline
        $null -eq (Import-Csv TestDrive:/names.csv)[-1].DatabaseType | Should -BeTrue -Because 'Import-Csv gives null, not an empty string, for that cell'

        $found = Import-Csv TestDrive:/names.csv | Find-DataSource -ErrorVariable problems
        $fromJson = '[{"Name":null,"DatabaseType":"MYSQL"},{"Name":"prod-hr*","DatabaseType":null}]' | ConvertFrom-Json | Find-DataSource -ErrorVariable jsonProblems

        $problems | Should -BeNullOrEmpty
        $jsonProblems | Should -BeNullOrEmpty
        $expected.Count | Should -BeGreaterThan 5 -Because 'the file must find sources of both rows'
        $found.Id | Sort-Object | Should -Be ($expected._id | Sort-Object)
        $fromJson.Id | Sort-Object | Should -Be ($expected._id | Sort-Object)
    }

    It 'refuses -<Key> given <What> on the command line, sending nothing: it is no filter, and never "every data source"' -ForEach @(
        @{ Key = 'Name'; What = '$null'; Value = $null }
        @{ Key = 'DatabaseType'; What = 'a list that holds $null'; Value = @('MYSQL', $null) }
        @{ Key = 'Id'; What = '$null'; Value = $null }
    ) {
        Clear-EmulatorStats -Emulator $emulator
        $arguments = @{ $Key = $Value }

        $err = { Find-DataSource @arguments | Set-DataSource -Note 'oops' } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'NullFilter,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "-$Key is null or holds a null: give *, or leave -$Key out; nothing was sent."
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }
}

Describe 'Owners as they show' {
    BeforeAll { Set-EmulatorBehaviour -Emulator $emulator -Behaviour @{ returnOwners = $true } }
    AfterAll { Clear-EmulatorBehaviour -Emulator $emulator }

    It 'shows each owner as its JSON in Format-List, not as a .NET type name, and reads them as before' {
        $created = New-DataSource -Name 'owned-1' -DatabaseType MYSQL -Property @{ owners = @([ordered]@{ name = 'alice'; email = 'a@example.com' }, @{ name = 'bob' }) }
        $found = Find-DataSource -Name 'owned-1'

        ($found | Format-List Owners | Out-String) | Should -BeLike '*Owners : {{"name":"alice","email":"a@example.com"}, {"name":"bob"}}*'
        $found.Owners.name | Should -Be @('alice', 'bob')
        $found.Owners[0]['email'] | Should -Be 'a@example.com'
        $found | Select-Object Owners | ConvertTo-Json -Depth 5 -Compress | Should -Be '{"Owners":[{"name":"alice","email":"a@example.com"},{"name":"bob"}]}'
        $created.Owners.name | Should -Be @('alice', 'bob')
    }
}

# These create sources of their own, after the tests that count the seeded ones.
Describe 'Sources without a host as they show' {
    It 'shows in Host/Path where a source without a host points: its container (bucket), but never its JDBC URL, which may hold a password' {
        $null = New-DataSource -Name 'view-lake' -DatabaseType AWS -Container 'prod-lake' -Region 'us-east-1'
        $null = New-DataSource -Name 'view-snow' -DatabaseType SNOWFLAKE -Uri 'jdbc:snowflake://acme?password=url-secret-4711'

        $text = Find-DataSource -Name 'view-*' | Out-String -Width 80

        $text | Should -Match '(?m)^view-lake\s+AWS\s+prod-lake\s*$'
        $text | Should -Match '(?m)^view-snow\s+SNOWFLAKE\s*$'
        $text | Should -Not -BeLike '*url-secret-4711*'
    }
}
