<#
.SYNOPSIS
Writes the module's help from markdown kept beside the code: the cmdlets' MAML
(<assembly>-Help.xml) and each about_ topic as .help.txt. Fails when any help is missing.

.DESCRIPTION
One markdown file per cmdlet, named after it (Find-DataSource.md), in this shape:

    # Find-DataSource
    ## Synopsis          one paragraph
    ## Description       paragraphs; a line starting with "- " is a list item
    ## Parameters        "### -Name" and its description, for every parameter but the common ones
    ## Examples          "### Example 1: title", a code fence, optionally an ```output fence,
                         then a sentence or more on what it does; at least two examples
    ## Inputs            "### <type name>" and what is piped in ("### None" when nothing)
    ## Outputs           "### <type name>" and what comes out
    ## Notes             optional paragraphs
    ## Related links     "- <command or topic>" lines

An about_ topic (about_DataSources.md) is "# about_Name", then "## Heading" sections of paragraphs,
"- " list items and code fences; it becomes the plain text PowerShell shows for Get-Help about_Name.

Text is plain: the `code` marks of inline code are dropped. Everything the code knows, the help
takes from the compiled cmdlets rather than from the markdown: parameter types, aliases,
wildcards, defaults, mandatory, positions, pipeline input and the syntax of each parameter set.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ManifestPath,
    [Parameter(Mandatory = $true)] [string] $SourcePath,
    [Parameter(Mandatory = $true)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$mamlNamespace = 'http://schemas.microsoft.com/maml/2004/10'
$commandNamespace = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$devNamespace = 'http://schemas.microsoft.com/maml/dev/2004/10'
$aboutWidth = 80
Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force

function Get-CmdletMetadata {
    # In a child process, so that this session never loads (and on Windows locks) the built assemblies.
    $pwsh = @(Get-PwshCommand)
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Get-CmdletMetadata.ps1'), '-ManifestPath', $ManifestPath)
    $json = & $pwsh[0] @arguments
    if ($LASTEXITCODE -ne 0) { throw "Reading the cmdlets of $ManifestPath failed (exit code $LASTEXITCODE)." }
    ($json -join "`n") | ConvertFrom-Json
}

function Read-MarkdownSection {
    <# Splits markdown into "#"/"##"/"###" sections: Title, Lines before the first "##", and Sections, each with Title, Lines and Subsections. Fenced code is never a heading. #>
    param([string] $Path)
    $document = [pscustomobject]@{ Title = $null; Lines = [System.Collections.Generic.List[string]]::new(); Sections = [System.Collections.Generic.List[object]]::new() }
    $target = $document
    $section = $null
    $inFence = $false
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^(#{1,3}) (.+)$') {
            $level = $Matches[1].Length
            $title = $Matches[2].Trim()
            if ($level -eq 1) { $document.Title = $title; continue }
            $node = [pscustomobject]@{ Title = $title; Lines = [System.Collections.Generic.List[string]]::new(); Subsections = [System.Collections.Generic.List[object]]::new() }
            if ($level -eq 2) { $document.Sections.Add($node); $section = $node }
            elseif ($section) { $section.Subsections.Add($node) }
            else { throw "${Path}: '### $title' comes before any '## ' section." }
            $target = $node
            continue
        }
        $target.Lines.Add($line)
    }
    $document
}

function Get-Section {
    param($Document, [string] $Title)
    foreach ($section in $Document.Sections) {
        if ($section.Title -eq $Title) { return $section }
    }
}

function ConvertTo-PlainText {
    param([string] $Text)
    ($Text -replace '`([^`]+)`', '$1').Trim()
}

