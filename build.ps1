<#
.SYNOPSIS
The one entry point: Build (default), Test, Emulator, Demo, Bench, Package.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Emulator --seed-count 40 --token-lifetime 60
#>
# Only -Task is positional: every other word that is not one of these options goes to the emulator.
[CmdletBinding(PositionalBinding = $false)]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Emulator', 'Demo', 'Bench', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # -Task Bench only: a smoke run with every size a tenth.
    [switch] $Quick,

    # -Task Emulator only: the emulator's own options, as the rest of the command line, e.g.
    # ./build.ps1 -Task Emulator --seed-count 1000 (the same words in bash and in PowerShell).
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $EmulatorArgs = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$root = $PSScriptRoot
if ($EmulatorArgs.Count -gt 0 -and $Task -ne 'Emulator') {
    throw "'$($EmulatorArgs -join ' ')' is not an option of build.ps1; only -Task Emulator passes the rest of the line on (to the emulator)."
}
$pesterVersion = '5.7.1'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'DataSources.sln'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    # The help goes beside the manifest: Get-Help looks for a module's help only in <ModuleBase>/<culture>.
    & (Join-Path $root 'tools/Build-Help.ps1') -ManifestPath (Join-Path $root 'DataSources.psd1') `
        -SourcePath (Join-Path $root 'src/DataSources.PowerShell/help') -OutputPath (Join-Path $root 'en-US')
}

function Import-Pester {
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/Module/Pester.csproj'), '--nologo', '-v', 'quiet')
    Import-Module (Join-Path $root 'tools/NuGetPackages.psm1') -Force
    $manifest = Join-Path (Get-NuGetPackageFolder) "pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $pesterVersion was not restored to $manifest" }
    Import-Module $manifest -Force
}

function Get-XunitCounts {
    param([string] $ResultsDirectory)
    $passed = 0; $failed = 0; $failures = [System.Collections.Generic.List[string]]::new()
    foreach ($trx in Get-ChildItem -Path $ResultsDirectory -Filter *.trx -Recurse) {
        [xml] $doc = Get-Content -LiteralPath $trx.FullName -Raw
        $counters = $doc.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        foreach ($result in $doc.TestRun.Results.UnitTestResult | Where-Object outcome -NotIn 'Passed', 'NotExecuted') {
            $message = "$($result.Output.ErrorInfo.Message)".Trim() -replace '\s+', ' '
            $failures.Add("$($result.testName): $message")
        }
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Failures = $failures }
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $root 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }

    # xunit: every test project in the solution. A failing run still writes its .trx.
    & dotnet test (Join-Path $root 'DataSources.sln') -c $Configuration --no-build --nologo `
        --logger trx --results-directory $results
    $xunitExit = $LASTEXITCODE
    $xunit = Get-XunitCounts -ResultsDirectory $results
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1 }  # a crash with no .trx is a failure

    # The .NET Framework leg: the client's tests built for net472, under Mono. A crash counts as a failure.
    try {
        $netFramework = @(& (Join-Path $root 'tools/Invoke-NetFrameworkTests.ps1') -Configuration $Configuration -ResultsDirectory $results)
    }
    catch {
        Write-Host "The .NET Framework leg could not run: $_"
        $netFramework = @([pscustomobject]@{ Stack = 'none'; Passed = 0; Failed = 1 })
    }
    $netFrameworkPassed = ($netFramework | Measure-Object -Property Passed -Sum).Sum
    $netFrameworkFailed = ($netFramework | Measure-Object -Property Failed -Sum).Sum

    # Pester: the module end to end against real emulator processes.
    Import-Pester
    # The suites run as a user's session would, not under this script's strict mode.
    Set-StrictMode -Off
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/Module'
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $pester = Invoke-Pester -Configuration $config
    $pesterFailed = $pester.FailedCount + $pester.FailedBlocksCount + $pester.FailedContainersCount

    $passed = $xunit.Passed + $netFrameworkPassed + $pester.PassedCount
    $failed = $xunit.Failed + $netFrameworkFailed + $pesterFailed
    # Named again here, at the end, where a log cut to its last lines still shows them.
    foreach ($failure in $xunit.Failures) { Write-Host "Failed (xunit): $failure" }
    foreach ($leg in $netFramework) { foreach ($failure in $leg.Failures) { Write-Host "Failed (Mono, $($leg.Stack)): $failure" } }
    foreach ($test in $pester.Failed) { Write-Host "Failed (Pester): $($test.ExpandedPath): $($test.ErrorRecord | Select-Object -First 1)" }
    $legs = ($netFramework | ForEach-Object { "$($_.Stack) $($_.Passed) passed, $($_.Failed) failed" }) -join '; '
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; .NET Framework leg under Mono: $legs; Pester: $($pester.PassedCount) passed, $pesterFailed failed"
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Emulator {
    Invoke-Build
    Import-Module (Join-Path $root 'tools/EmulatorProcess.psm1') -Force
    $dll = Get-EmulatorAssemblyPath -Configuration $Configuration
    & dotnet $dll @EmulatorArgs
}

function Invoke-Demo {
    Invoke-Build
    Import-Module (Join-Path $root 'tools/EmulatorProcess.psm1') -Force
    & (Join-Path $root 'tools/Demo.ps1') -Configuration $Configuration
}

function Invoke-Bench {
    # Timings mean something only for optimized code: Release, whatever -Configuration says.
    $script:Configuration = 'Release'
    Invoke-Build
    # The floor and the import's baseline module are not in the solution, so that the test run does not build them.
    Invoke-Native dotnet @('build', (Join-Path $root 'bench/DataSources.Bench.Floor'), '-c', 'Release', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    Invoke-Native dotnet @('build', (Join-Path $root 'bench/BaselineModule'), '-c', 'Release', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    & (Join-Path $root 'bench/Invoke-Benchmark.ps1') -Quick:$Quick
}

function Invoke-Package {
    # A package ships optimized code, whatever -Configuration says.
    $script:Configuration = 'Release'
    Invoke-Build
    $package = & (Join-Path $root 'tools/Build-Package.ps1') -ManifestPath (Join-Path $root 'DataSources.psd1') -OutputPath (Join-Path $root 'out')
    Write-Host "Module folder: $($package.ModuleFolder)"
    Write-Host "Package:       $($package.Package)"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Emulator' { Invoke-Emulator }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
}
