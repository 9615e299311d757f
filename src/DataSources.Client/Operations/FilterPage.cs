using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>One page of a filter result.</summary>
internal sealed class FilterPage
{
    internal FilterPage(IReadOnlyList<DataSource> items, long skip, int limit, long totalCount)
    {
        Items = items;
        Skip = skip;
        Limit = limit;
        TotalCount = totalCount;
    }

    /// <summary>The data sources on this page, oldest first.</summary>
    public IReadOnlyList<DataSource> Items { get; }

    /// <summary>How many matches precede this page.</summary>
    public long Skip { get; }

    /// <summary>The page size asked for.</summary>
    public int Limit { get; }

    /// <summary>How many data sources match in all.</summary>
    public long TotalCount { get; }
}
