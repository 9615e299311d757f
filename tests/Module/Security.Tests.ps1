# Security end to end: no secret the module is given or sends ever shows in what comes out of it,
# and a credential or token is never sent over plain http to another host.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module "$PSScriptRoot/StubServer.psm1" -Force
    Import-Module "$repo/DataSources.psd1" -Force
}

Describe 'Secrets never show: every cmdlet with -Verbose -Debug inside a transcript, errors included' {
    BeforeAll {
        # Each a value of its own, so that any trace of one is found and named.
        $secrets = [ordered]@{
            LoginPassword = 'login-pw-7Qx2'
            WrongPassword = 'wrong-pw-3Km9'
            EnvironmentPassword = 'env-pw-5Tr1'
            ProxyPassword = 'proxy-pw-8Hd4'
            StubToken = 'stub-token-6Zp0'
            NewPassword = 'new-password-1Aa'
            NewSecretKey = 'new-secretKey-2Bb'
            NewAzureSharedKey = 'new-azureSharedKey-3Cc'
            PropertyEncryptedPassword = 'prop-encryptedPassword-4Dd'
            PropertySecretAccessKey = 'prop-secretAccessKey-5Ee'
            PropertyTrustStorePassword = 'prop-trustStorePassword-6Ff'
            PropertyKeyStorePassword = 'prop-keyStorePassword-7Gg'
            PropertyOauthClientSecret = 'prop-oauthClientSecret-8Hh'
            SecurePropertyKeyStorePassword = 'secure-prop-keyStorePassword-9Ii'
            SecurePropertyOauthClientSecret = 'secure-prop-oauthClientSecret-0Ii'
            CsvPassword = 'csv-password-1Jj'
            CsvSecretKey = 'csv-secretKey-2Jj'
            CsvRefusedSecretKey = 'csv-refused-secretKey-3Jj'
            WhatIfSecretKey = 'whatif-secretKey-1Nn'
            SetPassword = 'set-password-1Ll'
            SetSecretKey = 'set-secretKey-2Ll'
            SetAzureSharedKey = 'set-azureSharedKey-3Ll'
            SetCredentialPassword = 'set-credential-password-4Ll'
            WhatIfPassword = 'whatif-password-2Nn'
            EchoPassword = 'echo-password-1Mm'
            EchoSecretKey = 'echo-secretKey-2Mm'
            EchoSetPassword = 'echo-set-password-3Mm'
        }
        $emulator = Start-Emulator -ArgumentList '--seed-count', '5',
            '--user', "secadmin:$($secrets.LoginPassword):Admin", '--user', "envuser:$($secrets.EnvironmentPassword):Admin"
        $secrets.GivenToken = New-EmulatorToken -Emulator $emulator -User secadmin
        $secrets.ExpiredToken = New-EmulatorToken -Emulator $emulator -User secadmin -LifetimeSeconds -60

        # A server that echoes what it was sent, body and Authorization header, in its 400 message.
        $stub = Start-StubServer
        # It has 'echoed', so that its 400 to a PATCH is about the body, not an unknown id (by-ids tells the two apart).
        Set-StubAnswer $stub 'POST /api/public/v3/data-sources/by-ids' -Body '{"status":200,"data":[{"_id":"echoed","resourceName":"echoed","databaseType":"AWS"}]}'
        $echo = { param($Body, $Authorization) @{ Status = 400; ContentType = 'application/json'; Body = (@{ status = 400; message = "You sent $Body with $Authorization" } | ConvertTo-Json -Compress) } }
        Set-StubAnswer $stub 'POST /api/public/v3/data-sources' -Compute $echo
        Set-StubAnswer $stub 'PATCH /api/public/v3/data-sources/echoed' -Compute $echo

        $output = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'harness')
        $settingsPath = Join-Path $TestDrive 'settings.json'
        @{
            Manifest = "$repo/DataSources.psd1"; EmulatorUri = $emulator.Uri; StubUri = $stub.Uri
            LoginUser = 'secadmin'; EnvironmentUser = 'envuser'; Secrets = $secrets
        } | ConvertTo-Json | Set-Content -LiteralPath $settingsPath

        # A process of its own: its console is the user's screen, kept in console.txt.
        Push-Location $repo
        try { & dotnet pwsh -NoProfile -NonInteractive -File "$PSScriptRoot/SecretHarness.ps1" -SettingsPath $settingsPath -OutputFolder $output *> (Join-Path $output 'console.txt') }
        finally { Pop-Location }

        $artifacts = @(Get-ChildItem -LiteralPath $output -File | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Text = Get-Content -LiteralPath $_.FullName -Raw } })
        $transcript = ($artifacts | Where-Object Name -eq 'transcript.txt').Text
    }

    AfterAll {
        if ($stub) { Stop-StubServer $stub }
        if ($emulator) { Stop-Emulator $emulator }
    }

    It 'ran every step and kept every stream: the scan has material' {
        $artifacts.Name | Sort-Object | Should -Be @('console.txt', 'errors-as-bound.json', 'errors.json', 'errors.txt', 'errors.xml',
            'records-as-bound.json', 'records.json', 'records.xml', 'transcript.txt')
        $transcript | Should -BeLike '*### Disconnect-DataSourceService*'
        $transcript | Should -BeLike '*POST /keycloak/realms/pdc/protocol/openid-connect/token 200 * ms (attempt 1)*'
        $transcript | Should -BeLike '*PATCH /api/public/v3/data-sources/* 200 * ms (attempt 1)*'
        $transcript | Should -BeLike '*What if: Performing the operation "Set password" on target*'
        $records = Import-Clixml -LiteralPath (Join-Path $output 'records.xml')
        @($records | Where-Object { $_.PSObject.TypeNames -contains 'Deserialized.DataSources.DataSource' }).Count | Should -BeGreaterThan 5
        @($records | Where-Object { $_.PSObject.TypeNames -contains 'Deserialized.DataSources.DataSourceConnection' }).Count | Should -BeGreaterThan 2
        @($records | Where-Object { $_.PSObject.TypeNames -contains 'Deserialized.System.Management.Automation.DebugRecord' }).Count | Should -BeGreaterThan 20
        $errorIds = (Import-Clixml -LiteralPath (Join-Path $output 'errors.xml')).FullyQualifiedErrorId
        foreach ($id in 'AuthenticationFailed', 'InvalidDataSourceField', 'DataSourceCreateRefused', 'DataSourceNotFound', 'InvalidRequest', 'UnencryptedAuthenticationRefused') {
            $errorIds -like "$id,*" | Should -Not -BeNullOrEmpty -Because "the harness met a $id error"
        }
    }

    It 'sent every secret field, and -Debug showed each as ***' {
        foreach ($field in 'password', 'encryptedPassword', 'secretKey', 'secretAccessKey', 'azureSharedKey', 'trustStorePassword', 'keyStorePassword', 'oauthClientSecret') {
            $transcript | Should -BeLike "* request body: *`"$field`":`"***`"*"
        }
        $transcript | Should -BeLike '*/openid-connect/token request body: *&password=`**`**`**' -Because 'the login form is redacted too'
        $transcript | Should -BeLike '*You sent *"secretKey":"`**`**`**"* with Bearer `**`**`** (400 Bad Request*' -Because 'what the server echoes is scrubbed'
    }

    It 'shows none of the secrets, nor any JWT, in any stream, $Error, the transcript or the serialized output' {
        $found = foreach ($artifact in $artifacts | Where-Object Name -notlike '*-as-bound.json') {
            foreach ($name in $secrets.Keys) {
                if ($artifact.Text.Contains($secrets[$name])) { "$name in $($artifact.Name)" }
            }
            # Any token the module logged in for: a JWT is two base64url JSON objects and a signature.
            if ($artifact.Text -match 'eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+') { "a JWT in $($artifact.Name)" }
        }

        $characters = ($artifacts.Text | Measure-Object -Property Length -Sum).Sum
        Write-Host "Secrets scan: $($secrets.Count) values and any JWT, in $($artifacts.Count) artifacts ($characters characters): $(@($found).Count) found outside PowerShell's InvocationInfo."
        $found | Should -BeNullOrEmpty
    }

    It 'PowerShell''s InvocationInfo keeps only what the caller gave as plain text (a hashtable, CSV rows), never a SecureString (in -Property too), a token or a login password' {
        $plainText = 'PropertyEncryptedPassword', 'PropertySecretAccessKey', 'PropertyTrustStorePassword', 'PropertyKeyStorePassword',
            'PropertyOauthClientSecret', 'CsvPassword', 'CsvSecretKey', 'CsvRefusedSecretKey'
        $asBound = ($artifacts | Where-Object Name -like '*-as-bound.json').Text -join "`n"

        $found = $secrets.Keys | Where-Object { $asBound.Contains($secrets[$_]) }

        $found | Should -Not -BeNullOrEmpty -Because 'the caller''s own plain-text arguments are there, as PowerShell bound them'
        $found | Where-Object { $_ -notin $plainText } | Should -BeNullOrEmpty
        $asBound | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+'
    }
}

