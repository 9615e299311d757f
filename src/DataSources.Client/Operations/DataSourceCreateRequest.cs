using System;
using System.Collections.Generic;
using System.Linq;

namespace DataSources.Client;

/// <summary>
/// One data source to create: the JSON fields to send, in the order set. Every field is checked
/// and converted through <see cref="DataSourceSchema"/>; secret values may be SecureStrings and
/// become plain text only while the request body is written. Fields that only a PATCH may carry
/// (<c>incremental</c>, <c>scanSinceTimeframe</c>) are held apart and set right after the create.
/// </summary>
internal sealed class DataSourceCreateRequest
{
    private readonly FieldValues _values = new FieldValues();
    private readonly FieldValues _afterCreate = new FieldValues();

    /// <summary>The JSON names of the fields the create sends, in the order set.</summary>
    public IReadOnlyCollection<string> FieldNames => _values.Names;

    /// <summary>The JSON names of the patch-only fields set right after the create, in the order set.</summary>
    public IReadOnlyCollection<string> AfterCreateFieldNames => _afterCreate.Names;

    /// <summary>The <c>resourceName</c> set, if it is set to text.</summary>
    public string? ResourceName => _values.Get("resourceName") as string;

    internal FieldValues Values => _values;

    internal FieldValues AfterCreate => _afterCreate;

    /// <summary>
    /// Copies a data source's writable fields (not the read-only <c>_id</c>, <c>pId</c>, <c>userId</c>,
    /// <c>date</c>), e.g. to copy it to another catalog; patch-only fields the server returned are set
    /// after the create. Secrets cannot be copied: the server never returns them. Values the server
    /// returned encrypted (<c>AES/GCM/NoPadding|...</c>) are left out, as they are not the credential.
    /// </summary>
    /// <param name="source">The data source to copy.</param>
    /// <param name="leftOutEncrypted">Receives the JSON name of each field left out as encrypted, when given.</param>
    public static DataSourceCreateRequest FromDataSource(DataSource source, ICollection<string>? leftOutEncrypted = null)
    {
        if (source == null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        var request = new DataSourceCreateRequest();
        foreach (var accessor in DataSourceAccessors.All)
        {
            if ((accessor.Field.CanCreate || accessor.Field.CanPatch) && !accessor.Field.IsReadOnly)
            {
                var value = accessor.Get(source);
                if (EncryptedValue.IsCiphertext(value))
                {
                    leftOutEncrypted?.Add(accessor.Field.JsonName);
                }
                else if (value != null)
                {
                    request.Set(accessor.Field.JsonName, value);
                }
            }
        }

        return request;
    }

    /// <summary>
    /// Sets a field by its JSON name (case-insensitive), replacing any earlier value; a patch-only
    /// field is kept for the PATCH that follows the create.
    /// </summary>
    /// <exception cref="DataSourceInputException">The field is unknown, read-only, or the value does not fit.</exception>
    public DataSourceCreateRequest Set(string jsonName, object? value)
    {
        if (jsonName != null && DataSourceSchema.TryGetField(jsonName, out var field) && !field.CanCreate && field.CanPatch)
        {
            _afterCreate.Set(jsonName, value, _ => true, "create");
            return this;
        }

        _values.Set(jsonName!, value, known => known.CanCreate, "create");
        return this;
    }

    // In the schema's order, so the first one missing is the one named; worked out once, not per request.
    private static readonly string[] RequiredFields = DataSourceSchema.Fields.Where(field => field.IsRequired).Select(field => field.JsonName).ToArray();

    /// <summary>
    /// The first required field the request does not carry a value for, or null. The one check:
    /// New-DataSource asks it to refuse a row early, the create operation before it sends a batch.
    /// </summary>
    internal string? MissingRequiredField()
    {
        foreach (var required in RequiredFields)
        {
            if (_values.Get(required) == null)
            {
                return required;
            }
        }

        return null;
    }

    /// <summary>Removes a field; returns whether it was set.</summary>
    public bool Remove(string jsonName)
    {
        if (jsonName == null)
        {
            throw new ArgumentNullException(nameof(jsonName));
        }

        return _values.Remove(jsonName) | _afterCreate.Remove(jsonName);
    }
}
