using System;

namespace DataSources.Client;

/// <summary>Which part of a filter result to read, and how.</summary>
internal sealed class FilterOptions
{
    /// <summary>The most matches a filter can skip: the API takes skip as a 32-bit integer.</summary>
    internal const int MaxSkip = int.MaxValue;

    private long _skip;
    private long? _first;
    private int? _pageSize;

    /// <summary>How many matching data sources to pass over first (default 0).</summary>
    public long Skip
    {
        get => _skip;
        set => _skip = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Skip cannot be negative.");
    }

    /// <summary>The most data sources to return; null for all. The server is never asked for more.</summary>
    public long? First
    {
        get => _first;
        set => _first = value == null || value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "First cannot be negative.");
    }

    /// <summary>Rows per request, 1 to 10,000; null for the connection's <see cref="DataSourceConnectionSettings.PageSize"/>.</summary>
    public int? PageSize
    {
        get => _pageSize;
        set => _pageSize = value == null || (value >= 1 && value <= DataSourceConnectionSettings.MaxPageSize)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "PageSize must be between 1 and 10,000.");
    }

    /// <summary>Called after each page arrives, on the enumerating thread, before its items are yielded.</summary>
    public Action<FilterProgress>? OnPage { get; set; }
}
