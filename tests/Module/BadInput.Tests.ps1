# Bad input end to end: each case gives an ErrorRecord with a real category and a message a user
# understands; nothing is sent when the module could know beforehand (the emulator's stats say);
# and the session goes on working afterwards (checked after every test).

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$PSScriptRoot/StubServer.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $emulator = Start-Emulator -ArgumentList '--seed-count', '20'
    # Two tries per request, so that the cases that retry end quickly.
    Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -MaximumRetryCount 1
    $createRoute = 'POST /api/public/v3/data-sources'
    $missing = 'ffffffffffffffffffffffff'

    function New-RefusingSocket {
        # Bound, never listening: connections to its port are refused, and no other process can
        # be given that port while the test holds it (as it could one a listener freed).
        $socket = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
        $socket.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        $socket
    }
}

AfterAll {
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
}

Describe 'Bad input' {
    AfterEach {
        Find-DataSource -First 1 | Should -HaveCount 1 -Because 'the session goes on working'
    }

    Context 'Ids' {
        BeforeEach { Clear-EmulatorStats -Emulator $emulator }

        It 'refuses an empty id, sending nothing' {
            Get-DataSource -Id '' -ErrorVariable err -ErrorAction SilentlyContinue
            Set-DataSource -Id '' -Note 'x' -ErrorVariable +err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 2
            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidId,*'
            $err.CategoryInfo.Category | Should -Be @('InvalidArgument', 'InvalidArgument')
            $err.Exception.Message | Should -Be @('An id cannot be empty or white space.', 'An id cannot be empty or white space.')
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }

        It 'refuses a white-space id, sending nothing' {
            Get-DataSource -Id ' ', "`t" -ErrorVariable err -ErrorAction SilentlyContinue
            Set-DataSource -Id '  ' -Note 'x' -ErrorVariable +err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 3
            $err.TargetObject | Should -Be @(' ', "`t", '  ')
            $err.CategoryInfo.Category | Should -Be @('InvalidArgument', 'InvalidArgument', 'InvalidArgument')
            $err[0].Exception.Message | Should -Be 'An id cannot be empty or white space.'
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }

        It 'refuses a row whose Id holds several values (<Row>), sending nothing, where its text was sent as the id System.Object[]' -ForEach @(
            @{ Row = 'a hashtable'; Make = { param($ids) @{ Id = $ids } } }
            @{ Row = 'an object'; Make = { param($ids) [pscustomobject]@{ Id = $ids; Note = 'n' } } }
        ) {
            $ids = @('6b0000000000000000000001', '6b0000000000000000000002')
            $row = & $Make $ids

            $row | Get-DataSource -ErrorVariable err -ErrorAction SilentlyContinue
            $row | Set-DataSource -Note 'x' -ErrorVariable +err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 2
            $err.Exception.Message | Should -Be @(
                'Input 1 was not read: Its Id holds 2 values, not one id: give one id a row (to send several, pipe the ids themselves).'
                'Input 1 was not sent: Its Id holds 2 values, not one id: give one id a row (to send several, pipe the ids themselves).')
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }

        It 'takes a row whose Id is an array of one id as that id' {
            $source = Find-DataSource -First 1
            Clear-EmulatorStats -Emulator $emulator

            $got = @{ Id = @($source.Id) } | Get-DataSource -ErrorAction Stop

            $got.Id | Should -Be $source.Id
        }

        It 'refuses the dot segment <Id>, which would address another path, sending nothing' -ForEach @(
            @{ Id = '.' }
            @{ Id = '..' }
        ) {
            Get-DataSource -Id $Id -ErrorVariable err -ErrorAction SilentlyContinue
            Set-DataSource -Id $Id -Note 'x' -ErrorVariable +err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 2
            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidId,*'
            $err.CategoryInfo.Category | Should -Be @('InvalidArgument', 'InvalidArgument')
            $err.TargetObject | Should -Be @($Id, $Id)
            $err[0].Exception.Message | Should -BeExactly "'$Id' cannot be an id: it would address another path."
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }

        It 'sends an id with <What> escaped, as one segment of the by-id routes only, and names it as given when the server cannot read it as an id' -ForEach @(
            @{ What = 'a slash'; Id = 'a/b'; Escaped = 'a%2Fb' }
            @{ What = 'a dot segment inside'; Id = 'a/../b'; Escaped = 'a%2F..%2Fb' }
            @{ What = 'a question mark'; Id = 'a?b=c'; Escaped = 'a%3Fb%3Dc' }
            @{ What = 'a hash'; Id = 'a#b'; Escaped = 'a%23b' }
            @{ What = 'a percent sign'; Id = 'a%2Fb'; Escaped = 'a%252Fb' }
            @{ What = 'non-ASCII characters'; Id = 'café-ü-日本'; Escaped = 'caf%C3%A9-%C3%BC-%E6%97%A5%E6%9C%AC' }
        ) {
            Get-DataSource -Id $Id -ErrorVariable err -ErrorAction SilentlyContinue
            Set-DataSource -Id $Id -Note 'x' -ErrorVariable +err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 2
            $err.FullyQualifiedErrorId | Should -BeLike 'DataSourceNotFound,*'
            $err.CategoryInfo.Category | Should -Be @('ObjectNotFound', 'ObjectNotFound')
            $err.TargetObject | Should -Be @($Id, $Id)
            # The server answers a value that is not an ObjectId with a 500 cast error, which is "no such id".
            $err[0].Exception.Message | Should -BeLike "There is no data source with id '$Id'. The server answered: Cast to ObjectId failed for value * (500 Internal Server Error from GET /api/public/v3/data-sources/$Escaped). An id is 24 hexadecimal characters*Get-DataSource -Name '$Id'."
            $err[1].Exception.Message | Should -BeLike "There is no data source with id '$Id'. The server answered: Cast to ObjectId failed for value * (500 Internal Server Error from PATCH /api/public/v3/data-sources/$Escaped). An id is 24 hexadecimal characters*"
            # The name in the hint has its wildcards escaped: Find-DataSource -Name matches patterns.
            $err[1].Exception.Message | Should -Match ([regex]::Escape("to change a data source by its name: Find-DataSource -Name '$([WildcardPattern]::Escape($Id))' | Set-DataSource, with the same parameters.") + '$')
            Get-EmulatorRequestCount -Emulator $emulator -Route 'GET /api/public/v3/data-sources/{id}' | Should -Be 1
            Get-EmulatorRequestCount -Emulator $emulator -Route 'PATCH /api/public/v3/data-sources/{id}' | Should -Be 1
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 2 -Because 'no other route was reached'
        }

        It 'asks for each odd id on its own and the ObjectIds together, so that one the server cannot read costs no other, and reports each not found by name' {
            $known = (New-DataSource -Name 'odd-ids-known' -DatabaseType MYSQL).Id
            Clear-EmulatorStats -Emulator $emulator
            $ids = 'a/b', '..', 'a?b', '#', '%', 'ü', $missing, $known

            $found = $ids | Get-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

            $found.Id | Should -Be $known
            $err.TargetObject | Should -Be $ids[0..6]
            $err.CategoryInfo.Category | Select-Object -Unique | Should -Be 'ObjectNotFound'
            $err[0].Exception.Message | Should -BeExactly "There is no data source with id 'a/b'. An id is 24 hexadecimal characters (the Id of what Find-DataSource writes); to get a data source by its name: Get-DataSource -Name 'a/b'."
            # '..' cannot be a path segment and is no ObjectId: it is not sent at all.
            Get-EmulatorRequestCount -Emulator $emulator -Route 'GET /api/public/v3/data-sources/{id}' | Should -Be 5
            Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /api/public/v3/data-sources/by-ids' | Should -Be 1
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 6
        }
    }

    Context 'Wildcards: PowerShell''s, and nothing of regular expressions' {
        BeforeAll {
            'a.b-1', 'axb-1', '(x)-1', 'x-1', '[y]', 'y' | ForEach-Object { New-DataSource -Name $_ -DatabaseType MYSQL } | Out-Null
        }

        It '<Pattern> finds <Expected> only, as -like does, not what a regular expression would match' -ForEach @(
            @{ Pattern = 'a.b*'; Expected = 'a.b-1' }
            @{ Pattern = '(x)*'; Expected = '(x)-1' }
            @{ Pattern = '[y]'; Expected = 'y' }
            @{ Pattern = '`[y`]'; Expected = '[y]' }
        ) {
            (Find-DataSource -Name $Pattern).Name | Should -BeExactly $Expected
        }
    }

    Context 'Out-of-range values are refused before anything is sent' {
        BeforeEach { Clear-EmulatorStats -Emulator $emulator }

        It '<Command> -<Parameter> <Value>' -ForEach @(
            @{ Command = 'Find-DataSource'; Parameter = 'PageSize'; Value = 0; Message = '*The 0 argument is less than the minimum allowed range of 1.*' }
            @{ Command = 'Find-DataSource'; Parameter = 'PageSize'; Value = 10001; Message = '*The 10001 argument is greater than the maximum allowed range of 10000.*' }
            @{ Command = 'New-DataSource'; Parameter = 'Port'; Value = 70000; Message = '*The 70000 argument is greater than the maximum allowed range of 65535.*'; Rest = @{ Name = 'port-70000'; DatabaseType = 'MYSQL' } }
            @{ Command = 'Set-DataSource'; Parameter = 'Port'; Value = 70000; Message = '*The 70000 argument is greater than the maximum allowed range of 65535.*'; Rest = @{ Id = 'x' } }
            @{ Command = 'New-DataSource'; Parameter = 'BatchSize'; Value = 0; Message = '*The 0 argument is less than the minimum allowed range of 1.*'; Rest = @{ InputObject = @{ Name = 'batch-0'; DatabaseType = 'MYSQL' } } }
        ) {
            $arguments = @{ $Parameter = $Value } + $(if ($Rest) { $Rest } else { @{} })

            $err = { & $Command @arguments } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike "ParameterArgumentValidationError,*"
            $err.CategoryInfo.Category | Should -Be 'InvalidData'
            $err.Exception.Message | Should -BeLike "Cannot validate argument on parameter '$Parameter'. $Message"
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }

        It '<Command> -<Parameter> <Value>, which PowerShell would take for <Taken>: refused, naming the field, sending nothing' -ForEach @(
            @{ Command = 'Set-DataSource'; Parameter = 'TotalCapacity'; Value = '2,5'; Taken = 25; Says = "'totalCapacity': expected a number with a period for decimals and no separators between thousands, got '2,5'" }
            @{ Command = 'Set-DataSource'; Parameter = 'TotalCapacity'; Value = '1,000'; Taken = 1000; Says = "'totalCapacity': expected a number with a period for decimals and no separators between thousands, got '1,000'" }
            @{ Command = 'Set-DataSource'; Parameter = 'TotalCapacity'; Value = ''; Taken = 0; Says = "'totalCapacity': expected a number, got ''" }
            @{ Command = 'Set-DataSource'; Parameter = 'Port'; Value = '1,0'; Taken = 10; Says = "'port': '1,0' is not a port: give a whole number from 1 to 65535" }
            @{ Command = 'Set-DataSource'; Parameter = 'Port'; Value = '0x50'; Taken = 80; Says = "'port': '0x50' is not a port: give a whole number from 1 to 65535" }
            @{ Command = 'Set-DataSource'; Parameter = 'Port'; Value = 5432.6; Taken = 5433; Says = "'port': '5432.6' is not a port: give a whole number from 1 to 65535" }
            @{ Command = 'New-DataSource'; Parameter = 'Port'; Value = '3,306'; Taken = 3306; Says = "'port': '3,306' is not a port: give a whole number from 1 to 65535"; Rest = @{ Name = 'port-text'; DatabaseType = 'MYSQL' } }
            @{ Command = 'New-DataSource'; Parameter = 'Port'; Value = 3306.5; Taken = 3306; Says = "'port': '3306.5' is not a port: give a whole number from 1 to 65535"; Rest = @{ Name = 'port-fraction'; DatabaseType = 'MYSQL' } }
        ) {
            $source = Find-DataSource -First 1
            $arguments = @{ $Parameter = $Value } + $(if ($Rest) { $Rest } else { @{ InputObject = $source } })
            Clear-EmulatorStats -Emulator $emulator

            # Where decimals take a period; in de-DE, '2,5' is 2.5 (NumberTextTests).
            $callerCulture = [cultureinfo]::CurrentCulture
            [cultureinfo]::CurrentCulture = 'en-US'
            try { $err = { & $Command @arguments } | Should -Throw -PassThru }
            finally { [cultureinfo]::CurrentCulture = $callerCulture }

            $parameterType = (Get-Command $Command).Parameters[$Parameter].ParameterType
            $Value -as $parameterType | Should -Be $Taken -Because 'this is what the parameter would have been sent without the check'
            $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
            $err.Exception.Message | Should -Be "Cannot process argument transformation on parameter '$Parameter'. Field $Says."
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
            ConvertTo-ComparableSource (Get-DataSource -Id $source.Id) | Should -Be (ConvertTo-ComparableSource $source)
        }

        It 'Set-DataSource -TotalCapacity and -Port take text and numbers that say what they are' {
            $source = Find-DataSource -First 1

            ($source | Set-DataSource -TotalCapacity ' 2.5 ' -PassThru).TotalCapacity | Should -Be 2.5
            ($source | Set-DataSource -TotalCapacity '1e3' -PassThru).TotalCapacity | Should -Be 1000
            ($source | Set-DataSource -TotalCapacity 12.75 -PassThru).TotalCapacity | Should -Be 12.75
            (Get-DataSource -Id $source.Id).TotalCapacity | Should -Be 12.75
            ($source | Set-DataSource -Port '5433' -PassThru).Port | Should -Be '5433'
            $callerCulture = [cultureinfo]::CurrentCulture
            [cultureinfo]::CurrentCulture = 'de-DE'
            try { ($source | Set-DataSource -TotalCapacity '0,75' -PassThru).TotalCapacity | Should -Be 0.75 -Because 'de-DE writes decimals with a comma' }
            finally { [cultureinfo]::CurrentCulture = $callerCulture }
            ($source | Set-DataSource -Port 5434.0 -PassThru).Port | Should -Be '5434'
        }

        It 'Find-DataSource -First -1' {
            $err = { Find-DataSource -First -1 } | Should -Throw -PassThru

            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeLike "Cannot bind parameter 'First'. Cannot convert value `"-1`" to type `"System.UInt64`"*"
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }

        It 'Find-DataSource -Skip beyond what the API takes' {
            $err = { Find-DataSource -Skip 3000000000 } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidSkip,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeLike '-Skip must be at most 2,147,483,647*'
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }
    }

    Context 'CSV rows: a bad row is reported and not sent, the good rows still go' {
        BeforeEach { Clear-EmulatorStats -Emulator $emulator }

        It 'a column that is no field, named in an error for every row that has it, filled in or not: a misspelt header does not half-apply a file' {
            $rows = ConvertFrom-Csv @'
Name,DatabaseType,Colour
unknown-col-1,MYSQL,
unknown-col-2,MYSQL,red
unknown-col-3,MYSQL,
'@
            $created = $rows | New-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

            $created | Should -BeNullOrEmpty
            $err | Should -HaveCount 3
            $err.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidDataSourceField,*' }
            $err[1].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.TargetObject | Should -Be @('unknown-col-1', 'unknown-col-2', 'unknown-col-3')
            $err[0].Exception.Message | Should -BeExactly "Input 1 ('unknown-col-1') was not sent: 'Colour' is not a field of a data source."
            $err[1].Exception.Message | Should -BeExactly "Input 2 ('unknown-col-2') was not sent: 'Colour' is not a field of a data source."
            Get-EmulatorRequestCount -Emulator $emulator -Route $createRoute | Should -Be 0
            Get-ServerDataSource -Emulator $emulator -Name 'unknown-col-*' | Should -BeNullOrEmpty
        }

        It 'a port outside 1 to 65535 in a row, refused as -Port refuses it, before anything is sent' {
            $rows = ConvertFrom-Csv @'
Name,DatabaseType,Port
bad-port-1,MYSQL,abc
bad-port-2,MYSQL,70000
good-port-3,MYSQL,5432
'@
            $created = $rows | New-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

            $created.Name | Should -Be 'good-port-3'
            $err.TargetObject | Should -Be @('bad-port-1', 'bad-port-2')
            $err[0].Exception.Message | Should -BeExactly "Input 1 ('bad-port-1') was not sent: Field 'port': 'abc' is not a port: give a whole number from 1 to 65535."
            $err[1].Exception.Message | Should -BeLike "*'70000' is not a port*"
            (Get-ServerDataSource -Emulator $emulator -Name '*-port-*').resourceName | Should -Be 'good-port-3'
        }

        It 'values of the wrong type, each named with its field and row' {
            $rows = ConvertFrom-Csv @'
Name,DatabaseType,AvailableForMigration,TotalCapacity,CostPerTb
wrong-type-1,MYSQL,maybe,,
wrong-type-2,MYSQL,,12 TB,
wrong-type-3,MYSQL,,,cheap
wrong-type-4,MYSQL,true,12.5,"{""price"":3,""currency"":""EUR"",""frequency"":""month""}"
'@
            $created = $rows | New-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

            $created.Name | Should -Be 'wrong-type-4'
            $err.CategoryInfo.Category | Should -Be @('InvalidArgument', 'InvalidArgument', 'InvalidArgument')
            $err.TargetObject | Should -Be @('wrong-type-1', 'wrong-type-2', 'wrong-type-3')
            $err[0].Exception.Message | Should -BeExactly "Input 1 ('wrong-type-1') was not sent: Field 'availableForMigration': expected true, false, 1 or 0, got 'maybe'."
            $err[1].Exception.Message | Should -BeExactly "Input 2 ('wrong-type-2') was not sent: Field 'totalCapacity': expected a number, got '12 TB'."
            $err[2].Exception.Message | Should -BeLike "Input 3 ('wrong-type-3') was not sent: Field 'costPerTb': the text is not valid JSON (*)."
            (Get-ServerDataSource -Emulator $emulator -Name 'wrong-type-*').resourceName | Should -Be 'wrong-type-4'
        }

        It 'text or a number piped to New-DataSource, said to be no fields, and never echoed' {
            $created = 'a-name', 42, @{ Name = 'piped-ok'; DatabaseType = 'MYSQL' } | New-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

            $created.Name | Should -Be 'piped-ok'
            $err | Should -HaveCount 2
            $err[0].Exception.Message | Should -BeExactly "Input 1 was not sent: it is text, not a data source's fields: pipe hashtables, CSV rows or objects with a Name and a DatabaseType, or give -Name and -DatabaseType for one."
            $err[1].Exception.Message | Should -BeLike 'Input 2 was not sent: it is a value of type Int32, not *'
            $err.TargetObject | Should -Be @(1, 2)
        }

        It 'a row without a name, named by its position' {
            $rows = ConvertFrom-Csv @'
Name,DatabaseType,Password
nameless-1,MYSQL,
,MYSQL,row-password
'@
            $created = $rows | New-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

            $created.Name | Should -Be 'nameless-1'
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be 2
            $err[0].Exception.Message | Should -BeExactly "Input 2 was not sent: The field 'resourceName' is required."
            Get-EmulatorRequestCount -Emulator $emulator -Route $createRoute | Should -Be 1
        }

        It 'a name repeated within one batch: the repeat is reported and not sent' {
            $rows = ConvertFrom-Csv @'
Name,DatabaseType
repeated,MYSQL
repeated-not,MYSQL
repeated,POSTGRES
'@
            $created = $rows | New-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

            $created.Name | Should -Be @('repeated', 'repeated-not')
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be 'repeated'
            $err[0].Exception.Message | Should -BeExactly "Input 3 ('repeated') was not sent: input 1 has the same name, and a resource name can be created once only."
            (Get-ServerDataSource -Emulator $emulator -Name 'repeated').databaseType | Should -Be 'MYSQL'
            Get-EmulatorRequestCount -Emulator $emulator -Route $createRoute | Should -Be 1
        }
    }

    Context 'Server answers' {
        BeforeAll {
            # For the answers the emulator never gives, a stub server, reached through a connection of its own.
            $stub = Start-StubServer
            Set-StubAnswer $stub 'POST /api/public/v3/data-sources/by-ids' -Body '{"status":200,"data":[]}'
            $stubbed = Connect-DataSourceService -Uri $stub.Uri -Token (ConvertTo-SecureString 'opaque-stub-token' -AsPlainText -Force) -PassThru
            Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -MaximumRetryCount 1

            # The requests the stub received, as "METHOD /path".
            function Get-StubRequest { @($stub.Requests.ToArray() | Where-Object { $_ -notlike '*/by-ids' }) }
        }

        AfterAll {
            if ($stub) { Stop-StubServer $stub }
        }

        BeforeEach { $stub.Requests.Clear() }

        AfterEach {
            Clear-EmulatorFaults -Emulator $emulator
            Set-StubAnswer $stub 'POST /api/public/v3/data-sources/by-ids' -Body '{"status":200,"data":[]}'
        }

        It 'not JSON (an HTML 502 page from a proxy): a ServerError that says an HTML page came back' {
            Set-EmulatorFaults -Emulator $emulator -Faults @{ rate = 1.0; statuses = @(502); html = $true; routes = @('GET *') }

            Get-DataSource -Id $missing -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ServerError,*'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $err[0].TargetObject | Should -Be $missing
            $err[0].Exception.Message | Should -BeExactly "The server answered 502 Bad Gateway to GET /api/public/v3/data-sources/$missing with an HTML page (title: '502 Bad Gateway') instead of JSON. Gave up after 2 attempts."
        }

        It '<Kind>: an InvalidResult that says <Says>' -ForEach @(
            @{ Kind = 'truncated JSON'; Says = 'where the body breaks off'; Id = 'truncated'; Body = '{"status":200,"data":{"_id":"truncated","resourceName":"trun'
                Message = '^The server answered 200 to GET /api/public/v3/data-sources/truncated with a body that is not complete JSON: it breaks off or goes wrong at line 1, position \d+\.$' }
            @{ Kind = 'a 200 without data'; Says = 'what is missing'; Id = 'nodata'; Body = '{"status":200,"result":{"_id":"nodata"}}'
                Message = "^The server answered 200 to GET /api/public/v3/data-sources/nodata with JSON that has no 'data', not the envelope the API defines\.$" }
        ) {
            Set-StubAnswer $stub "GET /api/public/v3/data-sources/$Id" -Body $Body

            Get-DataSource -Connection $stubbed -Id $Id -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $err[0].TargetObject | Should -Be $Id
            $err[0].Exception.Message | Should -Match $Message
            Get-StubRequest | Should -Be "GET /api/public/v3/data-sources/$Id" -Because 'an answer that cannot be read is not asked for again'
        }

        It 'an unexpected 404 (from the filter route): an InvalidResult that says to check the address, not a missing data source' {
            Set-StubAnswer $stub 'POST /api/public/v3/data-sources/filter' -Status 404 -Body '{"status":404,"message":"Not Found"}'

            Find-DataSource -Connection $stubbed -Name 'prod-*' -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $err[0].Exception.Message | Should -BeExactly "Not Found (404 Not Found from POST /api/public/v3/data-sources/filter?skip=0&limit=1000). The server has no such route: check that the address is the server's root and that it offers API v3."
            Get-StubRequest | Should -Be 'POST /api/public/v3/data-sources/filter'
        }

        It 'a 400 whose message is <Kind>: an InvalidArgument with the server''s message in it' -ForEach @(
            @{ Kind = 'a string'; Id = '6b0f00000000000000000400'; Message = '"port must be a string"'; Text = 'port must be a string' }
            @{ Kind = 'an array'; Id = '6b0f00000000000000000401'; Message = '["/port must be a string","/note is too long"]'; Text = '/port must be a string; /note is too long' }
            @{ Kind = 'an object'; Id = '6b0f00000000000000000402'; Message = '{"field":"port","reason":"must be a string"}'; Text = 'field: port, reason: must be a string' }
        ) {
            Set-StubAnswer $stub "PATCH /api/public/v3/data-sources/$Id" -Status 400 -Body "{`"status`":400,`"message`":$Message}"
            # The source exists: the 400 is about the body, not an unknown id (by-ids tells the two apart).
            Set-StubAnswer $stub 'POST /api/public/v3/data-sources/by-ids' -Body "{`"status`":200,`"data`":[{`"_id`":`"$Id`",`"resourceName`":`"x`",`"databaseType`":`"MYSQL`"}]}"

            Set-DataSource -Connection $stubbed -Id $Id -Note 'n' -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRequest,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be $Id
            $err[0].Exception.Message | Should -BeExactly "$Text (400 Bad Request from PATCH /api/public/v3/data-sources/$Id)"
            ($err[0].Exception.ServerMessage | ConvertTo-Json -Compress) | Should -BeExactly $Message -Because 'the server''s message is kept as data'
            Get-StubRequest | Should -Be "PATCH /api/public/v3/data-sources/$Id" -Because 'a 400 is not sent again'
        }
    }

    Context 'Connections' {
        BeforeEach { Clear-EmulatorStats -Emulator $emulator }

        It 'an unreachable port: a ConnectionError naming the address, after the retries' {
            $refusing = New-RefusingSocket
            $port = $refusing.LocalEndPoint.Port

            try {
                $err = { Connect-DataSourceService -Uri "http://127.0.0.1:$port" -Credential (New-TestCredential) -MaximumRetryCount 1 } | Should -Throw -PassThru
            }
            finally { $refusing.Dispose() }

            $err.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
            $err.CategoryInfo.Category | Should -Be 'ConnectionError'
            $err.Exception.Message | Should -Match "^Could not connect to 127\.0\.0\.1:${port}: [^.]+\. Gave up after 2 attempts\.$"
        }

        It 'an address with a wrong API version path: refused, naming the address to give, sending nothing' {
            $err = { Connect-DataSourceService -Uri "$($emulator.Uri)/api/public/v3" -Credential (New-TestCredential) } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidUri,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeExactly "The address '$($emulator.Uri)/api/public/v3' includes the API path. Give the server's address without it, e.g. '$($emulator.Uri)', and the version with -ApiVersion."
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }

        It 'an API version the module does not know: refused, sending nothing' {
            $err = { Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential) -ApiVersion v4 } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidData'
            $err.Exception.Message | Should -BeLike "Cannot validate argument on parameter 'ApiVersion'. The argument `"v4`" does not belong to the set `"v1,v2,v3`"*"
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }

        It 'an address where the server has no API: an InvalidResult that says to check the address' {
            $err = { Connect-DataSourceService -Uri "$($emulator.Uri)/catalog" -Credential (New-TestCredential) } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidResult'
            $err.Exception.Message | Should -BeLike ("Found no way to log in at this address: Keycloak's token endpoint failed (*404 Not Found*) " +
                "and there is no /auth route for API v3, v2, v1. Check that the address is the server's root, or connect with -Token.")
        }

        It 'a URI that is not http(s), <Uri>: refused, sending nothing' -ForEach @(
            @{ Uri = 'ftp://127.0.0.1/' }
            @{ Uri = 'file:///tmp/catalog' }
            @{ Uri = 'catalog.example.com' }
        ) {
            $err = { Connect-DataSourceService -Uri $Uri -Credential (New-TestCredential) } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidUri,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeExactly "The address '$Uri' is not an absolute http:// or https:// URI."
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }

        It 'an address with a user name and password in it, from <From>: refused, the password shown nowhere, sending nothing' -ForEach @(@{ From = '-Uri' }, @{ From = 'DATASOURCES_URI' }) {
            $address = $emulator.Uri -replace '^http://', 'http://svc:uri-secret-4711@'
            if ($From -eq '-Uri') {
                $err = { Connect-DataSourceService -Uri $address -Credential (New-TestCredential) -Verbose 4>&1 } | Should -Throw -PassThru
            }
            else {
                $env:DATASOURCES_URI = $address; $env:DATASOURCES_USERNAME = 'admin'; $env:DATASOURCES_PASSWORD = 'admin'
                try { $err = { Connect-DataSourceService -Verbose 4>&1 } | Should -Throw -PassThru }
                finally { Remove-Item Env:DATASOURCES_URI, Env:DATASOURCES_USERNAME, Env:DATASOURCES_PASSWORD }
            }

            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidUri,*'
            $err.Exception.Message | Should -BeExactly "The address '$($emulator.Uri)/' was given with a user name or password in it (user:password@): give them with -Credential, not in the address; nothing was sent."
            ($err | Format-List * -Force | Out-String) + (Get-DataSourceConnection | Format-List * | Out-String) | Should -Not -BeLike '*uri-secret-4711*'
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }

        It 'an empty token: refused, sending nothing' {
            $err = { Connect-DataSourceService -Uri $emulator.Uri -Token ([securestring]::new()) } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidCredential,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeExactly 'The token cannot be empty.'
            Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
        }
    }
}
