# The package as a user gets it: packed from the build, installed from a local PSResourceGet
# repository with Save-PSResource, and imported by name in a fresh pwsh that uses it against an emulator.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/tools/EmulatorProcess.psm1" -Force
    Import-Module "$repo/tools/ChildPwsh.psm1" -Force
    Import-Module "$PSScriptRoot/EmulatorControl.psm1" -Force
    Import-Module Microsoft.PowerShell.PSResourceGet

    $manifest = Import-PowerShellDataFile "$repo/DataSources.psd1"
    $work = Join-Path ([System.IO.Path]::GetTempPath()) "datasources-package-$([guid]::NewGuid().ToString('N'))"
    $package = & "$repo/tools/Build-Package.ps1" -ManifestPath "$repo/DataSources.psd1" -OutputPath $work

    # A name of its own, so that parallel runs and the user's own repositories are never touched.
    $repositoryName = "DataSourcesTest$([guid]::NewGuid().ToString('N'))"
    Register-PSResourceRepository -Name $repositoryName -Uri $package.Repository -Trusted
    $installPath = Join-Path $work 'installed'
    $null = New-Item -ItemType Directory -Path $installPath
    Save-PSResource -Name DataSources -Repository $repositoryName -Path $installPath -TrustRepository

    $emulator = Start-Emulator -ArgumentList '--seed-count', '40'

    function Read-PackageEntry([string] $Path) {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try { $zip.Entries | ForEach-Object FullName }
        finally { $zip.Dispose() }
    }

    function Read-Nuspec([string] $Path) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try {
            $reader = [System.IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'DataSources.nuspec').Open())
            try { [xml] $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
    }
}

AfterAll {
    if ($emulator) { Stop-Emulator $emulator }
    Unregister-PSResourceRepository -Name $repositoryName -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The package' {
    It 'holds only the files of the manifest''s FileList: manifest, assemblies, format and types files, help and license' {
        $nugetParts = '_rels/*', 'package/*', '`[Content_Types`].xml', 'DataSources.nuspec'
        $files = Read-PackageEntry $package.Package | Where-Object { $entry = $_; -not ($nugetParts | Where-Object { $entry -like $_ }) }
        $files | Sort-Object | Should -Be ($manifest.FileList | Sort-Object)
        $manifest.FileList | Should -Contain $manifest.RootModule
        foreach ($file in @($manifest.FormatsToProcess) + @($manifest.TypesToProcess) + 'en-US/about_DataSources.help.txt') {
            $manifest.FileList | Should -Contain $file
        }
        $manifest.FileList | Where-Object { $_ -like '*.pdb' -or $_ -like '*System.Management.Automation*' } | Should -BeNullOrEmpty
    }

    It 'carries the version, release notes, the edition tags and the license' {
        $metadata = (Read-Nuspec $package.Package).package.metadata
        $metadata.id | Should -Be 'DataSources'
        $metadata.version | Should -Be $manifest.ModuleVersion
        $metadata.releaseNotes | Should -Not -BeNullOrEmpty
        $metadata.tags -split ' ' | Should -Contain 'PSEdition_Desktop'
        $metadata.tags -split ' ' | Should -Contain 'PSEdition_Core'
        $metadata.licenseUrl | Should -Be $manifest.PrivateData.PSData.LicenseUri
    }

    It 'installs with Save-PSResource into a versioned module folder' {
        Test-Path (Join-Path $installPath "DataSources/$($manifest.ModuleVersion)/DataSources.psd1") | Should -BeTrue
        Test-Path (Join-Path $installPath "DataSources/$($manifest.ModuleVersion)/en-US/DataSources.PowerShell.dll-Help.xml") | Should -BeTrue
    }

    It 'imports by name in a fresh pwsh -NoProfile, connects from the environment and finds data sources on the emulator' {
        $pwsh = @(Get-PwshCommand)
        $arguments = @($pwsh | Select-Object -Skip 1)
        $script = 'Import-Module DataSources -ErrorAction Stop
            Connect-DataSourceService -ErrorAction Stop
            [pscustomobject]@{
                ModuleBase = (Get-Module DataSources).ModuleBase
                Names      = @(Find-DataSource -Name "prod-*" | ForEach-Object Name)
                Synopsis   = (Get-Help Find-DataSource).Synopsis
            } | ConvertTo-Json -Compress'
        $arguments += '-NoProfile', '-NonInteractive', '-Command', $script

        $saved = @{}
        $environment = @{
            PSModulePath         = $installPath + [System.IO.Path]::PathSeparator + $env:PSModulePath
            DATASOURCES_URI      = $emulator.Uri
            DATASOURCES_USERNAME = 'admin'
            DATASOURCES_PASSWORD = 'admin'
            DATASOURCES_TOKEN    = $null
        }
        foreach ($name in $environment.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $environment[$name])
        }
        try { $output = & $pwsh[0] @arguments 2>&1 }
        finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }

        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $result = ($output -join "`n") | ConvertFrom-Json
        $result.ModuleBase | Should -Be (Join-Path $installPath "DataSources/$($manifest.ModuleVersion)")
        $expected = (Get-ServerDataSource -Emulator $emulator -Name 'prod-*').resourceName
        $expected.Count | Should -BeGreaterThan 0
        $result.Names | Should -Be $expected
        $result.Synopsis | Should -Be 'Finds data sources by name, type or id, with wildcards, streaming the server''s pages.'
    }
}
