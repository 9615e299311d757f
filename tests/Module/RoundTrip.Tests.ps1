# Sources written out with PowerShell's own Export-Csv or ConvertTo-Json and read back into
# New-DataSource on another catalog come across field by field, or the command says what it lost.
# Every creatable field of the schema is set on the first catalog and compared, as each server
# stores it, with the copy.

BeforeDiscovery {
    $servers = @(
        @{ Name = 'the harshest plausible server (the default)'; Behaviour = @{}; Lossless = $false }
        @{ Name = 'a server that returns every field it stores but the secrets'; Behaviour = @{ clearTextReads = $true; returnOwners = $true; returnPatchOnlyFields = $true }; Lossless = $true }
    )
    $formats = @(
        @{ Format = 'Export-Csv and Import-Csv' }
        # Export-Csv writes numbers as the culture does: 12,5 here.
        @{ Format = 'Export-Csv and Import-Csv in de-DE'; Culture = 'de-DE' }
        @{ Format = 'ConvertTo-Json and ConvertFrom-Json' }
    )
}

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $source = Start-Emulator
    $target = Start-Emulator

    # A value of the right kind for every creatable field that is not a secret, from the schema itself,
    # so that a field added to the schema is carried by this test too.
    function New-FullSource([string] $Name) {
        $fields = @{}
        foreach ($field in [DataSources.Client.DataSourceSchema]::Fields | Where-Object { $_.CanCreate -and -not $_.IsSecret -and -not $_.IsReadOnly }) {
            $fields[$field.JsonName] = switch ($field.Kind) {
                'String' { "$($field.JsonName)-value" }
                'StringArray' { , @("$($field.JsonName).a", "$($field.JsonName);b", 'with space') }
                'Boolean' { $true }
                'Number' { 12.5 }
                'Integer' { 0 }
                'CostPerTb' { @{ price = 3.25; currency = 'EUR'; frequency = 'month' } }
                'Location' { @{ name = 'HQ'; street_address = '1 Main St'; street_address_2 = 'Floor 3'; locality_city = 'Lyon'; state_province = 'ARA'; postal_code = '69001'; country = 'FR' } }
                'ObjectArray' { , @(@{ name = 'Ann'; email = 'ann@example.com' }) }
            }
        }
        $fields.resourceName = $Name
        $fields.databaseType = 'POSTGRES'
        $fields.sslType = 'encryptionOnly'
        $fields.port = '5432'
        $fields.fqdnId = "fqdn-$Name"
        $fields.password = 'never-returned-pw'
        $fields
    }

    # Every field as the server stores it, but what the server itself assigns.
    function Get-StoredFields($Emulator, [string] $Name) {
        $stored = Get-ServerDataSource -Emulator $Emulator -Name $Name
        $fields = [ordered]@{}
        foreach ($property in $stored.PSObject.Properties | Where-Object Name -NotIn '_id', 'pId', 'userId', 'date' | Sort-Object Name) {
            $fields[$property.Name] = ConvertTo-Json -InputObject $property.Value -Depth 5 -Compress
        }
        $fields
    }
}

AfterAll {
    Disconnect-DataSourceService
    if ($source) { Stop-Emulator $source }
    if ($target) { Stop-Emulator $target }
}

