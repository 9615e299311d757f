using System;

namespace DataSources.Client;

/// <summary>
/// Which part of a filter result to read, and how. The setters are where the client checks a
/// listing's skip and page size: a listing is read from them without checking again.
/// </summary>
internal sealed class FilterOptions
{
    /// <summary>The most matches a filter can skip: the API takes skip as a 32-bit integer.</summary>
    internal const int MaxSkip = int.MaxValue;

    private long _skip;
    private long? _first;
    private int? _pageSize;

    /// <summary>How many matching data sources to pass over first: 0 (the default) to <see cref="MaxSkip"/>.</summary>
    public long Skip
    {
        get => _skip;
        set => _skip = CheckSkip(value, nameof(Skip));
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
        set => _pageSize = value == null ? null : DataSourceConnectionSettings.CheckSize(value.Value, nameof(PageSize));
    }

    /// <summary>Called after each page arrives, on the enumerating thread, before its items are yielded.</summary>
    public Action<FilterProgress>? OnPage { get; set; }

    /// <summary>The one check of a skip: 0 to <see cref="MaxSkip"/>.</summary>
    internal static long CheckSkip(long value, string name) =>
        value >= 0 && value <= MaxSkip
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 2,147,483,647.");
}
