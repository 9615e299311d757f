using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// Find-DataSource: the server's filter, streamed page by page. A downstream
/// <c>Select-Object -First n</c> stops the paging: the next pages are asked for only once the
/// pipeline has taken half of the current one. Pipeline input (names, or objects with Name,
/// DatabaseType and Id) is gathered and asked for at the end, each row finding what it would find
/// alone (<see cref="PipedCriteria"/>); a Find-DataSource downstream of a pipeline that sent
/// nothing usable finds nothing, never everything, and so does an empty list given to -Name,
/// -DatabaseType or -Id.
/// </summary>
[Cmdlet(VerbsCommon.Find, "DataSource", SupportsPaging = true)]
[OutputType(typeof(DataSource))]
public sealed class FindDataSourceCommand : ConnectedDataSourceCmdlet
{
    private const int ProgressActivityId = 1;

    // The filter values the pipeline gave, for the keys the command line did not give.
    private readonly PipedCriteria _piped = new PipedCriteria();
    private int _position;
    private bool _nameGiven;
    private bool _typeGiven;
    private bool _idGiven;

    // The data sources written so far: after the first, a failure leaves the listing incomplete.
    private long _written;

    /// <summary>Resource names or PowerShell wildcard patterns, e.g. <c>prod-*</c>; any one may match.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ResourceName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(DataSourceNamePatternCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Database type codes or PowerShell wildcard patterns, e.g. <c>POSTGRES</c>; any one may match.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(DatabaseTypeCompleter))]
    public string[]? DatabaseType { get; set; }

