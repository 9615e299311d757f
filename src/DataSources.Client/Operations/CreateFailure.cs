namespace DataSources.Client;

/// <summary>One item of a create call that was not created, and why.</summary>
public sealed class CreateFailure
{
    /// <summary>Creates a failure record.</summary>
    public CreateFailure(int index, string? resourceName, string message, int? statusCode)
    {
        Index = index;
        ResourceName = resourceName;
        Message = message;
        StatusCode = statusCode;
    }

    /// <summary>Creates the record of an item the server refused because a data source with its name (or fqdnId) exists.</summary>
    internal static CreateFailure Duplicate(int index, string? resourceName, string message, int? statusCode, DataSource? existing) =>
        new CreateFailure(index, resourceName, message, statusCode) { IsDuplicate = true, Existing = existing };

    /// <summary>Creates the record of an item whose whole request failed while others of the call were created.</summary>
    public CreateFailure(int index, string? resourceName, DataSourceApiException error)
        : this(index, resourceName, error?.Message ?? string.Empty, error?.StatusCode)
    {
        Error = error;
    }

    /// <summary>
    /// The failure of the request that carried this item, when the request failed as a whole rather
    /// than refusing this item; null for a refusal of the item itself.
    /// </summary>
    public DataSourceApiException? Error { get; }

    /// <summary>Whether the server refused the item as a duplicate: a data source with its name or fqdnId exists.</summary>
    public bool IsDuplicate { get; private set; }

    /// <summary>For a duplicate, the data source that has the name, when it could be found.</summary>
    public DataSource? Existing { get; private set; }

    /// <summary>The item's position in the list given to the create call (0-based).</summary>
    public int Index { get; }

    /// <summary>The item's resource name, when it had one.</summary>
    public string? ResourceName { get; }

    /// <summary>Why it was not created, in the server's words where the server said.</summary>
    public string Message { get; }

    /// <summary>The HTTP status that refused it; null when the client refused it before sending.</summary>
    public int? StatusCode { get; }

    /// <inheritdoc />
    public override string ToString() => $"[{Index}] {ResourceName}: {Message}";
}
