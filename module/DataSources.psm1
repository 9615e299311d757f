# The module's root. The cmdlets are compiled (bin/DataSources.PowerShell.dll); this script exists
# so that Windows PowerShell on a .NET Framework older than 4.7.2 fails to import with a message
# that names the requirement. Without it, the import fails inside the loader with "Could not load
# file or assembly 'netstandard'", which says nothing a user can act on, and Windows PowerShell
# 5.1 does not enforce the manifest's DotNetFrameworkVersion.

# .NET Framework 4.7.2's release number; the key names every installed 4.x.
# https://learn.microsoft.com/dotnet/framework/migration-guide/how-to-determine-which-versions-are-installed
$script:MinimumFrameworkRelease = 461808

function Assert-DotNetFrameworkRelease {
    param([int] $Release)
    if ($Release -lt $script:MinimumFrameworkRelease) {
        throw [System.PlatformNotSupportedException]::new(
            "DataSources needs Windows PowerShell 5.1 on .NET Framework 4.7.2 or later (or PowerShell 7). " +
            "This computer has .NET Framework release $Release. Install .NET Framework 4.7.2 or later, or use PowerShell 7.")
    }
}

if ($PSVersionTable.PSEdition -ne 'Core') {
    $key = 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full'
    Assert-DotNetFrameworkRelease -Release ([int][Microsoft.Win32.Registry]::GetValue($key, 'Release', 0))
}

Import-Module -Name (Join-Path $PSScriptRoot 'bin/DataSources.PowerShell.dll')
