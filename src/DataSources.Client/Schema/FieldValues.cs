using System;
using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>
/// An ordered set of fields given by name, validated and converted through the schema: the body of
/// a create item or a patch. Only what was set is held, so only what was set is sent.
/// </summary>
internal sealed class FieldValues
{
    private readonly List<Entry> _entries = new List<Entry>();

    public int Count => _entries.Count;

    public IReadOnlyCollection<string> Names
    {
        get
        {
            var names = new string[_entries.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = _entries[i].Name;
            }

            return names;
        }
    }

    public IReadOnlyList<Entry> Entries => _entries;

    public void Set(string jsonName, object? value, Func<DataSourceField, bool> allowed, string operation)
    {
        if (jsonName == null)
        {
            throw new ArgumentNullException(nameof(jsonName));
        }

        if (!DataSourceSchema.TryGetField(jsonName, out var field))
        {
            throw new DataSourceInputException($"'{jsonName}' is not a field of a data source.");
        }

        if (!allowed(field))
        {
            throw new DataSourceInputException($"Field '{field.JsonName}' cannot be set on {operation}.");
        }

        if (value == null)
        {
            // The contract makes no key nullable: a null would be refused, or stored as a broken value.
            throw new DataSourceInputException(
                $"Field '{field.JsonName}': null is not a value the API takes. To clear a text field give '' (an empty list: @()); to leave it as it is, do not name it.");
        }

        if (EncryptedValue.IsCiphertext(value))
        {
            throw new DataSourceInputException(
                $"Field '{field.JsonName}': the value is text the server encrypted ('{((string)value!).Substring(0, ((string)value).IndexOf('|') + 1)}...'), not the value itself; sent, it would replace the real one. Give the clear value, or leave the field out.");
        }

        Put(new Entry(field.JsonName, field, DataSourceSchema.ConvertValue(field, value)));
    }

    // Fields the contract does not know, copied as the server sent them.
    public void SetAdditional(string jsonName, object? value) => Put(new Entry(jsonName, null, value));

    public bool Remove(string jsonName)
    {
        var index = IndexOf(jsonName);
        if (index < 0)
        {
            return false;
        }

        _entries.RemoveAt(index);
        return true;
    }

    public object? Get(string jsonName)
    {
        var index = IndexOf(jsonName);
        return index < 0 ? null : _entries[index].Value;
    }

    private void Put(Entry entry)
    {
        var index = IndexOf(entry.Name);
        if (index < 0)
        {
            _entries.Add(entry);
        }
        else
        {
            _entries[index] = entry;
        }
    }

    private int IndexOf(string jsonName)
    {
        // Known fields compare without case (the schema's rule); unknown ones exactly, as the wire does.
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            var comparison = entry.Field != null ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (string.Equals(entry.Name, jsonName, comparison))
            {
                return i;
            }
        }

        return -1;
    }

    internal readonly struct Entry
    {
        public Entry(string name, DataSourceField? field, object? value)
        {
            Name = name;
            Field = field;
            Value = value;
        }

        public string Name { get; }

        /// <summary>The schema field; null for a field the contract does not know.</summary>
        public DataSourceField? Field { get; }

        public object? Value { get; }
    }
}