Describe 'Plain http to another host' {
    BeforeAll {
        # A stand-in proxy on loopback: any attempt to reach catalog.invalid goes to it, with no DNS look-up.
        $proxy = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $proxy.Start()
        $proxyUri = "http://127.0.0.1:$($proxy.LocalEndpoint.Port)"
        $credential = New-TestCredential
    }

    AfterAll { $proxy.Stop() }

    It 'refuses to send <What> to http://catalog.invalid before any connection is made' -ForEach @(
        @{ What = 'a credential'; Authentication = { @{ Credential = $credential } } }
        @{ What = 'a token'; Authentication = { @{ Token = (ConvertTo-SecureString 'not-sent-anywhere' -AsPlainText -Force) } } }
    ) {
        $with = & $Authentication

        $err = { Connect-DataSourceService -Uri 'http://catalog.invalid' @with -Proxy $proxyUri } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'UnencryptedAuthenticationRefused,*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        $err.Exception.Message | Should -BeExactly ("Refusing to send credentials over unencrypted http:// to 'catalog.invalid', which is not this machine. " +
            'Use https://, or allow unencrypted authentication explicitly.')
        $proxy.Pending() | Should -BeFalse -Because 'no connection was attempted'
    }

    It 'does try with -AllowUnencryptedAuthentication: the stand-in proxy sees the attempt, so it would have seen one above' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript('
                param($Manifest, $Proxy, $Credential)
                Import-Module $Manifest
                Connect-DataSourceService -Uri http://catalog.invalid -Credential $Credential -Proxy $Proxy -AllowUnencryptedAuthentication -MaximumRetryCount 0
            ').AddParameter('Manifest', "$repo/DataSources.psd1").AddParameter('Proxy', $proxyUri).AddParameter('Credential', $credential)
            $async = $shell.BeginInvoke()
            for ($wait = 0; $wait -lt 300 -and -not $proxy.Pending(); $wait++) { Start-Sleep -Milliseconds 100 }

            $proxy.Pending() | Should -BeTrue
            $client = $proxy.AcceptTcpClient()
            $requestLine = [System.IO.StreamReader]::new($client.GetStream()).ReadLine()
            $client.Close()

            $requestLine | Should -BeExactly 'POST http://catalog.invalid/keycloak/realms/pdc/protocol/openid-connect/token HTTP/1.1'
            $async.AsyncWaitHandle.WaitOne(30000) | Should -BeTrue
            $shell.Streams.Error[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        }
        finally { $shell.Dispose() }
    }
}
