# The ErrorIds scripts match on: all in one catalogue (src/DataSources.PowerShell/Errors/ErrorIds.cs), each with its
# category, and about_DataSources' table (src/DataSources.PowerShell/help/about_DataSources.md) lists exactly those.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$repo/DataSources.psd1" -Force
    $aboutFile = 'src/DataSources.PowerShell/help/about_DataSources.md'
    $catalogueFile = 'src/DataSources.PowerShell/Errors/ErrorIds.cs'

    # The catalogue, read by reflection: its types are internal. A null category is "(the failure's)".
    $assembly = (Get-Command New-DataSource).ImplementingType.Assembly
    $catalogue = $assembly.GetType('DataSources.Commands.ErrorIds', $true)
    $errorIdType = $assembly.GetType('DataSources.Commands.ErrorId', $true)
    $ids = [ordered]@{}
    foreach ($field in $catalogue.GetFields([System.Reflection.BindingFlags] 'Public, NonPublic, Static')) {
        if ($field.FieldType -ne $errorIdType) { continue }
        $value = $field.GetValue($null)
        $category = $errorIdType.GetProperty('Category').GetValue($value)
        $ids[$errorIdType.GetProperty('Name').GetValue($value)] = if ($null -eq $category) { "(the failure's)" } else { [string] $category }
    }

    # The table: the lines after the "ErrorId  Category  When" header, up to the end of the code fence.
    $lines = Get-Content (Join-Path $repo $aboutFile)
    $header = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($line) $line -match '^ErrorId\s+Category\s+When' })
    $documented = [ordered]@{}
    $tableIds = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $lines[($header + 1)..($lines.Count - 1)]) {
        if ($line.StartsWith('```')) { break }
        $id, $category, $null = $line -split '\s{2,}'
        $documented[$id] = $category
        $tableIds.Add($id)
    }
}

Describe 'The error catalogue' {
    It 'names each field after its id' {
        foreach ($field in $catalogue.GetFields([System.Reflection.BindingFlags] 'Public, NonPublic, Static')) {
            $errorIdType.GetProperty('Name').GetValue($field.GetValue($null)) | Should -BeExactly $field.Name -Because "in $catalogueFile"
        }
        $ids.Count | Should -BeGreaterThan 20
    }

    It 'maps every kind of API failure to an id of its own' {
        $forApiFailure = $catalogue.GetMethod('ForApiFailure')
        $mapped = foreach ($kind in [enum]::GetValues([DataSources.Client.ApiErrorKind])) {
            $errorIdType.GetProperty('Name').GetValue($forApiFailure.Invoke($null, @($kind)))
        }
        @($mapped | Select-Object -Unique).Count | Should -Be @($mapped).Count -Because "$catalogueFile gives two kinds one id"
    }

    It 'is the only place that makes an ErrorRecord' {
        $elsewhere = Get-ChildItem (Join-Path $repo 'src/DataSources.PowerShell') -Filter *.cs -Recurse |
            Where-Object { $_.Name -ne 'ErrorIds.cs' -and $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
            Select-String -Pattern 'new ErrorRecord\(' -SimpleMatch:$false |
            ForEach-Object { "$($_.Path | Split-Path -Leaf):$($_.LineNumber)" }
        $elsewhere | Should -BeNullOrEmpty -Because "an ErrorRecord is made by an ErrorId of $catalogueFile (ErrorIds.X.Record), so that every id is in the catalogue"
    }
}

Describe 'about_DataSources lists the error catalogue' {
    It 'lists every ErrorId with its category' {
        foreach ($id in $ids.Keys) {
            $documented.Contains($id) | Should -BeTrue -Because "$catalogueFile has $id; add a line for it to the ErrorId table of $aboutFile"
            $documented[$id] | Should -BeExactly $ids[$id] -Because "$id is $($ids[$id]) in $catalogueFile; $aboutFile must say so"
        }
    }

    It 'lists no ErrorId that does not exist, and none twice' {
        foreach ($id in $documented.Keys) {
            $ids.Contains($id) | Should -BeTrue -Because "$aboutFile lists $id, which $catalogueFile does not have"
        }
        $tableIds.Count | Should -Be $documented.Count -Because "$aboutFile lists an id twice"
    }
}
