using System;
using System.Collections.Generic;

namespace DataSources.Client
{
    /// <summary>
    /// One data source to create: the JSON fields to send, in the order set. Every field is checked
    /// and converted through <see cref="DataSourceSchema"/>; secret values may be SecureStrings and
    /// become plain text only while the request body is written.
    /// </summary>
    public sealed class DataSourceCreateRequest
    {
        private readonly FieldValues _values = new FieldValues();

        /// <summary>The JSON names of the fields set, in the order set.</summary>
        public IReadOnlyCollection<string> FieldNames => _values.Names;

        /// <summary>The <c>resourceName</c> set, if it is set to text.</summary>
        public string? ResourceName => _values.Get("resourceName") as string;

        internal FieldValues Values => _values;

        /// <summary>
        /// Copies a data source's creatable fields (not the read-only <c>_id</c>, <c>pId</c>,
        /// <c>userId</c>, <c>date</c>, nor patch-only fields), e.g. to copy it to another catalog.
        /// Secrets cannot be copied: the server never returns them.
        /// </summary>
        /// <param name="source">The data source to copy.</param>
        /// <param name="includeAdditionalFields">
        /// Also copy <see cref="DataSource.AdditionalFields"/>, the fields the contract does not know.
        /// Off by default: a server refuses a key it does not know, and fields it adds itself would be refused.
        /// </param>
        public static DataSourceCreateRequest FromDataSource(DataSource source, bool includeAdditionalFields = false)
        {
            if (source == null)
            {
                throw new ArgumentNullException(nameof(source));
            }

            var request = new DataSourceCreateRequest();
            foreach (var accessor in DataSourceAccessors.All)
            {
                if (accessor.Field.CanCreate && !accessor.Field.IsReadOnly)
                {
                    var value = accessor.Get(source);
                    if (value != null)
                    {
                        request.Set(accessor.Field.JsonName, value);
                    }
                }
            }

            if (includeAdditionalFields)
            {
                foreach (var pair in source.AdditionalFields)
                {
                    request._values.SetAdditional(pair.Key, pair.Value);
                }
            }

            return request;
        }

        /// <summary>Sets a field by its JSON name (case-insensitive), replacing any earlier value.</summary>
        /// <exception cref="DataSourceInputException">The field is unknown, cannot be set on create, or the value does not fit.</exception>
        public DataSourceCreateRequest Set(string jsonName, object? value)
        {
            _values.Set(jsonName, value, field => field.CanCreate, "create");
            return this;
        }

        /// <summary>Removes a field; returns whether it was set.</summary>
        public bool Remove(string jsonName) => _values.Remove(jsonName ?? throw new ArgumentNullException(nameof(jsonName)));
    }
}
