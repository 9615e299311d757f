using System;
using System.Collections;
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
        /// <exception cref="ArgumentException">A property is not a creatable field, or its value does not fit.</exception>
        public static DataSourceCreateRequest From(object input)
        {
            var value = input is PSObject wrapped ? wrapped.BaseObject : input;
            if (value is DataSource source)
            {
                return DataSourceCreateRequest.FromDataSource(source);
            }

            var request = new DataSourceCreateRequest();
            if (value is IDictionary dictionary)
            {
                AddEntries(request, dictionary);
                return request;
            }

            foreach (var property in PSObject.AsPSObject(input).Properties)
            {
                Add(request, property.Name, property.Value);
            }

            return request;
        }

        /// <summary>Adds a dictionary's entries (a hashtable row, or New-DataSource -Property) as fields.</summary>
        public static void AddEntries(DataSourceCreateRequest request, IDictionary entries)
        {
            foreach (DictionaryEntry entry in entries)
            {
                Add(request, Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, entry.Value);
            }
        }

        /// <summary>The resource name an input object gives, if any, to name it in an error.</summary>
        public static string? NameOf(object input)
        {
            var value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case DataSource source:
                    return source.ResourceName;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (IsNameKey(entry.Key as string))
                        {
                            return entry.Value?.ToString();
                        }
                    }

                    return null;
                default:
                    foreach (var property in PSObject.AsPSObject(input).Properties)
                    {
                        if (IsNameKey(property.Name))
                        {
                            return property.Value?.ToString();
                        }
                    }

                    return null;
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

            // The server assigns these; a row exported from a catalog carries them.
            if (IsServerAssigned(name))
            {
                return;
            }

            request.Set(IsNameKey(name) ? "resourceName" : name, value);
        }

        private static bool IsNameKey(string? name) =>
            string.Equals(name, "Name", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "resourceName", StringComparison.OrdinalIgnoreCase);

        private static bool IsServerAssigned(string name) =>
            string.Equals(name, "Id", StringComparison.OrdinalIgnoreCase)
            || (DataSourceSchema.TryGetField(name, out var field) && field.IsReadOnly);
    }
}
