#Requires -Version 7.4
<#
.SYNOPSIS
Measures the DataSources module against Invoke-RestMethod scripts and a raw HttpClient floor, side
by side in one run, and writes bench/results.md and bench/results.json.

.DESCRIPTION
Starts one emulator on loopback. For each scenario and each run it resets the emulator to the same
data before every variant, then runs the variant in a fresh process, so no variant inherits
another's warm state. The PowerShell variants run in a precompiled (ReadyToRun) pwsh, as
PowerShell's release packages are: this one if it is, else a copy of it compiled once with the
SDK's crossgen2 (bench/PrecompiledPwsh.psm1); -NoPrecompile runs them in this pwsh as it is.
  (a) the module (bench/ModuleVariant.ps1, in a fresh pwsh);
  (b) the Invoke-RestMethod script an admin writes today (bench/RestMethodVariant.ps1, fresh pwsh);
  (c) the floor: the module's requests from a plain HttpClient (bench/DataSources.Bench.Floor).
Each variant times its own pipeline; login and import stay outside the timed region. Scenarios 1-4
run on loopback; 5-8 (ListLatency, UpdateLatency, CreateLatency, FetchLatency) do the same with the
emulator delaying every API answer by -LatencyMs; 9 (Import) times whole process starts; 10
(Stream) reads the module's working set while it lists -StreamCount sources.
The order of the variants rotates from run to run. Expects a Release build: ./build.ps1 -Task
Bench builds everything first.

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Bench -Quick
#>
[CmdletBinding()]
param(
    # A smoke run: every size a tenth; results go to results.quick.* (not committed).
    [switch] $Quick,

    # Each ratio's median and minimum are over these runs. Four keep the default run near 15 minutes
    # on 2 quiet cores (the script variants take most of it: one request per item, 20 ms each at latency).
    [ValidateRange(3, 100)]
    [int] $Runs = 4,

    [int] $ListCount = 100000,
    # Sources the update changes: the emulator is seeded with four times as many (about a quarter are prod-).
    [int] $UpdateCount = 10000,
    [int] $CreateCount = 10000,
    [int] $FetchCount = 10000,

    # The delay the emulator adds to every API answer in the *Latency scenarios, as a real catalog's round trip.
    [int] $LatencyMs = 20,
    # Sources updated, created and fetched at that latency (the list at latency lists -ListCount):
    # the script's one request per item makes larger sizes take minutes.
    [int] $LatencyCount = 1000,
    # Sources the Stream scenario lists while the module's working set is watched.
    [int] $StreamCount = 1000000,

    [ValidateSet('List', 'Update', 'Create', 'Fetch', 'ListLatency', 'UpdateLatency', 'CreateLatency', 'FetchLatency', 'Import', 'Stream')]
    [string[]] $Scenario = @('List', 'Update', 'Create', 'Fetch', 'ListLatency', 'UpdateLatency', 'CreateLatency', 'FetchLatency', 'Import', 'Stream'),

    # Only these variants, by report key (module, module-seq, irm, floor, floor-seq, exit, import, baseline); all by default.
    [string[]] $Variant,

    # Run the PowerShell variants in this pwsh as it is, even when it is IL only (as the global tool
    # is); results go to results.il-only.* then.
    [switch] $NoPrecompile,

    [string] $OutputDirectory = $PSScriptRoot
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$root = Split-Path -Parent $PSScriptRoot
# Made now, so that a run of many minutes does not end unable to write its report.
$null = New-Item -ItemType Directory -Force -Path $OutputDirectory
Import-Module (Join-Path $root 'tools/EmulatorProcess.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'PrecompiledPwsh.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchmarkReport.psm1') -Force

$invocation = 'bench/Invoke-Benchmark.ps1' + (($PSBoundParameters.GetEnumerator() | ForEach-Object {
            if ($_.Value -isnot [switch]) { " -$($_.Key) $($_.Value -join ',')" } elseif ($_.Value.IsPresent) { " -$($_.Key)" }
        }) -join '')
if ($Quick) {
    $ListCount = [int]($ListCount / 10)
    $UpdateCount = [int]($UpdateCount / 10)
    $CreateCount = [int]($CreateCount / 10)
    $FetchCount = [int]($FetchCount / 10)
    $LatencyCount = [int]($LatencyCount / 10)
    $StreamCount = [int]($StreamCount / 10)
}

# Set-DataSource's default -ThrottleLimit, which the floor's parallel update matches.
$defaultThrottle = 4
# Process starts per variant per run in scenario 5: one start is too noisy to be a sample on its own.
$startsPerRun = 5
# The login routes, whose requests are not counted as the scenario's.
$loginRoutes = @('POST /keycloak/realms/pdc/protocol/openid-connect/token', 'POST /api/public/v*/auth')

$manifest = Join-Path $root 'DataSources.psd1'
$floor = Join-Path $PSScriptRoot 'DataSources.Bench.Floor/bin/Release/net10.0/DataSources.Bench.Floor.dll'
$baselineManifest = Join-Path $PSScriptRoot 'BaselineModule/BaselineModule.psd1'
foreach ($built in @($floor, (Join-Path $PSScriptRoot 'BaselineModule/bin/Release/netstandard2.0/BaselineModule.dll'), (Get-EmulatorAssemblyPath -Configuration Release))) {
    if (-not (Test-Path -LiteralPath $built)) { throw "$built is missing: run ./build.ps1 -Task Bench, which builds it." }
}

function Invoke-Measured {
    # Runs one variant process; its last line of output is its measurement (Measure-Pipeline.ps1).
    param([string[]] $Command)
    $executable, $arguments = $Command
    $output = & $executable @arguments
    if ($LASTEXITCODE -ne 0) { throw "$($Command -join ' ') failed with exit code $LASTEXITCODE" }
    $output | Select-Object -Last 1 | ConvertFrom-Json
}

function Invoke-Emulator {
    param([string] $Method = 'Get', [string] $Path, $Body, [switch] $Authorized)
    $request = @{ Method = $Method; Uri = "$($emulator.Uri)$Path" }
    if ($null -ne $Body) { $request.Body = $Body | ConvertTo-Json -Depth 5; $request.ContentType = 'application/json' }
    if ($Authorized) {
        $login = Invoke-RestMethod -Method Post -Uri "$($emulator.Uri)/api/public/v3/auth" -Body @{ username = 'admin'; password = 'admin' }
        $request.Headers = @{ Authorization = "Bearer $($login.data.accessToken)" }
    }
    Invoke-RestMethod @request
}

function Get-FilterIds {
    param([string] $Name)
    $skip = 0
    do {
        $page = Invoke-Emulator -Method Post -Path "/api/public/v3/data-sources/filter?skip=$skip&limit=10000" `
            -Body @{ filters = @{ resourceNames = @($Name) } } -Authorized
        $page.data._id
        $skip += 10000
    } while ($skip -lt $page.pageInfo.totalCount)
}

function Write-SourcesCsv {
    # The rows of scenario 3, with the same columns for the module (Import-Csv | New-DataSource),
    # the script, and the floor (which reads it as plain comma-separated text: no field has a comma).
    param([string] $Path, [int] $Count)
    $types = @(
        @{ Type = 'POSTGRES'; Slug = 'pg'; Port = '5432'; Exclude = 'pg_catalog.*;information_schema.*' },
        @{ Type = 'MYSQL'; Slug = 'mysql'; Port = '3306'; Exclude = 'mysql.*;sys.*' }
    )
    $writer = [System.IO.StreamWriter]::new($Path)
    try {
        $writer.WriteLine('resourceName,databaseType,host,port,databaseName,userName,description,includePatterns,excludePatterns,availableForWriting')
        for ($i = 1; $i -le $Count; $i++) {
            $t = $types[$i % 2]
            $app = "app$($i % 50)"
            $writer.WriteLine(('bench-{0}-{1}-{2:D5},{3},{1}-{0}.bench.example.com,{4},{0},svc_{0},Bench source {2},{0}.*,{5},{6}' -f
                    $app, $t.Slug, $i, $t.Type, $t.Port, $t.Exclude, ($i % 3 -eq 0).ToString().ToLowerInvariant()))
        }
    }
    finally { $writer.Dispose() }
}

function Get-BaseScenario {
    # What a scenario does, without where: ListLatency lists as List does, at the emulator's latency.
    param([string] $Name)
    $Name -replace 'Latency$', ''
}

function Get-ScenarioSize {
    # The objects a scenario handles: the update seeds four times as many (about a quarter are prod-).
    param([string] $Name)
    switch ($Name) {
        'List' { $ListCount } 'Update' { $UpdateCount } 'Create' { $CreateCount } 'Fetch' { $FetchCount }
        'ListLatency' { $ListCount } 'Stream' { $StreamCount }
        default { $LatencyCount }
    }
}

function Get-Variants {
    # The variants of one scenario: Key (for the report's ratios), Label, and the command to start.
    param([string] $Name, [string] $InputPath)
    $base = Get-BaseScenario $Name
    $module = $pwsh + @('-NoProfile', '-File', (Join-Path $PSScriptRoot 'ModuleVariant.ps1'),
        '-Scenario', $base, '-Uri', $emulator.Uri, '-ManifestPath', $manifest)
    if ($Name -eq 'Stream') { return @(@{ Key = 'module'; Label = '(a) module'; Command = $module }) }
    $script = $pwsh + @('-NoProfile', '-File', (Join-Path $PSScriptRoot 'RestMethodVariant.ps1'),
        '-Scenario', $base, '-Uri', $emulator.Uri)
    $raw = @('dotnet', $floor, $base.ToLowerInvariant(), '--uri', $emulator.Uri)
    if ($InputPath) {
        $module += @('-InputPath', $InputPath)
        $script += @('-InputPath', $InputPath)
        $raw += @('--input', $InputPath)
    }
    if ($base -ne 'Update') {
        return @(
            @{ Key = 'module'; Label = '(a) module'; Command = $module },
            @{ Key = 'irm'; Label = '(b) Invoke-RestMethod'; Command = $script },
            @{ Key = 'floor'; Label = '(c) floor'; Command = $raw }
        )
    }
    $parallel = @(
        @{ Key = 'module'; Label = "(a) module, default throttle ($defaultThrottle)"; Command = $module },
        @{ Key = 'irm'; Label = '(b) Invoke-RestMethod foreach'; Command = $script },
        @{ Key = 'floor'; Label = "(c) floor, $defaultThrottle in flight"; Command = $raw + @('--throttle', "$defaultThrottle") }
    )
    # At latency one in flight only measures the latency (N x 20 ms), so only the default throttle runs there.
    if ($Name -eq 'UpdateLatency') { return $parallel }
    @(
        @{ Key = 'module-seq'; Label = '(a) module, -ThrottleLimit 1'; Command = $module + @('-ThrottleLimit', '1') }
        $parallel
        @{ Key = 'floor-seq'; Label = '(c) floor, 1 in flight'; Command = $raw + @('--throttle', '1') }
    )
}

filter Select-Variant {
    if (-not $Variant -or $_.Key -in $Variant) { $_ }
}

function Initialize-Run {
    # Puts the emulator back to the scenario's data and latency, and returns how many objects the run must handle.
    param([string] $Name, [string] $InputPath, [int] $Run)
    $base = Get-BaseScenario $Name
    $size = Get-ScenarioSize $Name
    $latency = if ($Name -like '*Latency') { $LatencyMs } else { 0 }
    $null = Invoke-Emulator -Method Post -Path '/_emulator/behaviour' -Body @{ latencyMs = $latency }
    $seed = switch ($base) { 'Update' { 4 * $size } 'Create' { 0 } default { $size } }
    # Streaming only reads, and seeding a million sources takes a while: its runs share one seeding.
    if ($Name -ne 'Stream' -or $Run -eq 1) {
        $null = Invoke-Emulator -Method Post -Path '/_emulator/reset' -Body @{ seedCount = $seed }
    }
    $expected = switch ($base) {
        'Update' {
            (Invoke-Emulator -Method Post -Path '/api/public/v3/data-sources/filter?skip=0&limit=1' `
                -Body @{ filters = @{ resourceNames = @('prod-*') } } -Authorized).pageInfo.totalCount
        }
        'Fetch' {
            # Ids are new on every reset, so the list is written again after each one.
            $ids = @(Get-FilterIds -Name '*')
            [System.IO.File]::WriteAllLines($InputPath, [string[]] $ids)
            $ids.Count
        }
        default { $size }
    }
    $null = Invoke-Emulator -Method Delete -Path '/_emulator/stats'
    $expected
}

