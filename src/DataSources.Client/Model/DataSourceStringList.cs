using System;
using System.Collections;
using System.Collections.Generic;
using DataSources.Client;

namespace DataSources;

/// <summary>
/// A list field of a data source (<c>includePatterns</c>, <c>schemaNames</c>, ...). Its text, which
/// Export-Csv writes, is the items joined by <c>;</c>, the form New-DataSource and Set-DataSource
/// read back; where that could not be read back the same (an item with a <c>;</c>, an empty item
/// or list), it is the JSON array instead, which they read too.
/// </summary>
public sealed class DataSourceStringList : IReadOnlyList<string>
{
    private readonly string[] _items;

    internal DataSourceStringList(string[] items)
    {
        _items = items;
    }

    /// <summary>How many items the list has.</summary>
    public int Count => _items.Length;

    /// <summary>The item at <paramref name="index"/>.</summary>
    public string this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => ListText.Of(_items);
}
