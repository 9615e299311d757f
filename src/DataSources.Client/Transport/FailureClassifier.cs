using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>
/// Which failed attempts may be sent again and which may have been applied: one table per
/// <see cref="RetryMode"/>, read by <see cref="ApiTransport"/> after each failed attempt.
/// </summary>
internal sealed class FailureClassifier
{
    // Sending twice does no harm: whatever did not settle the request goes again.
    private static readonly FailureClassifier Idempotent = new FailureClassifier(
        new Dictionary<FailureCause, AttemptVerdict>
        {
            [FailureCause.Final] = AttemptVerdict.Final,
            [FailureCause.UnreadableSuccess] = AttemptVerdict.Final,
            [FailureCause.NotSent] = AttemptVerdict.Retry,
            [FailureCause.Interrupted] = AttemptVerdict.Retry,
        },
        new Dictionary<int, AttemptVerdict>
        {
            [429] = AttemptVerdict.Retry,
            [502] = AttemptVerdict.Retry,
            [503] = AttemptVerdict.Retry,
            [504] = AttemptVerdict.Retry,
        });

    // A create goes again only where the server provably did not apply it (429 and 503 say so,
    // a refused connection never reached it); anything that may have reached it is handed back.
    private static readonly FailureClassifier Create = new FailureClassifier(
        new Dictionary<FailureCause, AttemptVerdict>
        {
            [FailureCause.Final] = AttemptVerdict.Final,
            [FailureCause.UnreadableSuccess] = AttemptVerdict.MayHaveBeenApplied,
            [FailureCause.NotSent] = AttemptVerdict.Retry,
            [FailureCause.Interrupted] = AttemptVerdict.MayHaveBeenApplied,
        },
        new Dictionary<int, AttemptVerdict>
        {
            [429] = AttemptVerdict.Retry,
            [503] = AttemptVerdict.Retry,

            // A gateway's failure may come after the server behind it stored the items.
            [502] = AttemptVerdict.MayHaveBeenApplied,
            [504] = AttemptVerdict.MayHaveBeenApplied,
        });

    private readonly IReadOnlyDictionary<FailureCause, AttemptVerdict> _byCause;

    // Error statuses not listed are final: the server's answer to this request.
    private readonly IReadOnlyDictionary<int, AttemptVerdict> _byStatus;

    private FailureClassifier(IReadOnlyDictionary<FailureCause, AttemptVerdict> byCause, IReadOnlyDictionary<int, AttemptVerdict> byStatus)
    {
        _byCause = byCause;
        _byStatus = byStatus;
    }

    public static AttemptVerdict Classify(RetryMode mode, FailureCause cause, int? status) =>
        (mode == RetryMode.Create ? Create : Idempotent).Classify(cause, status);

    private AttemptVerdict Classify(FailureCause cause, int? status)
    {
        if (cause != FailureCause.ErrorStatus)
        {
            return _byCause[cause];
        }

        return status is int code && _byStatus.TryGetValue(code, out var verdict) ? verdict : AttemptVerdict.Final;
    }
}
