BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
    $emulator = Start-Emulator -ArgumentList '--seed-count', '20', '--user', 'admin:admin:Admin', '--user', 'reader:reader:Business_User'
    $admin = New-TestCredential
}

AfterAll {
    Disconnect-DataSourceService
    if ($emulator) { Stop-Emulator $emulator }
}

Describe 'Connect-DataSourceService with a credential' {
    BeforeEach { Clear-EmulatorStats -Emulator $emulator }

    It 'logs in once and makes the connection the default, showing URI, version, user and expiry' {
        $output = Connect-DataSourceService -Uri $emulator.Uri -Credential $admin

        $output | Should -BeNullOrEmpty
        Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /keycloak/realms/pdc/protocol/openid-connect/token' | Should -Be 1
        $connection = Get-DataSourceConnection
        $connection.Uri | Should -Be ([uri] $emulator.Uri)
        $connection.ApiVersion | Should -Be 'v3' -Because 'without -ApiVersion the module takes the newest version the server serves'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 2 -Because 'the login and one probe of v3'
        $connection.UserName | Should -Be 'admin'
        $connection.AuthenticationMethod | Should -Be 'Credential'
        $connection.TokenExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
    }

    It 'shows several connections as a table that fits in 80 columns, the expiry whole' {
        $one = Connect-DataSourceService -Uri $emulator.Uri -Credential $admin -PassThru -NoDefault
        $two = Connect-DataSourceService -Uri "http://localhost:$(([uri]$emulator.Uri).Port)" -Credential $admin -PassThru -NoDefault

        $text = $one, $two | Format-Table | Out-String -Width 80
        $lines = @($text -split '\r?\n' | Where-Object { $_ })

        $lines[0] | Should -Match '^Uri\s+Api\s+UserName\s+Auth\s+TokenExpiresAt \(UTC\)$'
        $lines[2] | Should -Match ([regex]::Escape($one.Uri.ToString()) + '\s+v3\s+admin\s+Credential\s+' + $one.TokenExpiresAt.UtcDateTime.ToString('yyyy-MM-dd HH:mm:ss') + '$')
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
    }

    It 'returns the connection with -PassThru' {
        $connection = Connect-DataSourceService -Uri $emulator.Uri -Credential $admin -PassThru
        $connection | Should -BeOfType ([DataSources.DataSourceConnection])
        $connection.UserName | Should -Be 'admin'
    }

    It 'shows the connection as a list that fits in 80 columns' {
        $text = Connect-DataSourceService -Uri $emulator.Uri -Credential $admin -PassThru | Out-String -Width 80

        foreach ($label in 'Uri', 'ApiVersion', 'UserName', 'Roles', 'AuthenticationMethod', 'TokenExpiresAt') {
            $text | Should -Match "(?m)^$label\s+: \S"
        }
        $text | Should -Match '(?m)^TokenExpiresAt\s+: .*[+-]\d{2}:\d{2}$' -Because 'the expiry is shown whole, not cut off'
        ($text -split '\r?\n' | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
    }

    It 'talks to the v2 routes with -ApiVersion v2' {
        Connect-DataSourceService -Uri $emulator.Uri -Credential $admin -ApiVersion v2
        Clear-EmulatorStats -Emulator $emulator
        $found = Find-DataSource -First 1

        $found | Should -HaveCount 1
        Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /api/public/v2/data-sources/filter' | Should -Be 1
        Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /api/public/v3/data-sources/filter' | Should -Be 0
        (Get-DataSourceConnection).ApiVersion | Should -Be 'v2'
    }

    It 'finds the version a server that serves only v1 offers' {
        try {
            Set-EmulatorBehaviour -Emulator $emulator -Behaviour @{ apiVersions = @('v1') }
            $v1 = Connect-DataSourceService -Uri $emulator.Uri -Credential $admin -NoDefault -PassThru
            $v1.ApiVersion | Should -Be 'v1'
            Find-DataSource -Connection $v1 -First 1 | Should -HaveCount 1
        }
        finally { Clear-EmulatorBehaviour -Emulator $emulator }
    }

    It 'fails at connect with a terminating AuthenticationError for a wrong password, keeping the previous connection' {
        Connect-DataSourceService -Uri $emulator.Uri -Credential $admin
        $before = Get-DataSourceConnection

        $err = { Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential -Password 'wrong') -ErrorAction SilentlyContinue } |
            Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -BeLike "*'admin'*"
        $err.Exception.Message | Should -Not -BeLike '*wrong*'
        Get-DataSourceConnection | Should -Be $before
    }

    It 'fails with a ConnectionError when nothing listens at the address' {
        # A port that was free a moment ago: bind, read the port, release.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()

        $err = { Connect-DataSourceService -Uri "http://127.0.0.1:$port" -Credential $admin } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'says to use http:// when an https:// address reaches a server that speaks plain http' {
        $plain = [uri] $emulator.Uri
        $err = { Connect-DataSourceService -Uri "https://$($plain.Authority)" -Credential $admin } | Should -Throw -PassThru

        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -BeLike '*secure connection*use an http:// address*'
        $err.Exception.Message | Should -Not -BeLike '*self-signed*'
    }

    It 'refuses a URI that is not http or https' {
        $err = { Connect-DataSourceService -Uri 'ftp://127.0.0.1/' -Credential $admin } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidUri,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be ([uri] 'ftp://127.0.0.1/')
    }

    It 'refuses to send a credential over plain http to another host unless allowed' {
        $err = { Connect-DataSourceService -Uri 'http://catalog.example.com' -Credential $admin } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'UnencryptedAuthenticationRefused,*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        $err.Exception.Message | Should -BeLike '*https*'
    }
}

Describe 'Connect-DataSourceService with a token' {
    It 'uses a token obtained elsewhere without logging in' {
        Clear-EmulatorStats -Emulator $emulator
        $token = ConvertTo-SecureString (New-EmulatorToken -Emulator $emulator -User reader) -AsPlainText -Force

        Connect-DataSourceService -Uri $emulator.Uri -Token $token

        Get-EmulatorRequestCount -Emulator $emulator -Route 'POST /keycloak/realms/pdc/protocol/openid-connect/token' | Should -Be 0
        $connection = Get-DataSourceConnection
        $connection.AuthenticationMethod | Should -Be 'Token'
        $connection.UserName | Should -Be 'reader'
        $connection.Roles | Should -Be @('Business_User')
        Find-DataSource -First 2 | Should -HaveCount 2
    }

    It 'uses a token that ends in a line break, as Get-Content -Raw and environment variables give it, from <From>' -ForEach @(@{ From = '-Token' }, @{ From = 'DATASOURCES_TOKEN' }) {
        $text = (New-EmulatorToken -Emulator $emulator -User reader) + "`r`n"
        if ($From -eq '-Token') {
            Connect-DataSourceService -Uri $emulator.Uri -Token (ConvertTo-SecureString $text -AsPlainText -Force)
        }
        else {
            $env:DATASOURCES_URI = $emulator.Uri; $env:DATASOURCES_TOKEN = $text
            try { Connect-DataSourceService }
            finally { Remove-Item Env:DATASOURCES_URI, Env:DATASOURCES_TOKEN }
        }

        (Get-DataSourceConnection).UserName | Should -Be 'reader'
        Find-DataSource -First 2 | Should -HaveCount 2
    }

    It 'refuses a token <What> with an InvalidCredential that says so, without showing it, sending nothing' -ForEach @(
        @{ What = 'given with Bearer before it'; Prefix = 'Bearer '; Says = "The token starts with 'Bearer ': give the token alone; the module sends it as a bearer token." }
        @{ What = 'with a line break inside'; Prefix = "part`n"; Says = 'The token holds white space or a control character inside it: give the token alone, as one word.' }
    ) {
        $text = $Prefix + (New-EmulatorToken -Emulator $emulator -User reader)
        Clear-EmulatorStats -Emulator $emulator

        $err = { Connect-DataSourceService -Uri $emulator.Uri -Token (ConvertTo-SecureString $text -AsPlainText -Force) } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidCredential,*'
        $err.Exception.Message | Should -Be $Says
        ($err | Format-List * -Force | Out-String) | Should -Not -BeLike "*$($text.Substring($Prefix.Length, 20))*"
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }

    It 'refuses an expired token at connect, saying when it expired and what to do' {
        $token = ConvertTo-SecureString (New-EmulatorToken -Emulator $emulator -LifetimeSeconds -60) -AsPlainText -Force

        $err = { Connect-DataSourceService -Uri $emulator.Uri -Token $token } | Should -Throw -PassThru

        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'expired at \d{4}-\d\d-\d\dT'
        $err.Exception.Message | Should -BeLike '*Connect-DataSourceService*'
    }

    It 'fails the first call after the token expires with a terminating AuthenticationError' {
        $token = ConvertTo-SecureString (New-EmulatorToken -Emulator $emulator -LifetimeSeconds 2) -AsPlainText -Force
        Connect-DataSourceService -Uri $emulator.Uri -Token $token
        Start-Sleep -Seconds 3

        $err = { Find-DataSource -ErrorAction SilentlyContinue } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $err.Exception.Message | Should -Match 'expired at .*Connect-DataSourceService'
    }
}

Describe 'Connect-DataSourceService from environment variables' {
    BeforeEach {
        $saved = @{}
        foreach ($name in 'DATASOURCES_URI', 'DATASOURCES_TOKEN', 'DATASOURCES_USERNAME', 'DATASOURCES_PASSWORD') {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
    }

    AfterEach {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }

    It 'reads DATASOURCES_URI with DATASOURCES_USERNAME and DATASOURCES_PASSWORD' {
        $env:DATASOURCES_URI = $emulator.Uri
        $env:DATASOURCES_USERNAME = 'reader'
        $env:DATASOURCES_PASSWORD = 'reader'

        Connect-DataSourceService

        (Get-DataSourceConnection).UserName | Should -Be 'reader'
        (Get-DataSourceConnection).AuthenticationMethod | Should -Be 'Credential'
    }

    It 'reads DATASOURCES_URI with DATASOURCES_TOKEN' {
        $env:DATASOURCES_URI = $emulator.Uri
        $env:DATASOURCES_TOKEN = New-EmulatorToken -Emulator $emulator -User reader

        Connect-DataSourceService

        (Get-DataSourceConnection).AuthenticationMethod | Should -Be 'Token'
        (Get-DataSourceConnection).UserName | Should -Be 'reader'
    }

    It 'takes a blank DATASOURCES_TOKEN for unset, as an empty one, and logs in with DATASOURCES_USERNAME and DATASOURCES_PASSWORD' {
        $env:DATASOURCES_URI = $emulator.Uri
        $env:DATASOURCES_TOKEN = ' '
        $env:DATASOURCES_USERNAME = 'reader'
        $env:DATASOURCES_PASSWORD = 'reader'

        Connect-DataSourceService

        (Get-DataSourceConnection).AuthenticationMethod | Should -Be 'Credential'
        (Get-DataSourceConnection).UserName | Should -Be 'reader'
    }

    It 'says which variables to set when they are missing' {
        $err = { Connect-DataSourceService } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectionSettingsMissing,*'
        $err.Exception.Message | Should -BeLike '*DATASOURCES_URI*'
    }
}

Describe 'Not connected' {
    BeforeEach {
        Disconnect-DataSourceService
        Clear-EmulatorStats -Emulator $emulator
    }

    It 'Disconnect-DataSourceService forgets the connection' {
        Get-DataSourceConnection | Should -BeNullOrEmpty
    }

    It '<Command> fails with a terminating error that says to run Connect-DataSourceService' -ForEach @(
        @{ Command = 'Find-DataSource'; Arguments = @{} }
        @{ Command = 'Get-DataSource'; Arguments = @{ Id = 'abc' } }
        @{ Command = 'New-DataSource'; Arguments = @{ Name = 'x'; DatabaseType = 'MYSQL' } }
        @{ Command = 'Set-DataSource'; Arguments = @{ Id = 'abc'; Note = 'x' } }
    ) {
        $err = { & $Command @Arguments -ErrorAction SilentlyContinue } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'NotConnected,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err.Exception.Message | Should -BeLike '*Connect-DataSourceService*'
        Get-EmulatorRequestCount -Emulator $emulator | Should -Be 0
    }
}

Describe 'Connections belong to the runspace' {
    BeforeAll {
        Connect-DataSourceService -Uri $emulator.Uri -Credential $admin
        $manifest = Join-Path $repo 'DataSources.psd1'
    }

    It 'ForEach-Object -Parallel runspaces start unconnected' {
        $seen = 1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:manifest
            $null -eq (Get-DataSourceConnection)
        }
        $seen | Should -Be @($true, $true)
    }

    It 'connecting in a parallel runspace leaves this runspace''s connection alone' {
        $uri = $emulator.Uri
        $users = 1 | ForEach-Object -Parallel {
            Import-Module $using:manifest
            $reader = [pscredential]::new('reader', (ConvertTo-SecureString 'reader' -AsPlainText -Force))
            Connect-DataSourceService -Uri $using:uri -Credential $reader
            (Get-DataSourceConnection).UserName
        }

        $users | Should -Be 'reader'
        (Get-DataSourceConnection).UserName | Should -Be 'admin'
    }

    It 'a new runspace sees no connection' {
        $shell = [powershell]::Create()
        try {
            $result = $shell.AddScript("Import-Module '$manifest'; `$null -eq (Get-DataSourceConnection)").Invoke()
            $result | Should -Be $true
        }
        finally { $shell.Dispose() }
    }

    It '-Connection uses another connection explicitly' {
        $reader = Connect-DataSourceService -Uri $emulator.Uri -Credential (New-TestCredential reader reader) -PassThru
        Connect-DataSourceService -Uri $emulator.Uri -Credential $admin

        Find-DataSource -Connection $reader -First 1 | Should -HaveCount 1
        $err = { New-DataSource -Connection $reader -Name via-reader -DatabaseType MYSQL -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        New-DataSource -Name via-default -DatabaseType MYSQL | Should -HaveCount 1
    }
}

Describe 'The connection object never reveals the token' {
    BeforeAll {
        $tokenText = New-EmulatorToken -Emulator $emulator
        $byToken = Connect-DataSourceService -Uri $emulator.Uri -Token (ConvertTo-SecureString $tokenText -AsPlainText -Force) -PassThru
        $byCredential = Connect-DataSourceService -Uri $emulator.Uri -Credential $admin -PassThru
    }

    It 'has only the public properties Uri, ApiVersion, HeaderNames, UserName, Roles, AuthenticationMethod and TokenExpiresAt' {
        $byToken.PSObject.Properties.Name | Sort-Object |
            Should -Be @('ApiVersion', 'AuthenticationMethod', 'HeaderNames', 'Roles', 'TokenExpiresAt', 'Uri', 'UserName')
    }

    It 'shows no token in <View>' -ForEach @(
        @{ View = 'the default view'; Render = { param($c) $c | Out-String } }
        @{ View = 'Format-List *'; Render = { param($c) $c | Format-List * | Out-String } }
        @{ View = 'ToString()'; Render = { param($c) $c.ToString() } }
        @{ View = 'ConvertTo-Json'; Render = { param($c) $c | ConvertTo-Json -Depth 10 } }
        @{ View = 'Export-Clixml'; Render = { param($c) $path = Join-Path $TestDrive 'c.xml'; $c | Export-Clixml $path -Depth 10; Get-Content $path -Raw } }
    ) {
        foreach ($connection in $byToken, $byCredential) {
            $text = & $Render $connection
            $text | Should -Not -BeNullOrEmpty
            $text | Should -Not -BeLike "*$tokenText*"
            # Any JWT starts with the base64 of '{"': none may appear.
            $text | Should -Not -BeLike '*eyJ*'
        }
    }
}
