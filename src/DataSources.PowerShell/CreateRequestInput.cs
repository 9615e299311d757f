using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands
{
    /// <summary>
    /// Turns New-DataSource's loose input (hashtables, Import-Csv and ConvertFrom-Json objects,
    /// DataSource objects) into create requests: property names map to the schema's fields without
    /// regard to case, values convert to the field's type.
    /// </summary>
    internal static class CreateRequestInput
    {
        /// <summary>The request for one input object.</summary>
        /// <exception cref="DataSourceInputException">A property is not a creatable field, or its value does not fit.</exception>
        public static DataSourceCreateRequest From(object input)
        {
            if (Unwrap(input) is DataSource source)
            {
                return DataSourceCreateRequest.FromDataSource(source);
            }

            // Every row's properties are read, not only the columns seen before: a row may carry an
            // unknown column of its own, and that must be reported for that row.
            var request = new DataSourceCreateRequest();
            foreach (var entry in PropertiesOf(input))
            {
                Add(request, entry.Key, entry.Value);
            }

            return request;
        }

        /// <summary>Adds a dictionary's entries (New-DataSource -Property) as fields.</summary>
        public static void AddEntries(DataSourceCreateRequest request, IDictionary entries)
        {
            foreach (var entry in PropertiesOf(entries))
            {
                Add(request, entry.Key, entry.Value);
            }
        }

        /// <summary>The resource name an input object gives, if any, to name it in an error.</summary>
        public static string? NameOf(object input)
        {
            if (Unwrap(input) is DataSource source)
            {
                return source.ResourceName;
            }

            foreach (var property in PropertiesOf(input))
            {
                if (IsNameKey(property.Key))
                {
                    var name = Convert.ToString(PlainValue.Of(property.Value), CultureInfo.InvariantCulture);
                    return string.IsNullOrEmpty(name) ? null : name;
                }
            }

            return null;
        }

        private static object Unwrap(object input) => input is PSObject wrapped ? wrapped.BaseObject : input;

        // A dictionary's entries, or else the object's properties (the note properties of a PSCustomObject).
        private static IEnumerable<KeyValuePair<string, object?>> PropertiesOf(object input)
        {
            if (Unwrap(input) is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    yield return new KeyValuePair<string, object?>(
                        Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, entry.Value);
                }

                yield break;
            }

            foreach (var property in PSObject.AsPSObject(input).Properties)
            {
                yield return new KeyValuePair<string, object?>(property.Name, property.Value);
            }
        }

        private static void Add(DataSourceCreateRequest request, string name, object? value)
        {
            value = PlainValue.Of(value);

            // A CSV cell cannot be null: empty means "not given", as a missing cell does.
            if (value == null || (value is string text && text.Length == 0))
            {
                return;
            }

            var target = TargetOf(name);

            // The server assigns these (null); a row exported from a catalog carries them.
            if (target != null)
            {
                request.Set(target, value);
            }
        }

        // Column name → the field name to set, or null for a server-assigned one. Every row of a CSV
        // repeats the same few names, so each is worked out once; an unknown name is not stored here
        // and goes on to Set, which refuses it for each row that has it.
        private static readonly ConcurrentDictionary<string, string?> TargetByName = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);

        private static string? TargetOf(string name)
        {
            if (TargetByName.TryGetValue(name, out var target))
            {
                return target;
            }

            if (IsServerAssigned(name))
            {
                target = null;
            }
            else if (IsNameKey(name))
            {
                target = "resourceName";
            }
            else if (DataSourceSchema.TryGetField(name, out var field))
            {
                target = field.JsonName;
            }
            else
            {
                return name;
            }

            // Bounded: only names of the schema (in any case) are kept.
            TargetByName.TryAdd(name, target);
            return target;
        }

        private static bool IsNameKey(string name) =>
            string.Equals(name, "Name", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "resourceName", StringComparison.OrdinalIgnoreCase);

        private static bool IsServerAssigned(string name) =>
            string.Equals(name, "Id", StringComparison.OrdinalIgnoreCase)
            || (DataSourceSchema.TryGetField(name, out var field) && field.IsReadOnly);
    }
}
