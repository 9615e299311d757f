# Where a restore puts NuGet packages, for the tools that a restore fetches rather than installs
# (Pester for the tests, the ReadyToRun compiler for the benchmark).

function Get-NuGetPackageFolder {
    <#
    .SYNOPSIS
    The global packages folder: $env:NUGET_PACKAGES when set, else what dotnet says it is.
    #>
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = (& dotnet nuget locals global-packages --list) | Select-Object -First 1
    ($line -replace '^global-packages:\s*', '').Trim()
}

Export-ModuleMember -Function Get-NuGetPackageFolder
