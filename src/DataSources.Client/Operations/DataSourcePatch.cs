using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>
/// The changes for one data source: exactly the fields set, and nothing else, are sent. An empty
/// string or an empty array is sent as such; a field never set is never sent. Only the contract's
/// 32 patchable fields are accepted; secret values may be SecureStrings.
/// </summary>
internal sealed class DataSourcePatch
{
    private readonly FieldValues _values;

    /// <summary>Creates an empty patch.</summary>
    public DataSourcePatch()
    {
        _values = new FieldValues();
    }

    // The patch-only fields of a create request, set right after it.
    internal DataSourcePatch(FieldValues values)
    {
        _values = values;
    }

    /// <summary>The JSON names of the fields set, in the order set.</summary>
    public IReadOnlyCollection<string> FieldNames => _values.Names;

    /// <summary>Whether no field is set.</summary>
    public bool IsEmpty => _values.Count == 0;

    internal FieldValues Values => _values;

    /// <summary>Sets a field by its JSON name (case-insensitive), replacing any earlier value.</summary>
    /// <exception cref="DataSourceInputException">The field is unknown, not patchable, or the value does not fit.</exception>
    public DataSourcePatch Set(string jsonName, object? value)
    {
        _values.Set(jsonName, value, field => field.CanPatch, "update (it is not one of the patchable fields)");
        return this;
    }
}
