using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DataSources.Commands;

/// <summary>
/// Completes -DatabaseType with the type codes known to work. The server publishes no list, so
/// these are offers only: the parameter still takes any code.
/// </summary>
internal sealed class DatabaseTypeCompleter : IArgumentCompleter
{
    private static readonly KeyValuePair<string, string>[] KnownTypes =
    {
        new KeyValuePair<string, string>("AWS", "Amazon S3 and S3-compatible object stores"),
        new KeyValuePair<string, string>("POSTGRES", "PostgreSQL"),
        new KeyValuePair<string, string>("MYSQL", "MySQL"),
        new KeyValuePair<string, string>("AZURE_BLOB_STORAGE", "Azure Blob Storage"),
        new KeyValuePair<string, string>("ORACLE", "Oracle Database"),
        new KeyValuePair<string, string>("MSSQL", "Microsoft SQL Server"),
        new KeyValuePair<string, string>("VERTICA", "Vertica"),
    };

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = CompletionWord.Prefix(CompletionWord.Unquote(wordToComplete));
        return KnownTypes
            .Where(type => pattern.IsMatch(type.Key))
            .Select(type => new CompletionResult(type.Key, type.Key, CompletionResultType.ParameterValue, type.Value))
            .ToList();
    }
}
