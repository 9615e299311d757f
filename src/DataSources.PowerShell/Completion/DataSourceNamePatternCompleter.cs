using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DataSources.Commands;

/// <summary>
/// Completes a -Name that takes wildcards (Find-DataSource's) with the names of the data sources on
/// the server that match what was typed followed by anything, as -like matches (prod-?r, 'prod-[h]'),
/// each escaped, so that a name holding *, ?, [ or ] finds that source alone.
/// </summary>
internal sealed class DataSourceNamePatternCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionLookup.Offer(
            fakeBoundParameters,
            wordToComplete,
            source => source.ResourceName == null ? null : WildcardPattern.Escape(source.ResourceName),
            wordIsPattern: true);
}