function ConvertTo-Paragraph {
    <# Paragraphs of prose lines: blank lines separate them, and each "- " item is one of its own. #>
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = $null
    foreach ($line in $Lines) {
        if ($line -match '^\s*$') {
            if ($current) { $paragraphs.Add((ConvertTo-PlainText $current)) }
            $current = $null
        }
        elseif ($line -match '^- ' -and $current) {
            $paragraphs.Add((ConvertTo-PlainText $current))
            $current = $line
        }
        elseif ($current) { $current += ' ' + $line.Trim() }
        else { $current = $line.Trim() }
    }
    if ($current) { $paragraphs.Add((ConvertTo-PlainText $current)) }
    $paragraphs
}

function Split-Example {
    <# An example's code (its first fence, then any ```output fence after a blank line) and its remarks (the prose). #>
    param([string[]] $Lines)
    $code = [System.Collections.Generic.List[string]]::new()
    $prose = [System.Collections.Generic.List[string]]::new()
    $fence = $null
    foreach ($line in $Lines) {
        if ($line -match '^```(\w*)') {
            if ($null -eq $fence) {
                $fence = $Matches[1]
                if ($code.Count -gt 0) { $code.Add('') }
            }
            else { $fence = $null }
            continue
        }
        if ($null -ne $fence) { $code.Add($line) } else { $prose.Add($line) }
    }
    [pscustomobject]@{ Code = ($code -join "`n"); Remarks = @(ConvertTo-Paragraph $prose) }
}

function Read-CmdletHelp {
    <# The help of one cmdlet from its markdown, checked against the cmdlet; returns the help and the problems found. #>
    param($Command, [string] $Path)
    $problems = [System.Collections.Generic.List[string]]::new()
    $file = Split-Path -Leaf $Path
    $document = Read-MarkdownSection $Path
    if ($document.Title -ne $Command.Name) { $problems.Add("${file}: the title must be '# $($Command.Name)'.") }

    $synopsis = @()
    $description = @()
    $section = Get-Section $document 'Synopsis'
    if ($section) { $synopsis = @(ConvertTo-Paragraph $section.Lines) }
    if ($synopsis.Count -eq 0) { $problems.Add("${file}: $($Command.Name) has no synopsis.") }
    $section = Get-Section $document 'Description'
    if ($section) { $description = @(ConvertTo-Paragraph $section.Lines) }
    if ($description.Count -eq 0) { $problems.Add("${file}: $($Command.Name) has no description.") }

    $parameterText = @{}
    $section = Get-Section $document 'Parameters'
    if ($section) {
        foreach ($entry in $section.Subsections) {
            $parameterText[$entry.Title.TrimStart('-')] = @(ConvertTo-Paragraph $entry.Lines)
        }
    }
    $names = @($Command.Parameters | ForEach-Object Name)
    foreach ($name in $names) {
        if (-not $parameterText.ContainsKey($name) -or $parameterText[$name].Count -eq 0) {
            $problems.Add("${file}: the parameter -$name of $($Command.Name) has no description.")
        }
    }
    foreach ($name in $parameterText.Keys) {
        if ($names -notcontains $name) { $problems.Add("${file}: $($Command.Name) has no parameter -$name.") }
    }

    $examples = @()
    $section = Get-Section $document 'Examples'
    if ($section) {
        $examples = @(foreach ($entry in $section.Subsections) {
                $example = Split-Example $entry.Lines
                if (-not $example.Code -or $example.Remarks.Count -eq 0) {
                    $problems.Add("${file}: '$($entry.Title)' needs a code fence and a sentence on what it does.")
                }
                [pscustomobject]@{ Title = $entry.Title; Code = $example.Code; Remarks = $example.Remarks }
            })
    }
    if ($examples.Count -lt 2) { $problems.Add("${file}: $($Command.Name) has $($examples.Count) example(s); it needs at least two.") }

    $inputs = @(Get-TypedEntry $document 'Inputs')
    $outputs = @(Get-TypedEntry $document 'Outputs')
    if ($inputs.Count -eq 0) { $problems.Add("${file}: $($Command.Name) has no '## Inputs' entry ('### None' when nothing is piped in).") }
    foreach ($type in $Command.OutputTypes) {
        if (@($outputs | Where-Object Type -eq $type).Count -eq 0) {
            $problems.Add("${file}: $($Command.Name) declares the output type $type, which '## Outputs' does not describe.")
        }
    }

    $notes = @()
    $section = Get-Section $document 'Notes'
    if ($section) { $notes = @(ConvertTo-Paragraph $section.Lines) }
    $links = @()
    $section = Get-Section $document 'Related links'
    if ($section) { $links = @($section.Lines | Where-Object { $_ -match '^- ' } | ForEach-Object { ConvertTo-PlainText $_.Substring(2) }) }

    [pscustomobject]@{
        Problems = $problems
        Help     = [pscustomobject]@{
            Synopsis = $synopsis -join ' '; Description = $description; Parameters = $parameterText
            Examples = $examples; Inputs = $inputs; Outputs = $outputs; Notes = $notes; Links = $links
        }
    }
}