function Measure-Scenario {
    param([string] $Name)
    $base = Get-BaseScenario $Name
    # Create reads a CSV, Fetch a list of ids (written anew by each reset); the others read nothing.
    $inputPath = if ($base -in 'Create', 'Fetch') { Join-Path $work "$Name.input" }
    if ($base -eq 'Create') { Write-SourcesCsv -Path $inputPath -Count (Get-ScenarioSize $Name) }
    $variants = @(Get-Variants -Name $Name -InputPath $inputPath | Select-Variant)
    for ($run = 1; $run -le $Runs; $run++) {
        for ($i = 0; $i -lt $variants.Count; $i++) {
            $order = ($i + $run - 1) % $variants.Count
            $variant = $variants[$order]
            $expected = Initialize-Run -Name $Name -InputPath $inputPath -Run $run
            $measured = Invoke-Measured -Command $variant.Command
            $stats = Invoke-Emulator -Path '/_emulator/stats'

            # Every request must have succeeded, and every object must have been handled.
            $failed = @($stats.byStatus.PSObject.Properties | Where-Object { $_.Name -notin '200', '201' })
            if ($failed) { throw "$Name, $($variant.Label): the server answered $($failed | ForEach-Object { "$($_.Value)x $($_.Name)" })" }
            $routes = $stats.byRoute.PSObject.Properties
            # The module logs in at Keycloak, the script and the floor at /auth: neither is part of the work.
            $logins = ($routes | Where-Object { $n = $_.Name; $loginRoutes.Where({ $n -like $_ }) } | Measure-Object Value -Sum).Sum
            $objects = if ($base -eq 'Update') { ($routes | Where-Object Name -Like 'PATCH *').Value } else { $measured.objects }
            if ($objects -ne $expected) { throw "$Name, $($variant.Label): $objects objects handled, $expected expected." }

            $sample = [pscustomobject]@{
                Scenario         = $Name
                Variant          = $variant.Key
                Label            = $variant.Label
                Order            = $order
                Run              = $run
                Objects          = [int] $objects
                Seconds          = [double] $measured.seconds
                Requests         = [int] ($stats.requests - $logins)
                CpuSeconds       = [double] $measured.cpuSeconds
                JitSeconds       = [double] $measured.jitSeconds
                AllocatedBytes   = [long] $measured.allocatedBytes
                Collections      = [int] $measured.collections
                # Only the PowerShell variants report their working set.
                WorkingSetBefore = $measured.PSObject.Properties['workingSetBefore']?.Value
                PeakWorkingSet   = $measured.PSObject.Properties['peakWorkingSet']?.Value
            }
            $samples.Add($sample)
            Write-Host ('{0,-13} run {1}  {2,-34} {3,8} objects  {4,7:N2} s  {5,9:N0}/s  {6,6} requests  cpu {7,5:N2} s  jit {8,5:N2} s' -f
                $Name, $run, $variant.Label, $objects, $sample.Seconds, ($objects / $sample.Seconds), $sample.Requests, $sample.CpuSeconds, $sample.JitSeconds)
        }
    }
}

