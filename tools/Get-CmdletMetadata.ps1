<#
.SYNOPSIS
Writes, as JSON, what the help needs to know of each cmdlet of a module: its parameters (type,
aliases, wildcards, default value, and per parameter set: mandatory, position, pipeline input),
its parameter sets, and its output types.

.DESCRIPTION
Run by Build-Help.ps1 in a child process, so that the build's own session never loads the
module's assemblies: they would stay locked (on Windows) and stale for the next build.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)] [string] $ManifestPath)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$module = Import-Module $ManifestPath -PassThru -Force
# The common parameters are described by about_CommonParameters; -WhatIf and -Confirm are not:
# what they do differs per cmdlet, so each cmdlet's help describes them.
$common = @([System.Management.Automation.Cmdlet]::CommonParameters) + 'UseTransaction'

function Get-PropertyDefault {
    # The value a fresh cmdlet object holds, e.g. -PageSize 1000; null when it is the type's own
    # default (an unset -Port is 0 but means "not sent", not "0").
    param([type] $Type, [object] $Instance, [string] $Name)
    for ($current = $Type; $current; $current = $current.BaseType) {
        $flags = [System.Reflection.BindingFlags] 'Public, Instance, DeclaredOnly'
        $property = $current.GetProperty($Name, $flags)
        if ($property) { break }
    }
    if (-not $property) { return $null }

    $value = $property.GetValue($Instance)
    if ($null -eq $value) { return $null }
    if ($value -is [System.Management.Automation.SwitchParameter]) { return 'False' }
    if ($value -is [array] -and $value.Count -eq 0) { return $null }
    if ($property.PropertyType.IsValueType -and $value -eq [Activator]::CreateInstance($property.PropertyType)) { return $null }
    [string] $value
}

function Get-ParameterSetPlacement {
    # Mandatory, position and pipeline input of one parameter in each of its sets.
    param([System.Management.Automation.ParameterMetadata] $Parameter)
    foreach ($set in $Parameter.ParameterSets.GetEnumerator()) {
        [pscustomobject]@{
            Name           = $set.Key
            Mandatory      = $set.Value.IsMandatory
            Position       = $set.Value.Position
            ByValue        = $set.Value.ValueFromPipeline
            ByPropertyName = $set.Value.ValueFromPipelineByPropertyName
        }
    }
}

$commands = Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name
$metadata = foreach ($command in $commands) {
    $type = $command.ImplementingType
    $instance = [Activator]::CreateInstance($type)

    $parameters = foreach ($parameter in $command.Parameters.Values) {
        if ($common -contains $parameter.Name) { continue }
        [pscustomobject]@{
            Name     = $parameter.Name
            Type     = $parameter.ParameterType.FullName
            TypeName = $parameter.ParameterType.Name
            IsSwitch = $parameter.SwitchParameter
            IsArray  = $parameter.ParameterType.IsArray
            Aliases  = @($parameter.Aliases)
            Globbing = [bool] @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count
            Default  = Get-PropertyDefault -Type $type -Instance $instance -Name $parameter.Name
            Sets     = @(Get-ParameterSetPlacement $parameter)
        }
    }

    $sets = foreach ($set in $command.ParameterSets) {
        [pscustomobject]@{
            Name       = $set.Name
            IsDefault  = $set.IsDefault
            Parameters = @($set.Parameters | Where-Object { $common -notcontains $_.Name } | ForEach-Object Name)
        }
    }

    [pscustomobject]@{
        Name          = $command.Name
        Verb          = $command.Verb
        Noun          = $command.Noun
        Parameters    = @($parameters)
        ParameterSets = @($sets)
        OutputTypes   = @($command.OutputType | ForEach-Object Name)
        # The name PowerShell looks for the cmdlet's help under: its assembly's file name + '-Help.xml'.
        HelpFile      = $command.HelpFile
    }
}

ConvertTo-Json -InputObject @($metadata) -Depth 6 -Compress
