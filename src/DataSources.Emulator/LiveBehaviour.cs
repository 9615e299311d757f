namespace DataSources.Emulator;

/// <summary>The behaviour in force, changed at run time by the control endpoint; the command line's is kept to restore.</summary>
internal sealed class LiveBehaviour(EmulatorBehaviour commandLine)
{
    private readonly Lock gate = new();
    private EmulatorBehaviour current = commandLine;

    public EmulatorBehaviour CommandLine { get; } = commandLine;

    /// <summary>One immutable snapshot: a request reads it once and sees one consistent behaviour.</summary>
    public EmulatorBehaviour Current => Volatile.Read(ref current);

    /// <summary>Replaces the behaviour with what <paramref name="change"/> makes of it; one change at a time, so none is lost.</summary>
    public EmulatorBehaviour Update(Func<EmulatorBehaviour, EmulatorBehaviour> change)
    {
        lock (gate)
        {
            EmulatorBehaviour next = change(current);
            Volatile.Write(ref current, next);
            return next;
        }
    }

    public void Restore() => Update(_ => CommandLine);
}
