using System;
using System.Threading;

namespace DataSources.Commands;

/// <summary>
/// Says when a command has worked long enough to show progress: first after about a second,
/// then every half second. A timer raises a flag that the pipeline thread reads, so work that
/// ends sooner shows none, and an item costs one read of the flag, not a read of the clock.
/// </summary>
internal sealed class ProgressSchedule : IDisposable
{
    private static readonly TimeSpan FirstAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private readonly Timer _timer;
    private int _due;

    public ProgressSchedule()
    {
        _timer = new Timer(state => Volatile.Write(ref ((ProgressSchedule)state)._due, 1), this, FirstAfter, Every);
    }

    /// <summary>Whether progress is due now; true once per tick of the schedule.</summary>
    public bool TakeDue() => Volatile.Read(ref _due) != 0 && Interlocked.Exchange(ref _due, 0) != 0;

    public void Dispose() => _timer.Dispose();
}