    /// <summary>Exact ids; any one may match.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("_id")]
    [ArgumentCompleter(typeof(DataSourceIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>
    /// Pipeline input: a string is a name or pattern; an object gives its Name (or ResourceName),
    /// DatabaseType and Id properties, bound by name.
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Rows per request, 1 to 10,000.</summary>
    [Parameter]
    [ValidateRange(1, DataSourceConnectionSettings.MaxItemsPerRequest)]
    public int PageSize { get; set; } = 1000;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.ContainsKey(nameof(InputObject)))
        {
            ThrowTerminatingError(InvalidArgument(
                "-InputObject takes pipeline input only: give names with -Name, types with -DatabaseType and ids with -Id, or pipe them.",
                ErrorIds.InputObjectNotPiped,
                null));
        }

        // Only the command line has bound anything yet: these keys take nothing from the pipeline.
        _nameGiven = bound.ContainsKey(nameof(Name));
        _typeGiven = bound.ContainsKey(nameof(DatabaseType));
        _idGiven = bound.ContainsKey(nameof(Id));
        RefuseNull(nameof(Name), _nameGiven, Name, "names or patterns");
        RefuseNull(nameof(DatabaseType), _typeGiven, DatabaseType, "database types or patterns");
        RefuseNull(nameof(Id), _idGiven, Id, "ids");
        foreach (var pattern in (Name ?? Array.Empty<string>()).Concat(DatabaseType ?? Array.Empty<string>()))
        {
            try
            {
                WildcardFilter.Validate(pattern);
            }
            catch (ArgumentException exception)
            {
                ThrowTerminatingError(ErrorIds.InvalidWildcardPattern.Record(exception, pattern));
            }
        }

        base.BeginProcessing();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!MyInvocation.ExpectingInput || InputObject == null)
        {
            return;
        }

        _position++;
        string? problem;
        if (PipedInput.IsTotalCount(InputObject))
        {
            StreamPreference.WriteVerbose(this, $"Input {_position} is the total count of -IncludeTotalCount, not a data source: skipped.");
            return;
        }

        if (FromOtherServer(InputObject) is { } otherServer)
        {
            WriteError(otherServer);
            return;
        }

        IReadOnlyList<string>? names, types = null, ids = null;
        if (InputObject.BaseObject is string text)
        {
            names = new[] { text };
            problem = _nameGiven ? "it is text, so a name, and -Name is given: pipe the names or give -Name, not both." : ProblemOf(names, isPattern: true);
        }
        else
        {
            // The binder has set, from this object's properties, the keys the command line left
            // free; a hashtable's keys are no properties to it, so they are read here.
            var entries = InputObject.BaseObject as IDictionary;
            names = _nameGiven ? null : NonEmpty(entries == null ? Name : EntryValues(entries, "Name", "ResourceName"));
            types = _typeGiven ? null : NonEmpty(entries == null ? DatabaseType : EntryValues(entries, "DatabaseType"));
            ids = _idGiven ? null : NonEmpty(entries == null ? Id : EntryValues(entries, "Id", "_id"))?.Select(PipedInput.TrimId).ToArray();
            problem = names == null && types == null && ids == null
                ? $"it ({InputObject.BaseObject.GetType().Name}) has no Name, ResourceName, DatabaseType or Id property with a value for a filter not given as a parameter."
                : ProblemOf(names, isPattern: true) ?? ProblemOf(types, isPattern: true) ?? ProblemOf(ids, isPattern: false) ?? ids?.Select(IdProblemOf).FirstOrDefault(idProblem => idProblem != null);
        }

        if (problem != null)
        {
            // The position, not the object itself: a row may carry a password.
            var target = InputObject.BaseObject is string piped ? piped : (object)_position;
            WriteError(InvalidArgument($"Input {_position} was skipped: {problem}", ErrorIds.InvalidPipelineInput, target));
            return;
        }

        _piped.Add(names, types, ids);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        // The user's error for -Skip, with the client's bound, before anything is read: what
        // ValidateRange is for -PageSize (PowerShell's own paging parameters take none).
        if (PagingParameters.Skip > FilterOptions.MaxSkip)
        {
            ThrowTerminatingError(InvalidArgument(
                $"-Skip must be at most {FilterOptions.MaxSkip:N0}; it was {PagingParameters.Skip:N0}.", ErrorIds.InvalidSkip, PagingParameters.Skip));
        }

        // Downstream of a pipeline, only what it sent is looked for: nothing usable, nothing found.
        // An empty list given on the command line (a variable that matched nothing) finds nothing too.
        if ((MyInvocation.ExpectingInput && !_piped.Any) || (_nameGiven && Name!.Length == 0) || (_typeGiven && DatabaseType!.Length == 0) || (_idGiven && Id!.Length == 0))
        {
            WriteNothingFound();
            return;
        }

        var names = _nameGiven ? Name : _piped.Names;
        var types = _typeGiven ? DatabaseType : _piped.Types;
        var ids = _idGiven ? CatalogIds(Id!) : _piped.Ids;
        if (ids?.Length == 0)
        {
            // Every id given was refused: none can match, and no id is not "any id".
            WriteNothingFound();
            return;
        }

        var nameFilter = WildcardFilter.Of(names);
        var typeFilter = WildcardFilter.Of(types);
        var query = new FilterQuery(ids, nameFilter?.ServerPatterns, typeFilter?.ServerPatterns);
        var pipedExact = _piped.IsExact;
        Func<DataSource, bool>? keep = nameFilter?.MatchesOnClient == true || typeFilter?.MatchesOnClient == true || !pipedExact
            ? source => nameFilter?.IsMatch(source.ResourceName) != false && typeFilter?.IsMatch(source.DatabaseType) != false
                && (pipedExact || _piped.Matches(source))
            : null;
        var options = new FilterOptions
        {
            Skip = (long)PagingParameters.Skip,
            First = PagingParameters.First >= long.MaxValue ? null : (long)PagingParameters.First,
            PageSize = PageSize,
        };
        var target = (object?)names ?? (object?)ids ?? types;
        try
        {
            Write(new FilterListing(Client, query, options, keep, PagingParameters.IncludeTotalCount));
        }
        catch (DataSourceApiException exception) when (_written > 0 && !EndsCommand(exception))
        {
            // Sources are out already: a listing cut short (a server gone half-way) must not pass
            // for the whole one in a script that catches only what stops it.
            ThrowTerminatingError(ErrorRecordFor(
                new DataSourceApiException(
                    exception.Kind,
                    $"Stopped after {_written:N0} data source(s), so the listing is incomplete: {exception.Message}",
                    exception.StatusCode,
                    exception.ServerMessage,
                    exception.Method,
                    exception.Route,
                    innerException: exception),
                target));
        }
        catch (DataSourceApiException exception) when (exception.NeverReachedServer || exception.Kind == ApiErrorKind.Timeout)
        {
            // A server that cannot be reached or does not answer stops the command; a listing has
            // nothing else to send, so its own error is the terminating one.
            ThrowTerminatingError(ErrorRecordFor(exception, target));
        }
        catch (DataSourceApiException exception)
        {
            WriteApiError(exception, target);
        }
        catch (OperationCanceledException) when (Stopping)
        {
        }
    }

