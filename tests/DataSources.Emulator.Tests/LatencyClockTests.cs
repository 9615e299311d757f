using System.Diagnostics;

namespace DataSources.Emulator.Tests;

/// <summary>The one clock the gateway's latency waits on: each wait ends at its own deadline, in deadline order.</summary>
public sealed class LatencyClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static long In(TimeSpan span) => Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency);

    [Fact]
    public async Task A_later_deadline_waited_for_first_does_not_hold_back_an_earlier_one()
    {
        using var cancel = new CancellationTokenSource();
        var late = LatencyClock.DelayUntilAsync(In(TimeSpan.FromMinutes(10)), cancel.Token);
        var early = LatencyClock.DelayUntilAsync(In(TimeSpan.FromMilliseconds(10)), CancellationToken.None);

        await early.WaitAsync(Patience);

        Assert.False(late.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => late.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_deadline_already_past_is_due_at_once_and_a_cancelled_token_cancels_the_wait()
    {
        await LatencyClock.DelayUntilAsync(Stopwatch.GetTimestamp(), CancellationToken.None).WaitAsync(Patience);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            LatencyClock.DelayUntilAsync(In(TimeSpan.FromMinutes(10)), new CancellationToken(canceled: true)).WaitAsync(Patience));
    }
}
