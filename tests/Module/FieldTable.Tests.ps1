# The cmdlets' field parameters, pinned to the client's field table (src/DataSources.Client/Schema/DataSourceSchema.cs).
# The rest of the field table (emulator, accessors, DataSource properties, location keys) is pinned by
# tests/DataSources.Client.Tests/FieldTableTests.cs. A parameter marked [FieldParameter("x")] sends field x:
# it must name a field of the schema that the command may send, with a parameter type that fits the field's kind.

BeforeDiscovery {
    $commands = @(
        @{ Name = 'New-DataSource'; File = 'src/DataSources.PowerShell/Commands/NewDataSourceCommand.cs'; Access = 'CanCreate' }
        @{ Name = 'Set-DataSource'; File = 'src/DataSources.PowerShell/Commands/SetDataSourceCommand.cs'; Access = 'CanPatch' }
    )
}

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/DataSources.psd1" -Force
    $fields = [System.Collections.Generic.Dictionary[string, object]]::new([StringComparer]::Ordinal)
    foreach ($field in [DataSources.Client.DataSourceSchema]::Fields) { $fields[$field.JsonName] = $field }

    # The parameter types that fit each kind of field; a secret takes a SecureString only.
    $fitting = @{
        String      = @([string], [int])   # port is an [int] parameter sent as text
        StringArray = @([string[]])
        Boolean     = @([System.Management.Automation.SwitchParameter], [bool])
        Number      = @([double])
        Integer     = @([long], [int])
        CostPerTb   = @([object], [hashtable], [DataSources.DataSourceCost])
        Location    = @([object], [hashtable], [DataSources.DataSourceLocation])
        ObjectArray = @([object], [object[]], [hashtable[]])
    }

    # Each property of the cmdlet class with its [FieldParameter] JSON name, read without touching the internal attribute type.
    function Get-FieldParameter([string] $Command) {
        $type = (Get-Command $Command).ImplementingType
        foreach ($property in $type.GetProperties([System.Reflection.BindingFlags] 'Public, Instance, DeclaredOnly')) {
            $marks = [System.Reflection.CustomAttributeData]::GetCustomAttributes($property) |
                Where-Object { $_.AttributeType.Name -eq 'FieldParameterAttribute' }
            foreach ($mark in $marks) {
                $propertyType = [Nullable]::GetUnderlyingType($property.PropertyType)
                if (-not $propertyType) { $propertyType = $property.PropertyType }
                [pscustomobject]@{ Parameter = $property.Name; JsonName = [string] $mark.ConstructorArguments[0].Value; Type = $propertyType }
            }
        }
    }
}

Describe 'The field parameters of <Name>' -ForEach $commands {
    BeforeAll {
        $parameters = @(Get-FieldParameter $Name)
    }

    It 'has field parameters' {
        $parameters.Count | Should -BeGreaterThan 5 -Because "the [FieldParameter] marks of $File are what binds parameters to fields"
    }

    It 'names only fields of the schema, each once' {
        foreach ($parameter in $parameters) {
            $fields.ContainsKey($parameter.JsonName) | Should -BeTrue -Because "-$($parameter.Parameter) in $File names '$($parameter.JsonName)', which src/DataSources.Client/Schema/DataSourceSchema.cs does not have (names are case-sensitive JSON names)"
        }
        $twice = $parameters | Group-Object JsonName | Where-Object Count -gt 1 | ForEach-Object Name
        $twice | Should -BeNullOrEmpty -Because "in $File two parameters send the same field"
    }

    It 'names only fields the command may send' {
        foreach ($parameter in $parameters) {
            $fields[$parameter.JsonName].$Access | Should -BeTrue -Because "-$($parameter.Parameter) in $File sends '$($parameter.JsonName)', which is not $Access in src/DataSources.Client/Schema/DataSourceSchema.cs"
        }
    }

    It 'gives each parameter a type that fits its field''s kind' {
        foreach ($parameter in $parameters) {
            $field = $fields[$parameter.JsonName]
            $allowed = if ($field.IsSecret) { @([System.Security.SecureString]) } else { $fitting[[string] $field.Kind] }
            $allowed | Should -Contain $parameter.Type -Because "-$($parameter.Parameter) in $File is a [$($parameter.Type)] for '$($parameter.JsonName)', a $(if ($field.IsSecret) { 'secret ' })$($field.Kind) in src/DataSources.Client/Schema/DataSourceSchema.cs; it takes one of: $($allowed -join ', ')"
        }
    }
}
