using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace DataSources.Commands;

/// <summary>
/// The connection Connect-DataSourceService made, one per runspace: ForEach-Object -Parallel,
/// runspace pools and jobs each start unconnected and never see or replace another's connection.
/// Keyed weakly, so a closed runspace takes its connection with it.
/// </summary>
internal static class DefaultConnection
{
    private static readonly ConditionalWeakTable<Runspace, Slot> ByRunspace = new ConditionalWeakTable<Runspace, Slot>();

    /// <summary>The current runspace's connection, or null when it is not connected.</summary>
    public static DataSourceConnection? Current
    {
        get => ByRunspace.TryGetValue(CurrentRunspace, out var slot) ? slot.Connection : null;
        set => ByRunspace.GetValue(CurrentRunspace, _ => new Slot()).Connection = value;
    }

    private static Runspace CurrentRunspace =>
        Runspace.DefaultRunspace ?? throw new InvalidOperationException("There is no runspace on this thread.");

    private sealed class Slot
    {
        public volatile DataSourceConnection? Connection;
    }
}
