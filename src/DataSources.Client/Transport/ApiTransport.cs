using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>
/// Sends API requests: one <see cref="IHttpExchange"/> per attempt, the token of each attempt and
/// one login again when it is refused, the <see cref="FailureClassifier"/>'s verdict on each failure,
/// retries as the <see cref="RetryPolicy"/> allows, and one log line per attempt.
/// </summary>
internal sealed class ApiTransport : IDisposable
{
    private readonly IHttpExchange _exchange;
    private readonly RetryPolicy _retry;
    private readonly IRequestLog? _log;

    public ApiTransport(IHttpExchange exchange, RetryPolicy retry, IRequestLog? log)
    {
        _exchange = exchange;
        _retry = retry;
        _log = log;
    }

    /// <param name="tokens">The tokens of an authenticated request; null to send without one (a login).</param>
    public async Task<ApiResponse<T>> SendAsync<T>(
        ApiRequest request, IAccessTokens? tokens, Func<JsonReader, T> readData, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var renewed = false;
        var attempt = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempt++;
            var token = request.Authenticated && tokens != null
                ? await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false)
                : null;
            var watch = Stopwatch.StartNew();
            AttemptFailure failure;
            try
            {
                var response = await _exchange.SendAsync(request, token, readData, cancellationToken).ConfigureAwait(false);
                LogAttempt(request, response.Status, watch.Elapsed, attempt, null);
                return response;
            }
            catch (AttemptFailure caught)
            {
                failure = caught;
            }

            var verdict = FailureClassifier.Classify(request.Mode, failure.Cause, failure.Status);
            if (failure.Kind == ApiErrorKind.Authentication && tokens != null && token != null)
            {
                if (tokens.CanRenew && !renewed)
                {
                    // Once per request: a token refused right after a fresh login is a real refusal.
                    renewed = true;
                    LogAttempt(request, failure.Status, watch.Elapsed, attempt, "token refused; logging in again");
                    await tokens.RenewAsync(token, cancellationToken).ConfigureAwait(false);
                    attempt--;
                    continue;
                }

                LogAttempt(request, failure.Status, watch.Elapsed, attempt, failure.Summary);
                throw tokens.Refused(failure.ToException(request, verdict), renewed);
            }

            if (verdict != AttemptVerdict.Retry)
            {
                LogAttempt(request, failure.Status, watch.Elapsed, attempt, failure.Summary);
                throw failure.ToException(request, verdict);
            }

            if (_exchange.IsClosed)
            {
                // Closed while this request ran (from another thread): no attempt can follow.
                LogAttempt(request, failure.Status, watch.Elapsed, attempt, failure.Summary);
                throw failure.ToException(request, verdict, GaveUp(request, failure, null));
            }

            var decision = _retry.Decide(attempt, clock.Elapsed, failure.RetryAfter);
            switch (decision.Outcome)
            {
                case RetryOutcome.Retry:
                    LogAttempt(request, failure.Status, watch.Elapsed, attempt, $"{failure.Summary}; retrying in {Seconds(decision.Delay)} s");
                    await _retry.WaitAsync(decision.Delay, cancellationToken).ConfigureAwait(false);
                    continue;
                case RetryOutcome.OutOfTime:
                    LogAttempt(request, failure.Status, watch.Elapsed, attempt, failure.Summary);
                    throw failure.ToException(
                        request,
                        verdict,
                        GaveUp(request, failure, failure.RetryAfter.HasValue
                            ? $"The server asked to wait {Seconds(decision.Delay)} s, beyond the time allowed for retries ({Seconds(_retry.MaxRetryTime)} s)."
                            : $"Gave up after {(attempt == 1 ? "1 attempt" : $"{attempt} attempts")} in {Seconds(clock.Elapsed)} s."));
                default:
                    LogAttempt(request, failure.Status, watch.Elapsed, attempt, failure.Summary);
                    throw failure.ToException(request, verdict, GaveUp(request, failure, attempt > 1 ? $"Gave up after {attempt} attempts." : null));
            }
        }
    }

    public void Dispose() => _exchange.Dispose();

    // A PATCH whose last attempt may have reached the server but got no answer: "gave up" must not
    // read as "not changed".
    private static string? GaveUp(ApiRequest request, AttemptFailure failure, string? text) =>
        request.Method == "PATCH" && failure.Cause == FailureCause.Interrupted
            ? (text == null ? string.Empty : text + " ") + "Whether the change was made is unknown; sending it again is safe, as it sets the same values."
            : text;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private void LogAttempt(ApiRequest request, int? status, TimeSpan duration, int attempt, string? outcome) =>
        _log?.Request(new RequestLogEntry(request.Method, request.Path, status, duration, attempt, outcome));
}
