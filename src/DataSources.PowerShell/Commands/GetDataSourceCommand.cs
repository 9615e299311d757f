using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading.Tasks;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// Get-DataSource: data sources by id or by exact name. Ids and names are gathered across the
/// whole pipeline and asked for in batches (one by-ids or filter request per batch), sent as a
/// batch fills and at the end, one in flight while the next is gathered; a lone id is a GET.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DataSource", DefaultParameterSetName = IdSet)]
[OutputType(typeof(DataSource))]
public sealed class GetDataSourceCommand : ConnectedDataSourceCmdlet
{
    private const string IdSet = "Id";
    private const string InputObjectSet = "InputObject";
    private const string NameSet = "Name";

    // Find-DataSource's is 1, Set-DataSource's 3, New-DataSource's 4.
    private const int ProgressActivityId = 2;

    private readonly List<string> _pending = new List<string>();
    private readonly CreateRequestInput _rows = new CreateRequestInput();
    private (string[] Keys, Task Request)? _sent;
    private readonly Action<PSObject> _addInput;
    private bool _byName;
    private int _batchSize;
    private int _position;

    /// <summary>The ids (the API's _id).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [Alias("_id")]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(DataSourceIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>Exact resource names: no wildcards, case included.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet)]
    [Alias("ResourceName")]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(DataSourceNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>From the pipeline: id strings, data sources, or objects with an Id (or _id) property.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Creates the command; PowerShell does, once per use.</summary>
    public GetDataSourceCommand() => _addInput = AddInput;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _batchSize = Client.Settings.GetBatchSize;
        _byName = ParameterSetName == NameSet;
        var total = ParameterSetName == IdSet ? Id.Length
            : _byName ? Name.Length
            : MyInvocation.ExpectingInput ? (long?)null : PipedInput.CountOf(InputObject!);
        StartProgress(ProgressActivityId, "Get-DataSource", total);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case IdSet:
                foreach (var id in Id)
                {
                    Add(id);
                }

                break;
            case NameSet:
                foreach (var name in Name)
                {
                    Add(name);
                }

                break;
            default:
                PipedInput.ForEachItem(InputObject!, _addInput);
                break;
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        Flush();
        WriteSent();
        CompleteProgress();
        ThrowIfServerUnreachable(atEnd: true);
    }

    private void AddInput(PSObject input)
    {
        _position++;
        if (PipedInput.IsTotalCount(input))
        {
            StreamPreference.WriteVerbose(this, $"Input {_position} is the total count of -IncludeTotalCount, not a data source: skipped.");
            return;
        }

        if (FromOtherServer(input) is { } otherServer)
        {
            WriteError(otherServer);
            return;
        }

        string? id;
        try
        {
            id = PipedInput.TryGetIdentity(input, out var identity, out _) ? identity : _rows.IdOf(input);
        }
        catch (DataSourceInputException exception)
        {
            WriteError(InvalidArgument($"Input {_position} was not read: {exception.Message}", ErrorIds.InvalidId, _position));
            return;
        }

        if (id == null)
        {
            WriteError(InvalidArgument(
                $"Input {_position} ({input.BaseObject.GetType().Name}) has no Id (or _id) to get: pipe ids, data sources, or objects with an Id column.",
                ErrorIds.InvalidId,
                _position));
            return;
        }

        Add(id);
    }

    /// <summary>Queues an id (or, with -Name, a name) for the next batch, and sends the batch once it is full.</summary>
    private void Add(string key)
    {
        if (_byName ? string.IsNullOrEmpty(key) : string.IsNullOrWhiteSpace(key))
        {
            WriteError(_byName
                ? InvalidArgument("A name cannot be empty.", ErrorIds.InvalidName, key)
                : InvalidArgument("An id cannot be empty or white space.", ErrorIds.InvalidId, key));
            return;
        }

        _pending.Add(_byName ? key : PipedInput.TrimId(key));
        if (_pending.Count == _batchSize)
        {
            Flush();
        }
    }

