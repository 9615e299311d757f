using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// Turns New-DataSource's loose input (hashtables, Import-Csv and ConvertFrom-Json objects,
/// DataSource objects) into create requests, and Set-DataSource's rows into their fields:
/// property names map to the schema's fields without regard to case, values convert to the
/// field's type where the request or patch sets them. What a catalog's output carries besides the
/// fields (the id, the server's read-only fields, AdditionalFields) is ignored, so that a source
/// exported and read back goes in as it came out. One instance per command (see
/// <see cref="CustomObjectProperties"/>).
/// </summary>
internal sealed class CreateRequestInput
{
    private readonly CustomObjectProperties _customObjects = new CustomObjectProperties();

    /// <summary>The request for one input object, and what a copy of it could not carry.</summary>
    /// <exception cref="DataSourceInputException">A property is not a creatable field, its value does not fit, or two properties give one field two values.</exception>
    public CreateInput From(object input)
    {
        switch (PipedInput.Unwrap(input)!)
        {
            case DataSource source:
                var encrypted = new List<string>();
                return new CreateInput(DataSourceCreateRequest.FromDataSource(source, encrypted), fromCatalog: true, encrypted, source.AdditionalFields.Keys.ToArray());
            case var value when value is string || value.GetType().IsPrimitive:
                // Its properties (a string's Length) are no fields: say what it is instead.
                throw new DataSourceInputException(
                    $"it is {(value is string ? "text" : $"a value of type {value.GetType().Name}")}, not a data source's fields: pipe hashtables, CSV rows or objects with a Name and a DatabaseType, or give -Name and -DatabaseType for one.");
        }

        var request = new DataSourceCreateRequest();
        var leftOut = new List<string>();
        // The id and AdditionalFields are read in the same pass as the fields: reading a row's
        // properties is most of what it costs.
        var catalog = new CatalogColumns();
        foreach (var field in FieldsOf(input, catalog))
        {
            if (EncryptedValue.IsCiphertext(field.Value))
            {
                // The catalog's ciphertext, not the value: left out, and said once for the command.
                leftOut.Add(field.Key);
                continue;
            }

            request.Set(field.Key, field.Value);
        }

        // An id says the row came out of a catalog; the new source gets its own.
        return new CreateInput(request, fromCatalog: catalog.Id != null, leftOut, catalog.AdditionalFieldNames);
    }

    /// <summary>Adds a dictionary's entries (New-DataSource -Property) as fields.</summary>
    public void AddEntries(DataSourceCreateRequest request, IDictionary entries)
    {
        foreach (var field in FieldsOf(entries, null))
        {
            request.Set(field.Key, field.Value);
        }
    }

    /// <summary>
    /// The fields a row gives (a dictionary's entries, or an object's properties): each present,
    /// non-empty value, as plain data, under the field's JSON name. What the module's output carries
    /// besides the fields (Id, _id, pId, userId, date, AdditionalFields) is left out; an unknown name
    /// comes through as it is, empty or not, for the request or patch it goes to to refuse, naming it. Set-DataSource
    /// reads its rows with this too.
    /// </summary>
    /// <exception cref="DataSourceInputException">Two properties give one field different values (Name and ResourceName).</exception>
    public IEnumerable<KeyValuePair<string, object?>> FieldsOf(object input) => FieldsOf(input, null);

    // With the catalog's columns to take the row's Id, _id and AdditionalFields into as they pass;
    // a conflict of the ids is thrown after the last field, where a look-up of the id after the
    // fields would throw it.
    private IEnumerable<KeyValuePair<string, object?>> FieldsOf(object input, CatalogColumns? catalog)
    {
        // Every row's properties are read, not only the columns seen before: a row may carry an
        // unknown column of its own, and that must be reported for that row.
        var givenBy = new Dictionary<string, KeyValuePair<string, object>>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in PropertiesOf(input))
        {
            var value = PlainValue.Of(entry.Value, _customObjects);
            catalog?.Take(entry.Key, value);

            var target = TargetOf(entry.Key);
            if (target == null)
            {
                continue;
            }

            // A CSV cell cannot be null: empty means "not given", as a missing cell does. A column
            // that is no field goes on even empty, to be refused: a misspelt header then fails
            // every row of the file, not only the rows that fill it in.
            if ((value == null || (value is string text && text.Length == 0)) && DataSourceSchema.TryGetField(target, out _))
            {
                continue;
            }

            if (givenBy.TryGetValue(target, out var earlier))
            {
                if (!SameText(earlier.Value, value))
                {
                    throw new DataSourceInputException(
                        $"the properties '{earlier.Key}' and '{entry.Key}' both give the field '{target}', with different values; give one of them.");
                }

                continue;
            }

            givenBy.Add(target, new KeyValuePair<string, object>(entry.Key, value));
            yield return new KeyValuePair<string, object?>(target, value);
        }

