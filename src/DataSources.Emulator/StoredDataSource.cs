namespace DataSources.Emulator;

/// <summary>A data source in the store: its fixed identity and its current content.</summary>
internal sealed class StoredDataSource(string id, int sequence, string resourceName, string databaseType, DataSourceContent content)
{
    private readonly Lock patchGate = new();
    private DataSourceContent content = content;

    public string Id { get; } = id;

    /// <summary>The creation order: the position in the store's list.</summary>
    public int Sequence { get; } = sequence;

    public string NameKey { get; } = WildcardPattern.Normalize(resourceName);

    public string TypeKey { get; } = WildcardPattern.Normalize(databaseType);

    public DataSourceContent Content => Volatile.Read(ref content);

    /// <summary>Applies a PATCH; concurrent patches of one source are applied one after the other, so none is lost.</summary>
    public DataSourceContent Apply(System.Text.Json.JsonElement patch)
    {
        lock (patchGate)
        {
            DataSourceContent next = content.Patch(patch);
            Volatile.Write(ref content, next);
            return next;
        }
    }
}
