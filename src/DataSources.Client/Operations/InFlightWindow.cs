using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace DataSources.Client;

/// <summary>
/// Requests started and not yet handed back, each with the id it concerns. The caller bounds it
/// (waits while <see cref="Count"/> is over its limit) and takes back the finished ones in the
/// order they were started, so that outcomes come out in input order as far as they can.
/// Not thread-safe: one pipeline thread adds and takes.
/// </summary>
internal sealed class InFlightWindow
{
    private readonly List<KeyValuePair<string, Task>> _pending = new List<KeyValuePair<string, Task>>();

    public int Count => _pending.Count;

    /// <summary>The tasks still in flight, for waiting on any of them.</summary>
    public Task[] Tasks => _pending.Select(pending => pending.Value).ToArray();

    public void Add(string id, Task task) => _pending.Add(new KeyValuePair<string, Task>(id, task));

    /// <summary>Whether a request for this id (in any case: ids are hexadecimal) is still in flight.</summary>
    public bool Holds(string id) =>
        _pending.Exists(pending => string.Equals(pending.Key, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Removes and returns the finished requests, in the order they were started.</summary>
    public List<KeyValuePair<string, Task>> TakeCompleted()
    {
        var done = new List<KeyValuePair<string, Task>>();
        // RemoveAll asks once per item, in order: what it removes is exactly what is returned.
        _pending.RemoveAll(pending =>
        {
            if (!pending.Value.IsCompleted)
            {
                return false;
            }

            done.Add(pending);
            return true;
        });
        return done;
    }
}
