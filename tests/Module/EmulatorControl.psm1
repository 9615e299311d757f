# What the Pester suites use to look at the emulator from outside the module: its control
# endpoints (reset, stats, faults, tokens), and raw reads of what the server stores, made with
# Invoke-RestMethod so that a check on the server never trusts the code under test.

function Reset-EmulatorStore {
    param([Parameter(Mandatory)] $Emulator, [int] $SeedCount = 0)
    $body = @{ seedCount = $SeedCount } | ConvertTo-Json
    $null = Invoke-RestMethod -Method Post -Uri "$($Emulator.Uri)/_emulator/reset" -Body $body -ContentType 'application/json'
    Clear-EmulatorStats -Emulator $Emulator
}

function Clear-EmulatorStats {
    param([Parameter(Mandatory)] $Emulator)
    $null = Invoke-RestMethod -Method Delete -Uri "$($Emulator.Uri)/_emulator/stats"
}

function Get-EmulatorRequestCount {
    <# The number of API requests since the stats were cleared: all, those of "METHOD route" (a -like pattern), or those answered with one status. #>
    param([Parameter(Mandatory)] $Emulator, [string] $Route, [int] $Status)
    $stats = Invoke-RestMethod -Uri "$($Emulator.Uri)/_emulator/stats"
    # A route may be a -like pattern, e.g. 'POST /api/public/*/data-sources': the counts of every route it matches.
    $counts = if ($Route) { $stats.byRoute.PSObject.Properties | Where-Object Name -Like $Route }
    elseif ($Status) { $stats.byStatus.PSObject.Properties["$Status"] }
    else { return [int] $stats.requests }
    [int] ($counts | Measure-Object -Property Value -Sum).Sum
}

function Wait-EmulatorStatusCount {
    <# Waits (at most 10 s) until the server has answered at least Count requests with Status, for requests a command sends in the background. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [int] $Status, [Parameter(Mandatory)] [int] $Count)
    $deadline = [datetime]::UtcNow.AddSeconds(10)
    while ((Get-EmulatorRequestCount -Emulator $Emulator -Status $Status) -lt $Count -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
}

function Set-EmulatorFaults {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable] $Faults)
    $null = Invoke-RestMethod -Method Post -Uri "$($Emulator.Uri)/_emulator/faults" -Body ($Faults | ConvertTo-Json) -ContentType 'application/json'
}

function Clear-EmulatorFaults {
    param([Parameter(Mandatory)] $Emulator)
    $null = Invoke-RestMethod -Method Delete -Uri "$($Emulator.Uri)/_emulator/faults"
}

function New-EmulatorToken {
    <# A token minted by the emulator for a user, expired ones included; as plain text. #>
    param([Parameter(Mandatory)] $Emulator, [string] $User = 'admin', [Nullable[int]] $LifetimeSeconds)
    $body = @{ user = $User }
    if ($null -ne $LifetimeSeconds) { $body.lifetimeSeconds = $LifetimeSeconds }
    (Invoke-RestMethod -Method Post -Uri "$($Emulator.Uri)/_emulator/token" -Body ($body | ConvertTo-Json) -ContentType 'application/json').accessToken
}

function New-TestCredential {
    param([string] $UserName = 'admin', [string] $Password = 'admin')
    [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force))
}

function Get-ServerDataSource {
    <# What the server stores, every field as stored (in clear, patch-only and secret fields included), with the API's field names, in creation order. #>
    param([Parameter(Mandatory)] $Emulator, [string[]] $Name = @('*'), [string[]] $Id)
    if ($Id) {
        foreach ($one in $Id) { Invoke-RestMethod -Uri "$($Emulator.Uri)/_emulator/sources/$([uri]::EscapeDataString($one))" }
        return
    }
    $query = ($Name | ForEach-Object { 'resourceName=' + [uri]::EscapeDataString($_) }) -join '&'
    # Written to the pipeline one by one, as the API's filter would.
    Invoke-RestMethod -Uri "$($Emulator.Uri)/_emulator/sources?$query" | ForEach-Object { $_ }
}

function Set-EmulatorBehaviour {
    <# Switches how the emulator answers (its control keys, e.g. @{ unknownId = 'null' }) until Clear-EmulatorBehaviour. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable] $Behaviour)
    $null = Invoke-RestMethod -Method Post -Uri "$($Emulator.Uri)/_emulator/behaviour" -Body ($Behaviour | ConvertTo-Json -Depth 3) -ContentType 'application/json'
}

function Clear-EmulatorBehaviour {
    param([Parameter(Mandatory)] $Emulator)
    $null = Invoke-RestMethod -Method Delete -Uri "$($Emulator.Uri)/_emulator/behaviour"
}

function ConvertTo-ComparableSource {
    <# One stored data source (from Get-ServerDataSource) as JSON text without the fields named, to compare everything else. #>
    param([Parameter(Mandatory)] $Source, [string[]] $Except = @())
    $copy = [ordered]@{}
    foreach ($property in $Source.PSObject.Properties) {
        if ($property.Name -notin $Except) { $copy[$property.Name] = $property.Value }
    }
    $copy | ConvertTo-Json -Depth 5 -Compress
}

function Get-ProgressRecord {
    <#
    The progress records a script writes, run in a runspace of its own (progress shown, the module
    imported, connected to the emulator as admin), so that they are captured from a pipeline of
    its own. Its errors fail the test.
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Manifest, [Parameter(Mandatory)] [string] $Script)
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript('
            param($Manifest, $Uri, $Script)
            Import-Module $Manifest
            $ProgressPreference = "Continue"
            $admin = [pscredential]::new("admin", (ConvertTo-SecureString "admin" -AsPlainText -Force))
            Connect-DataSourceService -Uri $Uri -Credential $admin
            $null = & ([scriptblock]::Create($Script))').
            AddParameter('Manifest', $Manifest).AddParameter('Uri', $Emulator.Uri).AddParameter('Script', $Script).Invoke()
        if ($shell.Streams.Error.Count -gt 0) { throw "The script failed: $($shell.Streams.Error[0])" }
        @($shell.Streams.Progress)
    }
    finally { $shell.Dispose() }
}

Export-ModuleMember -Function Reset-EmulatorStore, Clear-EmulatorStats, Get-EmulatorRequestCount, Wait-EmulatorStatusCount, Set-EmulatorFaults,
    Clear-EmulatorFaults, New-EmulatorToken, New-TestCredential, Get-ServerDataSource, Set-EmulatorBehaviour, Clear-EmulatorBehaviour,
    ConvertTo-ComparableSource, Get-ProgressRecord
