namespace DataSources.Client;

/// <summary>One field of the data source object as the API contract defines it.</summary>
public sealed class DataSourceField
{
    internal DataSourceField(string jsonName, FieldKind kind, FieldAccess access)
    {
        JsonName = jsonName;
        Kind = kind;
        CanCreate = (access & FieldAccess.Create) != 0;
        CanPatch = (access & FieldAccess.Patch) != 0;
        IsSecret = (access & FieldAccess.Secret) != 0;
        IsReadOnly = (access & FieldAccess.ReadOnly) != 0;
        IsRequired = (access & FieldAccess.Required) != 0;
    }

    /// <summary>The exact key on the wire, e.g. <c>resourceName</c>, <c>_id</c>, <c>oAuthType</c>.</summary>
    public string JsonName { get; }

    /// <summary>The wire type.</summary>
    public FieldKind Kind { get; }

    /// <summary>Whether a create request may carry the field.</summary>
    public bool CanCreate { get; }

    /// <summary>Whether a PATCH may carry the field (one of the contract's 32 keys).</summary>
    public bool CanPatch { get; }

    /// <summary>Whether the value is a secret: never returned by the server, never logged.</summary>
    public bool IsSecret { get; }

    /// <summary>Whether only the server sets it (<c>_id</c>, <c>pId</c>, <c>userId</c>, <c>date</c>).</summary>
    public bool IsReadOnly { get; }

    /// <summary>Whether a create request must carry it (<c>resourceName</c>, <c>databaseType</c>).</summary>
    public bool IsRequired { get; }

    /// <inheritdoc />
    public override string ToString() => JsonName;
}
