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
    /// DataSource objects) into create requests, and Set-DataSource's rows into their fields:
    /// property names map to the schema's fields without regard to case, values convert to the
    /// field's type where the request or patch sets them.
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

            var request = new DataSourceCreateRequest();
            foreach (var field in FieldsOf(input))
            {
                request.Set(field.Key, field.Value);
            }

            return request;
        }

        /// <summary>Adds a dictionary's entries (New-DataSource -Property) as fields.</summary>
        public static void AddEntries(DataSourceCreateRequest request, IDictionary entries)
        {
            foreach (var field in FieldsOf(entries))
            {
                request.Set(field.Key, field.Value);
            }
        }

        /// <summary>
        /// The fields a row gives (a dictionary's entries, or an object's properties): each present,
        /// non-empty value, as plain data, under the field's JSON name. Server-assigned columns (Id,
        /// _id, pId, userId, date) are left out; an unknown name comes through as it is, for the
        /// request or patch it goes to to refuse, naming it. Set-DataSource reads its rows with this too.
        /// </summary>
        public static IEnumerable<KeyValuePair<string, object?>> FieldsOf(object input)
        {
            // Every row's properties are read, not only the columns seen before: a row may carry an
            // unknown column of its own, and that must be reported for that row.
            foreach (var entry in PropertiesOf(input))
            {
                var value = PlainValue.Of(entry.Value);

                // A CSV cell cannot be null: empty means "not given", as a missing cell does.
                if (value == null || (value is string text && text.Length == 0))
                {
                    continue;
                }

                // The server assigns these (null); a row exported from a catalog carries them.
                var target = TargetOf(entry.Key);
                if (target != null)
                {
                    yield return new KeyValuePair<string, object?>(target, value);
                }
            }
        }

        /// <summary>The id a row gives in an Id or _id column (or key), if any.</summary>
        /// <exception cref="DataSourceInputException">It gives both, with different values.</exception>
        public static string? IdOf(object input)
        {
            string? id = null;
            foreach (var property in PropertiesOf(input))
            {
                if (!string.Equals(property.Key, "Id", StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(property.Key, "_id", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var value = Convert.ToString(PlainValue.Of(property.Value), CultureInfo.InvariantCulture);
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }

                if (id != null && id != value)
                {
                    throw new DataSourceInputException($"Its Id and _id differ ('{id}' and '{value}'): give one id.");
                }

                id = value;
            }

            return id;
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