        catalog?.ThrowIfConflicting();
    }

    /// <summary>The id a row gives in an Id or _id column (or key), if any.</summary>
    /// <exception cref="DataSourceInputException">It gives both, with different values.</exception>
    public string? IdOf(object input)
    {
        var catalog = new CatalogColumns();
        foreach (var property in PropertiesOf(input))
        {
            catalog.Take(property.Key, PlainValue.Of(property.Value, _customObjects));
        }

        catalog.ThrowIfConflicting();
        return catalog.Id;
    }

    /// <summary>
    /// What a row copied out of a catalog carries besides the fields: the id its Id and _id columns
    /// give, and the names of the fields its AdditionalFields column holds (the JSON object
    /// Export-Csv writes, or the object ConvertFrom-Json makes of it), taken property by property.
    /// </summary>
    private sealed class CatalogColumns
    {
        private string? _conflict;

        public string? Id { get; private set; }

        public IReadOnlyList<string> AdditionalFieldNames { get; private set; } = Array.Empty<string>();

        public void Take(string key, object? plainValue)
        {
            if (string.Equals(key, nameof(DataSource.AdditionalFields), StringComparison.OrdinalIgnoreCase))
            {
                AdditionalFieldNames = NamesIn(plainValue);
                return;
            }

            if (_conflict != null
                || (!string.Equals(key, "Id", StringComparison.OrdinalIgnoreCase) && !string.Equals(key, "_id", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            if (plainValue is IEnumerable values && !(plainValue is string))
            {
                // @{ Id = 'a', 'b' }: its text would be "System.Object[]", sent as if it were an id.
                // One item (@($s.Id)) is that id; none is no id.
                var items = values.Cast<object?>().ToList();
                if (items.Count > 1)
                {
                    _conflict = $"Its {key} holds {items.Count} values, not one id: give one id a row (to send several, pipe the ids themselves).";
                    return;
                }

                plainValue = items.Count == 1 ? items[0] : null;
            }

            var value = Convert.ToString(plainValue, CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            if (Id != null && Id != value)
            {
                _conflict = $"Its Id and _id differ ('{Id}' and '{value}'): give one id.";
                return;
            }

            Id = value;
        }

        // The JSON text of a CSV cell, or the dictionary PlainValue makes of an object or a
        // dictionary; text that is no JSON object (empty, or the type name an older export wrote)
        // holds no field.
        private static IReadOnlyList<string> NamesIn(object? plainValue)
        {
            if (plainValue is string text && text.StartsWith("{", StringComparison.Ordinal) && PlainJson.TryParse(text, out var parsed))
            {
                plainValue = parsed;
            }

            return plainValue is Dictionary<string, object?> members ? members.Keys.ToArray() : Array.Empty<string>();
        }

        /// <exception cref="DataSourceInputException">Id and _id gave different values.</exception>
        public void ThrowIfConflicting()
        {
            if (_conflict != null)
            {
                throw new DataSourceInputException(_conflict);
            }
        }
    }

    /// <summary>The resource name an input object gives, if any, to name it in an error.</summary>
    public string? NameOf(object input)
    {
        if (PipedInput.Unwrap(input) is DataSource source)
        {
            return source.ResourceName;
        }

        foreach (var property in PropertiesOf(input))
        {
            if (IsNameKey(property.Key))
            {
                var name = Convert.ToString(PlainValue.Of(property.Value, _customObjects), CultureInfo.InvariantCulture);
                return string.IsNullOrEmpty(name) ? null : name;
            }
        }

        return null;
    }

    // A dictionary's entries, or else the object's properties (the note properties of a PSCustomObject).
    private IEnumerable<KeyValuePair<string, object?>> PropertiesOf(object input)
    {
        if (PipedInput.Unwrap(input) is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                yield return new KeyValuePair<string, object?>(
                    Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, entry.Value);
            }

            yield break;
        }

        foreach (var property in _customObjects.Of(PSObject.AsPSObject(input)))
        {
            yield return new KeyValuePair<string, object?>(property.Name, property.Value);
        }
    }

    private static bool SameText(object earlier, object value) =>
        string.Equals(
            Convert.ToString(earlier, CultureInfo.InvariantCulture),
            Convert.ToString(value, CultureInfo.InvariantCulture),
            StringComparison.Ordinal);

    // Column name → the field name to set, or null for one the server assigns or the module adds to
    // its output; an unknown name goes on as it is, to Set, which refuses it for each row that has it.
    private static string? TargetOf(string name)
    {
        if (IsOutputOnly(name))
        {
            return null;
        }

        if (IsNameKey(name))
        {
            return "resourceName";
        }

        return DataSourceSchema.TryGetField(name, out var field) ? field.JsonName : name;
    }

    private static bool IsNameKey(string name) =>
        string.Equals(name, "Name", StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, "resourceName", StringComparison.OrdinalIgnoreCase);

    // The id (Id, or the server's _id), the server's other read-only fields, and the output type's
    // AdditionalFields (fields the contract does not know, which a server refuses or drops).
    private static bool IsOutputOnly(string name) =>
        string.Equals(name, "Id", StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, nameof(DataSource.AdditionalFields), StringComparison.OrdinalIgnoreCase)
        || (DataSourceSchema.TryGetField(name, out var field) && field.IsReadOnly);
}
