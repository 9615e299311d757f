<#
.SYNOPSIS
The demo: starts the local emulator, logs in and shows a page of prod-* data sources,
with plain REST calls until the module's cmdlets take over.
#>
[CmdletBinding()]
param([string] $Configuration = 'Release')

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1') -Force

function Write-Step {
    param([int] $Number, [string] $Title)
    Write-Host ''
    Write-Host "== Step $Number. $Title" -ForegroundColor Cyan
}

Write-Step 1 'Start the local emulator with 200 generated data sources'
$emulator = Start-Emulator -ArgumentList '--seed-count', '200' -Configuration $Configuration
try {
    Write-Host "Emulator listening on $($emulator.Uri)"

    Write-Step 2 'Log in (POST /api/public/v1/auth, form-encoded)'
    $login = Invoke-RestMethod -Method Post -Uri "$($emulator.Uri)/api/public/v1/auth" `
        -ContentType 'application/x-www-form-urlencoded' `
        -Body @{ username = 'admin'; password = 'admin'; client_id = 'pdc-client'; grant_type = 'password' }
    $headers = @{ Authorization = "Bearer $($login.data.accessToken)" }
    Write-Host "Logged in as admin: $($login.message), received a bearer token (not shown)."

    Write-Step 3 'Find the data sources named prod-* (POST /api/public/v1/data-sources/filter)'
    $filter = @{ filters = @{ resourceNames = @('prod-*') } } | ConvertTo-Json -Depth 4
    $page = Invoke-RestMethod -Method Post -Uri "$($emulator.Uri)/api/public/v1/data-sources/filter?skip=0&limit=15" `
        -Headers $headers -ContentType 'application/json' -Body $filter
    $where = {
        $source = $_
        if ($source.PSObject.Properties['host']) { "$($source.host):$($source.port)" }
        elseif ($source.PSObject.Properties['path']) { $source.path }
        else { "$($source.accountName)/$($source.container)" }
    }
    $page.data |
        Select-Object resourceName, databaseType, @{ Name = 'where'; Expression = $where } |
        Format-Table -AutoSize | Out-Host
    $info = $page.pageInfo
    Write-Host "Showing $(@($page.data).Count) of $($info.totalCount) prod-* data sources (skip $($info.skip), limit $($info.limit))."
}
finally {
    Write-Step 4 'Stop the emulator'
    Stop-Emulator -Emulator $emulator
    Write-Host 'Stopped.'
}
