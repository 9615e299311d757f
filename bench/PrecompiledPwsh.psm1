# The pwsh the benchmark's PowerShell variants run in. PowerShell's release packages (MSI, deb,
# rpm, tar.gz, winget) ship their assemblies precompiled (ReadyToRun), so that the engine does not
# start as unoptimized JIT code; the global tool this repository pins is IL only. Measured on the
# global tool as it is, every short pipeline mostly times the JIT compiling PowerShell's own
# engine. So the benchmark runs in a ReadyToRun copy of the pinned pwsh, compiled here with the
# SDK's crossgen2, unless the running pwsh is precompiled already.

Import-Module (Join-Path $PSScriptRoot '../tools/ChildPwsh.psm1')
Import-Module (Join-Path $PSScriptRoot '../tools/NuGetPackages.psm1')

function Get-AssemblyCode {
    <# What a file carries: 'none' (no .NET assembly), 'il', or 'readytorun' (precompiled code beside its IL). #>
    param([Parameter(Mandatory)] [string] $Path)
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        try {
            if (-not $pe.HasMetadata) { return 'none' }
            if ($pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0) { return 'readytorun' }
            'il'
        }
        finally { $pe.Dispose() }
    }
    catch [System.BadImageFormatException] { 'none' }
    finally { $stream.Dispose() }
}

function Get-Crossgen2 {
    <# The crossgen2 executable of a runtime version for this machine's platform, restored from NuGet. #>
    param([Parameter(Mandatory)] [string] $Root, [Parameter(Mandatory)] [version] $Version)
    $project = Join-Path $Root 'bench/Crossgen2/Crossgen2.csproj'
    $property = "-p:Crossgen2Version=$Version"
    $null = & dotnet restore $project --nologo -v quiet $property
    if ($LASTEXITCODE -ne 0) { throw "Restoring the ReadyToRun compiler failed (dotnet restore $project $property)." }
    $rid = (& dotnet msbuild $project $property -getProperty:NETCoreSdkPortableRuntimeIdentifier).Trim()
    $tools = Join-Path (Get-NuGetPackageFolder) "microsoft.netcore.app.crossgen2.$rid/$Version/tools"
    $executable = Get-ChildItem -LiteralPath $tools -Filter 'crossgen2*' -File |
        Where-Object { $_.Name -in 'crossgen2', 'crossgen2.exe' } | Select-Object -First 1
    if (-not $executable) { throw "No crossgen2 in $tools." }
    $executable.FullName
}

function Get-BenchmarkPwsh {
    <#
    .SYNOPSIS
    The command that starts the benchmark's pwsh, and what it is: this pwsh when its engine is
    precompiled (or when -AsIs), else a ReadyToRun copy of it under out/bench, made once and reused.
    #>
    param([Parameter(Mandatory)] [string] $Root, [switch] $AsIs)
    $current = @(Get-PwshCommand)
    $engine = Join-Path $PSHOME 'System.Management.Automation.dll'
    if ((Get-AssemblyCode $engine) -eq 'readytorun') {
        return [pscustomobject]@{ Command = $current; Precompiled = $true; Description = "PowerShell $($PSVersionTable.PSVersion), precompiled (ReadyToRun) as installed" }
    }
    if ($AsIs) {
        return [pscustomobject]@{ Command = $current; Precompiled = $false; Description = "PowerShell $($PSVersionTable.PSVersion), IL only as the global tool ships it (-NoPrecompile)" }
    }
    if ([System.IO.Path]::GetFileNameWithoutExtension($current[0]) -ne 'dotnet') {
        throw "Only a pwsh that runs as 'dotnet pwsh.dll' (the repository's local tool) can be precompiled here: run with -NoPrecompile."
    }

    # Its images must be of a format this runtime reads: the compiler of this runtime's own version.
    $runtime = [Environment]::Version
    $copy = Join-Path $Root "out/bench/pwsh-$($PSVersionTable.PSVersion)-readytorun-$runtime"
    $done = Join-Path $copy '.complete'
    if (-not (Test-Path -LiteralPath $done)) {
        New-PrecompiledCopy -Source $PSHOME -Destination $copy -Crossgen2 (Get-Crossgen2 -Root $Root -Version $runtime)
        $null = New-Item -ItemType File -Path $done
    }
    [pscustomobject]@{
        Command     = @($current[0], (Join-Path $copy 'pwsh.dll'))
        Precompiled = $true
        Description = "PowerShell $($PSVersionTable.PSVersion), the pinned global tool precompiled (ReadyToRun) here with crossgen2 $runtime, as release packages are"
    }
}

function New-PrecompiledCopy {
    # Copies the pwsh folder and replaces each IL-only assembly at its top level with its ReadyToRun
    # image (IL and metadata stay in it); resources, modules and native libraries are copied as they are.
    param([string] $Source, [string] $Destination, [string] $Crossgen2)
    Write-Host "Precompiling $Source into $Destination (once; reused by later runs)"
    if (Test-Path -LiteralPath $Destination) { Remove-Item -LiteralPath $Destination -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $Destination
    Copy-Item -Path (Join-Path $Source '*') -Destination $Destination -Recurse
    $framework = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
    # The arguments go in a response file: pwsh on Unix would expand the references' wildcards itself.
    $arguments = Join-Path $Destination 'crossgen2.rsp'
    foreach ($assembly in Get-ChildItem -LiteralPath $Source -Filter '*.dll' -File) {
        if ((Get-AssemblyCode $assembly.FullName) -ne 'il') { continue }
        Set-Content -LiteralPath $arguments -Value @(
            $assembly.FullName, '-o', (Join-Path $Destination $assembly.Name), '-O', '--targetos', $os, '--targetarch', $arch,
            '-r', (Join-Path $framework '*.dll'), '-r', (Join-Path $Source '*.dll'))
        $output = & $Crossgen2 "@$arguments" 2>&1
        if ($LASTEXITCODE -ne 0) {
            # A partly compiled copy would be measured as if it were precompiled: none is kept.
            Remove-Item -LiteralPath $Destination -Recurse -Force
            throw "crossgen2 could not compile $($assembly.Name): $($output | Select-Object -Last 1)"
        }
    }
    Remove-Item -LiteralPath $arguments
}

Export-ModuleMember -Function Get-BenchmarkPwsh
