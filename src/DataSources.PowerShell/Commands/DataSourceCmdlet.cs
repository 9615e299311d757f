using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// What every command that talks to the server shares: cancellation on Ctrl+C, the request log
/// written as -Verbose and -Debug from the pipeline thread, and one mapping of API failures to
/// ErrorRecords.
/// </summary>
public abstract class DataSourceCmdlet : PSCmdlet, IDisposable
{
    // How often a command blocked on a request writes the log lines that came in meanwhile.
    private static readonly TimeSpan LogFlushInterval = TimeSpan.FromMilliseconds(100);

    private CancellationTokenSource? _cancellation;
    private RequestLogQueue _log = new RequestLogQueue(verbose: false, debug: false);
    private bool _verboseAsDebug;

    // Progress of long work (StartProgress): how many items are done, of how many when known.
    private ProgressSchedule? _progressSchedule;
    private int _activityId;
    private string _activity = string.Empty;
    private long _done;
    private long? _total;
    private bool _progressShown;

    // The first failure that never reached the server, or got no answer in time, through all its
    // retries: from then on the command sends nothing more (ThrowIfServerUnreachable), as no later
    // request would fare better; a command whose last request failed so ends with it too.
    private DataSourceApiException? _unreachable;

    private protected DataSourceCmdlet()
    {
    }

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    private protected CancellationToken CancellationToken => _cancellation?.Token ?? CancellationToken.None;

    /// <summary>Cancels what is still running when the command ends early (e.g. a downstream Select-Object -First).</summary>
    public void Dispose()
    {
        if (!Stopping)
        {
            FinishBeforeDispose();
        }

        _cancellation?.Cancel();
        _progressSchedule?.Dispose();
    }

    /// <summary>
    /// Lets a command wait for work that must not be cut off half way when the pipeline ends
    /// without a stop (an error elsewhere in it); a stop (Ctrl+C) cancels at once instead.
    /// </summary>
    private protected virtual void FinishBeforeDispose()
    {
    }

