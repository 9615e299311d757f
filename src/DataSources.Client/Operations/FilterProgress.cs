namespace DataSources.Client;

/// <summary>How far a filter listing has come.</summary>
internal sealed class FilterProgress
{
    internal FilterProgress(long read, long totalCount)
    {
        Read = read;
        TotalCount = totalCount;
    }

    /// <summary>How many data sources have been received so far, this page included.</summary>
    public long Read { get; }

    /// <summary>How many data sources match in all, by the server's count (skip and first not applied).</summary>
    public long TotalCount { get; }
}
