<#
.SYNOPSIS
The .NET Framework leg of the test run: the client's xunit tests built for net472
(tests/DataSources.Client.Tests.NetFramework) run under Mono, once on each of Mono's HTTP stacks.

.DESCRIPTION
Mono stands in for the .NET Framework API (the reference assemblies the tests are compiled
against are .NET Framework 4.7.2's); its HTTP stacks are its own code, not .NET Framework's.
Installs Mono from Debian's packages when it is missing and this runs as root (as CI does);
does nothing to the machine when it is there. Writes one xunit XML file per stack and returns
one object per stack with Passed, Failed and the failed tests' names and messages; a run that
crashes or writes no results counts as a failure.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Configuration,
    [Parameter(Mandatory)] [string] $ResultsDirectory
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
$xunitConsoleVersion = '2.4.1'
# The facade that lets .NET Framework code load netstandard2.0 assemblies; Debian ships it in mono-devel.
$netstandardFacade = '/usr/lib/mono/4.5/Facades/netstandard.dll'

function Install-Mono {
    if ((Get-Command mono -ErrorAction SilentlyContinue) -and (Test-Path $netstandardFacade)) { return }
    $isRoot = (Get-Command id -ErrorAction SilentlyContinue) -and ((& id -u) -eq '0')
    if (-not $isRoot -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        throw "The .NET Framework leg needs Mono (Debian: apt-get install mono-devel), and this is not a root shell with apt-get to install it."
    }
    Write-Host 'Installing Mono (Debian: mono-devel) for the .NET Framework leg...'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get update -qq | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "apt-get update failed with exit code $LASTEXITCODE" }
    & apt-get install -y -qq --no-install-recommends mono-devel | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "apt-get install mono-devel failed with exit code $LASTEXITCODE" }
}

function Read-XunitXml {
    param([string] $Path)
    [xml] $doc = Get-Content -LiteralPath $Path -Raw
    $passed = 0; $failed = 0
    foreach ($assembly in $doc.SelectNodes('/assemblies/assembly')) {
        $passed += [int] $assembly.GetAttribute('passed')
        $failed += [int] $assembly.GetAttribute('failed') + [int] $assembly.GetAttribute('errors')
    }
    $failures = foreach ($test in $doc.SelectNodes("//test[@result='Fail']")) {
        "$($test.GetAttribute('name')): $("$($test.SelectSingleNode('failure/message').InnerText)".Trim() -replace '\s+', ' ')"
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Failures = @($failures) }
}

# On Windows the leg runs on .NET Framework itself; elsewhere Mono stands in for it.
$onWindows = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
if (-not $onWindows) { Install-Mono }
Import-Module (Join-Path $root 'tools/NuGetPackages.psm1') -Force
$runner = Join-Path (Get-NuGetPackageFolder) "xunit.runner.console/$xunitConsoleVersion/tools/net472/xunit.console.exe"
if (-not (Test-Path $runner)) { throw "xunit's console runner $xunitConsoleVersion was not restored to $runner (the NetFramework test project downloads it)." }
$tests = Join-Path $root "tests/DataSources.Client.Tests.NetFramework/bin/$Configuration/net472/DataSources.Client.Tests.dll"
if (-not (Test-Path $tests)) { throw "The .NET Framework leg is not built: $tests" }

# Mono's HttpClientHandler delegates to its copy of SocketsHttpHandler; MonoWebRequestHandler is
# its HttpWebRequest stack, the one built like .NET Framework's (see MonoHttpStack.cs).
$stacks = if ($onWindows) { @('NETFramework') } else { @('SocketsHttpHandler', 'MonoWebRequestHandler') }
foreach ($stack in $stacks) {
    $xml = Join-Path $ResultsDirectory "netframework-$stack.xml"
    if (-not $onWindows) { $env:DATASOURCES_MONO_HTTP_STACK = $stack }
    try {
        if ($onWindows) {
            Write-Host 'xunit on .NET Framework'
            & $runner $tests -noshadow -nologo -xml $xml | Out-Host
        }
        else {
            Write-Host "xunit under Mono $(((& mono --version) | Select-Object -First 1) -replace '^Mono JIT compiler version (\S+).*$', '$1') on $stack"
            & mono $runner $tests -noshadow -nologo -xml $xml | Out-Host
        }
        $exit = $LASTEXITCODE
    }
    finally {
        Remove-Item Env:DATASOURCES_MONO_HTTP_STACK -ErrorAction SilentlyContinue
    }
    $counts = if (Test-Path $xml) { Read-XunitXml -Path $xml } else { [pscustomobject]@{ Passed = 0; Failed = 0; Failures = @() } }
    if ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }  # a crash, or a run that wrote no results
    [pscustomobject]@{ Stack = $stack; Passed = $counts.Passed; Failed = $counts.Failed; Failures = $counts.Failures }
}
