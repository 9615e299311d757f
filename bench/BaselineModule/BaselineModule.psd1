@{
    RootModule        = 'bin/Release/netstandard2.0/BaselineModule.dll'
    ModuleVersion     = '1.0.0'
    GUID              = 'a6f0c3d2-5b7e-4c1a-9d8e-2f4b6c8a0e13'
    CmdletsToExport   = @('Get-Baseline')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