function Get-TypedEntry {
    param($Document, [string] $Title)
    $section = Get-Section $Document $Title
    if (-not $section) { return }
    foreach ($entry in $section.Subsections) {
        [pscustomobject]@{ Type = $entry.Title; Text = @(ConvertTo-Paragraph $entry.Lines) }
    }
}

function Get-PipelineInput {
    param($Parameter)
    $kinds = @()
    if (@($Parameter.Sets | Where-Object ByValue).Count) { $kinds += 'ByValue' }
    if (@($Parameter.Sets | Where-Object ByPropertyName).Count) { $kinds += 'ByPropertyName' }
    if ($kinds.Count -eq 0) { return 'False' }
    "True ($($kinds -join ', '))"
}

function Get-PositionText {
    param([int] $Position)
    if ($Position -lt 0) { return 'named' }
    [string] $Position
}

function Write-Element {
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [string] $Text)
    $namespace = @{ maml = $mamlNamespace; command = $commandNamespace; dev = $devNamespace }[$Prefix]
    $Writer.WriteElementString($Prefix, $Name, $namespace, $Text)
}

function Write-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $mamlNamespace)
    foreach ($paragraph in $Paragraphs) { Write-Element $Writer maml para $paragraph }
    $Writer.WriteEndElement()
}

function Write-Parameter {
    <# One command:parameter: in a syntax line, with its mandatory and position in that set; in the parameter list, across all its sets. #>
    param([System.Xml.XmlWriter] $Writer, $Parameter, [string[]] $Text, [bool] $Required, [int] $Position, [bool] $InSyntax)
    $Writer.WriteStartElement('command', 'parameter', $commandNamespace)
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ([bool] $Parameter.IsArray).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ([bool] $Parameter.Globbing).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $Parameter))
    $Writer.WriteAttributeString('position', (Get-PositionText $Position))
    $aliases = 'none'
    if (@($Parameter.Aliases).Count) { $aliases = @($Parameter.Aliases) -join ', ' }
    $Writer.WriteAttributeString('aliases', $aliases)
    Write-Element $Writer maml name $Parameter.Name
    Write-Paragraphs $Writer $Text
    # A switch shows as [-Name] in the syntax, with no value.
    if (-not ($InSyntax -and $Parameter.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $commandNamespace)
        $Writer.WriteAttributeString('required', (-not $Parameter.IsSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', ([bool] $Parameter.IsArray).ToString().ToLowerInvariant())
        $Writer.WriteString($Parameter.TypeName)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $devNamespace)
    Write-Element $Writer maml name $Parameter.Type
    $Writer.WriteEndElement()
    $default = 'None'
    if ($Parameter.Default) { $default = $Parameter.Default }
    Write-Element $Writer dev defaultValue $default
    $Writer.WriteEndElement()
}

function Get-SyntaxOrder {
    <# A set's parameters as PowerShell writes a syntax line: positional ones by position, then the mandatory, then the rest. #>
    param($Command, $Set)
    $index = 0
    $placed = foreach ($name in $Set.Parameters) {
        $parameter = $Command.Parameters | Where-Object Name -eq $name
        $placement = $parameter.Sets | Where-Object { $_.Name -eq $Set.Name -or $_.Name -eq '__AllParameterSets' } | Select-Object -First 1
        $group = 2
        if ($placement.Position -ge 0) { $group = 0 } elseif ($placement.Mandatory) { $group = 1 }
        [pscustomobject]@{ Parameter = $parameter; Placement = $placement; Group = $group; Position = $placement.Position; Index = $index++ }
    }
    $placed | Sort-Object Group, Position, Index
}

function Write-Command {
    param([System.Xml.XmlWriter] $Writer, $Command, $Help)
    $Writer.WriteStartElement('command', 'command', $commandNamespace)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $mamlNamespace)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $devNamespace)

    $Writer.WriteStartElement('command', 'details', $commandNamespace)
    Write-Element $Writer command name $Command.Name
    Write-Element $Writer command verb $Command.Verb
    Write-Element $Writer command noun $Command.Noun
    Write-Paragraphs $Writer @($Help.Synopsis)
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer $Help.Description

    $Writer.WriteStartElement('command', 'syntax', $commandNamespace)
    $sets = @($Command.ParameterSets | Sort-Object { -not $_.IsDefault })
    foreach ($set in $sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $commandNamespace)
        Write-Element $Writer maml name $Command.Name
        foreach ($entry in Get-SyntaxOrder $Command $set) {
            Write-Parameter $Writer $entry.Parameter $Help.Parameters[$entry.Parameter.Name] ([bool] $entry.Placement.Mandatory) $entry.Position $true
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $commandNamespace)
    foreach ($parameter in $Command.Parameters) {
        # Required when mandatory in every set it belongs to; positioned where any set gives it a position.
        $required = @($parameter.Sets | Where-Object { -not $_.Mandatory }).Count -eq 0
        $position = ($parameter.Sets | ForEach-Object Position | Measure-Object -Maximum).Maximum
        Write-Parameter $Writer $parameter $Help.Parameters[$parameter.Name] $required $position $false
    }
    $Writer.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', $Help.Inputs), @('returnValues', 'returnValue', $Help.Outputs))) {
        $Writer.WriteStartElement('command', $kind[0], $commandNamespace)
        foreach ($entry in $kind[2]) {
            $Writer.WriteStartElement('command', $kind[1], $commandNamespace)
            $Writer.WriteStartElement('dev', 'type', $devNamespace)
            Write-Element $Writer maml name $entry.Type
            $Writer.WriteEndElement()
            Write-Paragraphs $Writer $entry.Text
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    if ($Help.Notes.Count) {
        $Writer.WriteStartElement('maml', 'alertSet', $mamlNamespace)
        $Writer.WriteStartElement('maml', 'alert', $mamlNamespace)
        foreach ($paragraph in $Help.Notes) { Write-Element $Writer maml para $paragraph }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $commandNamespace)
    foreach ($example in $Help.Examples) {
        $Writer.WriteStartElement('command', 'example', $commandNamespace)
        Write-Element $Writer maml title "---------- $($example.Title) ----------"
        Write-Element $Writer dev code $example.Code
        $Writer.WriteStartElement('dev', 'remarks', $devNamespace)
        foreach ($paragraph in $example.Remarks) { Write-Element $Writer maml para $paragraph }
        # Get-Help writes the next example's title right under the remarks without it.
        Write-Element $Writer maml para ''
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $commandNamespace)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $mamlNamespace)
        Write-Element $Writer maml linkText $link
        Write-Element $Writer maml uri ''
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Format-Wrapped {
    <# Words of one paragraph as lines of at most $aboutWidth characters, the first after $First, the rest after $Rest. #>
    param([string] $Text, [string] $First, [string] $Rest)
    $line = $First
    $fresh = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $fresh -and ($line.Length + 1 + $word.Length) -gt $aboutWidth) {
            $line
            $line = $Rest + $word
        }
        elseif ($fresh) { $line += $word }
        else { $line += ' ' + $word }
        $fresh = $false
    }
    $line
}

