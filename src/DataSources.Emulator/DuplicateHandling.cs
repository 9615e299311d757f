namespace DataSources.Emulator;

/// <summary>How a create answers a <c>resourceName</c> or <c>fqdnId</c> that exists or repeats within the request.</summary>
internal enum DuplicateHandling
{
    /// <summary>Ordered insert: the items before the first duplicate are stored, the request is a 400.</summary>
    StoredBefore,

    /// <summary>The request is a 400 and nothing is stored.</summary>
    NoneStored,

    /// <summary>The older answer: 207 with a per-item message list, or 400 with the list when nothing was created.</summary>
    PerItem,
}
