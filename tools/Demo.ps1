<#
.SYNOPSIS
The module's story in a terminal: an emulator with sample data, then each cmdlet at work.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param([ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release')

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1') -Force

# Tables read best at 120 columns; a redirected or narrow console would cut them at 80.
$width = [Math]::Max(120, $Host.UI.RawUI.BufferSize.Width)

$step = 0

# Prints a step's number, title and commands, then runs them and shows their output.
function Show-Step {
    param([string] $Title, [scriptblock] $Script)
    $script:step++
    Write-Host ''
    Write-Host "== Step $script:step. $Title" -ForegroundColor Cyan
    foreach ($line in ($Script.ToString().Trim() -split '\r?\n')) {
        Write-Host "PS> $($line.Trim())" -ForegroundColor Yellow
    }
    & $Script | Out-String -Stream -Width $width | Write-Host
}

$emulator = Start-Emulator -Configuration $Configuration -ArgumentList '--seed-count', '40'
$csv = Join-Path ([System.IO.Path]::GetTempPath()) "datasources-demo-$PID.csv"
try {
    Write-Host "Emulator with 40 sample data sources at $($emulator.Uri)" -ForegroundColor DarkGray
    Import-Module (Join-Path $root 'DataSources.psd1') -Force
    $uri = $emulator.Uri

    Show-Step 'Connect with a credential' {
        $credential = [pscredential]::new('admin', (ConvertTo-SecureString 'admin' -AsPlainText -Force))
        Connect-DataSourceService -Uri $uri -Credential $credential
    }

    Show-Step 'Find data sources by wildcard' {
        Find-DataSource -Name 'prod-*' | Format-Table
    }

    Show-Step 'The headline pipeline, first with -WhatIf: nothing is sent' {
        Find-DataSource -Name 'prod-*' | Set-DataSource -Incremental $true -WhatIf
    }

    Show-Step 'Then for real; the catalog stores incremental but never returns it, so the emulator''s store shows it' {
        Find-DataSource -Name 'prod-*' | Set-DataSource -Incremental $true
        Invoke-RestMethod "$uri/_emulator/sources?resourceName=prod-*" | Format-Table resourceName, databaseType, incremental
    }

    @(
        'Name,DatabaseType,Host,Port,IncludePatterns,AvailableForWriting'
        'demo-orders-pg,POSTGRES,pg-orders.example.com,5432,public.*;sales.*,true'
        'demo-ledger-mysql,MYSQL,mysql-ledger.example.com,3306,ledger.*,maybe'
        'demo-claims-mssql,MSSQL,mssql-claims.example.com,1433,dbo.*,false'
    ) | Set-Content -LiteralPath $csv

    Show-Step 'A CSV to import: the second row has a bad AvailableForWriting' {
        Get-Content $csv
    }

    Show-Step 'Import it: the bad row is reported and left out, the good rows are created' {
        Import-Csv $csv | New-DataSource -ErrorVariable problems -ErrorAction SilentlyContinue | Format-Table
        $problems | ForEach-Object { "Error $($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
    }

    Show-Step 'Run the import again: existing names are skipped, nothing is created twice' {
        Import-Csv $csv | New-DataSource -SkipExisting -Verbose -ErrorAction SilentlyContinue 4>&1 | Where-Object { $_ -like 'Skipped*' }
    }

    Show-Step 'A script catches a missing id' {
        try { Get-DataSource -Id 'ffffffffffffffffffffffff' -ErrorAction Stop }
        catch { "Caught $($_.CategoryInfo.Category) ($($_.FullyQualifiedErrorId)) for '$($_.TargetObject)'" }
    }

    Show-Step 'The connection: where, who, and until when (never the token)' {
        Get-DataSourceConnection | Format-List
    }
}
finally {
    Disconnect-DataSourceService -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $csv -ErrorAction SilentlyContinue
    Stop-Emulator $emulator
    Write-Host ''
    Write-Host 'Emulator stopped.' -ForegroundColor DarkGray
}
