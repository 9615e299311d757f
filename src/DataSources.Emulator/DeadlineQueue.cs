namespace DataSources.Emulator;

/// <summary>
/// Waits by deadline, earliest first, in timestamps of any clock: what <see cref="LatencyClock"/>'s
/// thread does with the time it reads, kept apart from reading it.
/// </summary>
internal sealed class DeadlineQueue(long dueWithin)
{
    private readonly PriorityQueue<TaskCompletionSource, long> _waits = new();

    public void Add(TaskCompletionSource wait, long deadline) => _waits.Enqueue(wait, deadline);

    /// <summary>
    /// Completes every wait whose deadline is no later than <paramref name="now"/> plus the
    /// allowance (waiting once more would miss it by more); returns how long until the next
    /// deadline, or null when none is left.
    /// </summary>
    public long? CompleteDue(long now)
    {
        while (_waits.TryPeek(out var next, out var deadline))
        {
            if (deadline - now >= dueWithin)
            {
                return deadline - now;
            }

            _waits.Dequeue();
            next.TrySetResult();
        }

        return null;
    }
}
