using System;
using System.Threading;
using System.Threading.Tasks;

namespace DataSources.Client;

/// <summary>
/// How often and how long a request is tried: at most <see cref="MaxAttempts"/> attempts within
/// <see cref="MaxRetryTime"/>, with exponential backoff between them. Used by the transport for
/// each request and by creates for a batch whose fate is unknown.
/// </summary>
/// <param name="jitter">A number in [0, 1) for each wait; tests fix it.</param>
/// <param name="delay">How a wait is waited; tests record it instead.</param>
internal sealed class RetryPolicy(int maxAttempts, TimeSpan maxRetryTime, Func<double> jitter, Func<TimeSpan, CancellationToken, Task> delay)
{
    private static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(8);

    public RetryPolicy(DataSourceConnectionSettings settings)
        : this(settings.MaxAttempts, settings.MaxRetryTime, SharedJitter(), Task.Delay)
    {
    }

    public int MaxAttempts => maxAttempts;

    public TimeSpan MaxRetryTime => maxRetryTime;

    /// <summary>The wait before the next attempt: exponential, capped, with jitter so parallel callers spread out.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponential = BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = Math.Min(exponential, BackoffCap.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (jitter() * 0.5)));
    }

    /// <summary>
    /// After attempt number <paramref name="attempt"/> failed in a way that may be retried, <paramref name="elapsed"/>
    /// since the first began: whether to try again, and after what wait (the server's Retry-After, else the backoff).
    /// A wait that would end beyond the retry time is not begun.
    /// </summary>
    /// <returns>The outcome, and the wait: before the next attempt, or the one that did not fit in the time.</returns>
    public (RetryOutcome Outcome, TimeSpan Delay) Decide(int attempt, TimeSpan elapsed, TimeSpan? retryAfter)
    {
        if (attempt >= MaxAttempts)
        {
            return (RetryOutcome.OutOfAttempts, TimeSpan.Zero);
        }

        var wait = retryAfter ?? Backoff(attempt);
        return (elapsed + wait <= MaxRetryTime ? RetryOutcome.Retry : RetryOutcome.OutOfTime, wait);
    }

    /// <summary>
    /// Whether a create whose outcome is unknown after <paramref name="round"/> rounds may be looked up
    /// and sent again: while rounds and time are left (the wait before it may end beyond the time).
    /// </summary>
    public bool AllowsAnotherRound(int round, TimeSpan elapsed) => round < MaxAttempts && elapsed < MaxRetryTime;

    public Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken) => delay(wait, cancellationToken);

    // One generator per policy, behind a lock: parallel requests of one connection share it.
    private static Func<double> SharedJitter()
    {
        var random = new Random();
        return () =>
        {
            lock (random)
            {
                return random.NextDouble();
            }
        };
    }
}
