<#
.SYNOPSIS
Converts the block namespaces of the client and the PowerShell project to file-scoped ones, the
dialect .editorconfig names (the emulator's). Nothing else changes: only the namespace line, its
braces, and one level of indentation of what was inside.

.DESCRIPTION
Runs the SDK's own fixer for IDE0161 (dotnet format, offline: it loads the solution with MSBuild
and needs only what a restore has already fetched) on the folders given, and then checks that the
change is that and only that: every file touched has a file-scoped namespace, and the diff with
whitespace ignored has per file only the namespace line and its two braces. Re-runnable: a file
already file-scoped is left alone, so a second run changes nothing.

Meant to be run once, by whoever merges, after every branch that edits these files has landed:
re-indenting every line of every file would conflict with any branch still open.

.EXAMPLE
dotnet pwsh ./tools/ConvertTo-FileScopedNamespace.ps1
#>
[CmdletBinding()]
param(
    # Folders below the repository root whose C# files are converted.
    [string[]] $Path = @('src/DataSources.Client', 'src/DataSources.PowerShell')
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
Push-Location $root
try {
    $include = $Path | ForEach-Object { $_.TrimEnd('/') + '/' }
    & dotnet format style DataSources.sln --diagnostics IDE0161 --severity info --include @include
    if ($LASTEXITCODE -ne 0) { throw "dotnet format failed with exit code $LASTEXITCODE" }

    # What is left with a block namespace (the fixer skips a file with more than one namespace).
    $files = & git ls-files -- ($Path | ForEach-Object { "$_/*.cs" })
    $block = $files | Where-Object { (Get-Content -LiteralPath $_ -Raw) -match '(?m)^namespace [\w.]+\s*$' }
    if ($block) { throw "Still block-scoped: $($block -join ', ')" }

    # With whitespace ignored, each converted file changes its namespace line and drops two braces.
    $unexpected = & git diff -w --unified=0 -- @Path |
        Where-Object { $_ -match '^[+-](?![+-])' -and $_ -notmatch '^[+-]\s*$' -and $_ -notmatch '^[+-]namespace [\w.]+;?\s*$' -and $_ -notmatch '^-\s*[{}]\s*$' }
    if ($unexpected) { throw "dotnet format changed more than the namespaces:`n$($unexpected -join "`n")" }

    $changed = @(& git diff --name-only -- @Path).Count
    Write-Host "File-scoped namespaces: $changed file(s) below $($Path -join ', ') differ from HEAD."
}
finally {
    Pop-Location
}
