using System.Collections;
using System.Collections.Generic;
using DataSources.Client;

namespace DataSources;

/// <summary>
/// The fields of a data source that the contract does not know, and known fields whose value did
/// not have the contract's type, by their JSON name, as the plain data the server sent: string,
/// long, double, bool, null, object?[] and IReadOnlyDictionary&lt;string, object?&gt;. Its text,
/// which Export-Csv writes, is the JSON object, or empty when there are none. It is a read-only
/// <see cref="IDictionary"/> too, so that ConvertTo-Json writes its fields, not its members.
/// </summary>
public sealed class DataSourceAdditionalFields : IReadOnlyDictionary<string, object?>, IDictionary
{
    internal static readonly DataSourceAdditionalFields None = new DataSourceAdditionalFields(new Dictionary<string, object?>(0));

    private readonly Dictionary<string, object?> _fields;

    internal DataSourceAdditionalFields(Dictionary<string, object?> fields)
    {
        _fields = fields;
    }

    /// <summary>How many fields there are.</summary>
    public int Count => _fields.Count;

    /// <summary>The JSON names of the fields, in the order the server sent them.</summary>
    public IEnumerable<string> Keys => _fields.Keys;

    /// <summary>The values, in the order of <see cref="Keys"/>.</summary>
    public IEnumerable<object?> Values => _fields.Values;

    /// <summary>The value of the field with this exact JSON name.</summary>
    /// <exception cref="KeyNotFoundException">There is no such field.</exception>
    public object? this[string key] => _fields[key];

    /// <inheritdoc />
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out object? value) => _fields.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _fields.GetEnumerator();

    bool IDictionary.IsFixedSize => true;

    bool IDictionary.IsReadOnly => true;

    ICollection IDictionary.Keys => _fields.Keys;

    ICollection IDictionary.Values => _fields.Values;

    bool ICollection.IsSynchronized => false;

    object ICollection.SyncRoot => ((ICollection)_fields).SyncRoot;

    object? IDictionary.this[object key]
    {
        get => key is string name && _fields.TryGetValue(name, out var value) ? value : null;
        set => throw ReadOnly();
    }

    bool IDictionary.Contains(object key) => key is string name && _fields.ContainsKey(name);

    IDictionaryEnumerator IDictionary.GetEnumerator() => ((IDictionary)_fields).GetEnumerator();

    void ICollection.CopyTo(System.Array array, int index) => ((ICollection)_fields).CopyTo(array, index);

    void IDictionary.Add(object key, object? value) => throw ReadOnly();

    void IDictionary.Clear() => throw ReadOnly();

    void IDictionary.Remove(object key) => throw ReadOnly();

    private static System.NotSupportedException ReadOnly() =>
        new System.NotSupportedException("The AdditionalFields of a data source are what the server returned; they cannot be changed.");

    /// <inheritdoc />
    public override string ToString() => _fields.Count == 0 ? string.Empty : PlainJson.ToText(_fields);
}