function Measure-ImportCost {
    $variants = @(@(
        @{ Key = 'exit'; Label = "fresh pwsh -NoProfile -c 'exit'"; Command = $pwsh + @('-NoProfile', '-Command', 'exit') },
        @{ Key = 'import'; Label = "fresh pwsh -NoProfile -c 'Import-Module …'"; Command = $pwsh + @('-NoProfile', '-Command', "Import-Module '$($manifest -replace "'", "''")'") },
        # What PowerShell charges to import any binary module: one trivial cmdlet, built as the module is.
        @{ Key = 'baseline'; Label = "fresh pwsh -NoProfile -c 'Import-Module …' of a one-cmdlet module"; Command = $pwsh + @('-NoProfile', '-Command', "Import-Module '$($baselineManifest -replace "'", "''")'") }
    ) | Select-Variant)
    # One start of each first, unmeasured, so that neither pays for a cold disk cache.
    foreach ($variant in $variants) { $executable, $arguments = $variant.Command; $null = & $executable @arguments }
    for ($run = 1; $run -le $Runs * $startsPerRun; $run++) {
        for ($i = 0; $i -lt $variants.Count; $i++) {
            $order = ($i + $run - 1) % $variants.Count
            $variant = $variants[$order]
            $executable, $arguments = $variant.Command
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $null = & $executable @arguments
            $clock.Stop()
            if ($LASTEXITCODE -ne 0) { throw "$($variant.Command -join ' ') failed with exit code $LASTEXITCODE" }
            $samples.Add([pscustomobject]@{
                    Scenario = 'Import'; Variant = $variant.Key; Label = $variant.Label; Order = $order; Run = $run
                    Objects = 0; Seconds = $clock.Elapsed.TotalSeconds; Requests = 0
                    CpuSeconds = $null; JitSeconds = $null; AllocatedBytes = $null; Collections = $null; WorkingSetBefore = $null; PeakWorkingSet = $null
                })
        }
    }
    Write-Host ("Import  {0} starts of each measured" -f ($Runs * $startsPerRun))
}

$benchPwsh = Get-BenchmarkPwsh -Root $root -AsIs:$NoPrecompile
$pwsh = $benchPwsh.Command
$machine = Get-MachineDescription -Root $root
$machine.PowerShellBuild = $benchPwsh.Description
$samples = [System.Collections.Generic.List[object]]::new()
$work = Join-Path ([System.IO.Path]::GetTempPath()) "datasources-bench-$PID"
$null = New-Item -ItemType Directory -Path $work -Force
# The script variant logs in once, as admins do: a token that outlives the run spares it a re-login.
$emulator = Start-Emulator -ArgumentList '--seed-count', '0', '--token-lifetime', '3600'
try {
    foreach ($name in $Scenario) {
        if ($name -eq 'Import') { Measure-ImportCost } else { Measure-Scenario -Name $name }
    }
}
finally {
    Stop-Emulator -Emulator $emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
$machine.LoadAverageAfter = Get-LoadAverage

$report = New-BenchmarkReport -Samples $samples -Machine $machine -Invocation $invocation -Sizes ([ordered]@{
        List = $ListCount; Update = $UpdateCount; Create = $CreateCount; Fetch = $FetchCount; Runs = $Runs; ImportStarts = $Runs * $startsPerRun
        LatencyMs = $LatencyMs; LatencyCount = $LatencyCount; Stream = $StreamCount; DefaultThrottle = $defaultThrottle
    })
$baseName = if ($Quick) { 'results.quick' } else { 'results' }
if (-not $benchPwsh.Precompiled) { $baseName += '.il-only' }
$markdown = Write-BenchmarkReport -Report $report -Directory $OutputDirectory -BaseName $baseName
Write-Host ''
Write-Host $markdown
