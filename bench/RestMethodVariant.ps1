<#
.SYNOPSIS
Variant (b) of the benchmark: what a competent admin scripts today with Invoke-RestMethod.

.DESCRIPTION
One login, the token in -Headers, filter paged at the API's default of 100, ConvertTo-Json
bodies, and one request per item where the API offers a script writer nothing better. Runs in a
fresh pwsh started by Invoke-Benchmark.ps1; the login is outside the timed pipeline.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('List', 'Update', 'Create', 'Fetch')] [string] $Scenario,
    [Parameter(Mandatory)] [string] $Uri,
    [string] $InputPath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'  # as in every variant: measure the work, not a progress display
. (Join-Path $PSScriptRoot 'Measure-Pipeline.ps1')

$api = "$Uri/api/public/v3"
$login = Invoke-RestMethod -Method Post -Uri "$api/auth" -Body @{ username = 'admin'; password = 'admin' }
$headers = @{ Authorization = "Bearer $($login.data.accessToken)" }

function Find-Source {
    param([string] $Name)
    $body = @{ filters = @{ resourceNames = @($Name) } } | ConvertTo-Json -Depth 3
    $skip = 0
    do {
        $page = Invoke-RestMethod -Method Post -Uri "$api/data-sources/filter?skip=$skip&limit=100" `
            -Headers $headers -ContentType 'application/json' -Body $body
        $page.data
        $skip += 100
    } while ($skip -lt $page.pageInfo.totalCount)
}

switch ($Scenario) {
    'List' {
        Measure-Pipeline { (Find-Source -Name '*' | Measure-Object).Count }
    }
    'Update' {
        Measure-Pipeline {
            $patch = @{ incremental = $true } | ConvertTo-Json
            foreach ($source in Find-Source -Name 'prod-*') {
                $null = Invoke-RestMethod -Method Patch -Uri "$api/data-sources/$($source._id)" `
                    -Headers $headers -ContentType 'application/json' -Body $patch
            }
        }
    }
    'Create' {
        Measure-Pipeline {
            $created = foreach ($row in Import-Csv -LiteralPath $InputPath) {
                $body = [ordered]@{
                    resourceName        = $row.resourceName
                    databaseType        = $row.databaseType
                    host                = $row.host
                    port                = $row.port
                    databaseName        = $row.databaseName
                    userName            = $row.userName
                    description         = $row.description
                    includePatterns     = @($row.includePatterns -split ';')
                    excludePatterns     = @($row.excludePatterns -split ';')
                    availableForWriting = [bool]::Parse($row.availableForWriting)
                } | ConvertTo-Json
                (Invoke-RestMethod -Method Post -Uri "$api/data-sources" `
                    -Headers $headers -ContentType 'application/json' -Body $body).data
            }
            @($created).Count
        }
    }
    'Fetch' {
        $ids = [System.IO.File]::ReadAllLines($InputPath)
        Measure-Pipeline {
            $fetched = foreach ($id in $ids) {
                (Invoke-RestMethod -Uri "$api/data-sources/$id" -Headers $headers).data
            }
            @($fetched).Count
        }
    }
}
