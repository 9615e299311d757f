using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// The data sources whose names start with what the user typed, for tab completion: one filter
/// request for at most <see cref="Limit"/> of them, remembered for a short while per connection so
/// that completing -Name and then -Id, or pressing Tab again, asks the server once.
/// </summary>
internal static class CompletionLookup
{
    private const int Limit = 50;

    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    // A prompt must not hang on a slow server: past this the completion offers nothing.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static readonly IReadOnlyList<DataSource> None = Array.Empty<DataSource>();

    private static readonly ConditionalWeakTable<DataSourceConnection, Dictionary<string, Answer>> Answers =
        new ConditionalWeakTable<DataSourceConnection, Dictionary<string, Answer>>();

    /// <summary>
    /// Offers the <paramref name="valueOf"/> of each data source whose name starts with the word, listed
    /// by name; what -Name and -Id complete with.
    /// </summary>
    /// <param name="wordIsPattern">The word is a wildcard pattern (Find-DataSource's -Name): its ?, [ ] and ` are matched as -like does, where the server knows only *.</param>
    public static IEnumerable<CompletionResult> Offer(IDictionary fakeBoundParameters, string wordToComplete, Func<DataSource, string?> valueOf, bool wordIsPattern = false)
    {
        var results = new List<CompletionResult>();
        var word = CompletionWord.Unquote(wordToComplete);
        WildcardFilter? filter = null;
        if (wordIsPattern)
        {
            try
            {
                filter = WildcardFilter.Of(new[] { word.EndsWith("*", StringComparison.Ordinal) ? word : word + "*" });
            }
            catch (ArgumentException)
            {
                // Half typed (an unclosed [): nothing matches it yet.
                return results;
            }
        }

        var sources = filter == null
            ? ByNamePrefix(fakeBoundParameters, word)
            : ByNamePrefix(fakeBoundParameters, filter.ServerPatterns[0]).Where(source => filter.IsMatch(source.ResourceName));
        foreach (var source in sources)
        {
            var value = valueOf(source);
            if (!string.IsNullOrEmpty(value))
            {
                results.Add(new CompletionResult(
                    CompletionWord.Quote(value!),
                    source.ResourceName ?? value,
                    CompletionResultType.ParameterValue,
                    $"{source.ResourceName} ({source.DatabaseType}, id {source.Id})"));
            }
        }

        return results;
    }

    /// <summary>
    /// The data sources whose names match <paramref name="prefix"/> followed by anything, on the
    /// connection the command line names with -Connection, or else the default one. Nothing when
    /// not connected, and nothing on any failure: completion must never throw or complain.
    /// </summary>
    private static IReadOnlyList<DataSource> ByNamePrefix(IDictionary fakeBoundParameters, string prefix)
    {
        var connection = ConnectionOf(fakeBoundParameters);
        if (connection == null)
        {
            return None;
        }

        var pattern = prefix.EndsWith("*", StringComparison.Ordinal) ? prefix : prefix + "*";
        var answers = Answers.GetOrCreateValue(connection);
        lock (answers)
        {
            if (answers.TryGetValue(pattern, out var known) && known.Expires > DateTime.UtcNow)
            {
                return known.Sources;
            }
        }

        IReadOnlyList<DataSource> sources;
        try
        {
            using (var cancellation = new CancellationTokenSource(Timeout))
            {
                var query = new FilterQuery(null, new[] { pattern }, null);
                sources = connection.Client.GetFilterPageAsync(query, 0, Limit, cancellation.Token).GetAwaiter().GetResult().Items;
            }
        }
        catch (Exception)
        {
            // Not reachable, token expired, no permission, too slow: completion stays silent.
            return None;
        }

        lock (answers)
        {
            var now = DateTime.UtcNow;
            foreach (var stale in new List<string>(answers.Keys))
            {
                if (answers[stale].Expires <= now)
                {
                    answers.Remove(stale);
                }
            }

            answers[pattern] = new Answer(sources, now + Lifetime);
        }

        return sources;
    }

    private static DataSourceConnection? ConnectionOf(IDictionary fakeBoundParameters)
    {
        // PowerShell fills in -Connection when the command line gives it as a plain variable.
        var named = fakeBoundParameters?["Connection"];
        if ((named is PSObject wrapped ? wrapped.BaseObject : named) is DataSourceConnection connection)
        {
            return connection;
        }

        return DefaultConnection.Current;
    }

    private sealed class Answer
    {
        public Answer(IReadOnlyList<DataSource> sources, DateTime expires)
        {
            Sources = sources;
            Expires = expires;
        }

        public IReadOnlyList<DataSource> Sources { get; }

        public DateTime Expires { get; }
    }
}
