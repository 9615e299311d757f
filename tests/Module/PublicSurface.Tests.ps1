# The public surface of the shipped assemblies, held to a checked-in list. Public is what scripts meet:
# the cmdlets, what they take and return (DataSource and its parts, DataSourceConnection), the exception
# and its kind, and the field table (DataSourceSchema) a script may read; the rest is internal, with
# InternalsVisibleTo for the PowerShell assembly and the client's tests.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/DataSources.psd1" -Force
    $approvedFile = 'tests/Module/PublicSurface.approved.txt'
    $receivedFile = 'TestResults/PublicSurface.received.txt'

    # One line per public type, then one indented line per public member it declares.
    function Get-PublicSurface {
        $declared = [System.Reflection.BindingFlags] 'Public, Instance, Static, DeclaredOnly'
        $assemblies = @([DataSources.DataSource].Assembly, (Get-Command New-DataSource).ImplementingType.Assembly)
        foreach ($assembly in $assemblies) {
            foreach ($type in $assembly.GetExportedTypes() | Sort-Object FullName) {
                "$($assembly.GetName().Name): $($type.FullName)"
                $type.GetMembers($declared) |
                    Where-Object { -not ($_ -is [System.Reflection.MethodInfo] -and $_.IsSpecialName) } |
                    ForEach-Object { "    $($_.MemberType) $_" } |
                    Sort-Object -CaseSensitive
            }
        }
    }
}

Describe 'The public surface' {
    It 'is the approved one' {
        $received = @(Get-PublicSurface)
        $approved = @(Get-Content (Join-Path $repo $approvedFile))
        $difference = Compare-Object $approved $received -CaseSensitive | ForEach-Object {
            "$(if ($_.SideIndicator -eq '=>') { 'added:  ' } else { 'removed:' }) $($_.InputObject)"
        }
        if ($difference) {
            New-Item -ItemType Directory -Force (Join-Path $repo 'TestResults') | Out-Null
            $received | Set-Content (Join-Path $repo $receivedFile)
        }
        $difference | Should -BeNullOrEmpty -Because "the public surface changed. If that is meant (a type scripts meet), copy $receivedFile over $approvedFile and commit it; otherwise make the new type or member internal"
    }
}
