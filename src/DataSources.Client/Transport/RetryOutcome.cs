namespace DataSources.Client;

/// <summary>Whether a request is tried again, or why not (see <see cref="RetryPolicy.Decide"/>).</summary>
internal enum RetryOutcome
{
    Retry,
    OutOfAttempts,
    OutOfTime,
}
