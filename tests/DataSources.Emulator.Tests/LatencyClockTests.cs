namespace DataSources.Emulator.Tests;

/// <summary>
/// The latency clock's deadlines, on timestamps the test makes up (the queue never reads a clock):
/// each wait ends at its own deadline, earliest first, and a later one never holds back an earlier.
/// </summary>
public sealed class LatencyClockTests
{
    private const long DueWithin = 5;

    private static TaskCompletionSource Wait() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public void A_later_deadline_added_first_does_not_hold_back_an_earlier_one()
    {
        var queue = new DeadlineQueue(DueWithin);
        var late = Wait();
        var early = Wait();
        queue.Add(late, 10_000);
        queue.Add(early, 100);

        var left = queue.CompleteDue(100);

        Assert.True(early.Task.IsCompletedSuccessfully);
        Assert.False(late.Task.IsCompleted);
        Assert.Equal(9_900, left);
        Assert.Null(queue.CompleteDue(10_000));
        Assert.True(late.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_deadline_already_past_or_within_the_allowance_is_due_and_one_beyond_it_is_not()
    {
        var queue = new DeadlineQueue(DueWithin);
        var past = Wait();
        var close = Wait();
        var beyond = Wait();
        queue.Add(past, 50);
        queue.Add(close, 104);
        queue.Add(beyond, 105);

        Assert.Equal(DueWithin, queue.CompleteDue(100));

        Assert.True(past.Task.IsCompletedSuccessfully);
        Assert.True(close.Task.IsCompletedSuccessfully);
        Assert.False(beyond.Task.IsCompleted);
    }

    [Fact]
    public void A_cancelled_wait_stays_cancelled_when_its_deadline_comes_and_the_rest_still_complete()
    {
        var queue = new DeadlineQueue(DueWithin);
        var cancelled = Wait();
        var kept = Wait();
        queue.Add(cancelled, 10);
        queue.Add(kept, 20);
        cancelled.TrySetCanceled();

        Assert.Null(queue.CompleteDue(20));

        Assert.True(cancelled.Task.IsCanceled);
        Assert.True(kept.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cancelled_token_cancels_the_clock_s_wait_at_once()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            LatencyClock.DelayUntilAsync(long.MaxValue, new CancellationToken(canceled: true)));
    }
}
