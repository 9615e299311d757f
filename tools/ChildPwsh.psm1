# How to start a child PowerShell like this one, for work that must not load into this session
# (help generation, package and benchmark runs in a fresh process).

function Get-PwshCommand {
    <#
    .SYNOPSIS
    The executable and leading arguments that start a PowerShell like the current one.
    #>
    # Under `dotnet pwsh` (the repository's local tool) this process is dotnet itself, and pwsh is
    # the pwsh.dll in $PSHOME; elsewhere it is the pwsh (or powershell) executable.
    $executable = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($executable) -eq 'dotnet') {
        return @($executable, (Join-Path $PSHOME 'pwsh.dll'))
    }
    @($executable)
}

Export-ModuleMember -Function Get-PwshCommand