function ConvertTo-AboutText {
    <# An about_ topic in the layout of PowerShell's own: headings in capitals, text indented by four, code by eight. #>
    param([string] $Path)
    $document = Read-MarkdownSection $Path
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $($document.Title)")
    foreach ($section in $document.Sections) {
        $out.Add('')
        $out.Add($section.Title.ToUpperInvariant())
        $inFence = $false
        $prose = [System.Collections.Generic.List[string]]::new()
        # Prose is gathered until a fence or the end, then wrapped; fenced lines are kept as they are.
        foreach ($line in @($section.Lines) + '```') {
            if ($line -match '^```') {
                if (-not $inFence) {
                    $wasItem = $false
                    foreach ($paragraph in @(ConvertTo-Paragraph $prose)) {
                        $isItem = $paragraph.StartsWith('- ')
                        # A blank line before each paragraph, but a list's items stay together.
                        $atHeading = $out[$out.Count - 1] -eq $section.Title.ToUpperInvariant()
                        if (-not $atHeading -and -not ($isItem -and $wasItem)) { $out.Add('') }
                        if ($isItem) { Format-Wrapped $paragraph.Substring(2) '    - ' '      ' | ForEach-Object { $out.Add($_) } }
                        else { Format-Wrapped $paragraph '    ' '    ' | ForEach-Object { $out.Add($_) } }
                        $wasItem = $isItem
                    }
                    $prose.Clear()
                    $out.Add('')
                }
                $inFence = -not $inFence
                continue
            }
            if ($inFence) { $out.Add(('        ' + $line).TrimEnd()) } else { $prose.Add($line) }
        }
        while ($out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    }
    $out.Add('')
    $out -join "`n"
}

$manifest = Import-PowerShellDataFile -Path $ManifestPath
$commands = @(Get-CmdletMetadata)
$mamlName = @($commands.HelpFile | Sort-Object -Unique)
if ($mamlName.Count -ne 1) { throw "The cmdlets name $($mamlName.Count) help files ($($mamlName -join ', ')); the build writes one." }
$mamlName = $mamlName[0]
$problems = [System.Collections.Generic.List[string]]::new()
$helps = @{}
foreach ($command in $commands) {
    $path = Join-Path $SourcePath "$($command.Name).md"
    if (-not (Test-Path -LiteralPath $path)) { $problems.Add("$($command.Name) has no help: add $path."); continue }
    $read = Read-CmdletHelp $command $path
    $problems.AddRange($read.Problems)
    $helps[$command.Name] = $read.Help
}
foreach ($file in Get-ChildItem -LiteralPath $SourcePath -Filter '*.md' | Where-Object { $_.Name -notlike 'about_*' }) {
    if (@($commands | Where-Object Name -eq $file.BaseName).Count -eq 0) { $problems.Add("$($file.Name) describes $($file.BaseName), which the module does not have.") }
}
if ($problems.Count) { throw "The help is incomplete:`n  $($problems -join "`n  ")" }

$null = New-Item -ItemType Directory -Force -Path $OutputPath
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create((Join-Path $OutputPath $mamlName), $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($command in $commands) { Write-Command $writer $command $helps[$command.Name] }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally { $writer.Dispose() }

foreach ($file in Get-ChildItem -LiteralPath $SourcePath -Filter 'about_*.md') {
    $text = ConvertTo-AboutText $file.FullName
    [System.IO.File]::WriteAllText((Join-Path $OutputPath "$($file.BaseName).help.txt"), $text, [System.Text.UTF8Encoding]::new($false))
}
