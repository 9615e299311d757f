# Turns the benchmark's samples into its report: medians with min and max, the ratios measured
# side by side within each run, and the targets of the benchmark issue; writes it as Markdown and JSON.

# The scenarios in report order: the title, and the pipeline the module variant times.
$script:Scenarios = [ordered]@{
    List          = @('1. List', 'Find-DataSource | Measure-Object')
    Update        = @('2. Update', 'Find-DataSource -Name prod-* | Set-DataSource -Incremental $true')
    Create        = @('3. Create', 'Import-Csv | New-DataSource')
    Fetch         = @('4. Fetch', '$ids | Get-DataSource')
    ListLatency   = @('5. List at latency', 'Find-DataSource | Measure-Object')
    UpdateLatency = @('6. Update at latency', 'Find-DataSource -Name prod-* | Set-DataSource -Incremental $true')
    CreateLatency = @('7. Create at latency', 'Import-Csv | New-DataSource')
    FetchLatency  = @('8. Fetch at latency', '$ids | Get-DataSource')
    Import        = @('9. Import', "pwsh -NoProfile -c 'Import-Module …' against -c 'exit'")
    Stream        = @('10. Memory', 'Find-DataSource | Measure-Object, streaming')
}

# Objects/s of Numerator over Denominator, paired run by run; Target is the least that holds
# (issue 15's table; a ratio without one is recorded only).
$script:Ratios = @(
    @{ Scenario = 'List'; Numerator = 'module'; Denominator = 'irm'; Target = 8 },
    @{ Scenario = 'List'; Numerator = 'module'; Denominator = 'floor'; Target = 0.8 },
    @{ Scenario = 'Update'; Numerator = 'module-seq'; Denominator = 'irm'; Target = 4 },
    @{ Scenario = 'Update'; Numerator = 'module-seq'; Denominator = 'floor-seq'; Target = 0.7 },
    @{ Scenario = 'Update'; Numerator = 'module'; Denominator = 'irm'; Target = $null },
    @{ Scenario = 'Update'; Numerator = 'module'; Denominator = 'floor'; Target = $null },
    @{ Scenario = 'Create'; Numerator = 'module'; Denominator = 'irm'; Target = 20 },
    @{ Scenario = 'Create'; Numerator = 'module'; Denominator = 'floor'; Target = 0.5 },
    @{ Scenario = 'Fetch'; Numerator = 'module'; Denominator = 'irm'; Target = 25 },
    @{ Scenario = 'Fetch'; Numerator = 'module'; Denominator = 'floor'; Target = 0.5 },
    @{ Scenario = 'ListLatency'; Numerator = 'module'; Denominator = 'irm'; Target = $null },
    @{ Scenario = 'ListLatency'; Numerator = 'module'; Denominator = 'floor'; Target = 0.9 },
    @{ Scenario = 'UpdateLatency'; Numerator = 'module'; Denominator = 'irm'; Target = $null },
    @{ Scenario = 'UpdateLatency'; Numerator = 'module'; Denominator = 'floor'; Target = 0.9 },
    @{ Scenario = 'CreateLatency'; Numerator = 'module'; Denominator = 'irm'; Target = $null },
    @{ Scenario = 'CreateLatency'; Numerator = 'module'; Denominator = 'floor'; Target = 0.9 },
    @{ Scenario = 'FetchLatency'; Numerator = 'module'; Denominator = 'irm'; Target = $null },
    @{ Scenario = 'FetchLatency'; Numerator = 'module'; Denominator = 'floor'; Target = 0.9 }
)
$script:MaxImportMilliseconds = 50
$script:MaxGrowthMegabytes = 150
# The headline pipeline at latency may take at most this much longer than N x latency / throttle.
$script:MaxHeadlineFactor = 1.15

function Get-Spread {
    param([double[]] $Values)
    $sorted = @($Values | Sort-Object)
    $middle = [int][math]::Floor($sorted.Count / 2)
    $median = if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
    [ordered]@{ Median = $median; Min = $sorted[0]; Max = $sorted[-1] }
}

function Get-LoadAverage {
    # The 1, 5 and 15 minute load averages where the system tells them (Linux).
    if (Test-Path -LiteralPath '/proc/loadavg') { return ((Get-Content -LiteralPath '/proc/loadavg' -Raw) -split ' ')[0..2] -join ' ' }
    'not available'
}