    /// <summary>
    /// Whether a per-item error stops this command (-ErrorAction, else $ErrorActionPreference, is
    /// Stop, or Inquire, which may stop it): then what was already changed on the server is written
    /// before the error, as nothing written after it reaches the pipeline.
    /// </summary>
    private protected bool ErrorsStop { get; private set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        ErrorsStop = StreamPreference.ErrorActionOf(this) is ActionPreference.Stop or ActionPreference.Inquire;
        _cancellation = new CancellationTokenSource();
        _verboseAsDebug = StreamPreference.VerboseGoesToDebug(this);
        _log = new RequestLogQueue(
            verbose: StreamPreference.IsOn(this, "Verbose", "VerbosePreference"),
            debug: StreamPreference.IsOn(this, "Debug", "DebugPreference"));
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cancellation?.Cancel();

    /// <summary>Starts a client call whose request log goes to this command.</summary>
    private protected TTask Start<TTask>(Func<CancellationToken, TTask> call)
        where TTask : Task
    {
        using (RequestLogRouter.Route(_log))
        {
            return call(CancellationToken);
        }
    }

    /// <summary>Runs an enumeration step (e.g. a lazy filter's next page) with its request log going to this command.</summary>
    private protected bool MoveNext<T>(IEnumerator<T> enumerator)
    {
        try
        {
            using (RequestLogRouter.Route(_log))
            {
                return enumerator.MoveNext();
            }
        }
        finally
        {
            FlushRequestLog();
        }
    }

    /// <summary>Waits for a call on the pipeline thread, writing its request log as it goes; rethrows its failure as is.</summary>
    private protected T Wait<T>(Task<T> task)
    {
        Wait((Task)task);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Waits for a call on the pipeline thread, writing its request log as it goes; rethrows its failure as is.</summary>
    private protected void Wait(Task task)
    {
        WaitAny(new[] { task });
        task.GetAwaiter().GetResult();
    }

    /// <summary>Blocks until one of the tasks completes, writing the request log meanwhile.</summary>
    private protected void WaitAny(Task[] tasks)
    {
        while (Task.WaitAny(tasks, LogFlushInterval) < 0)
        {
            FlushRequestLog();
            WriteProgressIfDue();
        }

        FlushRequestLog();
    }

    /// <summary>
    /// Starts counting the items done, to show as progress once the command has worked about a
    /// second (none for short work). Each command has an activity id of its own, so that the
    /// progress of two commands in one pipeline shows side by side.
    /// </summary>
    private protected void StartProgress(int activityId, string activity, long? total)
    {
        _activityId = activityId;
        _activity = activity;
        _total = total;
        _progressSchedule = new ProgressSchedule();
    }

    /// <summary>Counts items done (succeeded or failed), and shows progress when it is due; pipeline thread only.</summary>
    private protected void CountDone(long count)
    {
        _done += count;
        WriteProgressIfDue();
    }

    /// <summary>Ends the progress shown, if any; pipeline thread only.</summary>
    private protected void CompleteProgress()
    {
        _progressSchedule?.Dispose();
        _progressSchedule = null;
        if (_progressShown)
        {
            WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private void WriteProgressIfDue()
    {
        if (_progressSchedule == null || !_progressSchedule.TakeDue())
        {
            return;
        }

        var progress = _total.HasValue
            ? new ProgressRecord(_activityId, _activity, $"{_done:N0} of {_total.Value:N0} data sources done")
            {
                PercentComplete = _total.Value == 0 ? 100 : (int)Math.Min(100, _done * 100 / _total.Value),
            }
            : new ProgressRecord(_activityId, _activity, $"{_done:N0} data sources done");
        WriteProgress(progress);
        _progressShown = true;
    }

    /// <summary>Writes the queued request log lines; pipeline thread only.</summary>
    private protected void FlushRequestLog()
    {
        while (_log.TryDequeue(out var line))
        {
            // Verbose lines are queued only when verbose output is on (decided once, at the start).
            if (line.IsDebug || _verboseAsDebug)
            {
                WriteDebug(line.Text);
            }
            else
            {
                WriteVerbose(line.Text);
            }
        }
    }

    /// <summary>
    /// Writes a failure of one item as a non-terminating error. An authentication failure ends the
    /// command instead: without a valid login no further item can succeed; so does a connection
    /// closed while the command ran, with the NotConnected error. A server that could not
    /// be reached is noted, for <see cref="ThrowIfServerUnreachable"/> to end the command before it
    /// sends more.
    /// </summary>
    private protected void WriteApiError(DataSourceApiException exception, object? target)
    {
        var closed = ClosedConnection;
        var record = closed != null ? ClosedConnectionError(closed, exception, target) : ErrorRecordFor(exception, target);
        if (closed != null || EndsCommand(exception))
        {
            _cancellation?.Cancel();
            ThrowTerminatingError(record);
        }

        // A server that gave no answer within the timeout, through every retry, is as good as gone:
        // the items left would each wait as long.
        if (exception.NeverReachedServer || exception.Kind == ApiErrorKind.Timeout)
        {
            _unreachable ??= exception;
        }

        WriteError(record);
    }

    /// <summary>Whether the failure ends the command whatever -ErrorAction says: a refused login, or a connection closed while it ran.</summary>
    private protected bool EndsCommand(DataSourceApiException exception) =>
        exception.Kind == ApiErrorKind.Authentication || ClosedConnection != null;

    /// <summary>The connection this command uses once it is closed, while the command runs; null while it is open. Nothing more can be sent through it.</summary>
    private protected virtual DataSourceConnection? ClosedConnection => null;

    // Disconnect-DataSourceService from another runspace (a thread job's connection, closed by the
    // session that made it) while this command ran: its requests fail with the client's own error,
    // which says what became of the one in flight; this says why, and what to do.
    private static ErrorRecord ClosedConnectionError(DataSourceConnection closed, DataSourceApiException exception, object? target) =>
        ErrorIds.NotConnected.Record(
            new InvalidOperationException(
                SentenceText.Then(
                    $"Stopped: the connection {closed} was closed by Disconnect-DataSourceService while this command was using it.",
                    SentenceText.Then(exception.Message, "Run Connect-DataSourceService again.")),
                exception),
            target);

    /// <summary>Whether a request of this command could not reach the server through all its retries.</summary>
    private protected bool ServerUnreachable => _unreachable != null;

    /// <summary>
    /// Ends the command with a terminating error once a request could not reach the server through
    /// all its retries; a command calls it before it sends more, after writing what is in flight.
    /// Without it, every item left would spend the whole retry budget on a server that is down.
    /// </summary>
    /// <param name="atEnd">At the end of the command, with nothing left to send: the record says so.</param>
    private protected void ThrowIfServerUnreachable(bool atEnd = false)
    {
        if (_unreachable == null)
        {
            return;
        }

        var again = _unreachable.Kind == ApiErrorKind.Timeout
            ? "run the command again once the server answers in time (Connect-DataSourceService -TimeoutSec sets how long an answer may take)."
            : "run the command again once the server can be reached.";
        var stopped = new DataSourceApiException(
            _unreachable.Kind,
            "Stopped: " + SentenceText.Then(_unreachable.Message, atEnd ? char.ToUpperInvariant(again[0]) + again.Substring(1) : "Nothing more was sent; " + again),
            method: _unreachable.Method,
            route: _unreachable.Route,
            innerException: _unreachable);
        ThrowTerminatingError(ErrorRecordFor(stopped, null));
    }

    /// <summary>The record of an API failure, by the one mapping in <see cref="ErrorIds.ForApiFailure"/>.</summary>
    private protected static ErrorRecord ErrorRecordFor(DataSourceApiException exception, object? target) =>
        ErrorIds.ForApiFailure(exception.Kind).Record(exception, target);

    /// <summary>An error about a value the user gave, e.g. an empty id or an unknown CSV column.</summary>
    private protected static ErrorRecord InvalidArgument(string message, ErrorId errorId, object? target) =>
        errorId.Record(new ArgumentException(message), target);

    /// <summary>
    /// The data source fields set by the bound parameters that carry a <see cref="FieldParameterAttribute"/>,
    /// with their values, in the order bound: exactly what the user named, nothing else.
    /// </summary>
    private protected IEnumerable<KeyValuePair<string, object?>> BoundFields()
    {
        foreach (var pair in MyInvocation.BoundParameters)
        {
            // Declared only: -Host hides PSCmdlet.Host, and a plain lookup would find both.
            var field = GetType()
                .GetProperty(pair.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)?
                .GetCustomAttribute<FieldParameterAttribute>();
            if (field != null)
            {
                yield return new KeyValuePair<string, object?>(field.JsonName, PlainValue.Of(pair.Value));
            }
        }
    }
}