    /// <summary>Writes the listing's data sources as they come, its total count when due, and its progress.</summary>
    private void Write(FilterListing listing)
    {
        var progressShown = false;
        using (var steps = listing.Read(CancellationToken).GetEnumerator())
        {
            while (MoveNext(steps))
            {
                progressShown |= WriteDue(listing);
                if (steps.Current != null)
                {
                    WriteObject(FromThisServer(steps.Current));
                    _written++;
                }
            }
        }

        WriteDue(listing);
        if (progressShown)
        {
            WriteProgress(new ProgressRecord(ProgressActivityId, "Find-DataSource", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    // The total count and the progress the listing has due; returns whether progress was written.
    private bool WriteDue(FilterListing listing)
    {
        if (listing.TakeTotalCount(out var total))
        {
            WriteObject(PagingParameters.NewTotalCount((ulong)total, 1.0));
        }

        if (!listing.TakeProgress(out var read, out var expected))
        {
            return false;
        }

        WriteProgress(new ProgressRecord(ProgressActivityId, "Find-DataSource", $"Received {read:N0} of {expected:N0} data sources")
        {
            PercentComplete = (int)Math.Min(100, read * 100 / expected),
        });
        return true;
    }

    // Null from the command line is refused: it names nothing, and must not read as "no filter".
    // A piped row's null is an empty cell and leaves its key free, as an empty string does: the
    // binder's own null check would drop the whole row, and Import-Csv gives null for the last
    // cell of a file without a final newline.
    private void RefuseNull(string parameter, bool given, string[]? values, string what)
    {
        if (given && (values == null || Array.IndexOf(values, null) >= 0))
        {
            ThrowTerminatingError(InvalidArgument(
                $"-{parameter} is null or holds a null: give {what}, or leave -{parameter} out; nothing was sent.", ErrorIds.NullFilter, null));
        }
    }

    private void WriteNothingFound()
    {
        if (PagingParameters.IncludeTotalCount)
        {
            WriteObject(PagingParameters.NewTotalCount(0, 1.0));
        }
    }

    /// <summary>
    /// The ids that can be a catalog's, each other one reported: a real server fails the whole
    /// filter (500, "Cast to ObjectId failed") for one id that is not an ObjectId, and no data
    /// source has such an id ([field]).
    /// </summary>
    private string[] CatalogIds(string[] ids)
    {
        var kept = new List<string>(ids.Length);
        foreach (var given in ids)
        {
            var id = PipedInput.TrimId(given);
            var problem = IdProblemOf(id);
            if (problem == null)
            {
                kept.Add(id);
            }
            else
            {
                WriteError(InvalidArgument($"Left out of the filter: {problem}", ErrorIds.InvalidId, id));
            }
        }

        return kept.ToArray();
    }

    private static string? IdProblemOf(string id) =>
        DataSourceClient.IsObjectId(id) ? null : $"'{id}' is not a catalog's id (24 hexadecimal digits), so no data source has it.";

    /// <summary>Why piped values for one key cannot go into the filter, or null when they can.</summary>
    private static string? ProblemOf(IReadOnlyList<string>? values, bool isPattern)
    {
        foreach (var value in values ?? Array.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return "an empty or blank value is not a filter.";
            }

            if (isPattern)
            {
                try
                {
                    WildcardFilter.Validate(value);
                }
                catch (ArgumentException exception)
                {
                    return exception.Message;
                }
            }
        }

        return null;
    }

    // The values of a hashtable's entries under these keys (ignoring case), as text.
    private static string[]? EntryValues(IDictionary entries, params string[] keys)
    {
        List<string>? values = null;
        foreach (DictionaryEntry entry in entries)
        {
            var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
            if (!keys.Any(wanted => string.Equals(wanted, key, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            values = values ?? new List<string>();
            var value = PlainValue.Of(entry.Value);
            foreach (var item in value is object?[] list ? list : new[] { value })
            {
                values.Add(Convert.ToString(item, CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }

        return values?.ToArray();
    }

    // A piped object's values for one key, without the empty cells of a CSV row; null when none is left.
    private static IReadOnlyList<string>? NonEmpty(string[]? values)
    {
        if (values == null)
        {
            return null;
        }

        var kept = new List<string>(values.Length);
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                kept.Add(value);
            }
        }

        return kept.Count == 0 ? null : kept;
    }
}
