namespace DataSources.Client;

/// <summary>The filter envelope's <c>pageInfo</c>.</summary>
internal sealed class PageInfo
{
    public PageInfo(long skip, long limit, long totalCount)
    {
        Skip = skip;
        Limit = limit;
        TotalCount = totalCount;
    }

    public long Skip { get; }

    public long Limit { get; }

    public long TotalCount { get; }
}
