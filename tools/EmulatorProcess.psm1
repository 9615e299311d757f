# Starts and stops the local emulator as a child process. Used by build.ps1 (Demo, Bench)
# and by the Pester suites, so all of them talk to a real server on loopback.

$script:RepoRoot = Split-Path -Parent $PSScriptRoot

function Get-EmulatorAssemblyPath {
    param([string] $Configuration = 'Release')
    Join-Path $script:RepoRoot "src/DataSources.Emulator/bin/$Configuration/net10.0/DataSources.Emulator.dll"
}

function Start-Emulator {
    <#
    .SYNOPSIS
    Starts the built emulator on a free loopback port and returns an object with Uri and Process.
    #>
    param(
        [string[]] $ArgumentList = @(),
        [string] $Configuration = 'Release',
        [int] $TimeoutSeconds = 30
    )
    $dll = Get-EmulatorAssemblyPath -Configuration $Configuration
    if (-not (Test-Path $dll)) { throw "The emulator is not built ($dll). Run ./build.ps1 first." }

    $log = [System.IO.Path]::GetTempFileName()
    $errLog = [System.IO.Path]::GetTempFileName()
    $argv = @("`"$dll`"", '--urls', 'http://127.0.0.1:0') + $ArgumentList
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $argv -PassThru -NoNewWindow `
        -RedirectStandardOutput $log -RedirectStandardError $errLog

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $text = Get-Content -LiteralPath $log -Raw -ErrorAction SilentlyContinue
        if ($text -match 'Emulator listening on (\S+)') {
            return [pscustomobject]@{ Uri = $Matches[1].TrimEnd('/'); Process = $process; Log = $log; ErrorLog = $errLog }
        }
        if ($process.HasExited) { break }
        Start-Sleep -Milliseconds 100
    }
    $detail = (Get-Content -LiteralPath $errLog -Raw -ErrorAction SilentlyContinue)
    if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue }
    throw "The emulator did not start within $TimeoutSeconds s. $detail"
}

function Stop-Emulator {
    param([Parameter(Mandatory)] $Emulator)
    if ($Emulator -and $Emulator.Process -and -not $Emulator.Process.HasExited) {
        Stop-Process -Id $Emulator.Process.Id -Force -ErrorAction SilentlyContinue
        $Emulator.Process.WaitForExit(5000) | Out-Null
    }
    foreach ($f in @($Emulator.Log, $Emulator.ErrorLog)) {
        if ($f) { Remove-Item -LiteralPath $f -Force -ErrorAction SilentlyContinue }
    }
}

Export-ModuleMember -Function Start-Emulator, Stop-Emulator, Get-EmulatorAssemblyPath