Describe 'A round trip from <Name>' -ForEach $servers {
    BeforeAll {
        foreach ($server in $source, $target) {
            Reset-EmulatorStore -Emulator $server
            Clear-EmulatorBehaviour -Emulator $server
            if ($Behaviour.Count -gt 0) { Set-EmulatorBehaviour -Emulator $server -Behaviour $Behaviour }
        }
        $from = Connect-DataSourceService -Uri $source.Uri -Credential (New-TestCredential) -PassThru
        $to = Connect-DataSourceService -Uri $target.Uri -Credential (New-TestCredential) -PassThru -WarningAction SilentlyContinue
        $null = New-FullSource 'full-1' | New-DataSource -Connection $from -ErrorAction Stop
        $null = @{ resourceName = 'sparse-2'; databaseType = 'MYSQL'; includePatterns = @() } | New-DataSource -Connection $from -ErrorAction Stop
        Set-DataSource -Connection $from -Id (Find-DataSource -Connection $from -Name 'full-1').Id -Incremental $true -ScanSinceTimeframe 'P30D'
        $file = Join-Path $TestDrive 'sources.txt'
    }

    AfterAll { foreach ($server in $source, $target) { Clear-EmulatorBehaviour -Emulator $server } }

    It 'through <Format> recreates every field the create takes, and warns once of what it could not carry' -ForEach $formats {
        Reset-EmulatorStore -Emulator $target
        $callerCulture = [cultureinfo]::CurrentCulture
        try {
            if ($Culture) { [cultureinfo]::CurrentCulture = $Culture }
            if ($Format -like 'Export-Csv*') {
                Find-DataSource -Connection $from | Export-Csv -Path $file
                $rows = Import-Csv -Path $file
                if ($Culture) { ($rows | Where-Object Name -EQ 'full-1').TotalCapacity | Should -Be '12,5' -Because "the file is written as $Culture writes numbers" }
            }
            else {
                Find-DataSource -Connection $from | ConvertTo-Json -Depth 5 | Set-Content -Path $file
                $rows = Get-Content -Path $file -Raw | ConvertFrom-Json
            }

            $created = $rows | New-DataSource -Connection $to -WarningVariable warnings -ErrorAction Stop
        }
        finally { [cultureinfo]::CurrentCulture = $callerCulture }

        $created.Name | Should -Be @('full-1', 'sparse-2')
        # Said before sending: full-1 carries every setting that goes with a secret only a create takes.
        $warnings | Should -HaveCount 2
        $warnings[0].Message | Should -BeLike "Input * ('full-1') is a copy from a catalog with trustStoreLocation but no trustStorePassword, keyStoreLocation but no keyStorePassword, oauthClientId but no oauthClientSecret and accessKeyID but no secretAccessKey: *"
        $warnings = @($warnings[1])
        $warnings[0].Message | Should -BeLike '*never returns secrets*2 data source(s)*1 of them lack keyStorePassword (1), oauthClientSecret (1), secretAccessKey (1), trustStorePassword (1), which only a create takes*'
        # sparse-2 never had them, so a server that returns them returns none, and that is said too.
        $unread = if ($Lossless) { 1 } else { 2 }
        $warnings[0].Message | Should -BeLike "*$unread data source(s) copied from a catalog came without incremental and scanSinceTimeframe, which the vendor's server stores but does not return, and were created without them: where the originals had them, set them with Set-DataSource -Incremental or -ScanSinceTimeframe.*"
        foreach ($name in 'full-1', 'sparse-2') {
            $original = Get-StoredFields $source $name
            $copy = Get-StoredFields $target $name
            $lost = @('password')
            if (-not $Lossless) {
                # Read back encrypted, left out; owners read back as {}; incremental never read back.
                $lost += 'userName', 'accessId', 'incremental', 'scanSinceTimeframe', 'owners'
                if ($name -eq 'full-1') {
                    $warnings[0].Message | Should -BeLike '*accessId, userName of 1 data source(s) were read back encrypted*'
                    $warnings[0].Message | Should -BeLike '*owners of 1 data source(s) came back from the server without their details (as {}) and were left out: empty owner records are no owners*'
                    $copy.Keys | Should -Not -Contain 'owners' -Because 'owners read back as {} are not written to the copy as empty records'
                }
            }
            foreach ($field in $original.Keys | Where-Object { $_ -notin $lost }) {
                $copy[$field] | Should -Be $original[$field] -Because "$field of $name must come across"
            }
            $copy.Keys | Where-Object { $_ -notin $original.Keys } | Should -BeNullOrEmpty
            $copy.Keys | Should -Not -Contain 'password'
        }
        if ($Lossless) { $warnings[0].Message | Should -Not -BeLike '*encrypted*' }
    }
}

