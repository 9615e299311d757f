<#
.SYNOPSIS
Packs the built module: <OutputPath>/DataSources/<version>/ holds exactly the manifest's FileList,
and <OutputPath>/repository/DataSources.<version>.nupkg is that folder as PSResourceGet packs it.
Returns the two paths.

.DESCRIPTION
The repository folder is a local PSResourceGet repository: register it with
Register-PSResourceRepository -Uri <folder>, then Install-PSResource or Save-PSResource from it.
Compress-PSResource makes the same .nupkg as Publish-PSResource without registering a repository,
so packing changes nothing in the user's PSResourceGet settings and needs no network.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ManifestPath,
    [Parameter(Mandatory = $true)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$source = Split-Path -Parent (Resolve-Path -LiteralPath $ManifestPath).Path
$manifest = Import-PowerShellDataFile -Path $ManifestPath
$name = [System.IO.Path]::GetFileNameWithoutExtension($ManifestPath)
$version = $manifest.ModuleVersion

$moduleFolder = Join-Path $OutputPath "$name/$version"
if (Test-Path -LiteralPath $moduleFolder) { Remove-Item -LiteralPath $moduleFolder -Recurse -Force }
foreach ($file in $manifest.FileList) {
    $from = Join-Path $source $file
    if (-not (Test-Path -LiteralPath $from)) { throw "$file, in the FileList of $ManifestPath, does not exist: run the build first." }
    $to = Join-Path $moduleFolder $file
    $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $to)
    Copy-Item -LiteralPath $from -Destination $to
}

$repository = Join-Path $OutputPath 'repository'
$null = New-Item -ItemType Directory -Force -Path $repository
$package = Join-Path $repository "$name.$version.nupkg"
if (Test-Path -LiteralPath $package) { Remove-Item -LiteralPath $package -Force }
# In the box since PowerShell 7.4; Windows PowerShell 5.1 needs it installed.
Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
Compress-PSResource -Path $moduleFolder -DestinationPath $repository
if (-not (Test-Path -LiteralPath $package)) { throw "Compress-PSResource did not write $package." }

[pscustomobject]@{ ModuleFolder = $moduleFolder; Package = $package; Repository = $repository }
