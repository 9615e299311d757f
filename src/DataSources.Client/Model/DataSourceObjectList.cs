using System.Collections;
using System.Collections.Generic;
using DataSources.Client;

namespace DataSources;

/// <summary>
/// A list of objects of a data source (<c>owners</c>), each as the plain data the server sent. Its
/// text, which Export-Csv writes, is the JSON array, which New-DataSource reads back.
/// </summary>
public sealed class DataSourceObjectList : IReadOnlyList<IReadOnlyDictionary<string, object?>>
{
    private readonly IReadOnlyDictionary<string, object?>[] _items;

    internal DataSourceObjectList(IReadOnlyDictionary<string, object?>[] items)
    {
        _items = items;
    }

    /// <summary>How many objects the list has.</summary>
    public int Count => _items.Length;

    /// <summary>The object at <paramref name="index"/>.</summary>
    public IReadOnlyDictionary<string, object?> this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<IReadOnlyDictionary<string, object?>> GetEnumerator() => ((IEnumerable<IReadOnlyDictionary<string, object?>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => PlainJson.ToText(_items);
}
