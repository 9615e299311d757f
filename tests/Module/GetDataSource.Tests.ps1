BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $emulator = Start-Emulator -ArgumentList '--seed-count', '1200'
    Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential)
    $server = Get-ServerDataSource -Emulator $emulator
    $byIdsRoute = 'POST /api/public/v3/data-sources/by-ids'
    $getRoute = 'GET /api/public/v3/data-sources/{id}'
    $missing = 'ffffffffffffffffffffffff'
}

AfterAll {
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
}

Describe 'Get-DataSource' {
    BeforeEach { Clear-EmulatorStats -Emulator $emulator }

    It 'gets one id with one GET' {
        $source = Get-DataSource -Id $server[5]._id

        $source.Id | Should -Be $server[5]._id
        $source.Name | Should -Be $server[5].resourceName
        $source.DatabaseType | Should -Be $server[5].databaseType
        Get-EmulatorRequestCount -Emulator $emulator -Route $getRoute | Should -Be 1
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 1
    }

    It 'takes ids from the pipeline as strings, in the order given' {
        $ids = $server[9, 2, 40]._id
        ($ids | Get-DataSource).Id | Should -Be $ids
    }

    It 'takes ids from the pipeline by property name: Find-DataSource output, and _id columns' {
        (Find-DataSource -Name 'qa-*' | Get-DataSource).Id | Should -Be ($server | Where-Object resourceName -like 'qa-*')._id
        ([pscustomobject]@{ _id = $server[3]._id } | Get-DataSource).Id | Should -Be $server[3]._id
    }

    It 'reads an id without the white space around it, as a CRLF file or an Excel cell brings it: to Get, Set and Find alike' {
        $ids = $server[11, 12, 13]._id
        Set-Content -Path TestDrive:/ids.csv -Value "Id,Note`r`n$($ids[0]) ,from csv`r`n`t$($ids[1]),from csv`r`n"

        ("$($ids[0])`r", " $($ids[1])" | Get-DataSource -ErrorVariable getProblems).Id | Should -Be $ids[0, 1]
        (Get-DataSource -Id "$($ids[2]) ").Id | Should -Be $ids[2]
        Import-Csv TestDrive:/ids.csv | Set-DataSource -ErrorVariable setProblems
        Set-DataSource -Id "$($ids[2])`n" -Note 'from -Id'
        (Find-DataSource -Id " $($ids[0])", "$($ids[2])`t" -ErrorVariable findProblems).Id | Should -Be $ids[0, 2]
        ([pscustomobject]@{ Id = "$($ids[1]) " } | Find-DataSource -ErrorVariable +findProblems).Id | Should -Be $ids[1]

        @($getProblems; $setProblems; $findProblems) | Should -BeNullOrEmpty
        (Get-ServerDataSource -Emulator $emulator -Id $ids).note | Should -Be @('from csv', 'from csv', 'from -Id')
    }

    It 'gathers 1,000 piped ids into at most two by-ids requests' {
        $ids = $server[0..999]._id

        $sources = $ids | Get-DataSource

        $sources.Id | Should -Be $ids
        Get-EmulatorRequestCount -Emulator $emulator -Route $byIdsRoute | Should -BeLessOrEqual 2
        Get-EmulatorRequestCount -Emulator $emulator -Route $getRoute | Should -Be 0
    }

    It 'reads the next batch while one is answered, and an error that stops the command stops it before the next is sent' {
        # 1,000 ids are two batches of 500; the first holds a missing id.
        $ids = @($server[0..998]._id) + $missing
        $ids[3] = $missing

        { $ids | Get-DataSource -ErrorAction Stop } | Should -Throw -ErrorId 'DataSourceNotFound,*'

        Get-EmulatorRequestCount -Emulator $emulator -Route $byIdsRoute | Should -Be 1
    }

    It 'gives a non-terminating ObjectNotFound per missing id, and still returns the others' {
        $ids = $server[0]._id, $missing, $server[1]._id

        $found = $ids | Get-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $found.Id | Should -Be $server[0, 1]._id
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DataSourceNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be $missing
        $problems[0].Exception.Message | Should -BeLike "*$missing*"
    }

    It 'gives the same ObjectNotFound error for a lone missing id (a GET answered 404)' {
        Get-DataSource -Id $missing -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DataSourceNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be $missing
    }

    It 'says how to get by name when a name is given where the id goes, alone or piped, and a missing ObjectId gets no such hint' {
        $name = $server[7].resourceName

        Get-DataSource $name -ErrorVariable alone -ErrorAction SilentlyContinue
        $name, $server[8].resourceName | Get-DataSource -ErrorVariable piped -ErrorAction SilentlyContinue
        Get-DataSource -Id $missing -ErrorVariable objectId -ErrorAction SilentlyContinue

        $alone | Should -HaveCount 1
        $alone[0].FullyQualifiedErrorId | Should -BeLike 'DataSourceNotFound,*'
        $alone[0].Exception.Message | Should -BeLike "There is no data source with id '$name'.* to get a data source by its name: Get-DataSource -Name '$name'."
        $piped.Exception.Message | Should -BeLike "*to get a data source by its name: Get-DataSource -Name '*'."
        $piped | Should -HaveCount 2
        $objectId[0].Exception.Message | Should -Not -BeLike '*by its name*'
        (Get-DataSource -Name $name).Id | Should -Be $server[7]._id -Because 'the hint works as written'
    }

    It 'refuses an empty or blank id with InvalidArgument, sending nothing for it' {
        $found = '', '   ', $server[0]._id | Get-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue

        $found.Id | Should -Be $server[0]._id
        $problems | Should -HaveCount 2
        $problems.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidId,*' }
        $problems.CategoryInfo.Category | ForEach-Object { $_ | Should -Be 'InvalidArgument' }
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 1
    }

    It 'lets a script catch a missing id with -ErrorAction Stop' {
        $caught = $null
        try {
            Get-DataSource -Id $missing -ErrorAction Stop
        }
        catch {
            $caught = $_
        }

        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'DataSourceNotFound,*'
        $caught.Exception | Should -BeOfType ([DataSources.Client.DataSourceApiException])
        $caught.Exception.Kind | Should -Be 'NotFound'
    }
}
