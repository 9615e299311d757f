using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DataSources.Commands;

/// <summary>
/// Completes -Id from a name: people remember names, not 24-character ids, and the server matches
/// ids only whole. Typing the start of a name and Tab puts in the id of a data source so named; the
/// list shows the names.
/// </summary>
internal sealed class DataSourceIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionLookup.Offer(fakeBoundParameters, wordToComplete, source => source.Id);
}