function Get-MachineDescription {
    param([string] $Root)
    $commit = & git -C $Root rev-parse --short HEAD 2>$null
    if (& git -C $Root status --porcelain --untracked-files=no 2>$null) { $commit += ' with uncommitted changes' }
    [ordered]@{
        Date              = (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm') + ' UTC'
        Cores             = [Environment]::ProcessorCount
        OS                = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
        PowerShell        = $PSVersionTable.PSVersion.ToString()
        PowerShellBuild   = $null
        Runtime           = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        Commit            = $commit
        LoadAverageBefore = Get-LoadAverage
        LoadAverageAfter  = $null
    }
}

function New-Target {
    param([string] $Scenario, [string] $Measure, [string] $Target, $Spread, [string] $Unit, $Holds)
    [ordered]@{
        Scenario = $Scenario; Measure = $Measure; Target = $Target; Unit = $Unit
        Median = $Spread.Median; Min = $Spread.Min; Max = $Spread.Max; Holds = $Holds
    }
}

function Get-PairedValues {
    # One value per run in which both variants ran, from the two samples of that run.
    param($Samples, [string] $Scenario, [string] $Numerator, [string] $Denominator, [scriptblock] $Pair)
    $byRun = $Samples | Where-Object Scenario -EQ $Scenario | Group-Object Run
    foreach ($run in $byRun) {
        $n = $run.Group | Where-Object Variant -EQ $Numerator
        $d = $run.Group | Where-Object Variant -EQ $Denominator
        if ($n -and $d) { & $Pair $n $d }
    }
}

function New-BenchmarkReport {
    param($Samples, $Machine, [string] $Invocation, $Sizes)

    # In the order of the scenarios, then of the variants as the harness lists them.
    $scenarioOrder = @($script:Scenarios.Keys)
    $variants = foreach ($group in $Samples | Group-Object Scenario, Variant | Sort-Object { $scenarioOrder.IndexOf($_.Group[0].Scenario) }, { $_.Group[0].Order }) {
        $first = $group.Group[0]
        $rates = if ($first.Scenario -eq 'Import') { $null } else { Get-Spread ($group.Group | ForEach-Object { $_.Objects / $_.Seconds }) }
        [ordered]@{
            Scenario         = $first.Scenario
            Variant          = $first.Variant
            Label            = $first.Label
            Runs             = $group.Count
            Objects          = $first.Objects
            Requests         = (Get-Spread $group.Group.Requests).Median
            Seconds          = Get-Spread $group.Group.Seconds
            ObjectsPerSecond = $rates
            # Medians of where the time went in the variant's process (none for process starts).
            CpuSeconds       = if ($rates) { (Get-Spread $group.Group.CpuSeconds).Median }
            JitSeconds       = if ($rates) { (Get-Spread $group.Group.JitSeconds).Median }
            AllocatedMB      = if ($rates) { (Get-Spread ($group.Group | ForEach-Object { $_.AllocatedBytes / 1MB })).Median }
        }
    }

    $labels = @{}
    foreach ($sample in $Samples) { $labels["$($sample.Scenario)/$($sample.Variant)"] = $sample.Label }
    $targets = [System.Collections.Generic.List[object]]::new()
    foreach ($ratio in $script:Ratios) {
        $values = @(Get-PairedValues $Samples $ratio.Scenario $ratio.Numerator $ratio.Denominator {
                param($n, $d) ($n.Objects / $n.Seconds) / ($d.Objects / $d.Seconds) })
        if (-not $values) { continue }
        $spread = Get-Spread $values
        $holds = if ($null -eq $ratio.Target) { $null } else { $spread.Median -ge $ratio.Target }
        $target = if ($null -eq $ratio.Target) { '' } else { "≥ $($ratio.Target)×" }
        $targets.Add((New-Target $ratio.Scenario "$($labels["$($ratio.Scenario)/$($ratio.Numerator)"]) / $($labels["$($ratio.Scenario)/$($ratio.Denominator)"]), objects/s" $target $spread '×' $holds))
    }

    $added = @(Get-PairedValues $Samples 'Import' 'import' 'exit' { param($n, $d) ($n.Seconds - $d.Seconds) * 1000 })
    if ($added) {
        $spread = Get-Spread $added
        $targets.Add((New-Target 'Import' 'time Import-Module adds to a fresh pwsh' "≤ $($script:MaxImportMilliseconds) ms" $spread 'ms' ($spread.Median -le $script:MaxImportMilliseconds)))
    }
    # For scale, no target: what importing a one-cmdlet binary module adds, and what this one adds beyond it.
    $baseline = @(Get-PairedValues $Samples 'Import' 'baseline' 'exit' { param($n, $d) ($n.Seconds - $d.Seconds) * 1000 })
    if ($baseline) {
        $targets.Add((New-Target 'Import' 'time a one-cmdlet binary module''s Import-Module adds to a fresh pwsh' '' (Get-Spread $baseline) 'ms' $null))
        $beyond = @(Get-PairedValues $Samples 'Import' 'import' 'baseline' { param($n, $d) ($n.Seconds - $d.Seconds) * 1000 })
        if ($beyond) {
            $targets.Add((New-Target 'Import' 'time Import-Module adds beyond the one-cmdlet module''s' '' (Get-Spread $beyond) 'ms' $null))
        }
    }

    # The headline: the update at latency against what its throttle allows, N x latency / throttle.
    $headline = @($Samples | Where-Object { $_.Scenario -eq 'UpdateLatency' -and $_.Variant -eq 'module' })
    if ($headline) {
        $ideal = $headline[0].Objects * $Sizes.LatencyMs / 1000 / $Sizes.DefaultThrottle
        $spread = Get-Spread ($headline | ForEach-Object { $_.Seconds / $ideal })
        $targets.Add((New-Target 'UpdateLatency' ("(a) module's wall time / N × {0} ms ÷ {1} = {2:N2} s" -f $Sizes.LatencyMs, $Sizes.DefaultThrottle, $ideal) `
                    "≤ $($script:MaxHeadlineFactor)×" $spread '×' ($spread.Median -le $script:MaxHeadlineFactor)))
    }

    # Memory: the module while streaming (Stream), the script while listing (List), over the working set just before.
    foreach ($watched in @(@{ Scenario = 'Stream'; Variant = 'module'; Target = $script:MaxGrowthMegabytes }, @{ Scenario = 'List'; Variant = 'irm'; Target = $null })) {
        $listed = @($Samples | Where-Object { $_.Scenario -eq $watched.Scenario -and $_.Variant -eq $watched.Variant -and $_.PeakWorkingSet })
        if (-not $listed) { continue }
        $spread = Get-Spread ($listed | ForEach-Object { ($_.PeakWorkingSet - $_.WorkingSetBefore) / 1MB })
        $target = if ($null -ne $watched.Target) { "≤ $($watched.Target) MB" } else { '' }
        $holds = if ($null -ne $watched.Target) { $spread.Median -le $watched.Target } else { $null }
        $before = (Get-Spread ($listed | ForEach-Object { $_.WorkingSetBefore / 1MB })).Median
        $targets.Add((New-Target 'Stream' ("{0}: peak working set over the {1:N0} MB before, listing {2:N0}" -f $labels["$($watched.Scenario)/$($watched.Variant)"], $before, $listed[0].Objects) $target $spread 'MB' $holds))
    }

    [ordered]@{
        Machine    = $Machine
        Invocation = $Invocation
        Sizes      = $Sizes
        Targets    = $targets
        Variants   = @($variants)
        Samples    = $Samples
    }
}

function Format-Value {
    param([double] $Value, [string] $Unit)
    switch ($Unit) {
        # Three significant digits, so that a ratio just under its target does not print as the target.
        '×' { '{0}×' -f $Value.ToString('G3', [cultureinfo]::InvariantCulture) }
        's' { '{0:N2}' -f $Value }
        default { '{0:N0}' -f $Value }
    }
}

function Format-Spread {
    param($Spread, [string] $Unit)
    '{0} ({1}–{2})' -f (Format-Value $Spread.Median $Unit), (Format-Value $Spread.Min $Unit), (Format-Value $Spread.Max $Unit)
}

function ConvertTo-Markdown {
    param($Report)
    $m = $Report.Machine
    $s = $Report.Sizes
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('# Benchmark results')
    $lines.Add('')
    $lines.Add("Measured $($m.Date) on $($m.Cores) cores ($($m.OS)), PowerShell $($m.PowerShell), $($m.Runtime), commit $($m.Commit).")
    if ($m.PowerShellBuild) { $lines.Add("The PowerShell variants ran in: $($m.PowerShellBuild).") }
    $lines.Add("Load average (1, 5, 15 min) before: $($m.LoadAverageBefore); after: $($m.LoadAverageAfter).")
    $lines.Add("Command: ``$($Report.Invocation)``, which ``./build.ps1 -Task Bench`` runs after a Release build.")
    $lines.Add('')
    $lines.Add(("Sizes: list {0:N0}, update {1:N0}, create {2:N0}, fetch {3:N0} on loopback; at {6} ms per answer list {0:N0} and update, create and fetch {7:N0}; memory while streaming {8:N0}; {4} runs, the emulator reset to the same data before every variant; import: {5} starts of each, alternating. " -f
            $s.List, $s.Update, $s.Create, $s.Fetch, $s.Runs, $s.ImportStarts, $s.LatencyMs, $s.LatencyCount, $s.Stream) +
        'Every figure is the median over the runs, with (min–max); a target holds when its median does. Ratios are paired within each run. ' +
        'Each PowerShell variant runs in its own fresh pwsh and times its pipeline only (import and login are outside). ' +
        'CPU (all threads of the variant''s process), JIT compilation time and allocation are measured over the same timed region; the emulator''s own CPU is not included.')
    $lines.Add('')
    $lines.Add('## Targets')
    $lines.Add('')
    $lines.Add('| Scenario | Measure | Target | Median (min–max) | Holds |')
    $lines.Add('|---|---|---|---|---|')
    foreach ($t in $Report.Targets) {
        $holds = if ($null -eq $t.Holds) { '' } elseif ($t.Holds) { 'yes' } else { '**no**' }
        $unit = if ($t.Unit -eq '×') { '' } else { " $($t.Unit)" }
        $lines.Add("| $($script:Scenarios[$t.Scenario][0]) | $($t.Measure) | $($t.Target) | $(Format-Spread $t $t.Unit)$unit | $holds |")
    }
    $lines.Add('')
    $lines.Add('## Variants')
    $lines.Add('')
    $lines.Add('| Scenario | Variant | Objects | Requests | Wall time, s | Objects/s | CPU, s | JIT, s | Allocated, MB |')
    $lines.Add('|---|---|--:|--:|--:|--:|--:|--:|--:|')
    $previous = $null
    foreach ($v in $Report.Variants) {
        # The scenario and its pipeline on its first row only; a | in a table cell must be escaped.
        $scenario = if ($v.Scenario -ne $previous) { "$($script:Scenarios[$v.Scenario][0]): ``$($script:Scenarios[$v.Scenario][1] -replace '\|', '\|')``" } else { '' }
        $previous = $v.Scenario
        $rate = if ($v.ObjectsPerSecond) { Format-Spread $v.ObjectsPerSecond 'n' } else { '' }
        $objects = if ($v.Objects) { '{0:N0}' -f $v.Objects } else { '' }
        $requests = if ($v.Requests) { '{0:N0}' -f $v.Requests } else { '' }
        $counters = if ($v.ObjectsPerSecond) { '{0:N2} | {1:N2} | {2:N0}' -f $v.CpuSeconds, $v.JitSeconds, $v.AllocatedMB } else { ' | | ' }
        $lines.Add("| $scenario | $($v.Label) | $objects | $requests | $(Format-Spread $v.Seconds 's') | $rate | $counters |")
    }
    $lines -join [Environment]::NewLine
}

function Write-BenchmarkReport {
    # Writes <BaseName>.md and <BaseName>.json into Directory and returns the Markdown.
    param($Report, [string] $Directory, [string] $BaseName)
    $markdown = ConvertTo-Markdown $Report
    Set-Content -LiteralPath (Join-Path $Directory "$BaseName.md") -Value $markdown -Encoding utf8NoBOM
    $Report | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath (Join-Path $Directory "$BaseName.json") -Encoding utf8NoBOM
    $markdown
}

Export-ModuleMember -Function Get-LoadAverage, Get-MachineDescription, New-BenchmarkReport, Write-BenchmarkReport
