using System.Diagnostics;

namespace DataSources.Emulator;

/// <summary>
/// Waits that end within about half a millisecond of their deadline, for the network latency the
/// gateway adds. Task.Delay counts in the runtime's coarse ticks (on Linux the coarse monotonic
/// clock, 4 ms a tick at 250 Hz) and then waits for a thread-pool thread: measured on this kind of
/// machine, a Task.Delay of 20 ms took 20.5 ms at the median and 24.5 ms at the 90th percentile,
/// and the emulator's 20 ms round trips took 23-25 ms at the median. One thread here waits on a
/// monitor with a millisecond timeout, which the kernel keeps to about 0.2 ms, for the earliest
/// deadline.
/// </summary>
internal static class LatencyClock
{
    // A deadline this close is due: waiting another millisecond would miss it by more.
    private static readonly DeadlineQueue Due = new((long)(Stopwatch.Frequency * 0.0005));
    private static readonly object Gate = new();

    static LatencyClock() =>
        new Thread(Run) { IsBackground = true, Name = "Emulator latency clock" }.Start();

    /// <summary>Completes at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp); cancelled as Task.Delay is.</summary>
    public static async Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var due = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            Due.Add(due, timestamp);
            Monitor.Pulse(Gate);
        }

        using (cancellationToken.UnsafeRegister(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), due))
        {
            await due.Task;
        }
    }

    private static void Run()
    {
        lock (Gate)
        {
            while (true)
            {
                if (Due.CompleteDue(Stopwatch.GetTimestamp()) is not { } left)
                {
                    Monitor.Wait(Gate);
                    continue;
                }

                var milliseconds = Math.Round(left * 1000.0 / Stopwatch.Frequency);
                Monitor.Wait(Gate, (int)Math.Min(milliseconds, int.MaxValue));
            }
        }
    }
}
