namespace DataSources.Client.Tests.Transport;

public sealed class RetryPolicyTests
{
    [Fact]
    public void The_backoff_doubles_from_a_quarter_second_up_to_eight_with_jitter_taking_off_at_most_half()
    {
        var least = new RecordedWaits().Policy(maxAttempts: 30, jitter: 0);
        var most = new RecordedWaits().Policy(maxAttempts: 30, jitter: 1);

        Assert.Equal([125, 250, 500, 1000, 2000, 4000, 4000], new[] { 1, 2, 3, 4, 5, 6, 20 }.Select(a => least.Backoff(a).TotalMilliseconds));
        Assert.Equal([250, 500, 1000, 2000, 4000, 8000, 8000], new[] { 1, 2, 3, 4, 5, 6, 20 }.Select(a => most.Backoff(a).TotalMilliseconds));
    }

    [Fact]
    public void It_continues_with_the_backoff_while_attempts_and_time_are_left()
    {
        var policy = new RecordedWaits().Policy(maxAttempts: 3);

        var decision = policy.Decide(attempt: 2, elapsed: TimeSpan.FromSeconds(1), retryAfter: null);

        Assert.Equal(RetryOutcome.Retry, decision.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(250), decision.Delay);
    }

    [Fact]
    public void It_waits_as_long_as_the_server_asks()
    {
        var policy = new RecordedWaits().Policy(maxAttempts: 3);

        var decision = policy.Decide(attempt: 1, elapsed: TimeSpan.Zero, retryAfter: TimeSpan.FromSeconds(7));

        Assert.Equal(RetryOutcome.Retry, decision.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), decision.Delay);
    }

    [Fact]
    public void It_stops_after_the_last_attempt()
    {
        var policy = new RecordedWaits().Policy(maxAttempts: 3);

        Assert.Equal(RetryOutcome.OutOfAttempts, policy.Decide(attempt: 3, elapsed: TimeSpan.Zero, retryAfter: null).Outcome);
    }

    [Fact]
    public void It_begins_no_wait_that_would_end_beyond_the_retry_time()
    {
        var policy = new RecordedWaits().Policy(maxAttempts: 10, maxRetryTime: TimeSpan.FromSeconds(10));

        var fits = policy.Decide(attempt: 1, elapsed: TimeSpan.FromSeconds(5), retryAfter: TimeSpan.FromSeconds(5));
        var beyond = policy.Decide(attempt: 1, elapsed: TimeSpan.FromSeconds(5), retryAfter: TimeSpan.FromSeconds(6));

        Assert.Equal(RetryOutcome.Retry, fits.Outcome);
        Assert.Equal(RetryOutcome.OutOfTime, beyond.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(6), beyond.Delay);
    }

    [Fact]
    public void A_create_of_unknown_fate_goes_another_round_while_rounds_and_time_are_left()
    {
        var policy = new RecordedWaits().Policy(maxAttempts: 3, maxRetryTime: TimeSpan.FromSeconds(10));

        Assert.True(policy.AllowsAnotherRound(2, TimeSpan.FromSeconds(9)));
        Assert.False(policy.AllowsAnotherRound(3, TimeSpan.Zero));
        Assert.False(policy.AllowsAnotherRound(1, TimeSpan.FromSeconds(10)));
    }
}