    /// <summary>
    /// Sends the gathered batch without waiting for it, so that the next batch's ids are read from
    /// the pipeline while it is answered, and writes the outcome of the batch on its way. One batch
    /// is in flight at a time; the outcomes come out in the order of the batches.
    /// </summary>
    private void Flush()
    {
        if (_sent is { } answered && _pending.Count > 0 && FoundAll(answered.Request))
        {
            // Its outcome holds no error, so writing it cannot stop the command: the next batch
            // goes first, and writing these objects overlaps its round trip. An outcome with an
            // error is written first, so that one which stops the command (-ErrorAction Stop)
            // stops it before the next batch is sent.
            _sent = null;
            SendPending();
            WriteOutcome(answered.Keys, answered.Request);
            return;
        }

        WriteSent();
        if (_pending.Count > 0)
        {
            SendPending();
        }
    }

    private void SendPending()
    {
        ThrowIfServerUnreachable();
        var batch = _pending.ToArray();
        _pending.Clear();
        _sent = (batch, Send(batch));
    }

    // Waits for a batch; true when it was answered and every id (or name) in it was found.
    private bool FoundAll(Task request)
    {
        WaitAny(new[] { request });
        return request.Status == TaskStatus.RanToCompletion
            && !(request is Task<GetManyResult> many && many.Result.NotFound.Count > 0);
    }

    // The client's calls are async: a refused id fails the task, and WriteOutcome reports it.
    private Task Send(string[] batch) =>
        _byName ? Start(cancellationToken => Client.GetByNamesAsync(batch, cancellationToken))
        : batch.Length == 1 ? Start(cancellationToken => Client.GetAsync(batch[0], cancellationToken))
        : (Task)Start(cancellationToken => Client.GetManyAsync(batch, cancellationToken));

    private void WriteSent()
    {
        if (_sent == null)
        {
            return;
        }

        var (batch, sent) = _sent.Value;
        _sent = null;
        WriteOutcome(batch, sent);
    }

    private void WriteOutcome(string[] batch, Task sent)
    {
        try
        {
            Wait(sent);
            if (_byName)
            {
                WriteFoundByName(((Task<GetManyResult>)sent).Result);
            }
            else if (batch.Length == 1)
            {
                WriteObject(FromThisServer(((Task<DataSource>)sent).Result));
            }
            else
            {
                WriteFoundById(((Task<GetManyResult>)sent).Result);
            }
        }
        catch (DataSourceApiException exception)
        {
            // The whole batch failed: each of its ids (or names) gets the error, so a script can retry them.
            foreach (var key in batch)
            {
                WriteApiError(_byName ? exception : WithNameHint(exception, key), key);
            }
        }
        catch (DataSourceInputException exception)
        {
            // An id the client refuses to put in a path, such as "..".
            WriteError(ErrorIds.InvalidId.Record(exception, batch[0]));
        }
        catch (OperationCanceledException) when (Stopping)
        {
        }

        CountDone(batch.Length);
    }

    private void WriteFoundById(GetManyResult result)
    {
        WriteObject(FromThisServer(result.Found), enumerateCollection: true);
        foreach (var id in result.NotFound)
        {
            WriteError(ErrorRecordFor(WithNameHint(new DataSourceApiException(ApiErrorKind.NotFound, $"There is no data source with id '{id}'."), id), id));
        }
    }

    private static DataSourceApiException WithNameHint(DataSourceApiException notFound, string id) =>
        WithNameHint(notFound, id, $"to get a data source by its name: Get-DataSource -Name '{CodeGeneration.EscapeSingleQuotedStringContent(id)}'");

    private void WriteFoundByName(GetManyResult result)
    {
        WriteObject(FromThisServer(result.Found), enumerateCollection: true);
        foreach (var name in result.NotFound)
        {
            WriteError(ErrorRecordFor(
                new DataSourceApiException(
                    ApiErrorKind.NotFound,
                    $"There is no data source named '{name}' (the name must match exactly, case included; Find-DataSource -Name searches with wildcards)."),
                name));
        }
    }
}
