using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DataSources.Commands;

/// <summary>Completes an exact -Name (Get-DataSource's) with the names of the data sources on the server that start with what was typed.</summary>
internal sealed class DataSourceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionLookup.Offer(fakeBoundParameters, wordToComplete, source => source.ResourceName);
}
