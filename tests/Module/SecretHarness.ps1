<#
.SYNOPSIS
Runs every cmdlet of the module with -Verbose -Debug inside a transcript, errors included, handing
it the secrets of a settings file, and writes everything that came out to a folder for
Security.Tests.ps1 to scan.

.DESCRIPTION
Runs in a process of its own, so that its console output is the user's screen (kept in
console.txt by the caller) and does not flood the test run. The secrets are read from the
settings file and never written in this script: an error view quotes the script line that failed.

Writes: transcript.txt; records.xml and records.json (every object of every stream: output
objects, errors, verbose and debug records, serialized with Export-Clixml and ConvertTo-Json
-Depth 5); errors.xml, errors.json and errors.txt ($Error, also as Format-List * and the
exceptions' ToString()). The JSON leaves out each record's InvocationInfo, PowerShell's note of
the command line: its BoundParameters hold the caller's arguments as given, plain text where the
caller gave plain text (a hashtable, a CSV row). The *-as-bound.json files keep it.
#>
param(
    [Parameter(Mandatory)] [string] $SettingsPath,
    [Parameter(Mandatory)] [string] $OutputFolder
)

$ErrorActionPreference = 'Continue'
$settings = Get-Content -LiteralPath $SettingsPath -Raw | ConvertFrom-Json
$secret = $settings.Secrets
Import-Module $settings.Manifest

function ConvertTo-Secure([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }
function New-Credential([string] $UserName, [string] $Password) { [pscredential]::new($UserName, (ConvertTo-Secure $Password)) }

$records = [System.Collections.Generic.List[object]]::new()

# One step: every stream of the command as the user would see it (into the transcript), and as objects.
function Step([string] $Title, [scriptblock] $Command) {
    Write-Host "### $Title"
    $seen = @(try { & $Command *>&1 } catch { $_ })
    $seen | Out-Host
    $records.AddRange([object[]] $seen)
}

$uri = $settings.EmulatorUri
Start-Transcript -LiteralPath (Join-Path $OutputFolder 'transcript.txt') | Out-Null
$Error.Clear()
try {
    Step 'Connect with a credential, and a proxy credential' {
        Connect-DataSourceService -Uri $uri -Credential (New-Credential $settings.LoginUser $secret.LoginPassword) `
            -ProxyCredential (New-Credential 'proxy-user' $secret.ProxyPassword) -PassThru -Verbose -Debug
    }
    Step 'Connect with a wrong password' {
        Connect-DataSourceService -Uri $uri -Credential (New-Credential $settings.LoginUser $secret.WrongPassword) -Verbose -Debug
    }
    Step 'Get-DataSourceConnection, in every view' {
        $connection = Get-DataSourceConnection -Verbose -Debug
        $connection
        $connection | Format-List * | Out-String
    }
    Step 'New-DataSource with every secret as a parameter' {
        New-DataSource -Name 'secret-params' -DatabaseType POSTGRES -Credential (New-Credential 'db-user' $secret.NewPassword) `
            -SecretKey (ConvertTo-Secure $secret.NewSecretKey) -AzureSharedKey (ConvertTo-Secure $secret.NewAzureSharedKey) -Property @{
                encryptedPassword = $secret.PropertyEncryptedPassword
                secretAccessKey = $secret.PropertySecretAccessKey
                trustStorePassword = $secret.PropertyTrustStorePassword
                keyStorePassword = $secret.PropertyKeyStorePassword
                oauthClientSecret = $secret.PropertyOauthClientSecret
            } -Verbose -Debug
    }
    Step 'New-DataSource -Property with secret fields as SecureString' {
        New-DataSource -Name 'secret-secure-property' -DatabaseType MSSQL -Property @{
            keyStorePassword = ConvertTo-Secure $secret.SecurePropertyKeyStorePassword
            oauthClientSecret = ConvertTo-Secure $secret.SecurePropertyOauthClientSecret
        } -Verbose -Debug
    }
    Step 'New-DataSource from CSV rows with secret columns: one good, one unknown column, one without a name, one refused by the server' {
        @(
            [pscustomobject]@{ Name = 'secret-csv-good'; DatabaseType = 'AWS'; Password = $secret.CsvPassword; SecretKey = $secret.CsvSecretKey; Colour = '' }
            [pscustomobject]@{ Name = 'secret-csv-colour'; DatabaseType = 'AWS'; Password = $secret.CsvPassword; SecretKey = ''; Colour = 'red' }
            [pscustomobject]@{ Name = ''; DatabaseType = 'AWS'; Password = $secret.CsvPassword; SecretKey = $secret.CsvSecretKey; Colour = '' }
            [pscustomobject]@{ Name = 'secret-params'; DatabaseType = 'AZURE_BLOB_STORAGE'; Password = ''; SecretKey = $secret.CsvRefusedSecretKey; Colour = '' }
        ) | New-DataSource -Verbose -Debug
    }
    Step 'New-DataSource -WhatIf with a secret' {
        New-DataSource -Name 'secret-whatif' -DatabaseType AWS -SecretKey (ConvertTo-Secure $secret.WhatIfSecretKey) -WhatIf -Verbose -Debug
    }
    Step 'Find-DataSource' {
        Find-DataSource -Name 'secret-*' -Verbose -Debug
    }
    Step 'Get-DataSource, one and many, one missing' {
        $ids = @(Find-DataSource -Name 'secret-*').Id
        Get-DataSource -Id $ids[0] -Verbose -Debug
        $ids + 'ffffffffffffffffffffffff' | Get-DataSource -Verbose -Debug
    }
    Step 'Set-DataSource with every patchable secret, with -PassThru' {
        Find-DataSource -Name 'secret-params' | Set-DataSource -Password (ConvertTo-Secure $secret.SetPassword) `
            -SecretKey (ConvertTo-Secure $secret.SetSecretKey) -AzureSharedKey (ConvertTo-Secure $secret.SetAzureSharedKey) -PassThru -Verbose -Debug
    }
    Step 'Set-DataSource -Credential, on a missing id too' {
        'ffffffffffffffffffffffff', @(Find-DataSource -Name 'secret-params').Id |
            Set-DataSource -Credential (New-Credential 'db-user' $secret.SetCredentialPassword) -Verbose -Debug
    }
    Step 'Set-DataSource -WhatIf with a secret' {
        Find-DataSource -Name 'secret-params' | Set-DataSource -Password (ConvertTo-Secure $secret.WhatIfPassword) -WhatIf -Verbose -Debug
    }
    Step 'A server that echoes the request body and the Authorization header in its 400 answers' {
        $echo = Connect-DataSourceService -Uri $settings.StubUri -Token (ConvertTo-Secure $secret.StubToken) -PassThru -Verbose -Debug
        New-DataSource -Connection $echo -Name 'echoed' -DatabaseType AWS -Credential (New-Credential 'db-user' $secret.EchoPassword) `
            -SecretKey (ConvertTo-Secure $secret.EchoSecretKey) -Verbose -Debug
        Set-DataSource -Connection $echo -Id 'echoed' -Password (ConvertTo-Secure $secret.EchoSetPassword) -Verbose -Debug
    }
    Step 'Connect with a token, and use it' {
        Connect-DataSourceService -Uri $uri -Token (ConvertTo-Secure $secret.GivenToken) -PassThru -Verbose -Debug
        Find-DataSource -First 1 -Verbose -Debug
    }
    Step 'Connect with an expired token' {
        Connect-DataSourceService -Uri $uri -Token (ConvertTo-Secure $secret.ExpiredToken) -Verbose -Debug
    }
    Step 'Connect from the environment' {
        $env:DATASOURCES_URI = $uri
        $env:DATASOURCES_USERNAME = $settings.EnvironmentUser
        $env:DATASOURCES_PASSWORD = $secret.EnvironmentPassword
        try { Connect-DataSourceService -PassThru -Verbose -Debug }
        finally { Remove-Item Env:DATASOURCES_URI, Env:DATASOURCES_USERNAME, Env:DATASOURCES_PASSWORD }
    }
    Step 'Connect over plain http to another host' {
        Connect-DataSourceService -Uri 'http://catalog.invalid' -Credential (New-Credential $settings.LoginUser $secret.LoginPassword) -Verbose -Debug
    }
    Step 'Disconnect-DataSourceService' {
        Disconnect-DataSourceService -Verbose -Debug
    }
}
finally {
    Stop-Transcript | Out-Null
}

function Write-Json([object[]] $Objects, [string] $Name) {
    $Objects | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue | Set-Content -LiteralPath (Join-Path $OutputFolder "$Name-as-bound.json")
    $Objects | ForEach-Object { if ($_.PSObject.Properties['InvocationInfo']) { $_ | Select-Object -Property * -ExcludeProperty InvocationInfo } else { $_ } } |
        ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue | Set-Content -LiteralPath (Join-Path $OutputFolder "$Name.json")
}

$records | Export-Clixml -LiteralPath (Join-Path $OutputFolder 'records.xml') -Depth 5
Write-Json $records 'records'
$Error | Export-Clixml -LiteralPath (Join-Path $OutputFolder 'errors.xml') -Depth 5
Write-Json @($Error) 'errors'
$Error | ForEach-Object { $_ | Format-List * -Force | Out-String; $_.Exception.ToString() } | Set-Content -LiteralPath (Join-Path $OutputFolder 'errors.txt')