Describe 'Rows that would be stored wrongly' {
    BeforeAll {
        Reset-EmulatorStore -Emulator $target
        Connect-DataSourceService -Uri $target.Uri -Credential (New-TestCredential)
    }

    BeforeEach { Clear-EmulatorStats -Emulator $target }

    It 'a cell that holds a .NET type name (<Cell>) is an error naming the column, and nothing is sent' -ForEach @(
        @{ Column = 'IncludePatterns'; Cell = 'System.String[]' }
        @{ Column = 'Location'; Cell = 'System.Collections.Hashtable' }
        @{ Column = 'Owners'; Cell = 'System.Object[]' }
    ) {
        $row = [pscustomobject]@{ Name = 'typed'; DatabaseType = 'MYSQL'; $Column = $Cell }

        $row | New-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDataSourceField,*'
        $err[0].Exception.Message | Should -BeLike "Input 1 ('typed') was not sent: Field '$($Column.ToLowerInvariant())': '$([WildcardPattern]::Escape($Cell))' is the name of a .NET type, not a value*"
        Get-EmulatorRequestCount -Emulator $target | Should -Be 0
    }

    It 'Name and ResourceName with different values is an error naming both; the same value is fine' {
        $rows = [pscustomobject]@{ Name = 'one'; ResourceName = 'other'; DatabaseType = 'MYSQL' },
            [pscustomobject]@{ Name = 'same'; ResourceName = 'same'; DatabaseType = 'MYSQL' }

        $created = $rows | New-DataSource -ErrorVariable err -ErrorAction SilentlyContinue

        $created.Name | Should -Be 'same'
        $err | Should -HaveCount 1
        $err[0].Exception.Message | Should -BeExactly "Input 1 ('one') was not sent: the properties 'Name' and 'ResourceName' both give the field 'resourceName', with different values; give one of them."
    }

    It 'patch-only fields are set right after the create, and a failure there says the source was created without them' {
        $ok = [pscustomobject]@{ Name = 'later-ok'; DatabaseType = 'MYSQL'; Incremental = 'true'; ScanSinceTimeframe = 'P7D' } | New-DataSource -ErrorAction Stop
        Set-EmulatorFaults -Emulator $target -Faults @{ statuses = @(400); routes = @('PATCH *') }
        try {
            $half = [pscustomobject]@{ Name = 'later-half'; DatabaseType = 'MYSQL'; Incremental = 'true' } | New-DataSource -ErrorVariable err -ErrorAction SilentlyContinue
        }
        finally { Clear-EmulatorFaults -Emulator $target }

        (Get-ServerDataSource -Emulator $target -Id $ok.Id) | Select-Object incremental, scanSinceTimeframe |
            Should -BeLike '*incremental=True*scanSinceTimeframe=P7D*'
        $half.Name | Should -Be 'later-half'
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AfterCreateFieldsNotSet,*'
        $err[0].TargetObject | Should -Be $half.Id
        $err[0].Exception.Message | Should -BeLike "'later-half' was created (id $($half.Id)), but incremental could not be set right after: *Set them with Set-DataSource -Id $($half.Id)."
        (Get-ServerDataSource -Emulator $target -Name 'later-half').PSObject.Properties.Name | Should -Not -Contain 'incremental'
    }

    It 'a value read back encrypted, given as a parameter, is refused rather than stored as the credential' {
        $err = { Set-DataSource -Id 'ffffffffffffffffffffffff' -UserName 'AES/GCM/NoPadding|q83vEjRWeJCrze8=' } | Should -Throw -PassThru

        $err.Exception.Message | Should -BeLike "*'userName'*encrypted*"
        Get-EmulatorRequestCount -Emulator $target | Should -Be 0
    }

    It '-Description $null is refused before sending, and '''' clears it' {
        $created = New-DataSource -Name 'described' -DatabaseType MYSQL -Description 'text'
        Clear-EmulatorStats -Emulator $target

        $err = { Set-DataSource -Id $created.Id -Description $null } | Should -Throw -PassThru
        Set-DataSource -Id $created.Id -Description ''

        $err.Exception.Message | Should -BeLike "*'description': null is not a value the API takes*"
        Get-EmulatorRequestCount -Emulator $target | Should -Be 1
        (Get-ServerDataSource -Emulator $target -Id $created.Id).description | Should -BeExactly ''
    }
}

Describe 'Fields the contract does not know (AdditionalFields)' {
    BeforeAll {
        Reset-EmulatorStore -Emulator $target -SeedCount 3
        Clear-EmulatorBehaviour -Emulator $target
        Connect-DataSourceService -Uri $target.Uri -Credential (New-TestCredential)
        $file = Join-Path $TestDrive 'additional.csv'
    }

    It 'Export-Csv writes them as a JSON object, and as nothing when there are none, not as a .NET type name' {
        Find-DataSource | Export-Csv -Path $file

        $rows = @(Import-Csv -Path $file)
        $rows | Should -HaveCount 3
        $rows.AdditionalFields | ForEach-Object { $_ | Should -BeExactly '' }
    }

    It 'a row that carries some (<Format>) is created without them, and the one warning names them' -ForEach @(
        @{ Format = 'the JSON text of a CSV cell'; Value = '{"newFlag":true,"__v":3}' }
        @{ Format = 'an object of ConvertFrom-Json'; Value = ('{"newFlag":true,"__v":3}' | ConvertFrom-Json) }
    ) {
        $rows = [pscustomobject]@{ Name = "extra-$($Value.GetType().Name)"; DatabaseType = 'MYSQL'; AdditionalFields = $Value },
            [pscustomobject]@{ Name = "plain-$($Value.GetType().Name)"; DatabaseType = 'MYSQL'; AdditionalFields = '' }

        $created = $rows | New-DataSource -WarningVariable warnings -ErrorAction Stop

        $created | Should -HaveCount 2
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -BeExactly 'The AdditionalFields of 1 data source(s) (__v, newFlag) were not copied: they hold fields the contract does not know, and known fields whose value the server gave in another shape than the contract''s, and a create takes neither as they are.'
        (Get-ServerDataSource -Emulator $target -Name $rows[0].Name).PSObject.Properties.Name | Should -Not -Contain 'newFlag'
    }

    It 'from a server that returns some, Export-Csv and ConvertTo-Json keep them, and a copy names them' {
        # The emulator returns no field the contract does not know; a stub server does, as a newer catalog might.
        Import-Module "$PSScriptRoot/StubServer.psm1" -Force
        $stub = Start-StubServer
        try {
            Set-StubAnswer $stub 'POST /api/public/v3/data-sources/by-ids' -Body '{"status":200,"data":[]}'
            $id = 'aaaaaaaaaaaaaaaaaaaaaaaa'
            Set-StubAnswer $stub "GET /api/public/v3/data-sources/$id" -Body ('{"status":200,"data":{"_id":"' + $id + '","resourceName":"newer-server","databaseType":"MYSQL","__v":3,"tier":{"level":"gold","since":2024}}}')
            $newer = Connect-DataSourceService -Uri $stub.Uri -Token (ConvertTo-SecureString 'opaque-stub-token' -AsPlainText -Force) -PassThru -NoDefault
            $source = Get-DataSource -Connection $newer -Id $id

            $source | Export-Csv -Path $file
            $json = $source | ConvertTo-Json -Depth 5 | ConvertFrom-Json
            $copied = Import-Csv -Path $file | New-DataSource -WarningVariable warnings -ErrorAction Stop
        }
        finally { Stop-StubServer $stub }

        (Import-Csv -Path $file).AdditionalFields | Should -BeExactly '{"__v":3,"tier":{"level":"gold","since":2024}}'
        $json.AdditionalFields.tier.level | Should -Be 'gold'
        $copied.Name | Should -Be 'newer-server'
        $warnings.Message | Should -BeLike '*The AdditionalFields of 1 data source(s) (__v, tier) were not copied*'
    }

    It 'a cell that holds the type name an older export wrote is no field, and warns of nothing' {
        $row = [pscustomobject]@{ Name = 'older-export'; DatabaseType = 'MYSQL'; AdditionalFields = 'System.Collections.Generic.Dictionary`2[System.String,System.Object]' }

        $created = $row | New-DataSource -WarningVariable warnings -ErrorAction Stop

        $created.Name | Should -Be 'older-export'
        $warnings | Should -BeNullOrEmpty
    }
}
