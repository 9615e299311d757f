namespace DataSources.Emulator.Tests;

/// <summary>
/// The latency clock's deadlines, on timestamps the test makes up (the queue never reads a clock):
/// each wait ends at its own deadline, earliest first, and a later one never holds back an earlier.
/// </summary>
public sealed class LatencyClockTests
{
    private const long DueWithin = 5;

    // A queue with one wait per deadline, added in the order given.
    private static (DeadlineQueue Queue, TaskCompletionSource[] Waits) Queued(params long[] deadlines)
    {
        var queue = new DeadlineQueue(DueWithin);
        var waits = deadlines.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        for (var i = 0; i < deadlines.Length; i++)
        {
            queue.Add(waits[i], deadlines[i]);
        }

        return (queue, waits);
    }

    [Fact]
    public void A_later_deadline_added_first_does_not_hold_back_an_earlier_one()
    {
        var (queue, waits) = Queued(10_000, 100);

        Assert.Equal(9_900, queue.CompleteDue(100));
        Assert.True(waits[1].Task.IsCompletedSuccessfully);
        Assert.False(waits[0].Task.IsCompleted);

        Assert.Null(queue.CompleteDue(10_000));
        Assert.True(waits[0].Task.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_deadline_already_past_or_within_the_allowance_is_due_and_one_beyond_it_is_not()
    {
        var (queue, waits) = Queued(50, 104, 105);

        Assert.Equal(DueWithin, queue.CompleteDue(100));

        Assert.True(waits[0].Task.IsCompletedSuccessfully);
        Assert.True(waits[1].Task.IsCompletedSuccessfully);
        Assert.False(waits[2].Task.IsCompleted);
    }

    [Fact]
    public void A_cancelled_wait_stays_cancelled_when_its_deadline_comes_and_the_rest_still_complete()
    {
        var (queue, waits) = Queued(10, 20);
        waits[0].TrySetCanceled();

        Assert.Null(queue.CompleteDue(20));

        Assert.True(waits[0].Task.IsCanceled);
        Assert.True(waits[1].Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cancelled_token_cancels_the_clock_s_wait_at_once()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            LatencyClock.DelayUntilAsync(long.MaxValue, new CancellationToken(canceled: true)));
    }
}
