using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>
/// Which failed attempts may be sent again and which may have been applied: one table, a column
/// per <see cref="RetryMode"/>, read by <see cref="ApiTransport"/> after each failed attempt.
/// Idempotent requests go again whenever the failure did not settle them; a create goes again only
/// where the server provably did not apply it (408, 429 and 503 say so, a refused connection never
/// reached it), and anything that may have reached it is handed back.
/// </summary>
internal static class FailureClassifier
{
    private const AttemptVerdict Final = AttemptVerdict.Final;
    private const AttemptVerdict Retry = AttemptVerdict.Retry;
    private const AttemptVerdict MayHaveBeenApplied = AttemptVerdict.MayHaveBeenApplied;

    private static readonly Dictionary<FailureCause, (AttemptVerdict Idempotent, AttemptVerdict Create)> ByCause = new()
    {
        [FailureCause.Final] = (Final, Final),
        [FailureCause.UnreadableSuccess] = (Final, MayHaveBeenApplied),
        [FailureCause.NotSent] = (Retry, Retry),
        [FailureCause.Interrupted] = (Retry, MayHaveBeenApplied),
    };

    // Error statuses not listed are final: the server's answer to this request. A gateway's
    // failure (502, 504) may come after the server behind it stored a create's items. A 408 says
    // the server gave up waiting for the request before it had all of it (RFC 9110 15.5.9: the
    // client may send it again), so it acted on none of it; a slow client, or one on a loaded
    // machine, meets it from Kestrel and from proxies such as nginx.
    private static readonly Dictionary<int, (AttemptVerdict Idempotent, AttemptVerdict Create)> ByStatus = new()
    {
        [408] = (Retry, Retry),
        [429] = (Retry, Retry),
        [503] = (Retry, Retry),
        [502] = (Retry, MayHaveBeenApplied),
        [504] = (Retry, MayHaveBeenApplied),
    };

    public static AttemptVerdict Classify(RetryMode mode, FailureCause cause, int? status)
    {
        (AttemptVerdict Idempotent, AttemptVerdict Create) verdicts = cause != FailureCause.ErrorStatus
            ? ByCause[cause]
            : status is int code && ByStatus.TryGetValue(code, out var listed) ? listed : (Final, Final);
        return mode == RetryMode.Create ? verdicts.Create : verdicts.Idempotent;
    }
}
